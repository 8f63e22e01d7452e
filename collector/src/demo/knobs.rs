//! Runtime knobs for the demo endpoints: latency, error rate and error status, a count of
//! forced failures, and a fault for the flag endpoint (journeys' failure tests).
//! Read by every demo request; set at start (options) or at runtime (`POST /admin/demo`).

use std::sync::atomic::{AtomicU16, AtomicU32, AtomicU64, AtomicU8, Ordering};

use serde::{Deserialize, Serialize};

/// Highest injectable latency (so a typo cannot hang a test for hours): 60 s.
pub const MAX_LATENCY_MS: u64 = 60_000;
/// Most forced failures that can be queued with `failNext`.
pub const MAX_FAIL_NEXT: u32 = 10_000;
/// Default delay of the `slow` flag fault: beyond the SDK's default 3 s timeout.
pub const DEFAULT_FLAG_DELAY_MS: u64 = 10_000;

/// What `GET /v0/feature_toggles` does instead of answering normally.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum FlagFault {
    /// Answer normally.
    #[default]
    None,
    /// Cut the connection without a usable response (the body fails before any byte).
    Down,
    /// `500` with a JSON error body.
    Http500,
    /// Answer normally after `flagDelayMs`.
    Slow,
    /// `200` with a body that is not JSON.
    Garbage,
}

impl FlagFault {
    const ALL: [FlagFault; 5] = [
        FlagFault::None,
        FlagFault::Down,
        FlagFault::Http500,
        FlagFault::Slow,
        FlagFault::Garbage,
    ];

    fn code(self) -> u8 {
        Self::ALL.iter().position(|f| *f == self).unwrap_or(0) as u8
    }

    fn from_code(c: u8) -> FlagFault {
        Self::ALL.get(usize::from(c)).copied().unwrap_or_default()
    }
}

pub struct DemoKnobs {
    latency_ms: AtomicU64,
    /// Error rate as f64 bits.
    error_rate: AtomicU64,
    error_status: AtomicU16,
    /// The next this-many demo requests fail with `error_status`, whatever the rate.
    fail_next: AtomicU32,
    flag_fault: AtomicU8,
    flag_delay_ms: AtomicU64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KnobValues {
    pub latency_ms: u64,
    pub error_rate: f64,
    pub error_status: u16,
    pub fail_next: u32,
    pub flag_fault: FlagFault,
    pub flag_delay_ms: u64,
}

/// A partial update; absent fields are unchanged.
#[derive(Debug, Clone, Copy, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KnobUpdate {
    pub latency_ms: Option<u64>,
    pub error_rate: Option<f64>,
    pub error_status: Option<u16>,
    pub fail_next: Option<u32>,
    pub flag_fault: Option<FlagFault>,
    pub flag_delay_ms: Option<u64>,
}

impl DemoKnobs {
    pub fn new(latency_ms: u64, error_rate: f64) -> Self {
        DemoKnobs {
            latency_ms: AtomicU64::new(latency_ms.min(MAX_LATENCY_MS)),
            error_rate: AtomicU64::new(error_rate.clamp(0.0, 1.0).to_bits()),
            error_status: AtomicU16::new(500),
            fail_next: AtomicU32::new(0),
            flag_fault: AtomicU8::new(FlagFault::None.code()),
            flag_delay_ms: AtomicU64::new(DEFAULT_FLAG_DELAY_MS),
        }
    }

    pub fn get(&self) -> KnobValues {
        KnobValues {
            latency_ms: self.latency_ms.load(Ordering::Relaxed),
            error_rate: f64::from_bits(self.error_rate.load(Ordering::Relaxed)),
            error_status: self.error_status.load(Ordering::Relaxed),
            fail_next: self.fail_next.load(Ordering::Relaxed),
            flag_fault: FlagFault::from_code(self.flag_fault.load(Ordering::Relaxed)),
            flag_delay_ms: self.flag_delay_ms.load(Ordering::Relaxed),
        }
    }

    /// Whether this demo request must fail: true while forced failures remain (each call
    /// uses one), else with probability `error_rate` (`random` in [0, 1)).
    pub fn should_fail(&self, random: impl FnOnce() -> f64) -> bool {
        let forced = self
            .fail_next
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .is_ok();
        if forced {
            return true;
        }
        let rate = f64::from_bits(self.error_rate.load(Ordering::Relaxed));
        rate > 0.0 && random() < rate
    }

    /// Applies an update after validating every field (nothing changes on error).
    pub fn update(&self, u: KnobUpdate) -> Result<KnobValues, String> {
        if u.latency_ms.is_some_and(|l| l > MAX_LATENCY_MS) {
            return Err(format!("latencyMs must be at most {MAX_LATENCY_MS}"));
        }
        if u.error_rate.is_some_and(|r| !(0.0..=1.0).contains(&r)) {
            return Err("errorRate must be within 0..=1".into());
        }
        if u.error_status.is_some_and(|s| !(400..=599).contains(&s)) {
            return Err("errorStatus must be a 4xx or 5xx status".into());
        }
        if u.fail_next.is_some_and(|n| n > MAX_FAIL_NEXT) {
            return Err(format!("failNext must be at most {MAX_FAIL_NEXT}"));
        }
        if u.flag_delay_ms.is_some_and(|l| l > MAX_LATENCY_MS) {
            return Err(format!("flagDelayMs must be at most {MAX_LATENCY_MS}"));
        }
        if let Some(l) = u.latency_ms {
            self.latency_ms.store(l, Ordering::Relaxed);
        }
        if let Some(r) = u.error_rate {
            self.error_rate.store(r.to_bits(), Ordering::Relaxed);
        }
        if let Some(s) = u.error_status {
            self.error_status.store(s, Ordering::Relaxed);
        }
        if let Some(n) = u.fail_next {
            self.fail_next.store(n, Ordering::Relaxed);
        }
        if let Some(f) = u.flag_fault {
            self.flag_fault.store(f.code(), Ordering::Relaxed);
        }
        if let Some(d) = u.flag_delay_ms {
            self.flag_delay_ms.store(d, Ordering::Relaxed);
        }
        Ok(self.get())
    }
}

#[cfg(test)]
mod tests;
