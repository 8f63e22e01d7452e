//! Overload over real loopback HTTP: with the ingest backlog (or the rate limit) forced low,
//! concurrent clients push batches of 50 as fast as they can. Every answer is 2xx or 429 with
//! `Retry-After`, within a bound; every event of every 2xx batch is stored exactly once and no
//! refused batch is stored; retrying the 429s after `Retry-After` until accepted stores all of
//! them once; the backlog never exceeds its bounds.

mod common;

use std::time::{Duration, Instant};

use common::{click_batch, client, get_json, now_ms, TestServer};
use serde_json::Value;

const EVENTS_PER_BATCH: usize = 50;
/// Every answer comes within this (a debug build on a shared 2-core machine).
const ANSWER_BOUND: Duration = Duration::from_secs(10);
/// The retries give up after this.
const RETRY_DEADLINE: Duration = Duration::from_secs(120);

/// What one request got: `Ok(())` stored, `Err(seconds)` refused with that `Retry-After`.
async fn send(http: &reqwest::Client, url: &str, body: &str) -> Result<(), u64> {
    let started = Instant::now();
    let r = http
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("an answer, never a connection error");
    let took = started.elapsed();
    assert!(took < ANSWER_BOUND, "answered in {took:?}");
    match r.status().as_u16() {
        200 => Ok(()),
        429 => {
            let after = r
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
                .expect("429 carries Retry-After in seconds");
            assert!((1..=60).contains(&after), "Retry-After {after}");
            Err(after)
        }
        other => panic!(
            "unexpected status {other}: {}",
            r.text().await.unwrap_or_default()
        ),
    }
}

fn stored(srv: &TestServer) -> (i64, i64) {
    let conn = rusqlite::Connection::open(&srv.db).expect("open");
    conn.query_row(
        "SELECT COUNT(*), COUNT(DISTINCT event_id) FROM events",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("count")
}

fn stored_with_prefix(srv: &TestServer, prefix: &str) -> i64 {
    let conn = rusqlite::Connection::open(&srv.db).expect("open");
    conn.query_row(
        "SELECT COUNT(*) FROM events WHERE event_id LIKE ?1",
        [format!("{prefix}-%")],
        |r| r.get(0),
    )
    .expect("count")
}

/// `clients` tasks send `batches` batches each, back to back, once; returns the prefixes of the
/// accepted and of the refused batches.
async fn one_pass(srv: &TestServer, clients: usize, batches: usize) -> (Vec<String>, Vec<String>) {
    let mut tasks = Vec::new();
    for c in 0..clients {
        let url = srv.url("/v1/logs");
        tasks.push(tokio::spawn(async move {
            let http = client();
            let (mut ok, mut refused) = (Vec::new(), Vec::new());
            for b in 0..batches {
                let prefix = format!("o{c}x{b}");
                let body = click_batch(&prefix, EVENTS_PER_BATCH, now_ms()).to_string();
                match send(&http, &url, &body).await {
                    Ok(()) => ok.push(prefix),
                    Err(_) => refused.push(prefix),
                }
            }
            (ok, refused)
        }));
    }
    let (mut ok, mut refused) = (Vec::new(), Vec::new());
    for t in tasks {
        let (o, r) = t.await.expect("client");
        ok.extend(o);
        refused.extend(r);
    }
    (ok, refused)
}

/// Two senders send the refused batches again (same ids), one at a time each, waiting
/// `Retry-After` after every 429, until all are accepted; returns how many 429s they got.
async fn retry_until_accepted(srv: &TestServer, refused: Vec<String>) -> usize {
    let deadline = Instant::now() + RETRY_DEADLINE;
    let mut tasks = Vec::new();
    for share in [0, 1] {
        let url = srv.url("/v1/logs");
        let mine: Vec<String> = refused.iter().skip(share).step_by(2).cloned().collect();
        tasks.push(tokio::spawn(async move {
            let http = client();
            let mut again = 0;
            for prefix in mine {
                let body = click_batch(&prefix, EVENTS_PER_BATCH, now_ms()).to_string();
                while let Err(after) = send(&http, &url, &body).await {
                    assert!(Instant::now() < deadline, "{prefix} still refused");
                    again += 1;
                    tokio::time::sleep(Duration::from_secs(after)).await;
                }
            }
            again
        }));
    }
    let mut again = 0;
    for t in tasks {
        again += t.await.expect("retry");
    }
    again
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_backlog_answers_429_and_loses_nothing() {
    let (clients, batches) = (24, 15);
    let srv = TestServer::start(&[
        "--ingest-rate",
        "0",
        "--ingest-queue-events",
        "100",
        "--ingest-in-flight",
        "2",
    ])
    .await;
    let (ok, refused) = one_pass(&srv, clients, batches).await;
    assert!(
        !refused.is_empty(),
        "the collector was driven above capacity"
    );
    assert!(!ok.is_empty(), "and still accepted batches");
    for prefix in &ok {
        assert_eq!(
            stored_with_prefix(&srv, prefix),
            EVENTS_PER_BATCH as i64,
            "{prefix}"
        );
    }
    for prefix in &refused {
        assert_eq!(
            stored_with_prefix(&srv, prefix),
            0,
            "refused {prefix} not stored"
        );
    }
    let (rows, distinct) = stored(&srv);
    assert_eq!(
        (rows, distinct),
        ((ok.len() * EVENTS_PER_BATCH) as i64, rows)
    );

    let health = get_json(srv.url("/healthz")).await;
    let ingest = &health["ingest"];
    assert!(
        ingest["peakQueuedEvents"].as_u64().expect("peak") <= 100,
        "{ingest}"
    );
    assert!(
        ingest["peakInFlight"].as_u64().expect("peak") <= 2,
        "{ingest}"
    );
    assert!(ingest["refused"].as_u64().expect("refused") >= refused.len() as u64);

    let refused_count = refused.len();
    let again = retry_until_accepted(&srv, refused).await;
    let all = (clients * batches * EVENTS_PER_BATCH) as i64;
    assert_eq!(stored(&srv), (all, all), "every event stored exactly once");
    println!(
        "overload: {} batches accepted at once, {refused_count} refused with 429 and accepted on retry ({again} more 429s); {all} events stored once",
        ok.len()
    );
    let after: Value = get_json(srv.url("/healthz")).await;
    assert_eq!(after["ingest"]["queuedEvents"], 0, "the backlog drained");
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_low_rate_limit_answers_429_with_retry_after_and_loses_nothing() {
    let (clients, batches) = (4, 4);
    let srv = TestServer::start(&[
        "--ingest-rate",
        "4",
        "--ingest-burst",
        "2",
        "--rate-limit-loopback",
    ])
    .await;
    let (ok, refused) = one_pass(&srv, clients, batches).await;
    assert!(!refused.is_empty(), "the rate limit refused some batches");
    let (rows, _) = stored(&srv);
    assert_eq!(
        rows,
        (ok.len() * EVENTS_PER_BATCH) as i64,
        "only the accepted ones stored"
    );
    retry_until_accepted(&srv, refused).await;
    let all = (clients * batches * EVENTS_PER_BATCH) as i64;
    assert_eq!(stored(&srv), (all, all), "every event stored exactly once");
    srv.stop().await;
}
