//! `plan` takes the report's engine options: `plan check --db FILE` and `plan check
//! --clickhouse-url URL` (chdb through the HTTP shim) evaluate a stage's guardrails on the same
//! events with the same printed values; and on ClickHouse failures — unreachable, a wrong
//! table, a query error, a slow answer — the guardrails hold (never advance) with a clear
//! error, as the `report` command fails with that error. The query error and the slow answer
//! are the engine's own: views over `otel_logs` that raise (`throwIf`, code 395) or sleep per
//! row (`sleepEachRow`), which pass the table check (they have the exporter's columns).

mod chdb;
mod clickhouse_support;
use clickhouse_support as support;

use std::process::Command;
use std::time::{Duration, Instant};

use va_rollout_collector::clickhouse::Client;

const FLAG: &str = "mhv_secure_messaging_curated_list_flow";

fn plan() -> String {
    format!(
        "id: p\ntoggles: [{{name: {FLAG}}}]\n\
         stages: [{{name: A, percentage: 5, min_duration: 1m}}, {{name: B, percentage: 50, min_duration: 1m}}]\n\
         criteria:\n\
         - {{id: errors, metric: errors, aggregation: count, window: 1h, scope: all, op: '<', threshold: 1000, severity: hold}}\n\
         - {{id: p95, metric: latency_ms, aggregation: p95, window: 1h, scope: all, op: '<', threshold: 60000, min_samples: 1, severity: rollback}}\n\
         - {{id: new-rate, metric: errors, aggregation: rate, window: 1h, versus_base: {{max_increase: 1.0}}, severity: warn}}\n"
    )
}

/// `va-rollout-collector <args>` with the shim's credentials → (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_va-rollout-collector"))
        .args(args)
        .env("CLICKHOUSE_USER", chdb::USER)
        .env("CLICKHOUSE_PASSWORD", chdb::PASSWORD)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run the collector");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn cat<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<&'a str> {
    [a, b].concat()
}

/// A plan check that must hold: exit 1, the engine's message on stdout and stderr, the plan
/// held at its stage A, nothing about B.
fn assert_holds(args: &[&str], message: &str) {
    let (code, out, err) = run(args);
    assert_eq!(code, 1, "{args:?}: {out}{err}");
    assert!(
        out.contains("guardrails: metrics unavailable: ") && out.contains(message),
        "{args:?}: {out}"
    );
    assert!(
        out.contains("holding at A (5%) — metrics unavailable"),
        "{args:?}: {out}"
    );
    assert!(
        !out.contains("B (50%)"),
        "{args:?}: never an advance: {out}"
    );
    assert!(!out.contains("would set stage"), "{args:?}: {out}");
    assert!(err.contains(message), "{args:?}: {err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_check_on_both_engines_and_holds_on_every_clickhouse_failure() {
    let Some(py) = chdb::python() else { return };
    let shim = chdb::Shim::start(&py, true);
    let (first, resent) = support::bodies();
    let bodies = [first, resent];
    assert_eq!(shim.load(&py, &bodies), "loaded 44 rows");
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("events.db");
    drop(support::sqlite_store(&db, &bodies));
    let plan_file = dir.path().join("plan.yaml");
    std::fs::write(&plan_file, plan()).expect("plan file");
    let (plan_file, db) = (plan_file.to_string_lossy(), db.to_string_lossy());
    // The window's last millisecond: the criteria's 1-hour windows, clipped to the stage's
    // start at t0, are the 38 events of [t0, t0 + 1 h).
    let (since, at) = (
        support::t0().to_string(),
        (support::t0() + 3_600_000 - 1).to_string(),
    );
    let check = ["plan", "check", &plan_file, "--at", &at];

    // The same evaluation from either engine, byte for byte; the plan would advance to B.
    let (code, lite, err) = run(&cat(&check, &["--db", &db, "--since", &since]));
    assert_eq!((code, err.as_str()), (0, ""), "{lite}");
    let (code, ch, err) = run(&cat(
        &check,
        &["--clickhouse-url", &shim.url, "--since", &since],
    ));
    assert_eq!((code, err.as_str()), (0, ""), "{ch}");
    assert_eq!(ch, lite, "plan check: ClickHouse == SQLite");
    for want in [
        "  errors                 4.0000 < 1000.0000 — pass (38 samples)",
        "  p95                    ",
        "  new-rate               ",
        "running at B (50%)",
        "would set stage:",
    ] {
        assert!(lite.contains(want), "{want:?} in {lite}");
    }
    // A stage by name, a stage start: the windows are clipped to it (fewer errors).
    let late = (support::t0() + 3_000_000).to_string();
    let (_, lite, _) = run(&cat(
        &check,
        &["--db", &db, "--stage", "B", "--since", &late],
    ));
    let (_, ch, _) = run(&cat(
        &check,
        &[
            "--clickhouse-url",
            &shim.url,
            "--stage",
            "B",
            "--since",
            &late,
        ],
    ));
    assert_eq!(ch, lite, "stage B since {late}");
    assert!(lite.contains("plan p: stage B (50%) since"), "{lite}");

    // Failures hold the plan, never advance it.
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let down = format!("http://127.0.0.1:{free}");
    assert_holds(&cat(&check, &["--clickhouse-url", &down]), "is unreachable");
    assert_holds(
        &cat(
            &check,
            &["--clickhouse-url", &shim.url, "--clickhouse-table", "nope"],
        ),
        "`default`.`nope` is not an otel_logs table",
    );
    let admin = Client::new(shim.config(Duration::from_secs(20))).expect("client");
    for view in [
        "CREATE VIEW failing_logs AS SELECT * FROM `default`.`otel_logs` \
         WHERE throwIf(EventName = 'va_rollout.error', 'injected failure') = 0",
        "CREATE VIEW slow_logs AS SELECT * FROM `default`.`otel_logs` WHERE sleepEachRow(0.05) = 0",
    ] {
        admin.query(view).await.expect("create view");
    }
    let failing = [
        "--clickhouse-url",
        &shim.url,
        "--clickhouse-table",
        "failing_logs",
    ];
    assert_holds(&cat(&check, &failing), "query failed (code 395)");
    let (code, out, err) = run(&cat(&["report", "--format", "markdown"], &failing));
    assert_eq!((code, out.as_str()), (1, ""), "report on a query error");
    assert!(
        err.contains("query failed (code 395)") && err.contains("injected failure"),
        "{err}"
    );

    // Last: the shim keeps sleeping through the queries the client gave up on.
    let slow = [
        "--clickhouse-url",
        &shim.url,
        "--clickhouse-table",
        "slow_logs",
        "--clickhouse-timeout-ms",
        "400",
    ];
    let started = Instant::now();
    assert_holds(&cat(&check, &slow), "did not answer within 400 ms");
    let (code, out, err) = run(&cat(&["report"], &slow));
    assert_eq!((code, out.as_str()), (1, ""), "report on a slow answer");
    assert!(err.contains("did not answer within 400 ms"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
}
