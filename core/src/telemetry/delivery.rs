//! Delivery outcomes and counters: what to do with a response, how long to wait before a retry,
//! and the `telemetryStats()` numbers.

use serde::Serialize;

use crate::backoff::{retry_after_ms, Backoff};

/// Attempts (first send included) before a batch counts as failed. With 1 s doubling to 1 min,
/// the last retry happens about 2 minutes after the first send.
pub const MAX_ATTEMPTS: u32 = 8;

/// What a response means for the batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// 2xx: acknowledged.
    Ok,
    /// Network error (`None`), 408, 429 or 5xx: send again later.
    Retry,
    /// Any other status: the collector will never accept it; drop and count as failed.
    Drop,
}

pub fn classify(status: Option<u16>) -> Delivery {
    match status {
        Some(200..=299) => Delivery::Ok,
        None | Some(408) | Some(429) | Some(500..=599) => Delivery::Retry,
        Some(_) => Delivery::Drop,
    }
}

/// Milliseconds before retry number `attempt` (0-based): the `Retry-After` header when one is
/// given and parses (429 and 503 send it), else exponential backoff with jitter (`jitter` in [0, 1)).
pub fn retry_delay_ms(retry_after: Option<&str>, attempt: u32, jitter: f64, now_ms: f64) -> u64 {
    retry_after
        .and_then(|h| retry_after_ms(h, now_ms))
        .unwrap_or_else(|| Backoff::TRANSPORT.delay_ms(attempt, jitter))
}

/// Cumulative counters, in events. Invariant: `queued = sent + dropped + failed + pending`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Accepted into the queue (after sampling and `beforeSend`).
    pub queued: u64,
    /// Acknowledged with a 2xx.
    pub sent: u64,
    /// Re-sent after a retryable outcome (counted per record per retry).
    pub retried: u64,
    /// Lost locally: queue overflow, oversize records, expired or over-cap persisted records.
    pub dropped: u64,
    /// Rejected by the collector (non-retryable status) or given up after [`MAX_ATTEMPTS`].
    pub failed: u64,
}

impl Stats {
    pub fn on_queued(&mut self, n: usize) {
        self.queued = self.queued.saturating_add(n as u64);
    }
    pub fn on_sent(&mut self, n: usize) {
        self.sent = self.sent.saturating_add(n as u64);
    }
    pub fn on_retried(&mut self, n: usize) {
        self.retried = self.retried.saturating_add(n as u64);
    }
    pub fn on_dropped(&mut self, n: usize) {
        self.dropped = self.dropped.saturating_add(n as u64);
    }
    pub fn on_failed(&mut self, n: usize) {
        self.failed = self.failed.saturating_add(n as u64);
    }

    /// Records a delivery outcome for a batch of `n` records at attempt `attempt` (0-based);
    /// returns true when the batch should be sent again.
    pub fn on_outcome(&mut self, outcome: Delivery, n: usize, attempt: u32) -> bool {
        match outcome {
            Delivery::Ok => self.on_sent(n),
            Delivery::Retry if attempt + 1 < MAX_ATTEMPTS => {
                self.on_retried(n);
                return true;
            }
            Delivery::Retry | Delivery::Drop => self.on_failed(n),
        }
        false
    }

    /// Events neither delivered nor lost yet.
    pub fn pending(&self) -> u64 {
        self.queued
            .saturating_sub(self.sent + self.dropped + self.failed)
    }
}

#[cfg(test)]
mod tests;
