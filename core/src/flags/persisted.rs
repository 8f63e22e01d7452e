//! The flag cache ([`CacheEntry`]) and the QA overrides ([`OverrideSet`]) as the browser stores
//! them, read from a parsed [`Value`] and written as JSON text by hand (no serde in the shipped
//! module). The same fields, shapes and messages as their serde derives (which serde_json users
//! keep; tested against them), and the same JSON as those derives write.

use crate::json::read::fields::{boolean, map, missing, number, opt, string, Fields, Read};
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

/// A document inside a stored value, its problem as serde reports it there.
fn document(v: Value) -> Read<FlagDocument> {
    FlagDocument::read(v).map_err(|e| match e {
        FlagError::Parse(msg) => msg,
        other => other.message(),
    })
}

impl CacheEntry {
    /// Reads `{"version":1,"doc",…,"fetchedAtMs","etag"}` (unknown keys ignored).
    pub fn read(v: Value) -> Read<CacheEntry> {
        let mut f = Fields::of(v, "struct CacheEntry", CACHE_KEYS, false)?;
        let (mut version, mut doc, mut fetched_at_ms, mut etag) = (None, None, None, None);
        while let Some((i, v)) = f.next()? {
            match i {
                0 => version = Some(read_version(v)?),
                1 => doc = Some(document(v)?),
                2 => fetched_at_ms = Some(number(v)?),
                _ => etag = opt(v, string)?,
            }
        }
        Ok(CacheEntry {
            version: required(version, "version")?,
            doc: required(doc, "doc")?,
            fetched_at_ms: required(fetched_at_ms, "fetchedAtMs")?,
            etag,
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
        let mut f = Fields::of(v, "struct OverrideSet", OVERRIDES_KEYS, false)?;
        let (mut version, mut entries) = (None, None);
        while let Some((i, v)) = f.next()? {
            match i {
                0 => version = Some(read_version(v)?),
                _ => entries = Some(map(v, OverrideEntry::read)?),
            }
        }
        Ok(OverrideSet {
            version: required(version, "version")?,
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

impl OverrideEntry {
    fn read(v: Value) -> Read<OverrideEntry> {
        let mut f = Fields::of(v, "struct OverrideEntry", ENTRY_KEYS, false)?;
        let (mut value, mut expires_at_ms) = (None, None);
        while let Some((i, v)) = f.next()? {
            match i {
                0 => value = Some(boolean(v)?),
                _ => expires_at_ms = Some(number(v)?),
            }
        }
        Ok(OverrideEntry {
            value: required(value, "value")?,
            expires_at_ms: required(expires_at_ms, "expiresAtMs")?,
        })
    }
}

#[cfg(test)]
mod tests;
