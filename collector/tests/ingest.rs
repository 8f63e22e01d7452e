//! `POST /v1/logs` statuses, deduplication, gzip, and what gets stored, against a real server.

mod common;

use std::io::Write;

use common::{attr, click_batch, client, now_ms, record, request, s, TestServer};
use serde_json::{json, Value};

async fn post(
    srv: &TestServer,
    ct: Option<&str>,
    encoding: Option<&str>,
    body: Vec<u8>,
) -> reqwest::Response {
    let mut req = client().post(srv.url("/v1/logs")).body(body);
    if let Some(ct) = ct {
        req = req.header("content-type", ct);
    }
    if let Some(e) = encoding {
        req = req.header("content-encoding", e);
    }
    req.send().await.expect("request")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

fn header(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

#[tokio::test]
async fn accepts_json_text_plain_and_gzip_and_counts_duplicates_once() {
    let srv = TestServer::start(&[]).await;
    let batch = click_batch("a", 50, now_ms()).to_string().into_bytes();
    let r = post(&srv, Some("application/json"), None, batch.clone()).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(header(&r, "x-va-rollout-accepted").as_deref(), Some("50"));
    assert_eq!(r.json::<Value>().await.expect("json"), json!({}));
    // The same batch again (a retry): acknowledged, stored once.
    let r = post(&srv, Some("application/json"), None, batch.clone()).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(header(&r, "x-va-rollout-duplicates").as_deref(), Some("50"));
    assert_eq!(srv.event_count().await, 50);
    // Beacon content type.
    let r = post(
        &srv,
        Some("text/plain;charset=UTF-8"),
        None,
        click_batch("b", 10, now_ms()).to_string().into_bytes(),
    )
    .await;
    assert_eq!(r.status().as_u16(), 200);
    // Gzip body, and a gzip retry of the first batch.
    let r = post(
        &srv,
        Some("application/json"),
        Some("gzip"),
        gzip(click_batch("c", 20, now_ms()).to_string().as_bytes()),
    )
    .await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(header(&r, "x-va-rollout-accepted").as_deref(), Some("20"));
    let r = post(&srv, Some("application/json"), Some("gzip"), gzip(&batch)).await;
    assert_eq!(header(&r, "x-va-rollout-accepted").as_deref(), Some("0"));
    assert_eq!(srv.event_count().await, 80);
    srv.stop().await;
}

#[tokio::test]
async fn partial_success_rejects_bad_records_only() {
    let srv = TestServer::start(&[]).await;
    let t = now_ms();
    let mut no_id = record("x", t, "va_rollout.click", "c", vec![]);
    no_id["attributes"] = json!([attr("session.id", s("s"))]);
    let mut no_time = record("nt", t, "va_rollout.click", "c", vec![]);
    no_time["timeUnixNano"] = json!("later");
    let mut no_name = record("nn", t, "va_rollout.click", "c", vec![]);
    no_name.as_object_mut().expect("obj").remove("eventName");
    no_name["attributes"] = json!([attr("va_rollout.event.id", s("nn"))]);
    let good: Vec<Value> = (0..3)
        .map(|i| record(&format!("g{i}"), t, "va_rollout.page_view", "page", vec![]))
        .collect();
    let mut all = good;
    all.extend([no_id, no_time, no_name]);
    let r = post(
        &srv,
        Some("application/json"),
        None,
        request(all).to_string().into_bytes(),
    )
    .await;
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["partialSuccess"]["rejectedLogRecords"], 3);
    let msg = v["partialSuccess"]["errorMessage"]
        .as_str()
        .expect("message");
    assert!(
        msg.contains("va_rollout.event.id")
            && msg.contains("timeUnixNano")
            && msg.contains("eventName"),
        "{msg}"
    );
    assert_eq!(srv.event_count().await, 3);
    srv.stop().await;
}

/// (content type, content encoding, body, expected status)
type Case = (Option<&'static str>, Option<&'static str>, Vec<u8>, u16);

#[tokio::test]
async fn bad_requests_get_their_status_and_store_nothing() {
    let srv = TestServer::start(&["--max-body-bytes", "4096"]).await;
    let small = click_batch("s", 2, now_ms()).to_string().into_bytes();
    let cases: Vec<Case> = vec![
        (Some("application/json"), None, b"{not json".to_vec(), 400),
        (
            Some("application/json"),
            None,
            br#"{"resourceLogs": 5}"#.to_vec(),
            400,
        ),
        (Some("application/json"), None, b"[]".to_vec(), 400),
        (
            Some("application/json"),
            Some("gzip"),
            b"definitely not gzip".to_vec(),
            400,
        ),
        (
            Some("application/json"),
            None,
            click_batch("big", 60, now_ms()).to_string().into_bytes(),
            413,
        ),
        // 60 records compress far below 4 KiB but decode above it.
        (
            Some("application/json"),
            Some("gzip"),
            gzip(click_batch("bomb", 60, now_ms()).to_string().as_bytes()),
            413,
        ),
        (Some("application/x-protobuf"), None, small.clone(), 415),
        (None, None, small.clone(), 415),
        (Some("application/json"), Some("br"), small.clone(), 415),
    ];
    for (ct, enc, body, want) in cases {
        let r = post(&srv, ct, enc, body).await;
        assert_eq!(r.status().as_u16(), want, "{ct:?} {enc:?}");
        let text = r.text().await.expect("body");
        assert!(
            !text.contains("panicked") && !text.contains(".rs:"),
            "no internals: {text}"
        );
        // Every refusal is the documented JSON error (fuzz/ingest found an empty 415 for "br").
        let json: serde_json::Value = serde_json::from_str(&text).expect("JSON error body");
        assert_eq!(json["error"]["code"], want, "{ct:?} {enc:?}: {text}");
    }
    assert_eq!(srv.event_count().await, 0);
    let r = post(&srv, Some("application/json"), None, small).await;
    assert_eq!(r.status().as_u16(), 200, "keeps serving after bad input");
    srv.stop().await;
}

#[tokio::test]
async fn rate_limit_per_client_answers_429_with_retry_after() {
    let srv = TestServer::start(&[
        "--ingest-rate",
        "0.5",
        "--ingest-burst",
        "2",
        "--rate-limit-loopback",
    ])
    .await;
    for i in 0..2 {
        let r = post(
            &srv,
            Some("application/json"),
            None,
            click_batch(&format!("r{i}"), 1, now_ms())
                .to_string()
                .into_bytes(),
        )
        .await;
        assert_eq!(r.status().as_u16(), 200);
    }
    let r = post(
        &srv,
        Some("application/json"),
        None,
        click_batch("r2", 1, now_ms()).to_string().into_bytes(),
    )
    .await;
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(header(&r, "retry-after").as_deref(), Some("2"));
    assert_eq!(srv.event_count().await, 2);
    srv.stop().await;
}

#[tokio::test]
async fn full_queue_answers_429_and_acknowledges_only_after_commit() {
    let srv = TestServer::start(&["--ingest-queue", "1"]).await;
    // Hold SQLite's write lock so the writer blocks inside its transaction.
    let lock = rusqlite::Connection::open(&srv.db).expect("open");
    lock.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let send = |id: &str| {
        let url = srv.url("/v1/logs");
        let body = click_batch(id, 5, now_ms()).to_string();
        tokio::spawn(async move {
            client()
                .post(url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .expect("req")
        })
    };
    let first = send("q1"); // taken by the writer, which now waits for the lock
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let second = send("q2"); // fills the queue (capacity 1)
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let third = send("q3").await.expect("join");
    assert_eq!(third.status().as_u16(), 429);
    assert_eq!(header(&third, "retry-after").as_deref(), Some("1"));
    assert!(
        !first.is_finished() && !second.is_finished(),
        "not acknowledged before commit"
    );
    lock.execute_batch("COMMIT").expect("unlock");
    assert_eq!(first.await.expect("join").status().as_u16(), 200);
    assert_eq!(second.await.expect("join").status().as_u16(), 200);
    assert_eq!(srv.event_count().await, 10);
    srv.stop().await;
}

#[tokio::test]
async fn stored_columns_come_from_the_sdk_attributes() {
    let srv = TestServer::start(&[]).await;
    let t = now_ms();
    let rec = record(
        "col-1",
        t,
        "va_rollout.error",
        "sm.messages.send",
        vec![
            attr("session.id", s("sess-9")),
            attr(
                "url.path",
                s("/my-health/secure-messages/new-message/start-message/"),
            ),
            attr("http.request.method", s("POST")),
            attr("http.response.status_code", json!({"intValue": "502"})),
            attr("va_rollout.duration_ms", json!({"doubleValue": 812.5})),
            attr("va_rollout.flow", s("curated")),
            attr(
                "va_rollout.flag.mhv_secure_messaging_curated_list_flow",
                json!({"boolValue": true}),
            ),
            attr(
                "va_rollout.flag.mhv_secure_messaging_recent_recipients",
                json!({"boolValue": false}),
            ),
        ],
    );
    let r = post(
        &srv,
        Some("application/json"),
        None,
        request(vec![rec]).to_string().into_bytes(),
    )
    .await;
    assert_eq!(r.status().as_u16(), 200);
    let db = srv.db.clone();
    let _dir = srv.stop().await;
    let conn = rusqlite::Connection::open(&db).expect("open");
    let get = |col: &str| -> rusqlite::types::Value {
        conn.query_row(
            &format!("SELECT {col} FROM events WHERE event_id = 'col-1'"),
            [],
            |r| r.get(0),
        )
        .expect(col)
    };
    use rusqlite::types::Value as Sql;
    let text = |col: &str| match get(col) {
        Sql::Text(t) => t,
        other => panic!("{col}: {other:?}"),
    };
    assert_eq!(get("time_ns"), Sql::Integer(t * 1_000_000));
    assert_eq!(
        (text("session_id"), text("event_name"), text("name")),
        (
            "sess-9".into(),
            "va_rollout.error".into(),
            "sm.messages.send".into()
        )
    );
    assert_eq!(
        text("path"),
        "/my-health/secure-messages/new-message/start-message/"
    );
    assert_eq!(
        (
            get("status"),
            get("duration_ms"),
            text("flow"),
            get("variant")
        ),
        (
            Sql::Integer(502),
            Sql::Real(812.5),
            "curated".into(),
            Sql::Integer(1)
        )
    );
    let flags: Value = serde_json::from_str(&text("flag_context")).expect("json");
    assert_eq!(
        flags,
        json!({"mhv_secure_messaging_curated_list_flow": true, "mhv_secure_messaging_recent_recipients": false})
    );
    let attrs: Value = serde_json::from_str(&text("attributes")).expect("json");
    assert_eq!(attrs["http.request.method"], "POST");
}
