//! Admission control for `POST /v1/logs`: the backlog between the handlers and the one SQLite
//! writer is bounded in events and in bytes, and so is the number of requests being read and
//! parsed. Past a bound the request is refused at once (429 with `Retry-After`), before its body
//! is decoded or parsed, so an overloaded collector spends its time on the batches it accepted.
//!
//! An accepted batch holds a [`Reservation`] until the writer has committed it (or failed it);
//! dropping the reservation gives its events and bytes back.

use std::sync::{Arc, Mutex, MutexGuard};

/// Default most events queued for the writer (about a quarter of a second of its throughput).
pub const DEFAULT_MAX_EVENTS: usize = 25_000;
/// Default most decoded request bytes queued for the writer.
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;
/// Default most requests being read, decoded and parsed at once.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 32;

/// The bounds; every one at least 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_events: usize,
    pub max_bytes: usize,
    pub max_in_flight: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_events: DEFAULT_MAX_EVENTS,
            max_bytes: DEFAULT_MAX_BYTES,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
        }
    }
}

/// The state now and the highest values seen (for `/healthz` and the soak's memory check).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub queued_events: usize,
    pub queued_bytes: usize,
    pub in_flight: usize,
    pub peak_queued_events: usize,
    pub peak_queued_bytes: usize,
    pub peak_in_flight: usize,
    /// Requests refused because a bound was reached.
    pub refused: u64,
}

pub struct Admission {
    limits: Limits,
    state: Mutex<Snapshot>,
}

/// A bound was reached: answer 429.
#[derive(Debug, PartialEq, Eq)]
pub struct Busy;

impl Admission {
    pub fn new(limits: Limits) -> Arc<Self> {
        Arc::new(Admission {
            limits: Limits {
                max_events: limits.max_events.max(1),
                max_bytes: limits.max_bytes.max(1),
                max_in_flight: limits.max_in_flight.max(1),
            },
            state: Mutex::new(Snapshot::default()),
        })
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    fn lock(&self) -> MutexGuard<'_, Snapshot> {
        match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    pub fn snapshot(&self) -> Snapshot {
        *self.lock()
    }

    /// Admits a request to be read and parsed, unless the backlog is full or too many requests
    /// are already being parsed.
    pub fn enter(self: &Arc<Self>) -> Result<Entry, Busy> {
        let mut s = self.lock();
        if s.in_flight >= self.limits.max_in_flight
            || s.queued_events >= self.limits.max_events
            || s.queued_bytes >= self.limits.max_bytes
        {
            s.refused += 1;
            return Err(Busy);
        }
        s.in_flight += 1;
        s.peak_in_flight = s.peak_in_flight.max(s.in_flight);
        Ok(Entry {
            admission: self.clone(),
        })
    }
}

/// A request being read and parsed; dropping it (or reserving) leaves the in-flight count.
pub struct Entry {
    admission: Arc<Admission>,
}

impl Entry {
    /// Queues `events` parsed from `bytes` decoded bytes. Refused when they do not fit, except
    /// into an empty backlog (so a batch larger than the bounds is never refused forever; the
    /// body cap bounds it).
    pub fn reserve(self, events: usize, bytes: usize) -> Result<Reservation, Busy> {
        let admission = self.admission.clone();
        drop(self);
        let limits = admission.limits;
        let mut s = admission.lock();
        let empty = s.queued_events == 0 && s.queued_bytes == 0;
        if !empty
            && (s.queued_events + events > limits.max_events
                || s.queued_bytes + bytes > limits.max_bytes)
        {
            s.refused += 1;
            return Err(Busy);
        }
        s.queued_events += events;
        s.queued_bytes += bytes;
        s.peak_queued_events = s.peak_queued_events.max(s.queued_events);
        s.peak_queued_bytes = s.peak_queued_bytes.max(s.queued_bytes);
        drop(s);
        Ok(Reservation {
            admission,
            events,
            bytes,
        })
    }
}

impl Drop for Entry {
    fn drop(&mut self) {
        let mut s = self.admission.lock();
        s.in_flight = s.in_flight.saturating_sub(1);
    }
}

/// Events and bytes of one queued batch, given back when dropped (after the writer's answer).
pub struct Reservation {
    admission: Arc<Admission>,
    events: usize,
    bytes: usize,
}

impl Drop for Reservation {
    fn drop(&mut self) {
        let mut s = self.admission.lock();
        s.queued_events = s.queued_events.saturating_sub(self.events);
        s.queued_bytes = s.queued_bytes.saturating_sub(self.bytes);
    }
}

#[cfg(test)]
mod tests;
