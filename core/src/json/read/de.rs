//! `Value` as a serde `Deserializer`, so the `#[derive(Deserialize)]` types and the flag
//! document visitors read it exactly as they read serde_json.

use core::fmt;

use serde::de::value::{MapAccessDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{self, Expected, IntoDeserializer, Unexpected, Visitor};

use super::super::Value;

/// A deserialization error: serde's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeError(pub String);

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError(msg.to_string())
    }
}

impl<'de> IntoDeserializer<'de, DeError> for Value {
    type Deserializer = Value;

    fn into_deserializer(self) -> Value {
        self
    }
}

/// Largest integer a JSON number (an f64) holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

impl Value {
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Num(n) if n.fract() == 0.0 && n.abs() <= MAX_SAFE => {
                if *n >= 0.0 {
                    Unexpected::Unsigned(*n as u64)
                } else {
                    Unexpected::Signed(*n as i64)
                }
            }
            Value::Num(n) => Unexpected::Float(*n),
            Value::Str(s) => Unexpected::Str(s),
            Value::Arr(_) => Unexpected::Seq,
            Value::Obj(_) => Unexpected::Map,
        }
    }

    /// The error for a value of the wrong kind: one non-generic message builder.
    fn mismatch(&self, expected: &dyn Expected) -> DeError {
        de::Error::invalid_type(self.unexpected(), expected)
    }
}

// Like serde-wasm-bindgen, entries a visitor leaves unread are not an error (the derived
// visitors read every entry; `end()`'s length check would only add code).
fn visit_seq<'de, V: Visitor<'de>>(items: Vec<Value>, visitor: V) -> Result<V::Value, DeError> {
    visitor.visit_seq(SeqDeserializer::new(items.into_iter()))
}

fn visit_map<'de, V: Visitor<'de>>(
    entries: Vec<(String, Value)>,
    visitor: V,
) -> Result<V::Value, DeError> {
    visitor.visit_map(MapDeserializer::new(entries.into_iter()))
}

/// Whole numbers go as integers (so integer fields accept `3` and `3.0`, as with JSON.parse'd
/// values), the rest as floats.
fn visit_number<'de, V: Visitor<'de>>(n: f64, visitor: V) -> Result<V::Value, DeError> {
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE {
        if n >= 0.0 {
            visitor.visit_u64(n as u64)
        } else {
            visitor.visit_i64(n as i64)
        }
    } else {
        visitor.visit_f64(n)
    }
}

// The typed entry points only accept their own kind of value: a derived struct's visitor then
// instantiates `visit_map` alone, not every `visit_*` (which `deserialize_any` would pull in for
// each type, several KB of wasm per type).
impl<'de> de::Deserializer<'de> for Value {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Num(n) => visit_number(n, visitor),
            Value::Str(s) => visitor.visit_string(s),
            Value::Arr(items) => visit_seq(items, visitor),
            Value::Obj(entries) => visit_map(entries, visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Bool(b) => visitor.visit_bool(b),
            other => Err(other.mismatch(&visitor)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Num(n) => visit_number(n, visitor),
            other => Err(other.mismatch(&visitor)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Num(n) => visitor.visit_f64(n),
            other => Err(other.mismatch(&visitor)),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Str(s) => visitor.visit_string(s),
            other => Err(other.mismatch(&visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Arr(items) => visit_seq(items, visitor),
            other => Err(other.mismatch(&visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Obj(entries) => visit_map(entries, visitor),
            other => Err(other.mismatch(&visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Null => visitor.visit_none(),
            v => visitor.visit_some(v),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self {
            // A unit variant is its name; a variant with data is `{ "name": data }`.
            Value::Str(s) => visitor.visit_enum(s.into_deserializer()),
            Value::Obj(entries) => visitor.visit_enum(MapAccessDeserializer::new(
                MapDeserializer::new(entries.into_iter()),
            )),
            other => Err(other.mismatch(&visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u128 char bytes byte_buf unit unit_struct tuple tuple_struct
    }
}
