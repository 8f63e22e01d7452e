//! What the shell writes to localStorage at page exit (compact records not yet acknowledged) and
//! reads back on the next load. Capped in bytes (at exit the tracker gives up the oldest past it,
//! counted and reported) and expired after `maxAgeMs`. Any other version or shape fails to deserialize, and the
//! shell then discards the stored value. It stays in localStorage (not IndexedDB): `pagehide`
//! needs a write that is done when the call returns.

use crate::stored::{self, UnsupportedVersion};
#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// Most bytes of encoded records kept (sum of record lengths); the oldest go first.
pub const MAX_PERSISTED_BYTES: usize = 256 * 1024;
/// Outbox room page exit keeps for its loss records (what did not fit is reported in them).
pub const LOSS_RESERVE_BYTES: usize = 2 * 1024;
/// Outbox room kept for records whose spill-store write was not confirmed when the page exits
/// (they join the outbox: the write may be cut by the unload).
pub const EXIT_RESERVE_BYTES: usize = 64 * 1024;
/// With a spill store, the most record bytes a page keeps unsent in memory (queued and in
/// flight): what page exit can persist synchronously, less the reserves; the rest spills while
/// the page lives, so that exit never depends on an asynchronous write.
pub const MAX_UNSENT_BYTES: usize = MAX_PERSISTED_BYTES - EXIT_RESERVE_BYTES - LOSS_RESERVE_BYTES;
/// One compact record (`r`, [`super::compact`]) and when it was queued, Unix ms (`t`).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(deny_unknown_fields)
)]
pub struct PersistedRecord {
    pub r: String,
    pub t: f64,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(try_from = "RawPersisted")
)]
pub struct Persisted {
    pub version: u32,
    pub records: Vec<PersistedRecord>,
}

#[cfg_attr(feature = "serde", derive(Deserialize), serde(deny_unknown_fields))]
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
/// in their original order, and the older ones that did not fit.
fn cap_newest(mut records: Vec<PersistedRecord>) -> (Vec<PersistedRecord>, Vec<PersistedRecord>) {
    let mut total = 0;
    let keep = records
        .iter()
        .rev()
        .take_while(|rec| {
            total += rec.r.len();
            total <= MAX_PERSISTED_BYTES
        })
        .count();
    let kept = records.split_off(records.len() - keep);
    (kept, records)
}

impl Persisted {
    /// The value to store for `records` (oldest first, as `(compact record, queued at ms)`), and
    /// the oldest that did not fit [`MAX_PERSISTED_BYTES`] (for the spill store).
    pub fn build(records: Vec<(String, f64)>) -> (Persisted, Vec<(String, f64)>) {
        let records = records
            .into_iter()
            .map(|(r, t)| PersistedRecord { r, t })
            .collect();
        let (records, over) = cap_newest(records);
        (
            Persisted {
                version: stored::VERSION,
                records,
            },
            over.into_iter().map(|rec| (rec.r, rec.t)).collect(),
        )
    }

    /// `self` with newer `records` appended, capped as in [`Persisted::build`] (the oldest go).
    pub fn append(self, records: Vec<(String, f64)>) -> (Persisted, Vec<(String, f64)>) {
        let mut all: Vec<(String, f64)> =
            self.records.into_iter().map(|rec| (rec.r, rec.t)).collect();
        all.extend(records);
        Persisted::build(all)
    }

    /// How many of the oldest records to leave out so that the stored ones and newer records of
    /// `lengths` fit `max` bytes: `(stored ones, newer ones)`.
    pub fn excess(
        &self,
        lengths: impl Iterator<Item = usize> + Clone,
        max: usize,
    ) -> (usize, usize) {
        let stored = self.records.iter().map(|rec| rec.r.len());
        let total: usize = stored.clone().chain(lengths.clone()).sum();
        let mut over = total.saturating_sub(max);
        let mut drop = |n: usize, len: usize| {
            if over == 0 {
                return n;
            }
            over = over.saturating_sub(len);
            n + 1
        };
        let theirs = stored.fold(0, &mut drop);
        let ours = lengths.fold(0, &mut drop);
        (theirs, ours)
    }

    /// Removes the records the collector acknowledged; returns how many were removed.
    pub fn remove(&mut self, acknowledged: &[String]) -> usize {
        let acked: crate::vecmap::VecSet<&str> = acknowledged.iter().map(String::as_str).collect();
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

/// The records to re-send, oldest first, with their queue times, and how many were dropped:
/// older than `max_age_ms`, stamped more than that in the future or not finite, not a compact
/// record ([`super::compact::unpack`]), or over the byte cap.
pub fn load(persisted: Persisted, now_ms: f64, max_age_ms: f64) -> (Vec<(String, f64)>, usize) {
    let total = persisted.records.len();
    let fresh: Vec<PersistedRecord> = persisted
        .records
        .into_iter()
        .filter(|rec| {
            let age = now_ms - rec.t;
            age.is_finite() && age.abs() <= max_age_ms && super::compact::unpack(&rec.r).is_some()
        })
        .collect();
    let (kept, _) = cap_newest(fresh);
    let records: Vec<(String, f64)> = kept.into_iter().map(|rec| (rec.r, rec.t)).collect();
    let dropped = total - records.len();
    (records, dropped)
}

#[cfg(test)]
mod tests;
