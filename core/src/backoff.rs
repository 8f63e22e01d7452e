//! Retry timing shared by flag delivery and telemetry transport: exponential backoff with
//! full jitter, and `Retry-After` parsing. Pure: the caller passes the random number and the clock.

/// Exponential backoff: attempt 0 waits about `base_ms`, doubling up to `max_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    pub base_ms: u64,
    pub max_ms: u64,
}

impl Backoff {
    /// Telemetry transport: 1 s doubling to 1 min.
    pub const TRANSPORT: Backoff = Backoff {
        base_ms: 1_000,
        max_ms: 60_000,
    };

    /// Delay before retry number `attempt` (0-based). `jitter` in [0, 1) picks a point in the
    /// upper half of the window ("equal jitter"), so a retry never fires at once yet herds spread.
    pub fn delay_ms(&self, attempt: u32, jitter: f64) -> u64 {
        let ceiling = self
            .base_ms
            .saturating_mul(1u64 << attempt.min(30))
            .min(self.max_ms);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.5
        };
        let half = ceiling / 2;
        half + ((ceiling - half) as f64 * jitter) as u64
    }
}

/// Milliseconds to wait from a `Retry-After` header: delta-seconds, or an IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) against `now_ms` (Unix ms). `None` when unparseable.
/// Capped at one hour so a hostile header cannot park a client forever.
pub fn retry_after_ms(header: &str, now_ms: f64) -> Option<u64> {
    const CAP_MS: u64 = 3_600_000;
    let value = header.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let secs: u64 = value.parse().unwrap_or(u64::MAX);
        return Some(secs.saturating_mul(1000).min(CAP_MS));
    }
    let at_ms = parse_imf_fixdate(value)?;
    let wait = at_ms - now_ms;
    Some(if wait <= 0.0 {
        0
    } else {
        (wait as u64).min(CAP_MS)
    })
}

/// Parses `Sun, 06 Nov 1994 08:49:37 GMT` into Unix milliseconds.
fn parse_imf_fixdate(s: &str) -> Option<f64> {
    let rest = s.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day: i64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 86_400 + h * 3_600 + m * 60 + sec) * 1000) as f64)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests;
