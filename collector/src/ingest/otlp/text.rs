//! JSON text written straight from the fast path's attribute values, byte for byte what
//! `serde_json` writes for the same `Value` (the tree reader's text): strings escaped as it
//! escapes them, integers in decimal, doubles by `serde_json` itself.

use serde_json::Value;

/// A JSON string: `"`, `\` and the control characters escaped, as `serde_json` does
/// (`\b \t \n \f \r`, the rest `\u00xx` in lowercase hex); everything else as is.
pub fn push_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let b = s.as_bytes();
    let mut start = 0;
    loop {
        // `end` is at an ASCII byte or the end, so a char boundary.
        let end = start + plain_len(b.get(start..).unwrap_or_default());
        out.push_str(s.get(start..end).unwrap_or_default());
        let Some(&c) = b.get(end) else { break };
        let short = match c {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => "",
        };
        if short.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(c >> 4)]));
            out.push(char::from(HEX[usize::from(c & 0xf)]));
        } else {
            out.push_str(short);
        }
        start = end + 1;
    }
    out.push('"');
}

/// How many bytes of `b` come before the first `"`, `\` or control character (all of `b`
/// if none), eight at a time.
pub fn plain_len(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut at = 0;
    for chunk in b.chunks_exact(8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Flags the bytes equal to `"` or `\`, or below 0x20; the lowest flag is exact.
        let hit = zero_byte(w ^ (ONES * u64::from(b'"')))
            | zero_byte(w ^ (ONES * u64::from(b'\\')))
            | (w.wrapping_sub(ONES * 0x20) & !w & HIGH);
        if hit != 0 {
            return at + (hit.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let tail = b.get(at..).unwrap_or_default();
    at + tail
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
        .unwrap_or(tail.len())
}

/// An attribute value as the fast path reads it: borrowed from the body where it can be.
#[derive(Debug)]
pub enum Val<'a> {
    Null,
    Str(std::borrow::Cow<'a, str>),
    Bool(bool),
    Int(i64),
    Double(f64),
    /// An array or kvlist value, read into a tree (rare: the SDK sends none).
    Tree(Value),
}

impl Val<'_> {
    /// The value as plain JSON (what the tree reader holds).
    pub fn into_value(self) -> Value {
        match self {
            Val::Null => Value::Null,
            Val::Str(s) => Value::String(s.into_owned()),
            Val::Bool(b) => Value::Bool(b),
            Val::Int(i) => Value::from(i),
            Val::Double(d) => Value::from(d),
            Val::Tree(v) => v,
        }
    }

    /// About how long the value's JSON text is (to size the buffer written).
    pub fn size_hint(&self) -> usize {
        match self {
            Val::Str(s) => s.len() + 2,
            Val::Tree(_) => 64,
            _ => 20,
        }
    }

    /// Appends the value's JSON text.
    pub fn push_json(&self, out: &mut String) {
        match self {
            Val::Null => out.push_str("null"),
            Val::Str(s) => push_string(out, s),
            Val::Bool(true) => out.push_str("true"),
            Val::Bool(false) => out.push_str("false"),
            Val::Int(i) => out.push_str(itoa::Buffer::new().format(*i)),
            // Rare (the SDK's durations): serde_json's own float text, not a second formatter.
            Val::Double(d) => out.push_str(&Value::from(*d).to_string()),
            Val::Tree(v) => out.push_str(&v.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(v: &Val<'_>) -> String {
        let mut out = String::new();
        v.push_json(&mut out);
        out
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u32..0x80).filter_map(char::from_u32).collect();
        all.push_str("é\u{2028}\u{fffd}😀 end");
        for s in [all.as_str(), "", "plain", "\"", "a\\b", "\u{7f}"] {
            let mut out = String::new();
            push_string(&mut out, s);
            assert_eq!(out, Value::from(s).to_string(), "{s:?}");
        }
    }

    #[test]
    fn plain_len_stops_at_the_first_byte_to_escape() {
        for special in 0..=255u8 {
            for at in 0..20 {
                let mut b: Vec<u8> = (0..20).map(|i| [b'a', 0xc3, 0x7f, b'~'][i % 4]).collect();
                b[at] = special;
                b.push(b'"');
                let want = b.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20);
                assert_eq!(Some(plain_len(&b)), want, "{special} at {at}");
                assert_eq!(plain_len(&b[..at]), at);
            }
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        for d in [
            0.0,
            -0.0,
            12.0,
            12.5,
            1e21,
            1e-7,
            0.1 + 0.2,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            assert_eq!(json(&Val::Double(d)), Value::from(d).to_string(), "{d}");
        }
        assert_eq!(
            json(&Val::Double(f64::NAN)),
            Value::from(f64::NAN).to_string()
        );
        for i in [0, -1, 503, i64::MIN, i64::MAX] {
            assert_eq!(json(&Val::Int(i)), Value::from(i).to_string());
        }
        assert_eq!(json(&Val::Bool(false)), "false");
        assert_eq!(json(&Val::Null), "null");
    }
}
