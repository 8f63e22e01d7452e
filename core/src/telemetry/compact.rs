//! The compact form of a queued event: one short JSON array per event, held as one allocation in
//! the queue, the page-exit outbox and the IndexedDB spill store, and encoded as OTLP only when a
//! request is built ([`super::otlp::encode_record`] of [`unpack`]).
//!
//! `[kind, "id", time_ms, "session", "path", "name", "flow" | null, ["flag", bool, ...],
//! ["key", value, ...]]`: `kind` is the index in [`EventKind::ALL`]; an attribute value is a
//! string, a boolean, an integer (`Int`), or a one-element array `[number | null]` (`Float`).
//! Integers beyond 2^53 lose precision (the reader keeps numbers as f64); no attribute the SDK
//! writes comes near that.

use super::event::{AttrValue, Event, EventKind};
use crate::json::write::{write_f64, write_i64, write_str, Seq};
use crate::json::{parse, Value};

/// Longest compact record read back from storage.
pub const MAX_COMPACT_LEN: usize = 64 * 1024;

/// The compact form of `event`.
pub fn pack(event: &Event) -> String {
    let mut out = String::with_capacity(160);
    let kind = EventKind::ALL
        .iter()
        .position(|k| *k == event.kind)
        .unwrap_or(0);
    let mut a = Seq::array(&mut out);
    write_i64(a.item(), kind as i64);
    write_str(a.item(), &event.id);
    write_f64(a.item(), event.time_ms);
    write_str(a.item(), &event.session_id);
    write_str(a.item(), &event.path);
    write_str(a.item(), &event.name);
    match &event.flow {
        Some(f) => write_str(a.item(), f),
        None => a.item().push_str("null"),
    }
    let mut flags = Seq::array(a.item());
    for (k, v) in &event.context_flags {
        write_str(flags.item(), k);
        flags.item().push_str(if *v { "true" } else { "false" });
    }
    flags.end();
    let mut attrs = Seq::array(a.item());
    for (k, v) in &event.attrs {
        write_str(attrs.item(), k);
        let out = attrs.item();
        match v {
            AttrValue::Str(s) => write_str(out, s),
            AttrValue::Int(i) => write_i64(out, *i),
            AttrValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            AttrValue::Float(f) => {
                out.push('[');
                write_f64(out, *f);
                out.push(']');
            }
        }
    }
    attrs.end();
    a.end();
    out
}

fn string(v: Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

fn value(v: Value) -> Option<AttrValue> {
    Some(match v {
        Value::Str(s) => AttrValue::Str(s),
        Value::Bool(b) => AttrValue::Bool(b),
        Value::Num(n) if n.fract() == 0.0 && n.abs() <= 9.007_199_254_740_991e15 => {
            AttrValue::Int(n as i64)
        }
        Value::Arr(mut one) if one.len() == 1 => match one.pop()? {
            Value::Num(n) => AttrValue::Float(n),
            Value::Null => AttrValue::Float(f64::NAN),
            _ => return None,
        },
        _ => return None,
    })
}

/// Pairs of a flat `["key", value, ...]` array.
fn pairs<T>(v: Value, mut f: impl FnMut(Value) -> Option<T>) -> Option<Vec<(String, T)>> {
    let Value::Arr(items) = v else { return None };
    if items.len() % 2 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(items.len() / 2);
    let mut it = items.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        out.push((string(k)?, f(v)?));
    }
    Some(out)
}

/// The event a [`pack`]ed record holds; `None` for anything else (storage tampered with, an
/// older format, a record longer than [`MAX_COMPACT_LEN`]).
pub fn unpack(record: &str) -> Option<Event> {
    if record.len() > MAX_COMPACT_LEN || !record.starts_with('[') {
        return None;
    }
    let Ok(Value::Arr(fields)) = parse(record) else {
        return None;
    };
    let [kind, id, time, session, path, name, flow, flags, attrs]: [Value; 9] =
        fields.try_into().ok()?;
    let kind = match kind {
        Value::Num(n) if n.fract() == 0.0 && n >= 0.0 => *EventKind::ALL.get(n as usize)?,
        _ => return None,
    };
    let time_ms = match time {
        Value::Num(n) => n,
        _ => return None,
    };
    let flow = match flow {
        Value::Null => None,
        other => Some(string(other)?),
    };
    let id = string(id)?;
    if id.is_empty() {
        return None;
    }
    Some(Event {
        id,
        kind,
        name: string(name)?,
        time_ms,
        session_id: string(session)?,
        path: string(path)?,
        flow,
        context_flags: pairs(flags, |v| match v {
            Value::Bool(b) => Some(b),
            _ => None,
        })?,
        attrs: pairs(attrs, value)?,
    })
}

/// The event id of a [`pack`]ed record, read without parsing the rest when it needs no unescaping.
pub fn id_of(record: &str) -> Option<String> {
    let rest = record.strip_prefix('[')?;
    let rest = rest.get(rest.find(',')? + 1..)?.strip_prefix('"')?;
    let end = rest.find('"')?;
    match rest.get(..end) {
        Some(id) if !id.contains('\\') => Some(id.to_owned()),
        _ => unpack(record).map(|e| e.id),
    }
}

#[cfg(test)]
mod tests;
