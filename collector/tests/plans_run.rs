//! Release plans run by a real collector on 127.0.0.1 with stages of seconds and synthetic OTLP
//! traffic: healthy traffic advances 5 → 25 → 50 %, an approval stage waits for `approve`,
//! injected errors kill within one interval with the reason audited, and the external-Flipper
//! mode drives a second collector's Flipper API over HTTP.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::plans::{
    actions, apply, command, flipper_percentage, post_logs, status, traffic, wait_for,
};
use common::TestServer;

const LEADER: &str = "vaos_leader_toggle";
const FOLLOWER: &str = "vaos_follower_toggle";

fn plan(id: &str) -> String {
    format!(
        "id: {id}
toggles: [{{name: {LEADER}}}, {{name: {FOLLOWER}}}]
lockstep: {{strategy: leader, group: test_group}}
evaluation_interval: 300ms
stages:
  - {{name: A, percentage: 5, min_duration: 1s}}
  - {{name: B, percentage: 25, min_duration: 1s}}
  - {{name: C, percentage: 50, min_duration: 1s}}
  - {{name: D, percentage: 100, min_duration: 1s, requires_approval: true}}
criteria:
  - {{id: sum-of-errors, metric: errors, aggregation: count, window: 10s, op: '<', threshold: 10, severity: kill}}
  - {{id: latency, metric: latency_ms, aggregation: average, window: 10s, op: '<', threshold: 5000, min_samples: 3, severity: hold}}
"
    )
}

/// Healthy new-variant traffic every 100 ms until `stop` (bounded: at most 60 s).
fn healthy(base: String, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        for i in 0..600 {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            post_logs(&base, &traffic(&format!("h{i}"), LEADER, true, 3, 0, 120.0)).await;
            post_logs(
                &base,
                &traffic(&format!("b{i}"), LEADER, false, 3, 0, 100.0),
            )
            .await;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthy_traffic_advances_5_25_50_and_the_approval_stage_waits() {
    let srv = TestServer::start(&["--ingest-rate", "0"]).await;
    let (code, body) = apply(&srv.base, &plan("ramp")).await;
    assert_eq!(code, 201, "{body}");
    assert_eq!(status(&srv.base, "ramp").await["status"], "pending");
    let stop = Arc::new(AtomicBool::new(false));
    let traffic_task = healthy(srv.base.clone(), stop.clone());
    assert_eq!(
        command(&srv.base, "ramp", "start", "pm@va.gov").await.0,
        200
    );
    for pct in [5.0, 25.0, 50.0] {
        let s = wait_for(&srv.base, "ramp", 15, &format!("{pct}%"), |s| {
            s["percentage"] == pct
        })
        .await;
        assert_eq!(
            s["stages"][0]["effective_exposure"]
                .as_f64()
                .map(|e| (e - 5.0).abs() < 1.0),
            Some(true),
            "{s}"
        );
    }
    let waiting = wait_for(&srv.base, "ramp", 15, "approval wait", |s| {
        s["status"] == "waiting for approval"
    })
    .await;
    assert_eq!(waiting["percentage"], 50.0);
    // It keeps waiting: no advance without approve.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let still = status(&srv.base, "ramp").await;
    assert_eq!(
        (still["status"].as_str(), still["percentage"].as_f64()),
        (Some("waiting for approval"), Some(50.0))
    );
    assert!(
        still["next_action"]["waiting_for"]
            .as_str()
            .unwrap_or("")
            .contains("requires approval"),
        "{still}"
    );
    let (code, _) = command(&srv.base, "ramp", "approve", "owner@va.gov").await;
    assert_eq!(code, 200);
    let done = wait_for(&srv.base, "ramp", 15, "completion", |s| {
        s["status"] == "completed"
    })
    .await;
    stop.store(true, Ordering::Relaxed);
    traffic_task.await.expect("traffic");
    assert_eq!(
        flipper_percentage(&srv.base, LEADER).await.as_deref(),
        Some("100")
    );
    let a = actions(&done);
    let sets = a.iter().filter(|x| *x == "set_percentage").count();
    assert_eq!(sets, 4, "one write per stage, none repeated: {a:?}");
    let audit = done["audit"].as_array().cloned().unwrap_or_default();
    let pcts: Vec<f64> = audit
        .iter()
        .filter(|e| e["action"] == "set_percentage")
        .filter_map(|e| e["percentage"].as_f64())
        .collect();
    assert_eq!(pcts, [5.0, 25.0, 50.0, 100.0]);
    for e in audit.iter().filter(|e| e["action"] == "set_percentage") {
        let answers = e["flipper"].as_array().cloned().unwrap_or_default();
        assert_eq!(answers.len(), 2, "follower enabled, then the leader: {e}");
        assert!(answers.iter().all(|a| a["status"] == 200), "{e}");
        assert!(
            answers[1]["request"]
                .as_str()
                .is_some_and(|r| r.ends_with(&format!("/features/{LEADER}/percentage_of_actors"))),
            "{e}"
        );
    }
    assert!(
        a.contains(&"waiting_for_approval".to_string()) && a.contains(&"approved".to_string()),
        "{a:?}"
    );
    let approved = done["audit"]
        .as_array()
        .and_then(|v| v.iter().find(|e| e["action"] == "approved"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(approved["actor"], "owner@va.gov");
    // The plan page and the Results blocks follow the plan.
    let page = common::client()
        .get(srv.url("/plans/ramp/page"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("<svg") && page.contains("<polyline") && page.contains("set_percentage"),
        "page"
    );
    assert!(
        !page.contains("<script") && !page.contains("http-equiv"),
        "self-contained"
    );
    let md = common::client()
        .get(srv.url("/plans/ramp/results.md"))
        .send()
        .await
        .expect("md")
        .text()
        .await
        .expect("text");
    for stage in [
        "**Stage A: 5% of users**",
        "**Stage B: 25% of users**",
        "**Stage C: 50% of users**",
    ] {
        assert!(md.contains(stage), "{stage} in {md}");
    }
    assert!(
        md.contains("-Number of unique users: ") && md.contains("vaos.appointments:"),
        "{md}"
    );
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_errors_kill_within_one_interval_and_the_audit_says_why() {
    let srv = TestServer::start(&["--ingest-rate", "0"]).await;
    let yaml = plan("errs")
        .replace(
            "min_duration: 1s}}\n  - {{name: B",
            "min_duration: 1h}}\n  - {{name: B",
        )
        .replace(
            "{name: A, percentage: 5, min_duration: 1s}",
            "{name: A, percentage: 5, min_duration: 1h}",
        );
    assert_eq!(apply(&srv.base, &yaml).await.0, 201);
    assert_eq!(command(&srv.base, "errs", "start", "pm").await.0, 200);
    post_logs(&srv.base, &traffic("ok", LEADER, true, 5, 0, 100.0)).await;
    wait_for(&srv.base, "errs", 10, "a passing evaluation", |s| {
        s["verdict"] == "pass"
    })
    .await;
    // 12 errors on the new variant: over the threshold of 10.
    let (injected, injected_ms) = (Instant::now(), common::now_ms());
    post_logs(&srv.base, &traffic("bad", LEADER, true, 0, 12, 0.0)).await;
    // The state says `killed` once the action is decided and stored; the audit entry follows
    // when the Flipper writes are done: wait for both.
    let killed = wait_for(&srv.base, "errs", 10, "the kill, audited", |s| {
        s["status"] == "killed"
            && s["audit"]
                .as_array()
                .is_some_and(|v| v.iter().any(|e| e["action"] == "kill"))
    })
    .await;
    let took = injected.elapsed();
    assert!(took < Duration::from_secs(2), "{took:?}");
    // Within one interval: the first evaluation after the errors arrived is the one that killed.
    let conn = rusqlite::Connection::open(&srv.db).expect("db");
    let after: Vec<String> = conn
        .prepare("SELECT results_json FROM plan_evals WHERE plan_id = 'errs' AND time_ms >= ?1 ORDER BY id")
        .expect("sql")
        .query_map([injected_ms], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("evals");
    assert_eq!(after.len(), 1, "one evaluation, then the kill: {after:?}");
    assert!(after[0].contains("\"fail\""), "{after:?}");
    let kill = killed["audit"]
        .as_array()
        .and_then(|v| v.iter().find(|e| e["action"] == "kill"))
        .cloned()
        .expect("kill audited");
    let why = kill["reason"].as_str().unwrap_or("");
    assert!(
        why.contains("criterion sum-of-errors") && why.contains("12.0000 < 10.0000"),
        "{why}"
    );
    assert_eq!(kill["actor"], "runner");
    assert_eq!(
        kill["flipper"].as_array().map(Vec::len),
        Some(2),
        "both toggles disabled: {kill}"
    );
    assert!(
        kill["criteria"].as_array().is_some_and(|c| c
            .iter()
            .any(|r| r["id"] == "sum-of-errors" && r["verdict"] == "fail")),
        "{kill}"
    );
    assert_eq!(
        flipper_percentage(&srv.base, LEADER).await,
        None,
        "disabled: every gate cleared"
    );
    assert_eq!(
        command(&srv.base, "errs", "advance", "pm").await.0,
        409,
        "a killed plan does not advance"
    );
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn external_flipper_mode_drives_another_collectors_flipper_api() {
    let flipper = TestServer::start(&[]).await;
    let url = flipper.url("/flipper/api");
    let runner = TestServer::start(&[
        "--plan-flipper-url",
        &url,
        "--plan-flipper-token",
        common::TOKEN,
    ])
    .await;
    assert_eq!(apply(&runner.base, &plan("ext")).await.0, 201);
    assert_eq!(command(&runner.base, "ext", "start", "pm").await.0, 200);
    wait_for(&runner.base, "ext", 10, "stage A", |s| {
        s["audit"]
            .as_array()
            .is_some_and(|a| a.iter().any(|e| e["action"] == "set_percentage"))
    })
    .await;
    assert_eq!(
        flipper_percentage(&flipper.base, LEADER).await.as_deref(),
        Some("5")
    );
    assert_eq!(
        flipper_percentage(&runner.base, LEADER).await,
        None,
        "the runner's own store is untouched"
    );
    assert_eq!(command(&runner.base, "ext", "kill", "oncall").await.0, 200);
    assert_eq!(flipper_percentage(&flipper.base, LEADER).await, None);
    // A wrong credential: the write fails, stays pending, and the audit says so.
    let bad =
        TestServer::start(&["--plan-flipper-url", &url, "--plan-flipper-token", "wrong"]).await;
    assert_eq!(apply(&bad.base, &plan("bad")).await.0, 201);
    command(&bad.base, "bad", "start", "pm").await;
    let s = wait_for(&bad.base, "bad", 10, "the failure audited", |s| {
        actions(s).contains(&"set_percentage_failed".to_string())
    })
    .await;
    assert!(s["pending_actions"].as_u64() >= Some(1), "{s}");
    let fail = s["audit"]
        .as_array()
        .and_then(|v| v.iter().find(|e| e["action"] == "set_percentage_failed"))
        .cloned()
        .unwrap_or_default();
    assert!(
        fail["reason"].as_str().unwrap_or("").contains("401"),
        "{fail}"
    );
    for s in [bad, runner, flipper] {
        s.stop().await;
    }
}

#[tokio::test]
async fn bad_plans_are_refused_with_every_problem_and_commands_need_the_token() {
    let srv = TestServer::start(&[]).await;
    let (code, body) = apply(
        &srv.base,
        &plan("x")
            .replace("percentage: 25", "percentage: 2")
            .replace("metric: latency_ms", "metric: vibes"),
    )
    .await;
    assert_eq!(code, 422, "{body}");
    assert!(
        body["problems"][0]["path"] == "criteria[1].metric",
        "{body}"
    );
    let (code, body) = apply(
        &srv.base,
        &plan("x").replace("percentage: 25", "percentage: 2"),
    )
    .await;
    assert_eq!(code, 422);
    assert_eq!(
        body["problems"][0]["path"], "stages[1].percentage",
        "{body}"
    );
    let r = common::client()
        .post(srv.url("/plans"))
        .body(plan("y"))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(apply(&srv.base, &plan("y")).await.0, 201);
    let r = common::client()
        .post(srv.url("/plans/y/start"))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(command(&srv.base, "nope", "start", "x").await.0, 404);
    assert_eq!(command(&srv.base, "y", "approve", "x").await.0, 409);
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_plans_run_on_a_collector_without_traffic() {
    let srv = TestServer::start(&[]).await;
    for (file, id) in [
        ("vaos-service-integration.yaml", "vaos-service-integration"),
        ("sm-new-message-flow.yaml", "sm-new-message-flow"),
    ] {
        let yaml =
            std::fs::read_to_string(format!("{}/../plans/{file}", env!("CARGO_MANIFEST_DIR")))
                .expect("seed");
        assert_eq!(apply(&srv.base, &yaml).await.0, 201, "{file}");
        assert_eq!(command(&srv.base, id, "start", "pm").await.0, 200);
        let s = wait_for(&srv.base, id, 10, "one evaluation", |s| {
            s["criteria"]
                .as_array()
                .is_some_and(|c| c.iter().all(|c| !c["verdict"].is_null()))
        })
        .await;
        assert_eq!(s["status"], "running", "{s}");
        assert_eq!(s["stage_index"], 0);
        // No traffic: nothing fails, nothing advances.
        assert!(
            s["criteria"]
                .as_array()
                .is_some_and(|c| c.iter().all(|c| c["verdict"] != "fail")),
            "{s}"
        );
        let md = common::client()
            .get(srv.url(&format!("/plans/{id}/results.md")))
            .send()
            .await
            .expect("md");
        assert_eq!(md.status().as_u16(), 200);
        let (code, body) = command(&srv.base, id, "approve", "pm").await;
        assert_eq!(code, 409, "the next stage needs no approval: {body}");
    }
    srv.stop().await;
}
