//! Test helpers: an in-process collector on 127.0.0.1:0 with a real SQLite file, and OTLP builders.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::sync::oneshot;
use va_rollout_collector::config::Options;
use va_rollout_collector::server;

pub mod plans;

pub const TOKEN: &str = "test-admin-token";

/// The built binary as a child process on 127.0.0.1:0 (admin token `TOKEN`, no ingest limit).
pub struct Proc {
    pub child: std::process::Child,
    pub base: String,
}

impl Proc {
    pub fn spawn(db: &std::path::Path, extra: &[&str]) -> Proc {
        use std::io::BufRead;
        use std::process::{Command, Stdio};
        let mut child = Command::new(env!("CARGO_BIN_EXE_va-rollout-collector"))
            .args(["--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            .args(["--admin-token", TOKEN, "--ingest-rate", "0"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn collector");
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = std::io::BufReader::new(stdout);
        let mut line = String::new();
        reader.read_line(&mut line).expect("read banner");
        // Keep draining stdout so the child never writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        let base = line.trim().rsplit(' ').next().expect("url").to_string();
        assert!(base.starts_with("http://127.0.0.1:"), "banner: {line}");
        Proc { child, base }
    }

    /// SIGKILL (std's `kill` on Unix) and reap.
    pub fn kill9(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reap");
    }
}

pub struct TestServer {
    pub base: String,
    pub addr: SocketAddr,
    pub dir: TempDir,
    pub db: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    /// Starts a collector with `--admin-token TOKEN` plus `extra` options.
    pub async fn start(extra: &[&str]) -> TestServer {
        let dir = tempfile::tempdir().expect("tempdir");
        Self::start_in(dir, extra).await
    }

    pub async fn start_in(dir: TempDir, extra: &[&str]) -> TestServer {
        let db = dir.path().join("collector.db");
        let db_s = db.to_string_lossy().to_string();
        let mut args = vec![
            "va-rollout-collector",
            "--addr",
            "127.0.0.1:0",
            "--db",
            &db_s,
            "--admin-token",
            TOKEN,
        ];
        args.extend_from_slice(extra);
        let opts = Options::try_parse_from(args).expect("options");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            server::serve(opts, listener, async move {
                let _ = stopped.await;
            })
            .await
            .expect("server ran");
        });
        let s = TestServer {
            base: format!("http://{addr}"),
            addr,
            dir,
            db,
            stop: Some(stop),
            task: Some(task),
        };
        s.wait_ready().await;
        s
    }

    async fn wait_ready(&self) {
        for _ in 0..200 {
            if reqwest::get(format!("{}/healthz", self.base))
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("collector did not become ready");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Graceful stop (as on SIGTERM): waits until the ingest queue is drained.
    pub async fn stop(mut self) -> TempDir {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            t.await.expect("server task");
        }
        let dir = tempfile::tempdir().expect("tempdir");
        std::mem::replace(&mut self.dir, dir)
    }

    pub async fn event_count(&self) -> i64 {
        let v: Value = reqwest::get(self.url("/healthz"))
            .await
            .expect("health")
            .json()
            .await
            .expect("json");
        v["events"].as_i64().expect("events")
    }
}

pub fn attr(k: &str, v: Value) -> Value {
    json!({ "key": k, "value": v })
}

pub fn s(v: &str) -> Value {
    json!({ "stringValue": v })
}

/// One SDK-shaped log record.
pub fn record(id: &str, time_ms: i64, event_name: &str, body: &str, attrs: Vec<Value>) -> Value {
    let mut all = vec![
        attr("va_rollout.event.id", s(id)),
        attr("event.name", s(event_name)),
    ];
    all.extend(attrs);
    json!({
        "timeUnixNano": (time_ms as i128 * 1_000_000).to_string(),
        "observedTimeUnixNano": (time_ms as i128 * 1_000_000).to_string(),
        "severityNumber": 9, "severityText": "INFO",
        "eventName": event_name,
        "body": s(body),
        "attributes": all,
    })
}

pub fn request(records: Vec<Value>) -> Value {
    json!({ "resourceLogs": [{
        "resource": { "attributes": [attr("service.name", s("va.gov-test")), attr("telemetry.sdk.name", s("va-rollout"))] },
        "scopeLogs": [{ "scope": { "name": "va-rollout", "version": "0.1.0" }, "logRecords": records }]
    }]})
}

/// A batch of `n` click records with ids `{prefix}-{i}`.
pub fn click_batch(prefix: &str, n: usize, time_ms: i64) -> Value {
    request(
        (0..n)
            .map(|i| {
                record(
                    &format!("{prefix}-{i}"),
                    time_ms,
                    "va_rollout.click",
                    "click",
                    vec![
                        attr("session.id", s(prefix)),
                        attr("va_rollout.action.name", s("Care System Radio button")),
                    ],
                )
            })
            .collect(),
    )
}

pub fn now_ms() -> i64 {
    va_rollout_collector::util::now_ms()
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().build().expect("client")
}

/// GET `url` and parse the JSON body.
pub async fn get_json(url: String) -> Value {
    client()
        .get(url)
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("JSON body")
}

/// The report JSON over every event of the SQLite store at `db` (all time, no stage).
pub fn report_json(db: &std::path::Path) -> String {
    use va_rollout_collector::plans::metrics::{Metrics, SqliteMetrics};
    let m = SqliteMetrics {
        pool: std::sync::Arc::new(va_rollout_collector::store::Pool::new(db.to_path_buf())),
    };
    let w = va_rollout_collector::report::model::Window {
        from_ms: 0,
        to_ms: i64::MAX / 1_000_000,
        stage: None,
    };
    serde_json::to_string(&m.report(w).expect("report")).expect("json")
}
