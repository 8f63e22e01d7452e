//! Delivery outcomes and counters: what to do with a response, how long to wait before a retry,
//! and the `telemetryStats()` numbers.

#[cfg(feature = "serde")]
use serde::Serialize;

use crate::backoff::{retry_after_ms, Backoff};

/// Default age after which a record not yet acknowledged is given up (`telemetry.maxAgeMs`):
/// retries are limited by age and by space, never by a count of attempts.
pub const DEFAULT_MAX_AGE_MS: u64 = 24 * 60 * 60 * 1000;

/// What a response means for the batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// 2xx: acknowledged.
    Ok,
    /// Network error or timeout (`None`), 408, 429 or 5xx: send again later, for as long as the
    /// records are younger than the age limit and fit in memory and storage.
    Retry,
    /// Any other status: the collector will never accept it; give up and count as failed.
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
/// At least [`MIN_RETRY_MS`], so that `Retry-After: 0` is not a busy loop.
pub fn retry_delay_ms(retry_after: Option<&str>, attempt: u32, jitter: f64, now_ms: f64) -> u64 {
    retry_after
        .and_then(|h| retry_after_ms(h, now_ms))
        .unwrap_or_else(|| Backoff::TRANSPORT.delay_ms(attempt, jitter))
        .max(MIN_RETRY_MS)
}

/// Shortest wait before a retry.
pub const MIN_RETRY_MS: u64 = 250;

/// Cumulative counters, in events. Invariant: `queued = sent + dropped + failed + pending`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "camelCase"))]
pub struct Stats {
    /// Accepted into the queue (after sampling and `beforeSend`).
    pub queued: u64,
    /// Acknowledged with a 2xx.
    pub sent: u64,
    /// Re-sent after a retryable outcome (counted per record per retry).
    pub retried: u64,
    /// Given up locally: memory and storage full, older than the age limit, unreadable.
    pub dropped: u64,
    /// Refused by the collector for good (a 4xx other than 408/429).
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

    /// Records a delivery outcome for a batch of `n` records; true when it is to be sent again
    /// (there is no attempt limit: the tracker gives records up by age and by space).
    pub fn on_outcome(&mut self, outcome: Delivery, n: usize) -> bool {
        match outcome {
            Delivery::Ok => self.on_sent(n),
            Delivery::Retry => {
                self.on_retried(n);
                return true;
            }
            Delivery::Drop => self.on_failed(n),
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
