//! Path scrubbing: id-like and PII-bearing segments become [`ID_SEGMENT`], the query keeps only
//! allow-listed keys (a value holding PII becomes `[redacted]`), the fragment is always dropped, and an origin
//! (`https://host`) is removed. Idempotent; the result is capped at [`MAX_STRING_LEN`] chars.

use super::text::{
    contains_pii, percent_decode, truncate_chars, MAX_SCAN_LEN, MAX_STRING_LEN, REDACTED,
};

/// What an id-like segment becomes.
pub const ID_SEGMENT: &str = ":id";
/// Hex segments at least this long are ids (object ids, hashes, dash-less UUIDs).
pub const MIN_HEX_ID_LEN: usize = 16;
/// Segments with a digit run at least this long are ids (`draft12345`, `appt-123456`).
pub const MIN_ID_DIGIT_RUN: usize = 5;
/// Segments at least this long that mix letters and digits are ids (tokens, base64).
pub const MIN_TOKEN_LEN: usize = 24;

/// Scrubs a page path (or full URL). `query_allow` lists query keys that are kept.
pub fn scrub_path(raw: &str, query_allow: &[String]) -> String {
    let raw = truncate_chars(raw, MAX_SCAN_LEN);
    let raw = strip_origin(raw);
    let (path, rest) = match raw.find(['?', '#']) {
        Some(i) => raw.split_at(i),
        None => (raw, ""),
    };
    let mut out: String = path
        .split('/')
        .map(scrub_segment)
        .collect::<Vec<_>>()
        .join("/");
    if out.chars().count() > MAX_STRING_LEN {
        // Keep whole segments only, so that scrubbing again changes nothing.
        let cut = truncate_chars(&out, MAX_STRING_LEN);
        out = cut.rfind('/').map_or("/", |i| &cut[..=i]).to_string();
    }
    let query = rest
        .strip_prefix('?')
        .map(|q| q.split('#').next().unwrap_or(""))
        .unwrap_or("");
    let kept: Vec<String> = query
        .split('&')
        .filter_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            query_allow
                .iter()
                .any(|k| k == key)
                .then(|| [key, "=", scrub_query_value(value)].concat())
        })
        .collect();
    let query = kept.join("&");
    if !kept.is_empty() && out.chars().count() + 1 + query.chars().count() <= MAX_STRING_LEN {
        out.push('?');
        out.push_str(&query);
    }
    out
}

/// A value holding PII (after percent-decoding) becomes [`REDACTED`] whole.
fn scrub_query_value(value: &str) -> &str {
    if contains_pii(value) {
        REDACTED
    } else {
        value
    }
}

/// `https://host:port/p?q` → `/p?q`; a path is returned unchanged.
fn strip_origin(raw: &str) -> &str {
    let Some(scheme_end) = raw.find("://") else {
        return raw;
    };
    if raw[..scheme_end].contains(['/', '?', '#']) {
        return raw;
    }
    let after = &raw[scheme_end + 3..];
    match after.find(['/', '?', '#']) {
        Some(i) => &after[i..],
        None => "/",
    }
}

fn scrub_segment(segment: &str) -> &str {
    if segment.is_empty() || segment == ID_SEGMENT {
        return segment;
    }
    let decoded = percent_decode(segment);
    if is_id(decoded.as_deref().unwrap_or(segment)) || contains_pii(segment) {
        ID_SEGMENT
    } else {
        segment
    }
}

/// True for all-digit segments, UUIDs, long hex ids, email-like segments, segments with a long
/// digit run, and long letter-digit tokens.
pub fn is_id(s: &str) -> bool {
    let n = s.chars().count();
    let all = |f: fn(char) -> bool| s.chars().all(f);
    let has_digit = s.chars().any(|c| c.is_numeric());
    let has_alpha = s.chars().any(|c| c.is_alphabetic());
    all(char::is_numeric)
        || is_uuid(s)
        || (n >= MIN_HEX_ID_LEN && all(|c| c.is_ascii_hexdigit()))
        || s.contains(['@', '\u{FF20}'])
        || longest_digit_run(s) >= MIN_ID_DIGIT_RUN
        || (n >= MIN_TOKEN_LEN && has_digit && has_alpha && !s.contains('-'))
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.split('-').map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && s.split('-')
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

fn longest_digit_run(s: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        run = if c.is_numeric() { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests;
