//! Percent-encoding for URL path segments and query values, and the dot-segment check that keeps
//! an id from climbing out of its path.

/// How many rounds of percent-decoding [`hides_dot_segment`] looks through (`%252e` → `%2e` → `.`).
pub const MAX_DECODE_ROUNDS: usize = 4;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encodes every byte except the RFC 3986 unreserved set (`ALPHA / DIGIT / - . _ ~`).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// One round of lenient percent-decoding: valid `%XX` become bytes, anything else stays as is.
/// Invalid UTF-8 in the result is replaced (U+FFFD), which cannot form a dot segment.
pub fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(b'%'), Some(&h), Some(&l)) => {
                hex_value(h).zip(hex_value(l)).map(|(h, l)| h << 4 | l)
            }
            _ => None,
        };
        match (escaped, bytes.get(i)) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
            }
            (None, Some(&b)) => {
                out.push(b);
                i += 1;
            }
            (None, None) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn has_dot_part(value: &str) -> bool {
    value
        .split(['/', '\\'])
        .any(|part| part == "." || part == "..")
}

/// True when `value`, as given or after up to [`MAX_DECODE_ROUNDS`] rounds of percent-decoding,
/// is or contains (between `/` or `\`) a `.` or `..` segment.
pub fn hides_dot_segment(value: &str) -> bool {
    let mut current = value.to_string();
    for _ in 0..=MAX_DECODE_ROUNDS {
        if has_dot_part(&current) {
            return true;
        }
        let next = percent_decode(&current);
        if next == current {
            return false;
        }
        current = next;
    }
    has_dot_part(&current)
}

#[cfg(test)]
mod tests;
