//! One report, two engines: the collector serving `GET /report(.json|.md)` and the plan
//! guardrails from ClickHouse (chdb through the HTTP shim, `--clickhouse-url`), equal to the
//! same events' report from SQLite (our ingest of the same bodies) field by field, the
//! `report` command printing exactly the HTTP answers, and ClickHouse failures: a 503 with the
//! message from the report, a hold (never an advance) from the guardrails.
//!
//! One test function on purpose: it sets CLICKHOUSE_USER / CLICKHOUSE_PASSWORD for the
//! in-process server, which no other thread of this binary may read concurrently.

mod chdb;
mod clickhouse_support;
mod common;
use clickhouse_support as support;

use std::process::Command;
use std::sync::Arc;

use common::{client, TestServer};
use va_rollout_collector::clickhouse::metrics::ClickHouseMetrics;
use va_rollout_collector::clickhouse::Config;
use va_rollout_collector::plans::format::{parse, Scope};
use va_rollout_collector::plans::guardrails::evaluate_now;
use va_rollout_collector::plans::metrics::{Metrics, SqliteMetrics};
use va_rollout_collector::plans::runner::tick;
use va_rollout_collector::plans::state::{PlanState, Status};
use va_rollout_collector::store::Pool;

use support::{bodies, t0};

const PLAN: &str = "id: p\ntoggles: [{name: t}]\nstages: [{name: A, percentage: 5, min_duration: 1m}, {name: B, percentage: 50, min_duration: 1m}]\ncriteria: [{id: e, metric: errors, aggregation: count, window: 10m, op: '<', threshold: 1000, severity: hold}]\n";

fn window_query() -> String {
    format!("?from={}&to={}", t0(), t0() + 3_600_000)
}

async fn get(url: String) -> (u16, String) {
    let r = client().get(url).send().await.expect("GET");
    (r.status().as_u16(), r.text().await.expect("body"))
}

/// `va-rollout-collector report ...` → (exit code, stdout, stderr).
fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_va-rollout-collector"))
        .arg("report")
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run report");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_report_two_engines() {
    let Some(py) = chdb::python() else { return };
    let shim = chdb::Shim::start(&py, true);
    let (first, resent) = bodies();
    assert_eq!(
        shim.load(&py, &[first.clone(), resent.clone()]),
        "loaded 44 rows"
    );
    std::env::set_var("CLICKHOUSE_USER", chdb::USER);
    std::env::set_var("CLICKHOUSE_PASSWORD", chdb::PASSWORD);
    let srv = TestServer::start(&["--clickhouse-url", &shim.url]).await;
    // The same bodies into the collector's own SQLite store (its ingest deduplicates).
    for b in [&first, &resent] {
        let r = client()
            .post(srv.url("/v1/logs"))
            .header("content-type", "application/json")
            .body(b.clone())
            .send()
            .await
            .expect("ingest");
        assert!(r.status().is_success(), "{}", r.status());
    }
    for _ in 0..200 {
        if srv.event_count().await == 40 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(srv.event_count().await, 40);
    let db = srv.db.to_string_lossy().to_string();
    let (from, to) = (t0().to_string(), (t0() + 3_600_000).to_string());

    // HTTP from ClickHouse == CLI from ClickHouse == CLI from SQLite, in each format.
    for (path, format) in [
        ("/report.json", "json"),
        ("/report", "html"),
        ("/report.md", "markdown"),
    ] {
        let (status, http) = get(srv.url(&format!("{path}{}", window_query()))).await;
        assert_eq!(status, 200, "{path}: {http}");
        let base = ["--format", format, "--from", &from, "--to", &to];
        let (code, ch, err) = cli(&[&base[..], &["--clickhouse-url", &shim.url]].concat());
        assert_eq!((code, err.as_str()), (0, ""), "{format} from ClickHouse");
        assert_eq!(ch, http, "{format}: CLI (ClickHouse) == HTTP (ClickHouse)");
        let (code, lite, err) = cli(&[&base[..], &["--db", &db]].concat());
        assert_eq!((code, err.as_str()), (0, ""), "{format} from SQLite");
        assert_eq!(lite, http, "{format}: SQLite == ClickHouse");
    }
    let (_, json) = get(srv.url(&format!("/report.json{}", window_query()))).await;
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    // 40 distinct events, 2 of them outside the window; the 4 resent copies counted once.
    assert_eq!(v["all"]["events"], 38, "resent copies counted once");
    assert_eq!(v["all"]["errors"], 4);
    assert!(v["errorsOverTime"].as_array().is_some_and(|b| b.len() >= 2));

    // The guardrails read the same values through the same trait, from either engine.
    let w = (t0(), t0() + 3_600_000);
    let ch = ClickHouseMetrics {
        config: Config::new(&shim.url, "default", "otel_logs").expect("config"),
    };
    let lite = SqliteMetrics {
        pool: Arc::new(Pool::new(srv.db.clone())),
    };
    let flag = "mhv_secure_messaging_curated_list_flow";
    for scope in [Scope::All, Scope::New, Scope::Base] {
        assert_eq!(
            ch.window(flag, scope, w.0, w.1),
            lite.window(flag, scope, w.0, w.1),
            "{scope:?}"
        );
        assert_eq!(
            ch.endpoints(flag, scope, w.0, w.1),
            lite.endpoints(flag, scope, w.0, w.1),
            "{scope:?} endpoints"
        );
    }

    // Failures: a wrong table and an unreachable server answer 503 with the message.
    let wrong =
        TestServer::start(&["--clickhouse-url", &shim.url, "--clickhouse-table", "nope"]).await;
    let (status, body) = get(wrong.url("/report.json")).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("`default`.`nope`"), "{body}");
    let down_url = "http://127.0.0.1:9";
    let down = TestServer::start(&["--clickhouse-url", down_url]).await;
    for path in ["/report.json", "/report", "/report.md"] {
        let (status, body) = get(down.url(path)).await;
        assert_eq!(status, 503, "{path}: {body}");
        assert!(body.contains("unreachable"), "{path}: {body}");
    }
    let (code, out, err) = cli(&["--clickhouse-url", down_url]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("unreachable"), "{err}");

    // ... and a plan on an unreachable ClickHouse holds: it never advances on missing data.
    let plan = parse(PLAN).expect("plan");
    let mut state = PlanState::new("h", 0);
    state.status = Status::Running;
    state.stage = Some(0);
    let now = t0() + 3_600_000;
    let dead = ClickHouseMetrics {
        config: Config::new(down_url, "default", "otel_logs").expect("config"),
    };
    let eval = evaluate_now(&plan, &state, &dead, now);
    let e = eval.results.clone().expect_err("an error, not a pass");
    assert!(e.contains("unreachable"), "{e}");
    let step = tick(&plan, &state, "h", now, &eval);
    assert_eq!(
        (step.state.status, step.state.stage),
        (Status::Holding, Some(0))
    );
    // With ClickHouse answering, the same plan at the same time passes and advances.
    let live = evaluate_now(&plan, &state, &ch, now);
    assert!(live.results.is_ok(), "{:?}", live.results);
    let step = tick(&plan, &state, "h", now, &live);
    assert_eq!(step.state.stage, Some(1), "{:?}", step.state);
    for s in [srv, wrong, down] {
        s.stop().await;
    }
}
