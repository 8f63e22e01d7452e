//! `FlagsConfigInput` read by hand from a [`Value`] (no serde derive in the shipped module):
//! the same keys, shapes and messages as its `Deserialize` derive (tested against it).

use super::FlagsConfigInput;
use crate::flags::{FlagDocument, FlagError};
use crate::json::read::fields::{
    boolean, map, missing, number, opt, string, strings, Fields, Read,
};
use crate::json::Value;

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

impl FlagsConfigInput {
    /// Reads `flags` (an object; unknown keys refused).
    pub fn read(v: Value) -> Read<FlagsConfigInput> {
        let mut f = Fields::of(v, "struct FlagsConfigInput", FLAGS_KEYS, true)?;
        let mut source = None;
        let mut c = FlagsConfigInput {
            source: String::new(),
            url: None,
            names: None,
            defaults: None,
            bootstrap: None,
            actor_types: None,
            bucket_keys: None,
            timeout_ms: None,
            refresh_interval_ms: None,
            max_age_ms: None,
            stale_after_ms: None,
            csrf: None,
        };
        while let Some((i, v)) = f.next()? {
            match i {
                0 => source = Some(string(v)?),
                1 => c.url = opt(v, string)?,
                2 => c.names = opt(v, strings)?,
                3 => c.defaults = opt(v, |v| map(v, boolean))?.map(|m| m.into_iter().collect()),
                4 => c.bootstrap = opt(v, |v| FlagDocument::read(v).map_err(bootstrap_error))?,
                5 => c.actor_types = opt(v, |v| map(v, string))?.map(|m| m.into_iter().collect()),
                6 => c.bucket_keys = opt(v, |v| map(v, string))?.map(|m| m.into_iter().collect()),
                7 => c.timeout_ms = opt(v, number)?,
                8 => c.refresh_interval_ms = opt(v, number)?,
                9 => c.max_age_ms = opt(v, number)?,
                10 => c.stale_after_ms = opt(v, number)?,
                _ => c.csrf = opt(v, boolean)?,
            }
        }
        c.source = source.ok_or_else(|| missing("source"))?;
        Ok(c)
    }
}

/// A bootstrap's problem as the derive reports it: a cap's own message, else the reader's.
fn bootstrap_error(e: FlagError) -> String {
    match e {
        FlagError::Parse(msg) => msg,
        other => other.message(),
    }
}
