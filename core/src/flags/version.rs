//! `version: 1` markers for stored data: anything else fails to deserialize, so garbage or older
//! formats in localStorage are rejected cleanly instead of misread.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Serializes as `1`; deserializes only from the number 1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct V1;

impl Serialize for V1 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(1)
    }
}

impl<'de> Deserialize<'de> for V1 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<V1, D::Error> {
        d.deserialize_any(V1Visitor)
    }
}

struct V1Visitor;

impl V1Visitor {
    fn check<E: de::Error>(ok: bool) -> Result<V1, E> {
        if ok {
            Ok(V1)
        } else {
            Err(E::custom("unsupported stored data version; expected 1"))
        }
    }
}

impl Visitor<'_> for V1Visitor {
    type Value = V1;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("version 1")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V1, E> {
        Self::check(v == 1)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V1, E> {
        Self::check(v == 1)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V1, E> {
        Self::check(v == 1.0)
    }
}
