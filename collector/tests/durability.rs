//! The built binary as a child process: kill -9 and restart loses no acknowledged event;
//! SIGTERM drains; a non-loopback address without a token is refused.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{click_batch, client, get_json, now_ms, Proc};

const BIN: &str = env!("CARGO_BIN_EXE_va-rollout-collector");

fn spawn(db: &Path) -> Proc {
    Proc::spawn(db, &[])
}

fn stored(db: &Path, prefix: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(
        "SELECT COUNT(*) FROM events WHERE event_id LIKE ?1",
        [format!("{prefix}-%")],
        |r| r.get(0),
    )
    .expect("count")
}

/// Sends batches of 50 from `clients` tasks until `stop`; returns the acknowledged batch prefixes.
async fn send_until(base: String, clients: usize, stop: Arc<AtomicBool>) -> Vec<String> {
    let acked = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (base, stop, acked) = (base.clone(), stop.clone(), acked.clone());
        tasks.push(tokio::spawn(async move {
            let http = client();
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let prefix = format!("k{c}x{i}");
                i += 1;
                let body = click_batch(&prefix, 50, now_ms()).to_string();
                let r = http
                    .post(format!("{base}/v1/logs"))
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status().is_success() => acked.lock().expect("lock").push(prefix),
                    Ok(_) => {}
                    Err(_) => tokio::time::sleep(Duration::from_millis(5)).await,
                }
            }
        }));
    }
    for t in tasks {
        t.await.expect("join");
    }
    let out = acked.lock().expect("lock").clone();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_and_restart_loses_no_acknowledged_event() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("c.db");
    let mut p = spawn(&db);
    let stop = Arc::new(AtomicBool::new(false));
    let sender = tokio::spawn(send_until(p.base.clone(), 4, stop.clone()));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    p.child.kill().expect("SIGKILL"); // std's kill() is SIGKILL on Unix
    p.child.wait().expect("reap");
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    let acked = sender.await.expect("sender");
    assert!(
        acked.len() > 10,
        "sent enough before the kill: {}",
        acked.len()
    );

    let mut p2 = spawn(&db);
    for prefix in &acked {
        assert_eq!(
            stored(&db, prefix),
            50,
            "acknowledged batch {prefix} fully stored"
        );
    }
    let total: i64 = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
        .expect("count");
    assert_eq!(total % 50, 0, "batches are atomic");
    println!(
        "kill -9: {} acknowledged batches, {} events stored after restart",
        acked.len(),
        total
    );
    // The restarted collector serves and counts what it has.
    let health: serde_json::Value = get_json(format!("{}/healthz", p2.base)).await;
    assert_eq!(health["events"].as_i64(), Some(total));
    p2.child.kill().expect("kill");
    p2.child.wait().expect("reap");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_accepted_batches_and_exits_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("c.db");
    let mut p = spawn(&db);
    let stop = Arc::new(AtomicBool::new(false));
    let sender = tokio::spawn(send_until(p.base.clone(), 4, stop.clone()));
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let status = Command::new("kill")
        .args(["-TERM", &p.child.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(status.success());
    let exit = p.child.wait().expect("wait");
    stop.store(true, Ordering::Relaxed);
    let acked = sender.await.expect("sender");
    assert!(exit.success(), "clean exit: {exit:?}");
    for prefix in &acked {
        assert_eq!(
            stored(&db, prefix),
            50,
            "acknowledged batch {prefix} stored"
        );
    }
}

#[test]
fn non_loopback_without_token_is_refused_with_exit_2() {
    let out = Command::new(BIN)
        .args([
            "--addr",
            "0.0.0.0:0",
            "--db",
            "/nonexistent/never-created.db",
        ])
        .env_remove("VA_ROLLOUT_ADMIN_TOKEN")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("non-loopback") && err.contains("admin token"),
        "{err}"
    );
}
