//! A tiny JSON writer (no serde_json in the wasm crate): correct string escaping, non-finite
//! numbers as `null`, and comma bookkeeping for objects and arrays.

use core::fmt::Write;

/// Appends `s` as a JSON string literal (quotes included). Escapes `"` `\` and every control
/// char; `\u2028`/`\u2029` too, so the output is also safe inside a JS string. Rust strings hold
/// no lone surrogates, so the output is always valid UTF-8 JSON.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a JSON number, or `null` for NaN and infinities.
pub fn write_f64(out: &mut String, v: f64) {
    if v.is_finite() {
        let _ = write!(out, "{v:?}");
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
        Seq { out, first: true, close: '}' }
    }

    pub fn array(out: &'a mut String) -> Self {
        out.push('[');
        Seq { out, first: true, close: ']' }
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
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn enc(s: &str) -> String {
        let mut out = String::new();
        write_str(&mut out, s);
        out
    }

    #[test]
    fn escapes() {
        assert_eq!(enc("a\"b\\c\n\u{1}\u{7f}é\u{2028}"), "\"a\\\"b\\\\c\\n\\u0001\u{7f}é\\u2028\"");
        let mut out = String::new();
        for v in [1.5, -0.0, 1e300, f64::NAN, f64::INFINITY] {
            write_f64(&mut out, v);
            out.push(' ');
        }
        assert_eq!(out, "1.5 -0.0 1e300 null null ");
    }

    #[test]
    fn sequences() {
        let mut out = String::new();
        let mut o = Seq::object(&mut out);
        o.str("a", "x");
        let mut arr = Seq::array(o.key("b"));
        arr.item().push('1');
        arr.item().push('2');
        arr.end();
        o.raw("c", "true");
        o.end();
        assert_eq!(out, r#"{"a":"x","b":[1,2],"c":true}"#);
    }

    proptest! {
        #[test]
        fn any_string_survives(s in any::<String>()) {
            let parsed: String = serde_json::from_str(&enc(&s)).unwrap();
            prop_assert_eq!(parsed, s);
        }

        #[test]
        fn any_float_parses(v in any::<f64>()) {
            let mut out = String::new();
            write_f64(&mut out, v);
            let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
            // serde_json (without float_roundtrip) may be off by an ulp; Rust's parser is exact.
            if v.is_finite() { prop_assert!(parsed.is_number()); prop_assert_eq!(out.parse::<f64>().ok(), Some(v)); } else { prop_assert!(parsed.is_null()); }
        }
    }
}
