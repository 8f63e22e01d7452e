//! Durations in plan files: `30s`, `10m`, `2h`, `1d`, `1h30m`, or a number of seconds.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A duration written `30s`, `10m`, `2h`, `1d`, `1h30m` (or a number of seconds). Milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Dur(pub i64);

impl Dur {
    pub fn parse(s: &str) -> Result<Dur, String> {
        let bad = || format!("{s:?} is not a duration like 500ms, 30s, 10m, 2h, 1d or 1h30m");
        let t = s.trim();
        if t.is_empty() {
            return Err(bad());
        }
        let (mut total, mut rest) = (0_i64, t);
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let letters = rest[digits..]
                .bytes()
                .take_while(u8::is_ascii_alphabetic)
                .count();
            let n: i64 = rest[..digits].parse().map_err(|_| bad())?;
            let unit: i64 = match &rest[digits..digits + letters] {
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                _ => return Err(bad()),
            };
            total = n
                .checked_mul(unit)
                .and_then(|v| total.checked_add(v))
                .ok_or_else(bad)?;
            rest = &rest[digits + letters..];
        }
        Ok(Dur(total))
    }

    /// `1h30m`-style text (the canonical form of the value).
    pub fn text(self) -> String {
        let mut s = self.0 / 1000;
        let ms = self.0 % 1000;
        if s == 0 {
            return if ms == 0 {
                "0s".into()
            } else {
                format!("{ms}ms")
            };
        }
        let mut out = String::new();
        for (unit, name) in [(86_400, 'd'), (3_600, 'h'), (60, 'm'), (1, 's')] {
            if s >= unit {
                out.push_str(&format!("{}{name}", s / unit));
                s %= unit;
            }
        }
        if ms > 0 {
            out.push_str(&format!("{ms}ms"));
        }
        out
    }
}

impl<'de> Deserialize<'de> for Dur {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) => Dur::parse(&s).map_err(serde::de::Error::custom),
            Value::Number(n) => n
                .as_i64()
                .filter(|v| *v >= 0 && *v < i64::MAX / 1000)
                .map(|v| Dur(v * 1000))
                .ok_or_else(|| {
                    serde::de::Error::custom("a duration in seconds must be a whole number ≥ 0")
                }),
            other => Err(serde::de::Error::custom(format!(
                "expected a duration like \"10m\", found {other}"
            ))),
        }
    }
}

impl Serialize for Dur {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(Dur::parse("30s"), Ok(Dur(30_000)));
        assert_eq!(Dur::parse("1h30m"), Ok(Dur(5_400_000)));
        assert_eq!(Dur(5_400_000).text(), "1h30m");
        assert_eq!(Dur(0).text(), "0s");
        assert_eq!(Dur::parse("300ms"), Ok(Dur(300)));
        assert_eq!(Dur(1_300).text(), "1s300ms");
        for bad in ["", "10", "5x", "m", "1.5h"] {
            assert!(Dur::parse(bad).is_err(), "{bad}");
        }
    }
}
