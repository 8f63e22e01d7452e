//! Hand-written readers over [`Value`]: what the configuration readers (`rollout::config::read`
//! and the `flags` / `telemetry` parts) are built from, instead of `#[derive(Deserialize)]`,
//! whose per-type visitors were the largest block of the shipped wasm (docs/performance.md).
//!
//! Accepted shapes and error messages are exactly those of the derived types read through
//! `Value`'s serde `Deserializer` (`de`): "invalid type: …, expected …", "unknown field …",
//! "missing field …", the first problem in document order (tested against it).

use super::super::write::write_i64;
use super::super::Value;

/// A reader's result: the value, or serde's message for the first problem.
pub type Read<T> = Result<T, String>;

/// Largest integer a JSON number (an f64) holds exactly (as in `de`).
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

fn whole(n: f64) -> bool {
    n.fract() == 0.0 && n.abs() <= MAX_SAFE
}

/// serde's `Unexpected` text for `v`: `unit value`, `boolean \`true\``, `integer \`3\``,
/// `floating point \`1.5\``, `string "a"`, `sequence`, `map`.
fn unexpected(v: &Value) -> String {
    let mut text = String::new();
    match v {
        Value::Null => text.push_str("unit value"),
        Value::Bool(b) => text.push_str(if *b {
            "boolean `true`"
        } else {
            "boolean `false`"
        }),
        Value::Num(n) if whole(*n) => {
            text.push_str("integer `");
            write_i64(&mut text, *n as i64);
            text.push('`');
        }
        Value::Num(n) => {
            // serde's `WithDecimalPoint`: a finite float always shows a decimal point.
            let mut shown = crate::text![crate::text::F(*n)];
            if n.is_finite() && !shown.contains(['.', 'e', 'E']) {
                shown.push_str(".0");
            }
            text.push_str("floating point `");
            text.push_str(&shown);
            text.push('`');
        }
        Value::Str(s) => {
            text.push_str("string ");
            debug_str(&mut text, s);
        }
        Value::Arr(_) => text.push_str("sequence"),
        Value::Obj(_) => text.push_str("map"),
    }
    text
}

/// Appends `s` quoted and escaped exactly as `{:?}` writes a `str` (without `core::fmt`):
/// `char::escape_debug` for every char but `'`, which a string's `Debug` leaves as is.
pub fn debug_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if c == '\'' {
            out.push(c);
        } else {
            out.extend(c.escape_debug());
        }
    }
    out.push('"');
}

/// `invalid type: <v>, expected <expected>`.
pub fn invalid_type(v: &Value, expected: &str) -> String {
    invalid("invalid type: ", v, expected)
}

fn invalid_value(v: &Value, expected: &str) -> String {
    invalid("invalid value: ", v, expected)
}

fn invalid(what: &str, v: &Value, expected: &str) -> String {
    let mut m = String::from(what);
    m.push_str(&unexpected(v));
    m.push_str(", expected ");
    m.push_str(expected);
    m
}

/// serde's `OneOf`: `` `a` ``, `` `a` or `b` ``, `` one of `a`, `b`, `c` `` (appended to `m`).
fn one_of(m: &mut String, names: &[&str]) {
    let sep = match names.len() {
        1 | 2 => " or ",
        _ => {
            m.push_str("one of ");
            ", "
        }
    };
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            m.push_str(sep);
        }
        m.push('`');
        m.push_str(n);
        m.push('`');
    }
}

/// `` `what` `name`, expected <one of names> `` (serde's unknown field / variant message).
fn unknown(what: &str, name: &str, names: &[&str]) -> String {
    let mut m = String::from(what);
    m.push_str(" `");
    m.push_str(name);
    m.push_str("`, expected ");
    one_of(&mut m, names);
    m
}

/// `missing field \`name\``.
pub fn missing(name: &str) -> String {
    let mut m = String::from("missing field `");
    m.push_str(name);
    m.push('`');
    m
}

/// An object's entries in document order, each as the index of its key in `keys`. With `deny`,
/// an unknown key is an error ("unknown field …", serde's `deny_unknown_fields`); without it,
/// unknown keys are skipped.
pub struct Fields {
    entries: std::vec::IntoIter<(String, Value)>,
    keys: &'static [&'static str],
    deny: bool,
}

impl Fields {
    /// The fields of `v`, an object read as `expected` (`struct FlagsConfigInput`).
    pub fn of(v: Value, expected: &str, keys: &'static [&'static str], deny: bool) -> Read<Fields> {
        match v {
            Value::Obj(entries) => Ok(Fields {
                entries: entries.into_iter(),
                keys,
                deny,
            }),
            other => Err(invalid_type(&other, expected)),
        }
    }

    /// The next known entry, or the first unknown key's error.
    #[allow(clippy::should_implement_trait)] // fallible: not an `Iterator`
    pub fn next(&mut self) -> Read<Option<(usize, Value)>> {
        for (key, value) in self.entries.by_ref() {
            match self.keys.iter().position(|k| *k == key) {
                Some(i) => return Ok(Some((i, value))),
                None if self.deny => return Err(unknown("unknown field", &key, self.keys)),
                None => {}
            }
        }
        Ok(None)
    }
}

/// `null` is `None` (serde's `Option`), anything else goes through `read`.
pub fn opt<T>(v: Value, read: impl FnOnce(Value) -> Read<T>) -> Read<Option<T>> {
    match v {
        Value::Null => Ok(None),
        v => read(v).map(Some),
    }
}

pub fn string(v: Value) -> Read<String> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(invalid_type(&other, "a string")),
    }
}

pub fn boolean(v: Value) -> Read<bool> {
    match v {
        Value::Bool(b) => Ok(b),
        other => Err(invalid_type(&other, "a boolean")),
    }
}

pub fn number(v: Value) -> Read<f64> {
    match v {
        Value::Num(n) => Ok(n),
        other => Err(invalid_type(&other, "f64")),
    }
}

/// A whole number from 0 to `max`, named `expected` (`usize`, `u64`) in messages.
pub fn unsigned(v: Value, max: u64, expected: &str) -> Read<u64> {
    match v {
        Value::Num(n) if whole(n) && n >= 0.0 && n as u64 <= max => Ok(n as u64),
        Value::Num(n) if whole(n) => Err(invalid_value(&v, expected)),
        other => Err(invalid_type(&other, expected)),
    }
}

pub fn usize(v: Value) -> Read<usize> {
    unsigned(v, usize::MAX as u64, "usize").map(|n| n as usize)
}

/// A list, each item through `read`.
pub fn list<T>(v: Value, mut read: impl FnMut(Value) -> Read<T>) -> Read<Vec<T>> {
    match v {
        Value::Arr(items) => items.into_iter().map(&mut read).collect(),
        other => Err(invalid_type(&other, "a sequence")),
    }
}

pub fn strings(v: Value) -> Read<Vec<String>> {
    list(v, string)
}

/// An object as `(key, value)` pairs in document order, each value through `read`.
pub fn map<T>(v: Value, mut read: impl FnMut(Value) -> Read<T>) -> Read<Vec<(String, T)>> {
    match v {
        Value::Obj(entries) => entries
            .into_iter()
            .map(|(k, v)| read(v).map(|t| (k, t)))
            .collect(),
        other => Err(invalid_type(&other, "a map")),
    }
}

/// A unit variant of `enum_name` by its name in `variants`: the index. As with the derived
/// enums read through `Value`, `{ "<variant>": null }` is the variant too.
pub fn variant(v: Value, enum_name: &str, variants: &[&str]) -> Read<usize> {
    let (name, rest) = match v {
        Value::Str(s) => (s, None),
        Value::Obj(entries) => match entries.into_iter().next() {
            Some((k, value)) => (k, Some(value)),
            None => return Err(invalid_type(&Value::Obj(Vec::new()), "enum")),
        },
        other => {
            let mut expected = String::from("enum ");
            expected.push_str(enum_name);
            return Err(invalid_type(&other, &expected));
        }
    };
    let Some(i) = variants.iter().position(|n| *n == name) else {
        return Err(unknown("unknown variant", &name, variants));
    };
    match rest {
        None | Some(Value::Null) => Ok(i),
        Some(other) => Err(invalid_type(&other, "unit")),
    }
}

#[cfg(test)]
mod tests;
