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
        params.push(format!("features={}", list.join(",")));
    }
    if let Some(id) = cookie_id {
        params.push(format!("cookie_id={}", percent_encode(id)));
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
            out.push_str(&format!("%{b:02X}"));
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
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn urls() {
        let n = names(&["a_flag", "b"]);
        assert_eq!(
            build_url("/v0/feature_toggles", &n, Some("abc123")),
            "/v0/feature_toggles?features=a_flag,b&cookie_id=abc123"
        );
        assert_eq!(build_url("/x?y=1", &n, None), "/x?y=1&features=a_flag,b");
        assert_eq!(
            build_url("/x?", &[], Some("a b&c")),
            "/x?cookie_id=a%20b%26c"
        );
        assert_eq!(build_url("/x", &[], None), "/x");
        assert_eq!(
            build_url("/x#frag", &names(&["é,"]), None),
            "/x?features=%C3%A9%2C#frag"
        );
    }

    #[test]
    fn statuses() {
        assert_eq!(classify(200, None, 0.0), Outcome::Fresh);
        assert_eq!(classify(304, None, 0.0), Outcome::NotModified);
        assert_eq!(classify(401, None, 0.0), Outcome::StopPolling);
        assert_eq!(classify(403, None, 0.0), Outcome::StopPolling);
        assert_eq!(
            classify(429, Some("2"), 0.0),
            Outcome::Retry {
                after_ms: Some(2_000)
            }
        );
        assert_eq!(
            classify(503, Some("soon"), 0.0),
            Outcome::Retry { after_ms: None }
        );
        assert_eq!(classify(500, None, 0.0), Outcome::Retry { after_ms: None });
        assert_eq!(classify(404, None, 0.0), Outcome::Fail);
        assert_eq!(classify(302, None, 0.0), Outcome::Fail);
    }

    #[test]
    fn retries_are_bounded() {
        let p = RefreshPolicy::default();
        let retry = Outcome::Retry { after_ms: None };
        assert_eq!(p.next_delay_ms(1, retry, 1.0), Some(500));
        assert_eq!(p.next_delay_ms(2, retry, 1.0), Some(1_000));
        assert_eq!(p.next_delay_ms(3, retry, 1.0), None);
        assert_eq!(
            p.next_delay_ms(
                1,
                Outcome::Retry {
                    after_ms: Some(3_000)
                },
                0.0
            ),
            Some(3_000)
        );
        assert_eq!(
            p.next_delay_ms(
                1,
                Outcome::Retry {
                    after_ms: Some(60_000)
                },
                0.0
            ),
            None
        );
        assert_eq!(p.next_delay_ms(1, Outcome::Fail, 0.0), None);
        assert_eq!(p.next_delay_ms(1, Outcome::StopPolling, 0.0), None);
    }

    #[test]
    fn cookies() {
        let header = "a=1; FLIPPER_ID=k3j4h5; other=\"x\"";
        assert_eq!(
            parse_cookie(header, FLIPPER_ID_COOKIE).as_deref(),
            Some("k3j4h5")
        );
        assert_eq!(parse_cookie(header, "other").as_deref(), Some("x"));
        assert_eq!(parse_cookie("NOT_FLIPPER_ID=1", FLIPPER_ID_COOKIE), None);
        assert_eq!(parse_cookie("FLIPPER_ID=", FLIPPER_ID_COOKIE), None);
        assert_eq!(parse_cookie("", FLIPPER_ID_COOKIE), None);
    }
}
