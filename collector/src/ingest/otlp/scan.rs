//! The first reader `parse_request` tries: a hand scanner of the shape the SDK sends
//! (`core::telemetry::otlp`), without serde's per-key dispatch. It takes a subset of what
//! `fast.rs` takes — strings without escapes, attribute values that are a string, a boolean, an
//! int, a double or empty, no explicit nulls, no repeated keys, numbers it can read exactly, any
//! other key's value skipped when it is plain JSON of that kind — and answers `None` at anything
//! else, for `fast.rs` (then the tree reader) to decide. What it takes it turns into the same
//! rows, through the same `build_row` and `Sorted`; `tests.rs` compares the three readers on the
//! SDK's own encoder output and on perturbed bodies.

use std::borrow::Cow;

use super::build::{build_row, Body};
use super::sorted::Sorted;
use super::text::Val;
use super::{
    EventRow, Parsed, MAX_ATTRIBUTES_PER_RECORD, MAX_KEY_BYTES, MAX_RECORDS_PER_REQUEST,
    MAX_STRING_BYTES,
};
use cursor::{Cur, Scan};

/// An AnyValue's opening as the SDK writes it, and its member.
const VALUE_FORMS: [(&[u8], &str); 4] = [
    (b"{\"stringValue\":", "stringValue"),
    (b"{\"boolValue\":", "boolValue"),
    (b"{\"intValue\":", "intValue"),
    (b"{\"doubleValue\":", "doubleValue"),
];

impl<'a> Cur<'a> {
    /// The value of an AnyValue's member `key`, one of the four kinds taken.
    fn member(&mut self, key: &str) -> Scan<Val<'a>> {
        Some(match key {
            "stringValue" => {
                let s = self.string()?;
                (s.len() <= MAX_STRING_BYTES).then_some(Val::Str(Cow::Borrowed(s)))?
            }
            "boolValue" => Val::Bool(self.boolean()?),
            "intValue" => Val::Int(if self.peek()? == b'"' {
                self.string()?.parse().ok()?
            } else {
                let n = self.number(false)?;
                (!n.contains('.') && n != "-0").then_some(())?;
                n.parse().ok()?
            }),
            "doubleValue" => Val::Double(serde_json::from_str(self.number(true)?).ok()?),
            _ => return None,
        })
    }

    /// An AnyValue of one string, boolean, int or double member, or none (`{}`: null).
    fn value(&mut self) -> Scan<Val<'a>> {
        // The SDK's spelling (no white space) is read without matching keys.
        for (open, key) in VALUE_FORMS {
            if self.lit(open) {
                let v = self.member(key)?;
                self.eat(b'}')?;
                return Some(v);
            }
        }
        if self.lit(b"{}") {
            return Some(Val::Null);
        }
        let mut v = None;
        self.object(|c, key| {
            if v.is_some() {
                return None;
            }
            v = Some(c.member(key)?);
            Some(())
        })?;
        Some(v.unwrap_or(Val::Null))
    }

    /// A KeyValue with both members.
    fn key_value(&mut self) -> Scan<(&'a str, Val<'a>)> {
        let (key, value) = if self.lit(b"{\"key\":") {
            // The SDK's spelling.
            let key = self.string()?;
            self.lit(b",\"value\":").then_some(())?;
            let value = self.value()?;
            self.eat(b'}')?;
            (key, value)
        } else {
            let (mut key, mut value) = (None, None);
            self.object(|c, k| match k {
                "key" if key.is_none() => c.string().map(|s| key = Some(s)),
                "value" if value.is_none() => c.value().map(|v| value = Some(v)),
                _ => None,
            })?;
            (key?, value?)
        };
        (!key.is_empty() && key.len() <= MAX_KEY_BYTES).then_some((key, value))
    }

    /// A JSON integer or decimal string, as `Int<u64>` reads `timeUnixNano`.
    fn time(&mut self) -> Scan<u64> {
        if self.peek()? == b'"' {
            return self.string()?.parse().ok();
        }
        let n = self.number(false)?;
        (!n.contains('.')).then_some(())?;
        n.parse().ok()
    }
}

/// Marks `bit` of `seen`; `None` (decline) if it was already marked: a repeated key.
fn first(seen: &mut u8, bit: u8) -> Scan<()> {
    (*seen & bit == 0).then(|| *seen |= bit)
}

/// One log record's row.
fn record(c: &mut Cur<'_>, service: Option<&str>, received_at_ms: i64) -> Scan<EventRow> {
    let (mut time, mut event_name, mut body) = (None, None, Body::Absent);
    let mut attrs = Vec::with_capacity(16);
    let mut seen = 0;
    c.object(|c, key| {
        match key {
            "timeUnixNano" => {
                first(&mut seen, 1)?;
                time = Some(c.time()?);
            }
            "eventName" => {
                first(&mut seen, 2)?;
                event_name = Some(c.string()?);
            }
            "body" => {
                first(&mut seen, 4)?;
                body = Body::Value(c.value()?.into_value());
            }
            "attributes" => {
                first(&mut seen, 8)?;
                c.array(|c| {
                    let (k, v) = c.key_value()?;
                    attrs.push((Cow::Borrowed(k), v));
                    (attrs.len() <= MAX_ATTRIBUTES_PER_RECORD).then_some(())
                })?;
            }
            _ => c.skip(0)?,
        }
        Some(())
    })?;
    let time_ns = time
        .filter(|t| *t > 0)
        .and_then(|t| i64::try_from(t).ok())?;
    build_row(
        time_ns,
        event_name,
        body,
        Sorted::new(attrs),
        service,
        received_at_ms,
    )
    .ok()
}

/// The resource's `service.name`: the first attribute of that key, if a string short enough.
fn resource(c: &mut Cur<'_>) -> Scan<Option<String>> {
    let mut service = None;
    let mut seen = 0;
    c.object(|c, key| match key {
        "attributes" => {
            first(&mut seen, 1)?;
            c.array(|c| {
                let (k, v) = c.key_value()?;
                if k == "service.name" && first(&mut seen, 2).is_some() {
                    service = match v {
                        Val::Str(s) if s.len() <= MAX_KEY_BYTES => Some(s.into_owned()),
                        _ => None,
                    };
                }
                Some(())
            })
        }
        _ => c.skip(0),
    })?;
    Some(service)
}

/// A scope's records, appended to `rows`.
fn scope(c: &mut Cur<'_>, rows: &mut Vec<EventRow>, service: Option<&str>, at: i64) -> Scan<()> {
    let mut seen = 0;
    c.object(|c, key| match key {
        "logRecords" => {
            first(&mut seen, 1)?;
            c.array(|c| {
                if rows.len() >= MAX_RECORDS_PER_REQUEST {
                    return None;
                }
                if rows.capacity() == 0 {
                    rows.reserve(64);
                }
                rows.push(record(c, service, at)?);
                Some(())
            })
        }
        _ => c.skip(0),
    })
}

/// The rows of a request of the SDK's shape every record of which is valid; `None`: decline.
pub(super) fn parse(body: &[u8], received_at_ms: i64) -> Option<Parsed> {
    let text = std::str::from_utf8(body).ok()?;
    let mut c = Cur::new(text);
    let mut parsed = Parsed::default();
    let rows = &mut parsed.rows;
    let mut seen = 0;
    c.object(|c, key| match key {
        "resourceLogs" => {
            first(&mut seen, 1)?;
            c.array(|c| {
                let mut service = None;
                let mut seen = 0;
                c.object(|c, key| match key {
                    // `fast.rs` reads the resource wherever it is; here it must come first.
                    "resource" => {
                        (seen & 2 == 0).then_some(())?;
                        first(&mut seen, 1)?;
                        service = resource(c)?;
                        Some(())
                    }
                    "scopeLogs" => {
                        first(&mut seen, 2)?;
                        c.array(|c| scope(c, rows, service.as_deref(), received_at_ms))
                    }
                    _ => c.skip(0),
                })
            })
        }
        _ => c.skip(0),
    })?;
    (c.peek().is_none()).then_some(parsed)
}

mod cursor;
#[cfg(test)]
mod tests;
