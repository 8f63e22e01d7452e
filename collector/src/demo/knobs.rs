//! Runtime knobs for the demo endpoints: latency, error rate and error status.
//! Read by every demo request; set at start (options) or at runtime (`POST /admin/demo`).

use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

/// Highest injectable latency (so a typo cannot hang a test for hours): 60 s.
pub const MAX_LATENCY_MS: u64 = 60_000;

pub struct DemoKnobs {
    latency_ms: AtomicU64,
    /// Error rate as f64 bits.
    error_rate: AtomicU64,
    error_status: AtomicU16,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KnobValues {
    pub latency_ms: u64,
    pub error_rate: f64,
    pub error_status: u16,
}

/// A partial update; absent fields are unchanged.
#[derive(Debug, Clone, Copy, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KnobUpdate {
    pub latency_ms: Option<u64>,
    pub error_rate: Option<f64>,
    pub error_status: Option<u16>,
}

impl DemoKnobs {
    pub fn new(latency_ms: u64, error_rate: f64) -> Self {
        DemoKnobs {
            latency_ms: AtomicU64::new(latency_ms.min(MAX_LATENCY_MS)),
            error_rate: AtomicU64::new(error_rate.clamp(0.0, 1.0).to_bits()),
            error_status: AtomicU16::new(500),
        }
    }

    pub fn get(&self) -> KnobValues {
        KnobValues {
            latency_ms: self.latency_ms.load(Ordering::Relaxed),
            error_rate: f64::from_bits(self.error_rate.load(Ordering::Relaxed)),
            error_status: self.error_status.load(Ordering::Relaxed),
        }
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
        if let Some(l) = u.latency_ms {
            self.latency_ms.store(l, Ordering::Relaxed);
        }
        if let Some(r) = u.error_rate {
            self.error_rate.store(r.to_bits(), Ordering::Relaxed);
        }
        if let Some(s) = u.error_status {
            self.error_status.store(s, Ordering::Relaxed);
        }
        Ok(self.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_validates_all_or_nothing() {
        let k = DemoKnobs::new(5, 0.1);
        assert!(k
            .update(KnobUpdate {
                latency_ms: Some(1),
                error_rate: Some(2.0),
                error_status: None
            })
            .is_err());
        assert_eq!(
            k.get(),
            KnobValues {
                latency_ms: 5,
                error_rate: 0.1,
                error_status: 500
            }
        );
        let v = k
            .update(KnobUpdate {
                error_status: Some(503),
                ..Default::default()
            })
            .expect("valid");
        assert_eq!(
            v,
            KnobValues {
                latency_ms: 5,
                error_rate: 0.1,
                error_status: 503
            }
        );
        assert!(k
            .update(KnobUpdate {
                error_status: Some(200),
                ..Default::default()
            })
            .is_err());
    }
}
