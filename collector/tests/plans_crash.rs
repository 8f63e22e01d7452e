//! A collector killed with SIGKILL mid-plan resumes the same stage with no action repeated, and
//! an action decided but not carried out before the crash is carried out once after restart.

mod common;

use std::time::Duration;

use common::plans::{actions, apply, command, flipper_percentage, status, wait_for};
use common::Proc;

const PLAN: &str = "id: crash
toggles: [{name: crash_leader}, {name: crash_follower}]
evaluation_interval: 300ms
stages:
  - {name: A, percentage: 5, min_duration: 1s}
  - {name: B, percentage: 25, min_duration: 1h}
  - {name: C, percentage: 50, min_duration: 1h}
criteria:
  - {id: sum-of-errors, metric: errors, aggregation: count, window: 10s, op: '<', threshold: 10, severity: kill}
";

fn count(list: &[String], what: &str) -> usize {
    list.iter().filter(|a| *a == what).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_plan_resumes_the_same_stage_with_no_action_repeated() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("c.db");
    let p = Proc::spawn(&db, &[]);
    assert_eq!(apply(&p.base, PLAN).await.0, 201);
    assert_eq!(command(&p.base, "crash", "start", "pm").await.0, 200);
    let at_b = wait_for(&p.base, "crash", 15, "stage B", |s| s["stage"] == "B").await;
    // Let it evaluate B a few times, then kill it without warning.
    tokio::time::sleep(Duration::from_millis(700)).await;
    p.kill9();

    let p2 = Proc::spawn(&db, &[]);
    let resumed = status(&p2.base, "crash").await;
    assert_eq!(
        (resumed["status"].as_str(), resumed["stage"].as_str()),
        (Some("running"), Some("B"))
    );
    assert_eq!(
        resumed["stage_since_ms"], at_b["stage_since_ms"],
        "the stage clock is not restarted"
    );
    // Evaluations resume (after the dead process's lock, if it held one, expires).
    let before = resumed["audit"].as_array().map_or(0, Vec::len);
    let conn = rusqlite::Connection::open(&db).expect("db");
    let evals = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT COUNT(*) FROM plan_evals", [], |r| r.get(0))
            .expect("count")
    };
    let n0 = evals(&conn);
    for _ in 0..200 {
        if evals(&conn) > n0 + 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        evals(&conn) > n0 + 2,
        "the restarted collector evaluates the plan"
    );
    let after = status(&p2.base, "crash").await;
    let a = actions(&after);
    assert_eq!(after["stage"], "B");
    assert_eq!(a.len(), before, "no new action: {a:?}");
    assert_eq!(
        (count(&a, "set_percentage"), count(&a, "kill")),
        (2, 0),
        "{a:?}"
    );
    assert_eq!(
        flipper_percentage(&p2.base, "crash_leader")
            .await
            .as_deref(),
        Some("25")
    );
    p2.kill9();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_action_decided_before_the_crash_is_carried_out_once_after_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("c.db");
    let p = Proc::spawn(&db, &[]);
    assert_eq!(
        apply(
            &p.base,
            &PLAN.replace("min_duration: 1s", "min_duration: 1h")
        )
        .await
        .0,
        201
    );
    assert_eq!(command(&p.base, "crash", "start", "pm").await.0, 200);
    wait_for(&p.base, "crash", 10, "stage A", |s| s["stage"] == "A").await;
    p.kill9();
    // As if the collector died after storing its decision to enter B but before writing Flipper.
    let conn = rusqlite::Connection::open(&db).expect("db");
    let state: String = conn
        .query_row(
            "SELECT state_json FROM plan_state WHERE plan_id = 'crash'",
            [],
            |r| r.get(0),
        )
        .expect("state");
    let mut state: serde_json::Value = serde_json::from_str(&state).expect("json");
    state["stage"] = 1.into();
    state["percentage"] = 25.0.into();
    let pending = serde_json::json!([{ "by": "runner", "action": { "kind": { "type": "set_stage", "stage": 1, "percentage": 25.0 }, "why": "advance from A (5%) to B (25%)", "notify": false } }]);
    conn.execute(
        "UPDATE plan_state SET state_json = ?1, pending_json = ?2 WHERE plan_id = 'crash'",
        [state.to_string(), pending.to_string()],
    )
    .expect("update");

    let p2 = Proc::spawn(&db, &[]);
    let done = wait_for(
        &p2.base,
        "crash",
        15,
        "the pending action carried out",
        |s| s["pending_actions"] == 0,
    )
    .await;
    assert_eq!(
        flipper_percentage(&p2.base, "crash_leader")
            .await
            .as_deref(),
        Some("25")
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let a = actions(&status(&p2.base, "crash").await);
    assert_eq!(count(&a, "set_percentage"), 2, "A, then B once: {a:?}");
    assert_eq!(done["stage"], "B");
    p2.kill9();
}
