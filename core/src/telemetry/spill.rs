//! The spill store's rules (IndexedDB in the browser, one store per origin shared by its tabs):
//! which stored records to give up (over the byte cap, oldest first; older than the age limit),
//! and which a tab may claim to send (not claimed by another tab, or its claim lapsed). Pure: the
//! shell reads the entries' metadata in one IndexedDB transaction, asks here, and writes back.
//! Entries are keyed by [`key`] (queue time, then event id), so the store lists them oldest
//! first: the rules take them in that order and sort nothing.

#[cfg(feature = "serde")]
use serde::Deserialize;

use super::queue::LossReason;

/// Default byte cap of the spill store (`telemetry.spill.maxBytes`).
pub const DEFAULT_SPILL_MAX_BYTES: usize = 5 * 1024 * 1024;
/// Most bytes the spill store may be configured to hold.
pub const MAX_SPILL_BYTES: usize = 64 * 1024 * 1024;
/// How long a tab's claim on stored records holds: long enough for one request with its
/// timeout, short enough that records a closed tab had claimed are sent by another soon.
pub const CLAIM_MS: f64 = 30_000.0;

/// `telemetry.spill` as given by the app.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct SpillInput {
    pub max_bytes: Option<usize>,
    pub max_age_ms: Option<u64>,
}

/// Bounds of the spill store. `max_bytes` 0 turns spilling off (today's drop-oldest behaviour).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpillPolicy {
    pub max_bytes: usize,
    pub max_age_ms: u64,
}

/// The store key of a record: its queue time (Unix ms, 15 zero-padded digits) and its event id.
/// Unique per event, the same each time the event is written, and in age order.
pub fn key(id: &str, queued_at_ms: f64) -> String {
    let ms = if queued_at_ms.is_finite() && queued_at_ms > 0.0 {
        queued_at_ms as u64
    } else {
        0
    };
    let mut digits = String::new();
    crate::json::write::write_u64(&mut digits, ms);
    let mut out = "0".repeat(15usize.saturating_sub(digits.len()));
    out.push_str(&digits);
    out.push(' ');
    out.push_str(id);
    out
}

/// One stored record's metadata.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredMeta {
    pub queued_at_ms: f64,
    /// Length of the stored compact record.
    pub bytes: usize,
    /// Claimed by a tab until this Unix ms (0: not claimed).
    pub claimed_until_ms: f64,
}

impl SpillPolicy {
    /// Indexes of `entries` to delete, with why: expired ones (older than `max_age_ms`, or stamped
    /// implausibly far in the future), then the oldest until the rest fit `max_bytes`. Claimed
    /// records count too: a claim is not a reason to keep more than the cap.
    pub fn trim(&self, entries: &[StoredMeta], now_ms: f64) -> Vec<(usize, LossReason)> {
        let max_age = self.max_age_ms as f64;
        let mut out = Vec::new();
        let mut live: Vec<usize> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let age = now_ms - e.queued_at_ms;
            if age.is_finite() && age.abs() <= max_age {
                live.push(i);
            } else {
                out.push((i, LossReason::Expired));
            }
        }
        // Newest first: keep while they fit.
        by_time(entries, &mut live, true);
        let mut total = 0usize;
        for i in live {
            total = total.saturating_add(entries[i].bytes);
            if total > self.max_bytes {
                out.push((i, LossReason::Overflow));
            }
        }
        out
    }
}

/// Sorts indexes of `entries` by queue time, oldest first (`newest`: newest first), equal times
/// in index order: the order the stable sorts it replaced gave. An insertion sort, written out:
/// the store lists entries by [`key`], oldest first, so the input is sorted or nearly (linear
/// time), and no sort instantiation of the standard library is added to the module (each costs
/// 2–3 KB of wasm).
fn by_time(entries: &[StoredMeta], idx: &mut [usize], newest: bool) {
    let before = |a: usize, b: usize| {
        let (ta, tb) = (entries[a].queued_at_ms, entries[b].queued_at_ms);
        let by_time = if newest {
            tb.total_cmp(&ta)
        } else {
            ta.total_cmp(&tb)
        };
        by_time.then(a.cmp(&b)).is_lt()
    };
    for i in 1..idx.len() {
        let mut j = i;
        while j > 0 && before(idx[j], idx[j - 1]) {
            idx.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Indexes of `entries` this tab may claim now, oldest first: not claimed, or the claim lapsed;
/// at most `max_events` records and `max_bytes` of them.
pub fn claimable(
    entries: &[StoredMeta],
    now_ms: f64,
    max_events: usize,
    max_bytes: usize,
) -> Vec<usize> {
    let mut free: Vec<usize> = (0..entries.len())
        .filter(|i| entries[*i].claimed_until_ms <= now_ms)
        .collect();
    by_time(entries, &mut free, false);
    let mut total = 0usize;
    free.into_iter()
        .take(max_events)
        .take_while(|i| {
            total = total.saturating_add(entries[*i].bytes);
            total <= max_bytes
        })
        .collect()
}

#[cfg(test)]
mod tests;
