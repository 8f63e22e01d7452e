//! Starts ClickHouse's HTTP interface over the real engine (tests/clickhouse/chdb_http_shim.py
//! run by the chdb virtual environment's python, see scripts/setup-chdb.sh) for one test.
//! Without the environment the test is skipped with a message, unless CI is set: then a
//! missing environment fails the test.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub const USER: &str = "tester";
pub const PASSWORD: &str = "s3cret";

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The venv's python, or None (test skipped) when it is absent and CI is not set.
pub fn python() -> Option<PathBuf> {
    let venv = std::env::var_os("VA_ROLLOUT_CHDB_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join(".venv-chdb"));
    let py = venv.join("bin/python");
    if py.exists() {
        return Some(py);
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "CI is set but the chdb environment {} is missing: run scripts/setup-chdb.sh",
        venv.display()
    );
    eprintln!(
        "SKIPPED: no chdb environment at {} (run scripts/setup-chdb.sh)",
        venv.display()
    );
    None
}

/// A running shim; stopped (killed and reaped) on drop, and by itself after its idle timeout.
pub struct Shim {
    pub url: String,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Shim {
    /// Starts the shim with the otel_logs DDL applied (`with_table`), or an empty engine.
    pub fn start(py: &PathBuf, with_table: bool) -> Shim {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut cmd = Command::new(py);
        cmd.arg(repo_root().join("tests/clickhouse/chdb_http_shim.py"))
            .args([
                "--user",
                USER,
                "--password",
                PASSWORD,
                "--idle-timeout",
                "60",
            ])
            .arg("--path")
            .arg(dir.path().join("chdb"));
        if with_table {
            cmd.arg("--init-sql")
                .arg(repo_root().join("deploy/clickhouse/otel_logs.sql"));
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the shim");
        let out = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(out)
            .read_line(&mut line)
            .expect("read LISTENING");
        let url = line
            .trim()
            .strip_prefix("LISTENING ")
            .unwrap_or_else(|| panic!("shim did not start: {line:?}"))
            .to_string();
        Shim {
            url,
            child,
            _dir: dir,
        }
    }

    /// Loads OTLP/HTTP JSON bodies through tests/clickhouse/load_otlp.py (the exporter's mapping).
    pub fn load(&self, py: &PathBuf, bodies: &[String]) -> String {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("bodies.ndjson");
        std::fs::write(&file, bodies.join("\n")).expect("write bodies");
        let out = Command::new(py)
            .arg(repo_root().join("tests/clickhouse/load_otlp.py"))
            .args(["--url", &self.url])
            .arg(&file)
            .env("CLICKHOUSE_USER", USER)
            .env("CLICKHOUSE_PASSWORD", PASSWORD)
            .output()
            .expect("run load_otlp.py");
        assert!(
            out.status.success(),
            "load_otlp.py failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Shim {
    /// The client configuration of the shim's `default`.`otel_logs`, with its credentials.
    pub fn config(&self, timeout: std::time::Duration) -> va_rollout_collector::clickhouse::Config {
        let mut c = va_rollout_collector::clickhouse::Config::with_credentials(
            &self.url,
            "default",
            "otel_logs",
            Some(USER.into()),
            Some(PASSWORD.into()),
        )
        .expect("config");
        c.timeout = timeout;
        c
    }
}

impl Drop for Shim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
