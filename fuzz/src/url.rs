//! An independent check that a built VAOS URL stays inside its row's template.

/// Decoding rounds looked through: one for the encoding the builder adds, plus the builder's own
/// `MAX_DECODE_ROUNDS` (4) + 1 rounds it refuses dot segments through.
pub const CHECK_DECODE_ROUNDS: usize = 6;

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// One round of percent-decoding (`%XX` only), lossy UTF-8.
pub fn decode_once(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Only unreserved bytes and well-formed `%XX` escapes.
pub fn is_encoded(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if i + 2 >= b.len() || hex(b[i + 1]).is_none() || hex(b[i + 2]).is_none() {
                return false;
            }
            i += 3;
        } else if unreserved(b[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

fn has_dot_part(s: &str) -> bool {
    s.split(['/', '\\']).any(|p| p == "." || p == "..")
}

/// Checks `url` (path and query, as built) against `template` (the row's source text):
/// a relative path (no scheme, host, `//` or dot segment), the template's segment count, its
/// literals in place, each `{param}` one non-empty percent-encoded segment that never decodes
/// (through [`CHECK_DECODE_ROUNDS`] rounds) to or into a dot segment, and query keys from the
/// template with encoded values. Panics with the reason otherwise.
pub fn check_vaos_url(url: &str, template: &str) {
    assert!(
        url.starts_with('/') && !url.starts_with("//"),
        "not a relative path: {url:?}"
    );
    assert!(
        url.bytes()
            .all(|b| unreserved(b) || b"/?&=%,[]".contains(&b)),
        "unexpected byte in {url:?}"
    );
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let (tpath, tquery) = template.split_once('?').unwrap_or((template, ""));
    let segs: Vec<&str> = path[1..].split('/').collect();
    let tsegs: Vec<&str> = tpath[1..].split('/').collect();
    assert_eq!(
        segs.len(),
        tsegs.len(),
        "segment count of {url:?} vs template {template:?}"
    );
    for (seg, tseg) in segs.iter().zip(&tsegs) {
        if tseg.starts_with('{') {
            assert!(!seg.is_empty(), "empty path parameter in {url:?}");
            assert!(
                is_encoded(seg),
                "path parameter {seg:?} not percent-encoded in {url:?}"
            );
            let mut text = seg.to_string();
            for _ in 0..=CHECK_DECODE_ROUNDS {
                assert!(
                    text != "." && text != "..",
                    "dot segment {seg:?} in {url:?}"
                );
                text = decode_once(&text);
                assert!(
                    !has_dot_part(&text),
                    "{seg:?} decodes to a dot segment ({text:?}) in {url:?}"
                );
            }
        } else {
            assert_eq!(
                seg, tseg,
                "literal segment changed in {url:?} (template {template:?})"
            );
        }
    }
    let tkeys: Vec<&str> = tquery
        .split('&')
        .filter_map(|i| i.split_once('=').map(|(k, _)| k))
        .collect();
    if !query.is_empty() {
        for item in query.split('&') {
            let (k, v) = item.split_once('=').unwrap_or_else(|| {
                crate::crash(format_args!("query item {item:?} without '=' in {url:?}"))
            });
            assert!(
                tkeys.contains(&k),
                "query key {k:?} not in template {template:?}"
            );
            assert!(
                v.split(',').all(is_encoded),
                "query value {v:?} not encoded in {url:?}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_built_url_and_refuses_escapes() {
        check_vaos_url("/vaos/v2/appointments/a%2Fb", "/vaos/v2/appointments/{id}");
        for bad in [
            "/vaos/v2/appointments/..",
            "/vaos/v2/appointments/%2e%2e",
            "//evil/x/y/z",
            "/vaos/v2/appointments/a/b",
            "/vaos/v2/appointments/x%252F..%252Fy",
        ] {
            assert!(
                std::panic::catch_unwind(|| check_vaos_url(bad, "/vaos/v2/appointments/{id}"))
                    .is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn decodes_once() {
        assert_eq!(decode_once("%2e%2E%zz%4"), "..%zz%4");
        assert_eq!(decode_once("%252e"), "%2e");
    }
}
