//! The page-exit outbox in localStorage: records handed to the browser at exit stay here until it
//! reports a 2xx for them; the next page load resends what remains.

use super::delivery::schedule;
use super::persist;
use super::runtime::{now, with, Shared};
use super::wire::stored;
use crate::browser::storage::{self, Area};
use va_rollout_core::telemetry::Persisted;

/// Takes `records` out of the stored outbox; returns how many were there.
pub fn remove(records: &[String]) -> usize {
    let mut outbox = load();
    let removed = outbox.remove(records);
    if outbox.records.is_empty() {
        storage::remove(Area::Local, persist::OUTBOX_KEY);
    } else {
        let _ = storage::set(Area::Local, persist::OUTBOX_KEY, &outbox.to_json());
    }
    removed
}

pub fn load() -> Persisted {
    stored(Area::Local, persist::OUTBOX_KEY, Persisted::read)
        .unwrap_or_else(|| Persisted::build(Vec::new()).0)
}

/// At start: resend what an earlier page left in the outbox.
pub fn restore(shared: &Shared) {
    let mut outbox = load();
    if outbox.records.is_empty() {
        return;
    }
    // A record that is not JSON (storage tampered with or corrupted) would make the collector
    // refuse its whole batch: emptied, the core drops and counts it like any malformed record.
    for rec in &mut outbox.records {
        if js_sys::JSON::parse(&rec.r).is_err() {
            rec.r.clear();
        }
    }
    storage::remove(Area::Local, persist::OUTBOX_KEY);
    let next = with(shared, |rt| {
        rt.telemetry.as_mut().map(|t| {
            t.tracker.restore(outbox, now());
            t.tracker.next(now())
        })
    });
    if let Some(Some(next)) = next {
        schedule(shared, next);
    }
}
