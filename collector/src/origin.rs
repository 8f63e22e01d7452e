//! Which browser origins may send telemetry. CORS stops a foreign page from *reading* answers and
//! from sending preflighted requests, but a `text/plain` POST (what `sendBeacon` sends) needs no
//! preflight: without this check any web page could make its visitors' browsers write events
//! into the report that decides a rollout. Requests without `Origin` (curl, servers) are not
//! browser-page requests and are judged by the rate limit alone.

/// True when `origin` is set and is neither in `allowed` nor the collector's own origin (the
/// `Host` the request was sent to). `null` (sandboxed frames, `file:`) is foreign unless listed.
pub fn is_foreign(origin: Option<&str>, host: Option<&str>, allowed: &[String]) -> bool {
    let Some(origin) = origin.map(str::trim) else {
        return false;
    };
    if allowed.iter().any(|a| a.eq_ignore_ascii_case(origin)) {
        return false;
    }
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    match (authority, host) {
        (Some(a), Some(h)) => !a.eq_ignore_ascii_case(h.trim()),
        _ => true,
    }
}

#[cfg(test)]
mod tests;
