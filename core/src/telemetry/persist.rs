//! What the shell writes to localStorage at page exit (records not yet acknowledged) and reads back
//! on the next load. Capped in bytes (oldest dropped) and expired after 24 h. Any other version or
//! shape fails to deserialize, and the shell then discards the stored value.

use crate::stored::{self, UnsupportedVersion};
use serde::{Deserialize, Serialize};

use super::catalogue::keys;

/// Most bytes of encoded records kept (sum of record lengths); the oldest go first.
pub const MAX_PERSISTED_BYTES: usize = 256 * 1024;
/// Records queued longer ago than this are dropped on load.
pub const PERSIST_TTL_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

/// One encoded OTLP log record (`r`) and when it was queued, Unix ms (`t`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersistedRecord {
    pub r: String,
    pub t: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawPersisted")]
pub struct Persisted {
    pub version: u32,
    pub records: Vec<PersistedRecord>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPersisted {
    version: u32,
    records: Vec<PersistedRecord>,
}

impl TryFrom<RawPersisted> for Persisted {
    type Error = UnsupportedVersion;
    fn try_from(raw: RawPersisted) -> Result<Self, Self::Error> {
        stored::check("persisted telemetry", raw.version)?;
        Ok(Persisted {
            version: raw.version,
            records: raw.records,
        })
    }
}

/// Keeps the newest records whose lengths add up to at most [`MAX_PERSISTED_BYTES`]; returns them
/// in their original order and how many older ones were dropped.
fn cap_newest(records: Vec<PersistedRecord>) -> (Vec<PersistedRecord>, usize) {
    let mut total = 0;
    let keep = records
        .iter()
        .rev()
        .take_while(|rec| {
            total += rec.r.len();
            total <= MAX_PERSISTED_BYTES
        })
        .count();
    let dropped = records.len() - keep;
    (records.into_iter().skip(dropped).collect(), dropped)
}

impl Persisted {
    /// The value to store for `records` (oldest first, as `(encoded record, queued at ms)`), and
    /// how many were dropped to fit [`MAX_PERSISTED_BYTES`].
    pub fn build(records: Vec<(String, f64)>) -> (Persisted, usize) {
        let records = records
            .into_iter()
            .map(|(r, t)| PersistedRecord { r, t })
            .collect();
        let (records, dropped) = cap_newest(records);
        (
            Persisted {
                version: stored::VERSION,
                records,
            },
            dropped,
        )
    }

    /// `self` with newer `records` appended, capped as in [`Persisted::build`] (the oldest go).
    pub fn append(self, records: Vec<(String, f64)>) -> (Persisted, usize) {
        let mut all: Vec<(String, f64)> =
            self.records.into_iter().map(|rec| (rec.r, rec.t)).collect();
        all.extend(records);
        Persisted::build(all)
    }

    /// Removes the records the collector acknowledged; returns how many were removed.
    pub fn remove(&mut self, acknowledged: &[String]) -> usize {
        let acked: std::collections::BTreeSet<&str> =
            acknowledged.iter().map(String::as_str).collect();
        let before = self.records.len();
        self.records.retain(|rec| !acked.contains(rec.r.as_str()));
        before - self.records.len()
    }
}

/// Longest session id read back from sessionStorage.
pub const MAX_SESSION_ID_LEN: usize = 64;

/// Whether a session id read back from storage has the shape of one the shell generates
/// (`crypto.randomUUID()`, or base-36): 8–64 lowercase letters, digits and dashes, at least one
/// letter. Anything else (an older format, junk, an email or SSN another script wrote) is
/// replaced by a new id, since the session id rides on every event unscrubbed.
pub fn is_session_id(s: &str) -> bool {
    (8..=MAX_SESSION_ID_LEN).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b'-')
        && s.bytes().any(|b| b.is_ascii_lowercase())
}

/// Whether `r` is shaped like a record [`super::encode_record`] wrote: its first key, its closing
/// attribute array and an event id. Anything else in the outbox (an older format, junk) would be
/// refused by the collector, and a record that is not JSON would make it refuse the whole batch.
pub fn is_encoded_record(r: &str) -> bool {
    let id_attr = format!(
        "{{\"key\":\"{}\",\"value\":{{\"stringValue\":\"",
        keys::EVENT_ID
    );
    r.starts_with("{\"timeUnixNano\":\"") && r.ends_with("}]}") && r.contains(&id_attr)
}

/// The records to re-send, oldest first, and how many were dropped: older than
/// [`PERSIST_TTL_MS`], stamped more than a TTL in the future or not finite, not shaped like an
/// encoded record ([`is_encoded_record`]), or over the byte cap.
pub fn load(persisted: Persisted, now_ms: f64) -> (Vec<String>, usize) {
    let total = persisted.records.len();
    let fresh: Vec<PersistedRecord> = persisted
        .records
        .into_iter()
        .filter(|rec| {
            let age = now_ms - rec.t;
            age.is_finite() && age.abs() <= PERSIST_TTL_MS && is_encoded_record(&rec.r)
        })
        .collect();
    let (kept, _) = cap_newest(fresh);
    let records: Vec<String> = kept.into_iter().map(|rec| rec.r).collect();
    let dropped = total - records.len();
    (records, dropped)
}

#[cfg(test)]
mod tests;
