//! What a run of the load generator counts, and its one-line summary.

use std::time::Duration;

/// Counts of one client (merged into the run's).
#[derive(Default)]
pub struct Stats {
    /// Latency of every answered request, in microseconds.
    pub latencies_us: Vec<u64>,
    pub accepted_batches: u64,
    pub accepted_events: u64,
    pub too_many: u64,
    /// 429s without a `Retry-After` header (must stay 0).
    pub too_many_without_retry_after: u64,
    /// Any other status.
    pub other_status: u64,
    /// Connection errors and timeouts (must stay 0).
    pub failed: u64,
    /// Batches still answered 429 when a retrying run stopped sending them again (never
    /// acknowledged; a soak must keep this 0).
    pub given_up: u64,
    /// The generator's own CPU time (every thread, user + system) while it sent (0: not measured).
    pub generator_cpu_ns: u64,
}

/// CPU time this process's threads have run, in nanoseconds (the sum of
/// `/proc/self/task/*/schedstat`; 0 where it cannot be read).
pub fn own_cpu_ns() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

impl Stats {
    pub fn merge(&mut self, o: Stats) {
        self.latencies_us.extend(o.latencies_us);
        self.accepted_batches += o.accepted_batches;
        self.accepted_events += o.accepted_events;
        self.too_many += o.too_many;
        self.too_many_without_retry_after += o.too_many_without_retry_after;
        self.other_status += o.other_status;
        self.failed += o.failed;
        self.given_up += o.given_up;
        self.generator_cpu_ns += o.generator_cpu_ns;
    }

    fn percentile_ms(sorted: &[u64], p: f64) -> f64 {
        if sorted.is_empty() {
            return 0.0;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
    }

    /// `key=value` pairs (scripts read them) after a human-readable rate.
    pub fn summary(mut self, label: &str, elapsed: Duration) -> String {
        self.latencies_us.sort_unstable();
        let secs = elapsed.as_secs_f64().max(1e-9);
        let answered = self.latencies_us.len() as u64;
        let share_429 = if answered == 0 {
            0.0
        } else {
            self.too_many as f64 * 100.0 / answered as f64
        };
        format!(
            "{label}: {} events acknowledged in {secs:.1} s = {:.0} events/s, {:.0} batches/s; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; \
             requests={answered} acked_events={} acked_batches={} status_429={} share_429={share_429:.1}% no_retry_after={} other_status={} failed={} given_up={} \
             events_per_s={:.0} batches_per_s={:.0} p99_ms={:.1} max_ms={:.1} generator_cpu_s={:.2}",
            self.accepted_events,
            self.accepted_events as f64 / secs,
            self.accepted_batches as f64 / secs,
            Self::percentile_ms(&self.latencies_us, 50.0),
            Self::percentile_ms(&self.latencies_us, 99.0),
            Self::percentile_ms(&self.latencies_us, 100.0),
            self.accepted_events,
            self.accepted_batches,
            self.too_many,
            self.too_many_without_retry_after,
            self.other_status,
            self.failed,
            self.given_up,
            self.accepted_events as f64 / secs,
            self.accepted_batches as f64 / secs,
            Self::percentile_ms(&self.latencies_us, 99.0),
            Self::percentile_ms(&self.latencies_us, 100.0),
            self.generator_cpu_ns as f64 / 1e9,
        )
    }
}
