//! Sending bodies to `POST /v1/logs`: one request with its latency and outcome, the closed-loop
//! run (clients send their batches back to back) and the paced run (a fixed offered rate).

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use crate::batch::{self, EVENTS_PER_BATCH};
use crate::stats::Stats;

/// A request that takes longer fails (the run reports it; a collector must never get here).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Most requests in flight in a paced run.
const MAX_IN_FLIGHT: usize = 512;
/// How often a paced run releases the requests that are due.
const TICK: Duration = Duration::from_millis(5);

pub enum Outcome {
    Accepted,
    /// 429; the `Retry-After` seconds when the header was there.
    TooMany(Option<u64>),
    Other,
    Failed,
}

pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .pool_max_idle_per_host(MAX_IN_FLIGHT)
        .build()
        .unwrap_or_default()
}

/// Sends one gzip body, recording its latency and outcome in `stats`.
pub async fn send(http: &reqwest::Client, url: &str, body: Vec<u8>, stats: &mut Stats) -> Outcome {
    let t = Instant::now();
    let r = http
        .post(url)
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(body)
        .send()
        .await;
    let outcome = match r {
        Err(_) => Outcome::Failed,
        Ok(r) => match r.status().as_u16() {
            200..=299 => Outcome::Accepted,
            429 => Outcome::TooMany(
                r.headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok()),
            ),
            _ => Outcome::Other,
        },
    };
    match &outcome {
        Outcome::Failed => stats.failed += 1,
        answered => {
            stats.latencies_us.push(t.elapsed().as_micros() as u64);
            match answered {
                Outcome::Accepted => {
                    stats.accepted_batches += 1;
                    stats.accepted_events += EVENTS_PER_BATCH as u64;
                }
                Outcome::TooMany(after) => {
                    stats.too_many += 1;
                    stats.too_many_without_retry_after += u64::from(after.is_none());
                }
                _ => stats.other_status += 1,
            }
        }
    }
    outcome
}

/// `clients` tasks each send `batches` bodies (built before the clock starts) back to back; a
/// refused batch is sent again after 20 ms until accepted (at most 10,000 times).
pub async fn closed_loop(
    url: String,
    clients: usize,
    batches: usize,
    prefix: String,
) -> (Stats, Duration) {
    let start_ms = crate::now_ms() - 3_600_000;
    let per_client = batch::prebuilt(clients, |c| batch::bodies(&prefix, c, batches, start_ms));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for bodies in per_client {
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let http = http_client();
            let mut stats = Stats::default();
            for body in bodies {
                for _attempt in 0..10_000 {
                    match send(&http, &url, body.clone(), &mut stats).await {
                        Outcome::Accepted => break,
                        _ => tokio::time::sleep(Duration::from_millis(20)).await,
                    }
                }
            }
            stats
        }));
    }
    let mut stats = Stats::default();
    for t in tasks {
        if let Ok(s) = t.await {
            stats.merge(s);
        }
    }
    (stats, started.elapsed())
}

/// Offers `events_per_s` for `seconds` (open loop: requests start on schedule, whatever the
/// answers). A 429 is sent again after its `Retry-After` when `retry` (until accepted, at most
/// 60 s past the run), else dropped and counted.
pub async fn paced(
    url: String,
    seconds: f64,
    events_per_s: f64,
    prefix: String,
    retry: bool,
) -> (Stats, Duration) {
    let total = (seconds * events_per_s / EVENTS_PER_BATCH as f64).ceil() as usize;
    let start_ms = crate::now_ms() - 3_600_000;
    // Bodies built before the clock starts (on every core), so the generator's share of the
    // machine while the collector runs is the HTTP client only; past `batch::PREBUILT_MAX` (a
    // soak) the rest are built by a producer thread during the run.
    let mut bodies = batch::streamed(total, move |i| {
        batch::gzip(batch::json(&format!("{prefix}x{i}"), start_ms + (i as i64) * 50).as_bytes())
    });
    let http = http_client();
    let gate = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let deadline = Instant::now() + Duration::from_secs_f64(seconds + 60.0);
    let started = Instant::now();
    let (done, mut results) = tokio::sync::mpsc::unbounded_channel::<Stats>();
    let merger = tokio::spawn(async move {
        let mut all = Stats::default();
        while let Some(s) = results.recv().await {
            all.merge(s);
        }
        all
    });
    let mut next = 0usize;
    let mut behind = 0u64;
    while next < total {
        let due = ((started.elapsed().as_secs_f64() * events_per_s / EVENTS_PER_BATCH as f64)
            as usize
            + 1)
        .min(total);
        while next < due {
            let Ok(permit) = gate.clone().try_acquire_owned() else {
                behind += 1;
                break;
            };
            let Some(body) = bodies.recv().await else {
                // The producer stopped early (it cannot unless it panicked): send no more.
                next = total;
                break;
            };
            let (http, url, done) = (http.clone(), url.clone(), done.clone());
            next += 1;
            tokio::spawn(async move {
                let _permit = permit;
                let mut stats = Stats::default();
                loop {
                    match send(&http, &url, body.clone(), &mut stats).await {
                        Outcome::TooMany(after) if retry && Instant::now() < deadline => {
                            tokio::time::sleep(Duration::from_secs(after.unwrap_or(1))).await;
                        }
                        _ => break,
                    }
                }
                let _ = done.send(stats);
            });
        }
        tokio::time::sleep(TICK).await;
    }
    drop(done);
    let stats = merger.await.unwrap_or_default();
    if behind > 0 {
        eprintln!(
            "paced: the generator fell behind {behind} times ({MAX_IN_FLIGHT} requests in flight)"
        );
    }
    (stats, started.elapsed())
}
