//! Pure delivery policy for the flag request: URL, status classification, retries, cookie.

use crate::backoff::{retry_after_ms, Backoff};

/// Name of the cookie vets-website keeps the anonymous Flipper actor id in.
pub const FLIPPER_ID_COOKIE: &str = "FLIPPER_ID";
/// Longest cookie value accepted as a Flipper id.
pub const MAX_COOKIE_ID_LEN: usize = 200;

/// `base?features=a,b&cookie_id=…` (names and id percent-encoded; `&` when `base` already has a
/// query). No `features` when `names` is empty, no `cookie_id` when there is none.
pub fn build_url(base: &str, names: &[String], cookie_id: Option<&str>) -> String {
    let (path, fragment) = match base.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (base, None),
    };
    let mut params = Vec::new();
    if !names.is_empty() {
        let list: Vec<String> = names.iter().map(|n| percent_encode(n)).collect();
        params.push(crate::text!["features=", list.join(",")]);
    }
    if let Some(id) = cookie_id {
        params.push(crate::text!["cookie_id=", percent_encode(id)]);
    }
    let mut url = path.to_owned();
    if !params.is_empty() {
        if !url.contains('?') {
            url.push('?');
        } else if !url.ends_with('?') && !url.ends_with('&') {
            url.push('&');
        }
        url.push_str(&params.join("&"));
    }
    if let Some(f) = fragment {
        url.push('#');
        url.push_str(f);
    }
    url
}

/// RFC 3986 percent-encoding of everything but unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    out
}

/// What to do with a response status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx: parse the body.
    Fresh,
    /// 304: the cached document is current.
    NotModified,
    /// 408, 429, 5xx: retry, after `after_ms` when the server said so (`Retry-After`).
    Retry { after_ms: Option<u64> },
    /// 401 / 403: stop polling for this page (as vets-website and OFREP do).
    StopPolling,
    /// Anything else: give up this refresh, keep the last good state.
    Fail,
}

pub fn classify(status: u16, retry_after: Option<&str>, now_ms: f64) -> Outcome {
    match status {
        304 => Outcome::NotModified,
        200..=299 => Outcome::Fresh,
        401 | 403 => Outcome::StopPolling,
        408 | 429 | 500..=599 => Outcome::Retry {
            after_ms: retry_after.and_then(|h| retry_after_ms(h, now_ms)),
        },
        _ => Outcome::Fail,
    }
}

/// Retries within one refresh: at most `max_attempts` requests, exponential backoff with jitter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefreshPolicy {
    pub max_attempts: u32,
    pub backoff: Backoff,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        RefreshPolicy {
            max_attempts: 3,
            backoff: Backoff {
                base_ms: 500,
                max_ms: 8_000,
            },
        }
    }
}

impl RefreshPolicy {
    /// After attempt number `attempt` (1-based) ended with `outcome`: the delay before the next
    /// attempt, or `None` to stop. Transport errors and timeouts count as `Retry{after_ms:None}`.
    /// A `Retry-After` longer than the backoff ceiling ends this refresh (the next one waits).
    pub fn next_delay_ms(&self, attempt: u32, outcome: Outcome, jitter: f64) -> Option<u64> {
        let Outcome::Retry { after_ms } = outcome else {
            return None;
        };
        if attempt >= self.max_attempts {
            return None;
        }
        match after_ms {
            Some(ms) if ms > self.backoff.max_ms => None,
            Some(ms) => Some(ms),
            None => Some(self.backoff.delay_ms(attempt.saturating_sub(1), jitter)),
        }
    }
}

/// The value of cookie `name` in a `document.cookie` string, if present and non-empty.
pub fn parse_cookie(cookie_header: &str, name: &str) -> Option<String> {
    cookie_header.split(';').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        if k.trim() != name {
            return None;
        }
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(v);
        (!v.is_empty() && v.len() <= MAX_COOKIE_ID_LEN).then(|| v.to_owned())
    })
}

#[cfg(test)]
mod tests;
