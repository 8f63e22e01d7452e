//! `va-rollout-collector report --db FILE` prints exactly what the server answers for the same
//! SQLite file and window (`/report.json`, `/report`, `/report.md`), and refuses bad input
//! with exit code 1, a message on stderr and nothing on stdout.

mod common;

use std::process::Command;

use common::{click_batch, client, TestServer};

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_va-rollout-collector"))
        .arg("report")
        .args(args)
        .env_remove("CLICKHOUSE_USER")
        .output()
        .expect("run report");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn report_command_prints_the_http_answer() {
    let srv = TestServer::start(&[]).await;
    let t = 1_764_000_000_000_i64;
    for (prefix, at) in [("a", t), ("b", t + 700_000), ("late", t + 7_200_000)] {
        let r = client()
            .post(srv.url("/v1/logs"))
            .header("content-type", "application/json")
            .body(click_batch(prefix, 5, at).to_string())
            .send()
            .await
            .expect("ingest");
        assert!(r.status().is_success());
    }
    for _ in 0..200 {
        if srv.event_count().await == 15 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let db = srv.db.to_string_lossy().to_string();
    let (from, to) = (t.to_string(), "2025-11-24T17:00:00Z".to_string());
    for (path, format) in [
        ("/report.json", "json"),
        ("/report", "html"),
        ("/report.md", "markdown"),
    ] {
        let url = srv.url(&format!("{path}?from={from}&to={to}&stage=B-25%25"));
        let http = client().get(url).send().await.expect("GET");
        assert_eq!(http.status().as_u16(), 200);
        let http = http.text().await.expect("body");
        let (code, out, err) = cli(&[
            "--db", &db, "--format", format, "--from", &from, "--to", &to, "--stage", "B-25%",
        ]);
        assert_eq!((code, err.as_str()), (0, ""), "{format}");
        assert_eq!(out, http, "{format}");
        assert!(out.contains("B-25%"), "{format}: the stage is echoed");
    }
    let (_, json, _) = cli(&["--db", &db, "--from", &from, "--to", &to]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json by default");
    assert_eq!(
        v["all"]["events"], 10,
        "the late batch is outside the window"
    );

    let missing = srv.dir.path().join("none.db");
    for (args, says) in [
        (
            vec!["--db", missing.to_str().unwrap()],
            "no such database file",
        ),
        (vec!["--db", &db, "--from", "yesterday"], "from must be"),
        (
            vec!["--db", &db, "--from", "2", "--to", "1"],
            "from must not be after to",
        ),
        (vec![], "give --db FILE or --clickhouse-url URL"),
        (
            vec!["--clickhouse-url", "ftp://x"],
            "--clickhouse-url must start with",
        ),
        (
            vec!["--clickhouse-url", "http://h", "--clickhouse-table", "a;b"],
            "--clickhouse-table must be",
        ),
    ] {
        let (code, out, err) = cli(&args);
        assert_eq!((code, out.as_str()), (1, ""), "{args:?}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert!(!missing.exists(), "a missing file is not created");
    srv.stop().await;
}
