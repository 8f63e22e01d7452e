//! A tiny JSON writer (no serde_json in the wasm crate): correct string escaping, non-finite
//! numbers as `null`, and comma bookkeeping for objects and arrays.

/// Appends `s` as a JSON string literal (quotes included). Escapes `"` `\` and every control
/// char; `\u2028`/`\u2029` too, so the output is also safe inside a JS string. Rust strings hold
/// no lone surrogates, so the output is always valid UTF-8 JSON. Runs of bytes that need no
/// escape are copied whole.
pub fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // U+2028 / U+2029 are E2 80 A8 / E2 80 A9 in UTF-8.
        let line_sep = match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (0xE2, Some(0x80), Some(&last @ (0xA8 | 0xA9))) => {
                Some(0x2028 + u32::from(last - 0xA8))
            }
            _ => None,
        };
        if b >= 0x20 && b != b'"' && b != b'\\' && line_sep.is_none() {
            i += 1;
            continue;
        }
        // `i` is at an ASCII byte or the lead byte of U+2028/9: a char boundary.
        out.push_str(s.get(run..i).unwrap_or_default());
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => {
                let code = line_sep.unwrap_or(u32::from(b));
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(char::from(HEX[((code >> shift) & 0xF) as usize]));
                }
            }
        }
        i += if line_sep.is_some() { 3 } else { 1 };
        run = i;
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `n` in decimal (no `core::fmt`: this runs for every record).
pub fn write_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    out.extend(digits.iter().skip(i).map(|&d| char::from(d)));
}

/// Appends `n` in decimal.
pub fn write_i64(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    write_u64(out, n.unsigned_abs());
}

/// Appends a JSON number: a whole number within ±2^53 (a timestamp, a count) in decimal without
/// `core::fmt`, anything else as [`write_f64`] writes it.
pub fn write_number(out: &mut String, v: f64) {
    if v.fract() == 0.0 && v.abs() <= 9_007_199_254_740_992.0 {
        write_i64(out, v as i64);
    } else {
        write_f64(out, v);
    }
}

/// A JSON boolean's text.
pub fn bool_text(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// Appends a JSON number as `{v:?}` writes it (shortest round trip, `crate::text::float`), or
/// `null` for NaN and infinities.
pub fn write_f64(out: &mut String, v: f64) {
    if v.is_finite() {
        crate::text::float::write_debug(out, v);
    } else {
        out.push_str("null");
    }
}

/// Writes the members of an object or array, inserting commas.
pub struct Seq<'a> {
    out: &'a mut String,
    first: bool,
    close: char,
}

impl<'a> Seq<'a> {
    pub fn object(out: &'a mut String) -> Self {
        out.push('{');
        Seq {
            out,
            first: true,
            close: '}',
        }
    }

    pub fn array(out: &'a mut String) -> Self {
        out.push('[');
        Seq {
            out,
            first: true,
            close: ']',
        }
    }

    fn sep(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    /// Starts an object member `"key":` and returns the buffer to write its value into.
    pub fn key(&mut self, key: &str) -> &mut String {
        self.sep();
        write_str(self.out, key);
        self.out.push(':');
        self.out
    }

    /// Starts an array element and returns the buffer to write it into.
    pub fn item(&mut self) -> &mut String {
        self.sep();
        self.out
    }

    pub fn str(&mut self, key: &str, value: &str) {
        write_str(self.key(key), value);
    }

    /// A member whose value is already-encoded JSON.
    pub fn raw(&mut self, key: &str, json: &str) {
        self.key(key).push_str(json);
    }

    pub fn end(self) {
        self.out.push(self.close);
    }
}

#[cfg(test)]
mod tests;
