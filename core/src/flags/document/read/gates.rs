//! A feature's `gates` read by hand: each `{"key","name","value"}` gate, its raw value and how it
//! applies to [`Gates`] (shared with the serde visitors of `parse_flipper`).

use crate::json::read::fields::debug_str;
use crate::json::write::write_i64;
use crate::json::Value;
use crate::vecmap::VecSet;

use super::super::super::error::FlagError;
use super::super::super::flipper::{GateNumber, Gates, MAX_GATES, MAX_UNKNOWN_GATES};
use super::super::MAX_SET_ENTRIES;
use super::{capped, capped_list, parse_error, text, wrong_type, Read, GATE, GATES};

pub(in crate::flags::document) fn gates(v: Value, feature: &str) -> Read<Gates> {
    let items = match v {
        Value::Null => return Ok(Gates::default()),
        Value::Arr(items) => items,
        other => return Err(wrong_type(&other, GATES)),
    };
    let mut gates = Gates::default();
    for (seen, item) in items.into_iter().enumerate() {
        let (key, value) = gate(item, feature)?;
        if seen >= MAX_GATES {
            return Err(parse_error(too_many_gates(feature)));
        }
        apply_gate(&mut gates, &key, value, feature).map_err(parse_error)?;
    }
    Ok(gates)
}

/// `feature "<name>" lists more than 64 gates`.
pub(in crate::flags::document) fn too_many_gates(feature: &str) -> String {
    const _: () = assert!(MAX_GATES == 64, "update too_many_gates");
    let mut msg = "feature ".to_owned();
    debug_str(&mut msg, feature);
    msg.push_str(" lists more than 64 gates");
    msg
}

/// One `{"key","name","value"}` gate: its key (falling back to the name) and its raw value.
fn gate(v: Value, feature: &str) -> Read<(String, RawValue)> {
    let Value::Obj(entries) = v else {
        return Err(wrong_type(&v, GATE));
    };
    let (mut key, mut name, mut value) = (None, None, RawValue::Null);
    for (field, v) in entries {
        match field.as_str() {
            "key" => key = text(v)?,
            "name" => name = text(v)?,
            "value" => value = raw_value(v, feature)?,
            _ => {}
        }
    }
    gate_key(key, name.as_deref(), feature)
        .map(|k| (k, value))
        .map_err(parse_error)
}

/// A gate's key: `key`, else what its `name` stands for.
pub(in crate::flags::document) fn gate_key(
    key: Option<String>,
    name: Option<&str>,
    feature: &str,
) -> Result<String, String> {
    Ok(match (key, name) {
        (Some(k), _) => k,
        (None, Some("actor")) => "actors".into(),
        (None, Some("group")) => "groups".into(),
        (None, Some(n)) => n.into(),
        (None, None) => {
            let mut msg = "a gate of feature ".to_owned();
            debug_str(&mut msg, feature);
            msg.push_str(" has neither \"key\" nor \"name\"");
            return Err(msg);
        }
    })
}

/// A gate value before its gate is known.
#[derive(Clone, Debug, PartialEq)]
pub(in crate::flags::document) enum RawValue {
    Null,
    Bool(bool),
    Text(String),
    Int(i64),
    Float(f64),
    /// Strings, with numbers in their string form; `mixed` when other kinds were present too.
    List {
        items: Vec<String>,
        mixed: bool,
    },
    Object,
}

/// Largest integer a JSON number holds exactly: what `json::read::de` hands over as an integer.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

fn raw_value(v: Value, feature: &str) -> Read<RawValue> {
    Ok(match v {
        Value::Null => RawValue::Null,
        Value::Bool(b) => RawValue::Bool(b),
        Value::Str(s) => RawValue::Text(capped(s)?),
        Value::Num(n) if n.fract() == 0.0 && n.abs() <= MAX_SAFE => RawValue::Int(n as i64),
        Value::Num(n) => number(n).map_err(parse_error)?,
        Value::Obj(_) => RawValue::Object,
        Value::Arr(items) => {
            let items = capped_list(items, MAX_SET_ENTRIES, list_item, |count| {
                FlagError::TooManySetEntries {
                    feature: feature.to_owned(),
                    count,
                    max: MAX_SET_ENTRIES,
                }
            })?;
            list(items)
        }
    })
}

fn list_item(v: Value) -> Read<Option<String>> {
    raw_value(v, "").map(set_entry)
}

/// A list of set entries (`None` for an entry that is not a string or a number).
pub(in crate::flags::document) fn list(items: Vec<Option<String>>) -> RawValue {
    let mixed = items.iter().any(Option::is_none);
    RawValue::List {
        items: items.into_iter().flatten().collect(),
        mixed,
    }
}

/// One entry of a set gate: a string, or a number in its string form; `None` for anything else.
pub(in crate::flags::document) fn set_entry(raw: RawValue) -> Option<String> {
    match raw {
        RawValue::Text(t) => Some(t),
        RawValue::Int(i) => {
            let mut s = String::new();
            write_i64(&mut s, i);
            Some(s)
        }
        RawValue::Float(f) => Some(crate::text![crate::text::D(f)]),
        _ => None,
    }
}

/// An integral JS/JSON number within ±2^53 is an integer whatever the source reported, so
/// serde_json (`25.0`) and a JS value (`25`) read the same document alike.
pub(in crate::flags::document) fn number(v: f64) -> Result<RawValue, String> {
    const SAFE: f64 = 9_007_199_254_740_992.0;
    if !v.is_finite() {
        return Err("gate value is not a finite number".to_owned());
    }
    Ok(if v.fract() == 0.0 && v.abs() <= SAFE {
        RawValue::Int(v as i64)
    } else {
        RawValue::Float(v)
    })
}

/// Applies one gate to `gates`; unknown keys are recorded for `explain`.
pub(in crate::flags::document) fn apply_gate(
    gates: &mut Gates,
    key: &str,
    value: RawValue,
    feature: &str,
) -> Result<(), String> {
    let wrong = |what: &str| {
        let mut msg = "gate ".to_owned();
        debug_str(&mut msg, key);
        msg.push_str(" of feature ");
        debug_str(&mut msg, feature);
        msg.push_str(": ");
        msg.push_str(what);
        msg
    };
    match key {
        "boolean" => {
            gates.boolean = match value {
                RawValue::Null => false,
                RawValue::Bool(b) => b,
                // Flipper `Typecast.to_boolean`: true, 1, "1" and "true" are true.
                RawValue::Text(t) => t == "true" || t == "1",
                RawValue::Int(i) => i == 1,
                RawValue::Float(_) => false,
                RawValue::List { .. } | RawValue::Object => {
                    return Err(wrong("expected true, \"true\" or null"))
                }
            }
        }
        "actors" | "groups" => {
            let set: VecSet<String> = match value {
                RawValue::Null => VecSet::new(),
                RawValue::List {
                    items,
                    mixed: false,
                } => items.into_iter().collect(),
                _ => return Err(wrong("expected an array of strings")),
            };
            if key == "actors" {
                gates.actors = set
            } else {
                gates.groups = set
            }
        }
        "percentage_of_actors" | "percentage_of_time" => {
            let number = match value {
                RawValue::Null => GateNumber::Null,
                RawValue::Text(t) => GateNumber::Text(t),
                RawValue::Int(i) => GateNumber::Int(i),
                RawValue::Float(f) => GateNumber::Float(f),
                _ => return Err(wrong("expected a number, a numeric string or null")),
            };
            if key == "percentage_of_actors" {
                gates.percentage_of_actors = number
            } else {
                gates.percentage_of_time = number
            }
        }
        "expression" => gates.expression = value != RawValue::Null,
        unknown => {
            if gates.unknown.len() < MAX_UNKNOWN_GATES
                && !gates.unknown.iter().any(|u| u == unknown)
            {
                gates.unknown.push(unknown.to_owned());
            }
        }
    }
    Ok(())
}
