//! Sending bodies to `POST /v1/logs`: one request with its latency and outcome, the closed-loop
//! run (clients send their batches back to back), the requests of an open-loop run in flight
//! (bounded), and the paced run (a fixed offered rate).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::batch::{self, EVENTS_PER_BATCH};
use crate::stats::Stats;

/// A request that takes longer fails (the run reports it; a collector must never get here).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Most requests in flight in a paced run (a request waiting to be sent again after a 429 counts).
pub const MAX_IN_FLIGHT: usize = 512;
/// How often a paced run releases the requests that are due.
pub const TICK: Duration = Duration::from_millis(5);

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

/// Sends one gzip body (shared, not copied, by its retries), recording its latency and outcome
/// in `stats`.
pub async fn send(http: &reqwest::Client, url: &str, body: Bytes, stats: &mut Stats) -> Outcome {
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
    closed_loop_bodies(&url, per_client).await
}

/// One task per element of `per_client`, each sending its bodies back to back (a refused batch
/// again after 20 ms, at most 10,000 times); the merged counts (with the generator's own CPU
/// time from the first send on) and the time from the first send.
pub async fn closed_loop_bodies(url: &str, per_client: Vec<Vec<Vec<u8>>>) -> (Stats, Duration) {
    let per_client: Vec<Vec<Bytes>> = per_client
        .into_iter()
        .map(|bodies| bodies.into_iter().map(Bytes::from).collect())
        .collect();
    let cpu = crate::stats::own_cpu_ns();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for bodies in per_client {
        let url = url.to_owned();
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
    stats.generator_cpu_ns = crate::stats::own_cpu_ns().saturating_sub(cpu);
    (stats, started.elapsed())
}

/// Counters of an open-loop run that its driver reads while the requests are out.
#[derive(Default)]
pub struct Live {
    pub acked_events: AtomicU64,
    pub too_many: AtomicU64,
}

/// The requests of an open-loop run: at most `max` at once (one slot each, held through its
/// retries), each sent again after its 429's `Retry-After` until `retry_until`
/// (`None`: a 429 is dropped and counted); their counts merged as they finish.
pub struct Flight {
    http: reqwest::Client,
    url: Arc<str>,
    gate: Arc<Semaphore>,
    max: usize,
    retry_until: Option<Instant>,
    done: tokio::sync::mpsc::UnboundedSender<Stats>,
    merger: tokio::task::JoinHandle<Stats>,
    pub live: Arc<Live>,
}

impl Flight {
    pub fn new(url: String, retry_until: Option<Instant>, max: usize) -> Self {
        let (done, mut results) = tokio::sync::mpsc::unbounded_channel::<Stats>();
        let merger = tokio::spawn(async move {
            let mut all = Stats::default();
            while let Some(s) = results.recv().await {
                all.merge(s);
            }
            all
        });
        Flight {
            http: http_client(),
            url: url.into(),
            gate: Arc::new(Semaphore::new(max)),
            max,
            retry_until,
            done,
            merger,
            live: Arc::default(),
        }
    }

    /// A free slot, or `None` when `max` requests are out.
    pub fn slot(&self) -> Option<OwnedSemaphorePermit> {
        self.gate.clone().try_acquire_owned().ok()
    }

    /// Requests out now (sent or waiting to be sent again).
    pub fn in_flight(&self) -> usize {
        self.max - self.gate.available_permits()
    }

    /// Sends `body` in the background, holding `slot` until it is answered for good.
    pub fn start(&self, slot: OwnedSemaphorePermit, body: Vec<u8>) {
        let body = Bytes::from(body);
        let (http, url, done, live) = (
            self.http.clone(),
            self.url.clone(),
            self.done.clone(),
            self.live.clone(),
        );
        let retry_until = self.retry_until;
        tokio::spawn(async move {
            let _slot = slot;
            let mut stats = Stats::default();
            loop {
                let outcome = send(&http, &url, body.clone(), &mut stats).await;
                match outcome {
                    Outcome::Accepted => {
                        live.acked_events
                            .fetch_add(EVENTS_PER_BATCH as u64, Ordering::Relaxed);
                    }
                    Outcome::TooMany(after) => {
                        live.too_many.fetch_add(1, Ordering::Relaxed);
                        match retry_until {
                            Some(until) if Instant::now() < until => {
                                tokio::time::sleep(Duration::from_secs(after.unwrap_or(1))).await;
                                continue;
                            }
                            Some(_) => stats.given_up += 1,
                            None => {}
                        }
                    }
                    _ => {}
                }
                break;
            }
            let _ = done.send(stats);
        });
    }

    /// Waits until no request is out, or `until`; whether none is.
    pub async fn drain(&self, until: Instant) -> bool {
        while self.in_flight() > 0 && Instant::now() < until {
            tokio::time::sleep(TICK).await;
        }
        self.in_flight() == 0
    }

    /// Waits for every request started and returns their merged counts.
    pub async fn finish(self) -> Stats {
        drop(self.done);
        self.merger.await.unwrap_or_default()
    }
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
    // Bodies built before the clock starts (on every core), so the generator's share of the
    // machine while the collector runs is the HTTP client only; past `batch::PREBUILT_MAX` (a
    // soak) the rest are built by a producer thread during the run.
    let mut bodies = batch::streamed(total, batch::PREBUILT_MAX, batch::numbered(prefix));
    let deadline = Instant::now() + Duration::from_secs_f64(seconds + 60.0);
    let flight = Flight::new(url, retry.then_some(deadline), MAX_IN_FLIGHT);
    let started = Instant::now();
    let mut next = 0usize;
    let mut behind = 0u64;
    while next < total {
        let due = ((started.elapsed().as_secs_f64() * events_per_s / EVENTS_PER_BATCH as f64)
            as usize
            + 1)
        .min(total);
        while next < due {
            let Some(slot) = flight.slot() else {
                behind += 1;
                break;
            };
            let Some(body) = bodies.recv().await else {
                // The producer stopped early (it cannot unless it panicked): send no more.
                next = total;
                break;
            };
            next += 1;
            flight.start(slot, body);
        }
        tokio::time::sleep(TICK).await;
    }
    let stats = flight.finish().await;
    if behind > 0 {
        eprintln!(
            "paced: the generator fell behind {behind} times ({MAX_IN_FLIGHT} requests in flight)"
        );
    }
    (stats, started.elapsed())
}
