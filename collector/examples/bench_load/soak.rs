//! `bench_load soak BASE_URL SECONDS ID_PREFIX PROBE_EVERY_S [EVENTS_PER_S]`: the synthetic
//! clients of `scripts/soak.sh`. Offers half the capacity of the collector it runs against, as
//! that capacity is now: a probe (8 clients x 250 batches back to back, after the requests out
//! have been answered) at the start, every PROBE_EVERY_S seconds and once more after the run,
//! each on the store as the soak has grown it; the rate after a probe is half of what it
//! measured (EVENTS_PER_S fixes it instead; the probes still run and are printed).
//!
//! The clients' backlog is bounded, like the SDK's queue: at most `BACKLOG` batches out at once
//! (sent, or waiting out a 429's `Retry-After` to be sent again). When it is full the generator
//! does not build a debt to catch up on later; the batches it could not start are counted as
//! `unsent` (never built into the ids, so the loss check stays exact), and the run stops offering
//! at SECONDS whatever the collector took. Batches due while the body producer is behind are not
//! owed either (`unbuilt`, counted in `unsent_batches` of the summary with the others). A run whose
//! `unsent` is more than a sliver of what it scheduled was an overload, not a soak: the script
//! fails it.
//!
//! Prints a `load minute=…` line every minute, a `load probe …` line per probe, and last the
//! summary line (`key=value` pairs, as the other modes).

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::error::TryRecvError;

use crate::batch::{self, EVENTS_PER_BATCH};
use crate::send::{self, Flight, REQUEST_TIMEOUT, TICK};
use crate::stats::Stats;

/// The share of the probed capacity offered.
const SHARE: f64 = 0.5;
const PROBE_CLIENTS: usize = 8;
const PROBE_BATCHES: usize = 250;
/// Most batches out at once (about 7 s of traffic at 14,000 events/s).
const BACKLOG: usize = 2_048;
/// How long a batch answered 429 is sent again past the end of the run, and how long a probe
/// waits for the requests out to be answered.
const GRACE: Duration = Duration::from_secs(60);
const MINUTE: Duration = Duration::from_secs(60);

pub struct Plan {
    pub url: String,
    pub seconds: f64,
    pub prefix: String,
    pub probe_every: f64,
    pub fixed_rate: Option<f64>,
}

/// What one minute of the run did.
struct Window {
    from: Instant,
    acked_from: u64,
    too_many_from: u64,
    started: u64,
    unsent: u64,
    unbuilt: u64,
    full_ticks: u64,
    in_flight_max: usize,
    paused: Duration,
}

impl Window {
    fn new(flight: &Flight) -> Self {
        Window {
            from: Instant::now(),
            acked_from: flight.live.acked_events.load(Ordering::Relaxed),
            too_many_from: flight.live.too_many.load(Ordering::Relaxed),
            started: 0,
            unsent: 0,
            unbuilt: 0,
            full_ticks: 0,
            in_flight_max: 0,
            paused: Duration::ZERO,
        }
    }

    fn print(&self, minute: u32, target: f64, flight: &Flight) {
        let secs = self.from.elapsed().as_secs_f64().max(1e-9);
        let acked = flight.live.acked_events.load(Ordering::Relaxed) - self.acked_from;
        let too_many = flight.live.too_many.load(Ordering::Relaxed) - self.too_many_from;
        let offered = (self.started * EVENTS_PER_BATCH as u64) as f64 / secs;
        println!(
            "load minute={minute} target_per_s={target:.0} offered_per_s={offered:.0} acked_per_s={:.0} \
             status_429={too_many} in_flight_max={} backlog={BACKLOG} full_ticks={} unsent_batches={} unbuilt_batches={} paused_s={:.1}",
            acked as f64 / secs,
            self.in_flight_max,
            self.full_ticks,
            self.unsent,
            self.unbuilt,
            self.paused.as_secs_f64(),
        );
    }
}

/// One probe: waits (at most `GRACE`) for the requests out, then 8 clients send 250 batches each
/// of the run's bodies back to back. Returns their counts and the events/s acknowledged.
async fn probe(
    flight: &Flight,
    bodies: &mut tokio::sync::mpsc::Receiver<Vec<u8>>,
    url: &str,
    label: &str,
) -> Result<(Stats, f64), String> {
    let t = Instant::now();
    let drained = flight.drain(t + GRACE).await;
    let drain_s = t.elapsed().as_secs_f64();
    let mut per_client: Vec<Vec<Vec<u8>>> = (0..PROBE_CLIENTS)
        .map(|_| Vec::with_capacity(PROBE_BATCHES))
        .collect();
    for _ in 0..PROBE_BATCHES {
        for c in &mut per_client {
            c.push(bodies.recv().await.ok_or("the body producer stopped")?);
        }
    }
    let acked_before = flight.live.acked_events.load(Ordering::Relaxed);
    let (stats, elapsed) = send::closed_loop_bodies(url, per_client).await;
    let capacity = stats.accepted_events as f64 / elapsed.as_secs_f64().max(1e-9);
    println!(
        "load probe={label} capacity_per_s={capacity:.0} acked_events={} in_s={:.1} status_429={} \
         drained={drained} drain_s={drain_s:.1} paced_acked_before={acked_before}",
        stats.accepted_events,
        elapsed.as_secs_f64(),
        stats.too_many,
    );
    Ok((stats, capacity))
}

/// The run; its summary line.
pub async fn run(plan: Plan) -> Result<String, String> {
    let ahead = 2 * PROBE_CLIENTS * PROBE_BATCHES;
    let mut bodies = batch::streamed(usize::MAX, ahead, batch::numbered(plan.prefix.clone()));
    let started = Instant::now();
    let end = started + Duration::from_secs_f64(plan.seconds);
    let flight = Flight::new(plan.url.clone(), Some(end + GRACE), BACKLOG);
    let mut probes = Stats::default();
    let (mut capacity_first, mut target, mut next_probe) = (None, 0.0, started);
    let (mut seg_start, mut seg_sent) = (Instant::now(), 0u64);
    let (mut scheduled, mut unsent) = (0u64, 0u64);
    let (mut win, mut minute) = (Window::new(&flight), 1u32);
    while Instant::now() < end {
        if Instant::now() >= next_probe {
            let t = Instant::now();
            let label = format!("{:.0}s", (t - started).as_secs_f64());
            let (stats, capacity) = probe(&flight, &mut bodies, &plan.url, &label).await?;
            probes.merge(stats);
            capacity_first.get_or_insert(capacity);
            target = plan.fixed_rate.unwrap_or(capacity * SHARE);
            win.paused += t.elapsed();
            next_probe = Instant::now() + Duration::from_secs_f64(plan.probe_every);
            (seg_start, seg_sent) = (Instant::now(), 0);
        }
        let due = (seg_start.elapsed().as_secs_f64() * target / EVENTS_PER_BATCH as f64) as u64;
        scheduled += due.saturating_sub(seg_sent);
        while seg_sent < due {
            let Some(slot) = flight.slot() else {
                // The backlog is full: what is due now is not offered, and not owed.
                win.unsent += due - seg_sent;
                win.full_ticks += 1;
                seg_sent = due;
                break;
            };
            let body = match bodies.try_recv() {
                Ok(body) => body,
                Err(TryRecvError::Empty) => {
                    // The producer is behind: not owed either, counted apart.
                    win.unbuilt += due - seg_sent;
                    seg_sent = due;
                    break;
                }
                Err(TryRecvError::Disconnected) => return Err("the body producer stopped".into()),
            };
            flight.start(slot, body);
            seg_sent += 1;
            win.started += 1;
        }
        win.in_flight_max = win.in_flight_max.max(flight.in_flight());
        if win.from.elapsed() >= MINUTE {
            win.print(minute, target, &flight);
            unsent += win.unsent + win.unbuilt;
            (win, minute) = (Window::new(&flight), minute + 1);
        }
        tokio::time::sleep(TICK).await;
    }
    win.print(minute, target, &flight);
    unsent += win.unsent + win.unbuilt;
    let last_target = target;
    let elapsed = started.elapsed();
    // The batches out are sent again until `end + GRACE`; a probe waits as long for them.
    if !flight.drain(end + GRACE + REQUEST_TIMEOUT).await {
        return Err("requests still out past the grace period".into());
    }
    let (stats, capacity_end) = probe(&flight, &mut bodies, &plan.url, "end").await?;
    probes.merge(stats);
    let mut all = flight.finish().await;
    all.merge(probes);
    let started_batches = scheduled - unsent;
    let share = started_batches as f64 * 100.0 / scheduled.max(1) as f64;
    let first = capacity_first.unwrap_or(0.0);
    Ok(format!(
        "{} scheduled_batches={scheduled} started_batches={started_batches} unsent_batches={unsent} \
         offered_share={share:.2}% capacity_first={first:.0} capacity_end={capacity_end:.0} \
         target_last={last_target:.0} target_over_end_capacity={:.2}",
        all.summary("soak", elapsed),
        last_target / capacity_end.max(1e-9),
    ))
}
