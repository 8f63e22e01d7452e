//! The one versioning of what the SDK stores in the browser: the flag cache and the QA overrides
//! (localStorage), the session pins (sessionStorage) and the persisted telemetry outbox. Every
//! stored format carries `"version": VERSION`; what this code writes it also reads, and a stored
//! value of any other version is refused cleanly (never misread). A format that changes shape
//! bumps [`VERSION`] and reads the older one explicitly (tests: `stored/tests.rs` loads bytes as
//! older pages wrote them).

#[cfg(feature = "serde")]
use serde::de::{self, Deserializer, Visitor};
#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize, Serializer};

use crate::json::read::fields::invalid_type;
use crate::json::Value;

/// The version every stored format writes and accepts.
pub const VERSION: u32 = 1;

/// A stored `version` that is not [`VERSION`]; `what` names the stored format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsupportedVersion {
    pub what: &'static str,
    pub version: u32,
}

impl UnsupportedVersion {
    /// The `Display` text, without `core::fmt`.
    pub fn message(&self) -> String {
        crate::text![
            self.what,
            " version ",
            self.version,
            " is not supported (expected ",
            VERSION,
            ")"
        ]
    }
}

impl core::fmt::Display for UnsupportedVersion {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message())
    }
}

/// Accepts `version` when it is [`VERSION`] (formats that keep the number as a plain `u32`
/// field and decide themselves what a refused value means).
pub fn check(what: &'static str, version: u32) -> Result<(), UnsupportedVersion> {
    if version == VERSION {
        Ok(())
    } else {
        Err(UnsupportedVersion { what, version })
    }
}

/// A `version` field that serializes as [`VERSION`] and deserializes only from that number:
/// a document of another version fails to deserialize as a whole.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoredVersion;

#[cfg(feature = "serde")]
impl Serialize for StoredVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(VERSION)
    }
}

#[cfg(feature = "serde")]
impl<'de> Deserialize<'de> for StoredVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StoredVersion, D::Error> {
        d.deserialize_any(VersionVisitor)
    }
}

#[cfg(feature = "serde")]
struct VersionVisitor;

// The refusal message below spells the version out (no formatting code in the wasm).
const _: () = assert!(VERSION == 1, "update VersionVisitor's message");

#[cfg(feature = "serde")]
impl VersionVisitor {
    fn check<E: de::Error>(ok: bool) -> Result<StoredVersion, E> {
        if ok {
            Ok(StoredVersion)
        } else {
            Err(E::custom(REFUSED))
        }
    }
}

#[cfg(feature = "serde")]
impl Visitor<'_> for VersionVisitor {
    type Value = StoredVersion;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "version {VERSION}")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<StoredVersion, E> {
        Self::check(v == u64::from(VERSION))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<StoredVersion, E> {
        Self::check(v == i64::from(VERSION))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<StoredVersion, E> {
        Self::check(v == f64::from(VERSION))
    }
}

/// Reads a stored `version` by hand (what the browser runs): the same values and messages as
/// [`StoredVersion`]'s `Deserialize` reading the same [`Value`].
pub fn read_version(v: Value) -> Result<StoredVersion, String> {
    match v {
        Value::Num(n) if n == f64::from(VERSION) => Ok(StoredVersion),
        Value::Num(_) => Err(REFUSED.to_owned()),
        other => Err(invalid_type(&other, "version 1")),
    }
}

/// The refusal of another version (spelled out: no formatting code in the wasm).
const REFUSED: &str = "unsupported stored data version; expected 1";

#[cfg(test)]
mod tests;
