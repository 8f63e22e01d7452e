//! The flag cache ([`CacheEntry`]) and the QA overrides ([`OverrideSet`]) as the browser stores
//! them, read from a parsed [`Value`] and written as JSON text by hand (no serde in the shipped
//! module). The same fields, shapes and messages as their serde derives (which serde_json users
//! keep; tested against them), and the same JSON as those derives write.

use std::any::Any;

use crate::json::read::fields::{missing, Read};
use crate::json::read::schema::{self, Field, Shape, Slots, Struct};
use crate::json::write::{write_number, Seq};
use crate::json::Value;
use crate::stored::{read_version, VERSION};

use super::document::FlagDocument;
use super::error::FlagError;
use super::overrides::{OverrideEntry, OverrideSet};
use super::store::CacheEntry;

const CACHE_KEYS: &[&str] = &["version", "doc", "fetchedAtMs", "etag"];
const OVERRIDES_KEYS: &[&str] = &["version", "entries"];
const ENTRY_KEYS: &[&str] = &["value", "expiresAtMs"];

/// `Some(value)` of a required field, else serde's "missing field" message.
pub fn required<T>(value: Option<T>, name: &str) -> Read<T> {
    value.ok_or_else(|| missing(name))
}

/// The parts of a stored value read by a reader of their own ([`Shape::Custom`]): 0 the stored
/// `version` ([`StoredVersion`](crate::stored::StoredVersion)), 1 a flag document, its problem as serde reports it there.
pub fn stored_part(which: u8, v: Value) -> Read<Box<dyn Any>> {
    if which == 0 {
        return read_version(v).map(|version| Box::new(version) as Box<dyn Any>);
    }
    match FlagDocument::read(v) {
        Ok(doc) => Ok(Box::new(doc)),
        Err(FlagError::Parse(msg)) => Err(msg),
        Err(other) => Err(other.message()),
    }
}

/// `{"version":1,"doc",…,"fetchedAtMs","etag"}` (unknown keys ignored).
pub static CACHE: Struct = Struct {
    name: "struct CacheEntry",
    keys: CACHE_KEYS,
    deny: false,
    fields: &[
        Field::req(Shape::Custom(0)),
        Field::req(Shape::Custom(1)),
        Field::req(Shape::Num),
        Field::opt(Shape::Str),
    ],
};

static OVERRIDES: Struct = Struct {
    name: "struct OverrideSet",
    keys: OVERRIDES_KEYS,
    deny: false,
    fields: &[
        Field::req(Shape::Custom(0)),
        Field::req(Shape::Map(&Shape::Obj(&ENTRY))),
    ],
};

static ENTRY: Struct = Struct {
    name: "struct OverrideEntry",
    keys: ENTRY_KEYS,
    deny: false,
    fields: &[Field::req(Shape::Bool), Field::req(Shape::Num)],
};

impl CacheEntry {
    /// Reads `{"version":1,"doc",…,"fetchedAtMs","etag"}` (unknown keys ignored).
    pub fn read(v: Value) -> Read<CacheEntry> {
        CacheEntry::build(schema::read(v, &CACHE, &stored_part)?)
    }

    /// The entry from what [`CACHE`] read (with [`stored_part`]).
    pub fn build(mut s: Slots) -> Read<CacheEntry> {
        Ok(CacheEntry {
            version: required(s.take(0).custom(), "version")?,
            doc: required(s.take(1).custom(), "doc")?,
            fetched_at_ms: s.take(2).num().unwrap_or_default(),
            etag: s.take(3).str(),
        })
    }

    /// Appends the entry as JSON.
    pub fn write_json(&self, out: &mut String) {
        let mut o = Seq::object(out);
        write_version(&mut o);
        self.doc.write_json(o.key("doc"));
        write_number(o.key("fetchedAtMs"), self.fetched_at_ms);
        match &self.etag {
            Some(etag) => o.str("etag", etag),
            None => o.raw("etag", "null"),
        }
        o.end();
    }
}

fn write_version(o: &mut Seq<'_>) {
    const _: () = assert!(VERSION == 1, "update write_version");
    o.raw("version", "1");
}

impl OverrideSet {
    /// Reads `{"version":1,"entries":{name:{"value","expiresAtMs"}}}` (unknown keys ignored).
    pub fn read(v: Value) -> Read<OverrideSet> {
        let mut s = schema::read(v, &OVERRIDES, &stored_part)?;
        let entries = s.take(1).entries(|e| {
            let mut e = e.obj().unwrap_or_default();
            OverrideEntry {
                value: e.take(0).bool().unwrap_or_default(),
                expires_at_ms: e.take(1).num().unwrap_or_default(),
            }
        });
        Ok(OverrideSet {
            version: required(s.take(0).custom(), "version")?,
            entries: required(entries, "entries")?.into_iter().collect(),
        })
    }

    /// Appends the set as JSON (entries in name order).
    pub fn write_json(&self, out: &mut String) {
        let mut o = Seq::object(out);
        write_version(&mut o);
        let mut entries = Seq::object(o.key("entries"));
        for (name, e) in self.entries.iter() {
            let mut entry = Seq::object(entries.key(name));
            entry.raw("value", if e.value { "true" } else { "false" });
            write_number(entry.key("expiresAtMs"), e.expires_at_ms);
            entry.end();
        }
        entries.end();
        o.end();
    }
}

#[cfg(test)]
mod tests;
