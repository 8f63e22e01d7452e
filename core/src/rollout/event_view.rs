//! What an app's `beforeSend(event)` hook sees and may change, and the attribute values that
//! cross from JS (`track.*` attributes, hook edits): strings, numbers and booleans only.

use serde::de::{Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::telemetry::{AttrValue, Event};

/// What an app's `beforeSend(event)` sees and may change: name, path and attributes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventView {
    pub kind: String,
    pub name: String,
    pub path: String,
    #[serde(default)]
    pub flow: Option<String>,
    #[serde(default)]
    pub attributes: std::collections::BTreeMap<String, ViewValue>,
}

/// A string, number or boolean. Deserialized with one visitor (not `#[serde(untagged)]`, which
/// buffers the value and, through serde-wasm-bindgen, builds a JS `Error` for every variant it
/// tries before the one that fits: that cost about 10 µs per tracked event). Anything else
/// (null, objects, arrays) is refused, as the untagged form did.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ViewValue {
    Bool(bool),
    Num(f64),
    Str(String),
}

impl<'de> Deserialize<'de> for ViewValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ViewValue, D::Error> {
        struct Primitive;
        impl Visitor<'_> for Primitive {
            type Value = ViewValue;
            fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_bool<E>(self, v: bool) -> Result<ViewValue, E> {
                Ok(ViewValue::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<ViewValue, E> {
                Ok(ViewValue::Num(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<ViewValue, E> {
                Ok(ViewValue::Num(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<ViewValue, E> {
                Ok(ViewValue::Num(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<ViewValue, E> {
                Ok(ViewValue::Str(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<ViewValue, E> {
                Ok(ViewValue::Str(v))
            }
        }
        d.deserialize_any(Primitive)
    }
}

impl EventView {
    pub fn of(event: &Event) -> EventView {
        let attributes = event
            .attrs
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    AttrValue::Str(s) => ViewValue::Str(s.clone()),
                    AttrValue::Int(i) => ViewValue::Num(*i as f64),
                    AttrValue::Float(f) => ViewValue::Num(*f),
                    AttrValue::Bool(b) => ViewValue::Bool(*b),
                };
                (k.clone(), v)
            })
            .collect();
        EventView {
            kind: event.kind.as_str().to_owned(),
            name: event.name.clone(),
            path: event.path.clone(),
            flow: event.flow.clone(),
            attributes,
        }
    }

    /// Applies the hook's edits to `event`: name, path, flow and attribute values may change
    /// (the kind, id, time and session may not); everything is scrubbed again afterwards.
    pub fn apply(self, mut event: Event) -> Event {
        event.name = self.name;
        event.path = self.path;
        event.flow = self.flow;
        event.attrs = self
            .attributes
            .into_iter()
            .map(|(k, v)| (k, v.into()))
            .collect();
        event
    }
}

impl From<ViewValue> for AttrValue {
    fn from(v: ViewValue) -> AttrValue {
        match v {
            ViewValue::Bool(b) => AttrValue::Bool(b),
            ViewValue::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => AttrValue::Int(n as i64),
            ViewValue::Num(n) => AttrValue::Float(n),
            ViewValue::Str(s) => AttrValue::Str(s),
        }
    }
}

#[cfg(test)]
mod tests;
