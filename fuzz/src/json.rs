//! The core's JSON reader (`va_rollout_core::json`) against serde_json as the oracle, and the
//! core's writer read back by the reader.
//!
//! serde_json is strict RFC 8259 as the reader is; it differs on purpose in three places, where
//! the reader follows `JSON.parse`: a lone surrogate escape (the reader: U+FFFD; serde_json: an
//! error), a number too large for a double (the reader: ±Infinity; serde_json: an error) and
//! nesting (the reader: [`MAX_DEPTH`] levels; serde_json: 128). Everywhere else both accept the
//! same texts, with the same values: a repeated key keeps its last value at its first position
//! (serde_json's entries are collected in document order and folded here, independently).

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use va_rollout_core::json::write::{write_f64, write_str, Seq};
use va_rollout_core::json::{parse, Value, MAX_DEPTH};

use crate::crash;

/// A JSON value as serde_json reads it, object entries in document order, repeats kept.
#[derive(Debug)]
enum Raw {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Raw>),
    Obj(Vec<(String, Raw)>),
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(b))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Raw, E> {
        Ok(Raw::Num(n as f64))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Raw, E> {
        Ok(Raw::Num(n as f64))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Raw, E> {
        Ok(Raw::Num(n))
    }
    fn visit_str<E>(self, s: &str) -> Result<Raw, E> {
        Ok(Raw::Str(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Raw, E> {
        Ok(Raw::Str(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Arr(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Raw::Obj(entries))
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// `JSON.parse`'s object semantics, written out naively: a repeated key replaces the value at
/// the position the key first had.
fn fold(raw: Raw) -> Value {
    match raw {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Num(n) => Value::Num(n),
        Raw::Str(s) => Value::Str(s),
        Raw::Arr(items) => Value::Arr(items.into_iter().map(fold).collect()),
        Raw::Obj(entries) => {
            let mut out: Vec<(String, Value)> = Vec::new();
            for (key, value) in entries {
                let value = fold(value);
                match out.iter_mut().find(|(k, _)| *k == key) {
                    Some(slot) => slot.1 = value,
                    None => out.push((key, value)),
                }
            }
            Value::Obj(out)
        }
    }
}

/// Writes `v` back with the core's writer (the encoder of telemetry and storage).
fn write(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Num(n) => write_f64(out, *n),
        Value::Str(s) => write_str(out, s),
        Value::Arr(items) => {
            let mut seq = Seq::array(out);
            for item in items {
                write(seq.item(), item);
            }
            seq.end();
        }
        Value::Obj(entries) => {
            let mut seq = Seq::object(out);
            for (k, item) in entries {
                write(seq.key(k), item);
            }
            seq.end();
        }
    }
}

/// What the writer makes of a value: non-finite numbers become `null`.
fn written(v: &Value) -> Value {
    match v {
        Value::Num(n) if !n.is_finite() => Value::Null,
        Value::Arr(items) => Value::Arr(items.iter().map(written).collect()),
        Value::Obj(entries) => Value::Obj(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), written(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Deepest nesting of arrays and objects in `v` (a scalar is 0).
fn depth(v: &Value) -> usize {
    match v {
        Value::Arr(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Obj(entries) => 1 + entries.iter().map(|(_, v)| depth(v)).max().unwrap_or(0),
        _ => 0,
    }
}

/// Numbers equal as doubles (`-0 == 0`: serde_json reads `-0` as the integer 0).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => x == y,
        (Value::Arr(x), Value::Arr(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Obj(x), Value::Obj(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
        }
        _ => a == b,
    }
}

/// Why serde_json may refuse a text the reader accepts (see the module comment).
fn deliberate_difference(message: &str) -> bool {
    // A leading surrogate with no `\u` after it is "unexpected end of hex escape" to serde_json.
    [
        "surrogate",
        "end of hex escape",
        "number out of range",
        "recursion limit",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// The property, on any bytes (non-UTF-8 input is skipped: the reader takes a JS string).
pub fn check_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ours = parse(text);
    let oracle = serde_json::from_str::<Raw>(text).map(fold);
    match (&ours, oracle) {
        (Ok(v), Ok(expected)) => {
            if !same(v, &expected) {
                crash(format_args!(
                    "reader and serde_json disagree on {text:?}: {v:?} vs {expected:?}"
                ));
            }
        }
        (Err(e), Ok(_)) => crash(format_args!(
            "reader refused what serde_json accepts ({e}): {text:?}"
        )),
        (Ok(v), Err(e)) => {
            if !deliberate_difference(&e.to_string()) {
                crash(format_args!(
                    "reader accepted what serde_json refuses ({e}): {text:?} → {v:?}"
                ));
            }
        }
        (Err(e), Err(_)) => {
            if e.at > text.len() {
                crash(format_args!(
                    "error offset {} past the end of {text:?}",
                    e.at
                ));
            }
        }
    }
    let Ok(v) = ours else { return };
    if depth(&v) > MAX_DEPTH {
        crash(format_args!(
            "nesting {} past MAX_DEPTH accepted",
            depth(&v)
        ));
    }
    if let Value::Obj(entries) = &v {
        for (i, (k, _)) in entries.iter().enumerate() {
            if entries[..i].iter().any(|(seen, _)| seen == k) {
                crash(format_args!("repeated key {k:?} kept twice"));
            }
        }
    }
    let mut out = String::new();
    write(&mut out, &v);
    match parse(&out) {
        Ok(back) if same(&back, &written(&v)) => {}
        other => crash(format_args!(
            "writer output {out:?} does not read back as {v:?}: {other:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oracle_agrees_on_plain_documents() {
        for text in [
            r#"{"a":1,"b":[true,null,"x\u00e9"],"a":2}"#,
            "[1e400, -0, 0.1, 18446744073709551616]",
            r#""\ud800 lone""#,
            "  [] ",
        ] {
            check_json(text.as_bytes());
        }
        assert!(parse(r#"{"a":1,"b":2,"a":3}"#).is_ok());
        assert!(same(
            &parse(r#"{"a":1,"b":2,"a":3}"#).unwrap(),
            &fold(serde_json::from_str(r#"{"a":1,"b":2,"a":3}"#).unwrap())
        ));
    }

    #[test]
    fn refusals_are_refused_by_both() {
        for text in ["", "[1,]", "{\"a\" 1}", "01", "\"\u{1}\"", "nul", "[1] x"] {
            check_json(text.as_bytes());
            assert!(parse(text).is_err(), "{text:?}");
        }
    }
}
