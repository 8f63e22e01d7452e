//! `FlagsConfigInput` read by hand from a [`Value`] (no serde derive in the shipped module):
//! the same keys, shapes and messages as its `Deserialize` derive (tested against it).

use super::FlagsConfigInput;
use crate::flags::{FlagDocument, FlagError};
use std::any::Any;

use crate::json::read::fields::Read;
use crate::json::read::schema::{self, Field, Shape, Slot, Slots, Struct};
use crate::json::Value;
use crate::vecmap::VecMap;

/// The keys of `flags`, in declaration order (serde's field list in "unknown field" messages).
pub const FLAGS_KEYS: &[&str] = &[
    "source",
    "url",
    "names",
    "defaults",
    "bootstrap",
    "actorTypes",
    "bucketKeys",
    "timeoutMs",
    "refreshIntervalMs",
    "maxAgeMs",
    "staleAfterMs",
    "csrf",
];

/// `flags`: `FLAGS_KEYS`' shapes.
pub(crate) static FLAGS: Struct = Struct {
    name: "struct FlagsConfigInput",
    keys: FLAGS_KEYS,
    deny: true,
    fields: &[
        Field::req(Shape::Str),
        Field::opt(Shape::Str),
        Field::opt(Shape::Strs),
        Field::opt(Shape::Map(&Shape::Bool)),
        Field::opt(Shape::Custom(0)),
        Field::opt(Shape::Map(&Shape::Str)),
        Field::opt(Shape::Map(&Shape::Str)),
        Field::opt(Shape::Num),
        Field::opt(Shape::Num),
        Field::opt(Shape::Num),
        Field::opt(Shape::Num),
        Field::opt(Shape::Bool),
    ],
};

impl FlagsConfigInput {
    /// Reads `flags` (an object; unknown keys refused).
    pub fn read(v: Value) -> Read<FlagsConfigInput> {
        schema::read(v, &FLAGS, &bootstrap).map(FlagsConfigInput::build)
    }

    /// The configuration from what [`FLAGS`] read.
    pub(crate) fn build(mut s: Slots) -> FlagsConfigInput {
        FlagsConfigInput {
            source: s.take(0).str().unwrap_or_default(),
            url: s.take(1).str(),
            names: s.take(2).strs(),
            defaults: s
                .take(3)
                .entries(|v| v.bool().unwrap_or_default())
                .map(|m| m.into_iter().collect()),
            bootstrap: s.take(4).custom(),
            actor_types: string_map(s.take(5)),
            bucket_keys: string_map(s.take(6)),
            timeout_ms: s.take(7).num(),
            refresh_interval_ms: s.take(8).num(),
            max_age_ms: s.take(9).num(),
            stale_after_ms: s.take(10).num(),
            csrf: s.take(11).bool(),
        }
    }
}

fn string_map(s: Slot) -> Option<VecMap<String, String>> {
    s.entries(|v| v.str().unwrap_or_default())
        .map(|m| m.into_iter().collect())
}

/// The reader of `flags.bootstrap` ([`Shape::Custom`]).
pub(crate) fn bootstrap(_: u8, v: Value) -> Read<Box<dyn Any>> {
    match FlagDocument::read(v) {
        Ok(doc) => Ok(Box::new(doc)),
        Err(e) => Err(bootstrap_error(e)),
    }
}

/// A bootstrap's problem as the derive reports it: a cap's own message, else the reader's.
fn bootstrap_error(e: FlagError) -> String {
    match e {
        FlagError::Parse(msg) => msg,
        other => other.message(),
    }
}
