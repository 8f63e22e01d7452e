//! What an app's `beforeSend(event)` hook sees and may change, and the attribute values that
//! cross from JS (`track.*` attributes, hook edits): strings, numbers and booleans only.

#[cfg(feature = "serde")]
use serde::de::{Deserializer, Visitor};
#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use std::any::Any;

use crate::json::read::fields::{invalid_type, map, Read};
use crate::json::read::schema::{self, Field, Shape, Struct};
use crate::json::Value;
use crate::telemetry::{AttrValue, Event};
use crate::vecmap::VecMap;

/// What an app's `beforeSend(event)` sees and may change: name, path and attributes.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "camelCase")
)]
pub struct EventView {
    pub kind: String,
    pub name: String,
    pub path: String,
    #[cfg_attr(feature = "serde", serde(default))]
    pub flow: Option<String>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub attributes: crate::vecmap::VecMap<String, ViewValue>,
}

/// A string, number or boolean. Deserialized with one visitor (not `#[serde(untagged)]`, which
/// buffers the value and, through serde-wasm-bindgen, builds a JS `Error` for every variant it
/// tries before the one that fits: that cost about 10 µs per tracked event). Anything else
/// (null, objects, arrays) is refused, as the untagged form did.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(untagged))]
pub enum ViewValue {
    Bool(bool),
    Num(f64),
    Str(String),
}

#[cfg(feature = "serde")]
impl<'de> Deserialize<'de> for ViewValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ViewValue, D::Error> {
        struct Primitive;
        #[cfg(feature = "serde")]
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

/// `ViewValue`'s visitor's `expecting`.
const PRIMITIVE: &str = "a string, number or boolean";

impl ViewValue {
    /// Reads one value by hand (no serde): the values and messages of its `Deserialize`.
    pub fn read(v: Value) -> Read<ViewValue> {
        match v {
            Value::Bool(b) => Ok(ViewValue::Bool(b)),
            Value::Num(n) => Ok(ViewValue::Num(n)),
            Value::Str(s) => Ok(ViewValue::Str(s)),
            other => Err(invalid_type(&other, PRIMITIVE)),
        }
    }

    /// Reads `track.*` attributes (`{name: value}`) by hand, as `VecMap<String, ViewValue>`'s
    /// `Deserialize` does (a repeated name keeps its last value).
    pub fn read_map(v: Value) -> Read<VecMap<String, ViewValue>> {
        map(v, ViewValue::read).map(|entries| entries.into_iter().collect())
    }
}

impl ViewValue {
    /// Appends the value as its `Serialize` (untagged) writes it; a non-finite number is `null`.
    fn write_json(&self, out: &mut String) {
        match self {
            ViewValue::Bool(b) => out.push_str(crate::json::write::bool_text(*b)),
            ViewValue::Num(n) => crate::json::write::write_number(out, *n),
            ViewValue::Str(s) => crate::json::write::write_str(out, s),
        }
    }
}

impl EventView {
    /// The view as JSON text (what a `beforeSend` hook gets, via one `JSON.parse`), in the field
    /// order and names of its `Serialize`; no serde-wasm-bindgen in the shipped module.
    pub fn to_json(&self) -> String {
        use crate::json::write::{write_str, Seq};
        let mut out = String::new();
        let mut o = Seq::object(&mut out);
        o.str("kind", &self.kind);
        o.str("name", &self.name);
        o.str("path", &self.path);
        match &self.flow {
            Some(f) => write_str(o.key("flow"), f),
            None => o.raw("flow", "null"),
        }
        let mut attrs = Seq::object(o.key("attributes"));
        for (k, v) in self.attributes.iter() {
            v.write_json(attrs.key(k));
        }
        attrs.end();
        o.end();
        out
    }
}

const VIEW_KEYS: &[&str] = &["kind", "name", "path", "flow", "attributes"];

impl EventView {
    /// Reads a `beforeSend` hook's answer by hand: the fields, defaults and messages of the
    /// derive (unknown keys ignored).
    pub fn read(v: Value) -> Read<EventView> {
        static VIEW: Struct = Struct {
            name: "struct EventView",
            keys: VIEW_KEYS,
            deny: false,
            fields: &[
                Field::req(Shape::Str),
                Field::req(Shape::Str),
                Field::req(Shape::Str),
                Field::opt(Shape::Str),
                Field::val(Shape::Custom(0)),
            ],
        };
        let attributes =
            |_: u8, v: Value| -> Read<Box<dyn Any>> { Ok(Box::new(ViewValue::read_map(v)?)) };
        let mut s = schema::read(v, &VIEW, &attributes)?;
        Ok(EventView {
            kind: s.take(0).str().unwrap_or_default(),
            name: s.take(1).str().unwrap_or_default(),
            path: s.take(2).str().unwrap_or_default(),
            flow: s.take(3).str(),
            attributes: s.take(4).custom().unwrap_or_default(),
        })
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
