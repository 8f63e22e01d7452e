//! Per-client-IP token bucket for ingest. Numbers are options; defaults below.
//! The client address is the TCP peer (X-Forwarded-For is not trusted).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Default sustained ingest requests per second per client IP (a browser flushes every 5 s or 50 events).
pub const DEFAULT_RATE_PER_SEC: f64 = 50.0;
/// Default burst (bucket size) per client IP.
pub const DEFAULT_BURST: f64 = 200.0;
/// Most client IPs tracked at once; past that, idle buckets are dropped, then all if still too many.
pub const MAX_TRACKED_CLIENTS: usize = 10_000;
/// A bucket idle this long is full again and can be forgotten.
const IDLE_FORGET_SECS: f64 = 60.0;

struct Bucket {
    tokens: f64,
    last: Instant,
}

pub struct RateLimiter {
    rate: f64,
    /// Loopback peers are limited too (otherwise they pass).
    limit_loopback: bool,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    /// `rate <= 0` disables limiting; loopback peers pass unless `limit_loopback`.
    pub fn new(rate: f64, burst: f64, limit_loopback: bool) -> Self {
        RateLimiter {
            rate,
            limit_loopback,
            burst: burst.max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `ip`. `Err(seconds)` says how long until a token is available.
    pub fn check(&self, ip: IpAddr) -> Result<(), u64> {
        self.check_at(ip, Instant::now())
    }

    pub fn check_at(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        if self.rate <= 0.0 || (ip.is_loopback() && !self.limit_loopback) {
            return Ok(());
        }
        let mut map = match self.buckets.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        if map.len() >= MAX_TRACKED_CLIENTS && !map.contains_key(&ip) {
            map.retain(|_, b| {
                now.saturating_duration_since(b.last).as_secs_f64() < IDLE_FORGET_SECS
            });
            if map.len() >= MAX_TRACKED_CLIENTS {
                map.clear();
            }
        }
        let b = map.entry(ip).or_insert(Bucket {
            tokens: self.burst,
            last: now,
        });
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.rate).min(self.burst);
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - b.tokens) / self.rate).ceil();
            Err(if wait.is_finite() && wait >= 1.0 {
                wait as u64
            } else {
                1
            })
        }
    }
}

#[cfg(test)]
mod tests;
