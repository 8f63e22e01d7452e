//! When to flush and what a flush sends: batches bounded by count and by *encoded* bytes, and
//! page-exit splitting so that every request body fits the 64 KiB keepalive/beacon budget.
//! Events given up are reported by loss records (`va_rollout.loss`, made by the tracker).

#[cfg(feature = "serde")]
use serde::Deserialize;

use super::otlp::{encode_record, envelope_len, request_len, Resource};
use super::queue::{LossReason, Queue, Queued};

/// Browsers cap the bodies of in-flight `keepalive` fetches (and beacons) at 64 KiB in total.
pub const KEEPALIVE_BUDGET_BYTES: usize = 64 * 1024;

/// Most events one request carries when more are queued than the flush thresholds (a burst, or
/// events queued while the previous request was in flight): a backlog leaves in few requests.
pub const REQUEST_MAX_EVENTS: usize = 500;
/// Most body bytes (JSON, before compression) of one request sent gzip-compressed. OTLP JSON of
/// these records compresses 10–40×, so the bytes on the wire stay far below 64 KiB, and the body
/// below the 1 MiB cap of the va-rollout collector.
pub const REQUEST_MAX_BYTES_GZIP: usize = 256 * 1024;

/// Flush thresholds (Datadog browser-sdk defaults for count and bytes; OTel's 5 s delay).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields, default)
)]
pub struct BatchPolicy {
    pub max_events: usize,
    /// Encoded request body bytes (envelope included).
    pub max_bytes: usize,
    pub max_delay_ms: u64,
}

impl Default for BatchPolicy {
    fn default() -> Self {
        BatchPolicy {
            max_events: 50,
            max_bytes: 16 * 1024,
            max_delay_ms: 5_000,
        }
    }
}

/// What the shell should do after a push.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FlushDecision {
    /// Flush now (a threshold is reached or the deadline has passed).
    Now,
    /// Make sure a timer fires at this Unix ms (5 s after the oldest queued event).
    At(f64),
    /// Nothing queued.
    Wait,
}

impl BatchPolicy {
    /// Decision for the queue as it is after a push at `now_ms`.
    pub fn on_push(&self, queue: &Queue, now_ms: f64) -> FlushDecision {
        let Some(oldest) = queue.oldest_queued_at() else {
            return FlushDecision::Wait;
        };
        let deadline = oldest + self.max_delay_ms as f64;
        if queue.len() >= self.max_events || queue.bytes() >= self.max_bytes || deadline <= now_ms {
            FlushDecision::Now
        } else {
            FlushDecision::At(deadline)
        }
    }

    /// The size limits of one request: the thresholds raised to [`REQUEST_MAX_EVENTS`] and to
    /// [`REQUEST_MAX_BYTES_GZIP`] when the body is gzip-compressed, else [`KEEPALIVE_BUDGET_BYTES`].
    /// The thresholds say *when* to send; a request then takes what is queued, up to these.
    pub fn request_limits(&self, gzip: bool) -> BatchPolicy {
        let bytes = if gzip {
            REQUEST_MAX_BYTES_GZIP
        } else {
            KEEPALIVE_BUDGET_BYTES
        };
        BatchPolicy {
            max_events: self.max_events.max(REQUEST_MAX_EVENTS),
            max_bytes: self.max_bytes.max(bytes),
            max_delay_ms: self.max_delay_ms,
        }
    }
}

/// One request's records, taken off the queue: their OTLP encoding (for the body) and the queued
/// items themselves (put back on a retry, persisted at exit, deleted from the spill store once
/// acknowledged).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Taken {
    pub records: Vec<String>,
    pub items: Vec<Queued>,
}

/// Takes the next batch off the queue and encodes it: at most `max_events` records, and at most
/// `max_bytes` for the whole request body, except that the first record is always taken. A record
/// that cannot be read back is counted as a `malformed` loss.
pub fn take_batch(queue: &mut Queue, policy: &BatchPolicy, resource: &Resource) -> Taken {
    let mut taken = Taken::default();
    let mut body = envelope_len(resource);
    while taken.records.len() < policy.max_events.max(1) {
        let Some(item) = queue.pop_front() else {
            break;
        };
        let Some(event) = item.event() else {
            queue.losses.note(LossReason::Malformed, 1, None);
            continue;
        };
        let record = encode_record(&event);
        let added = record.len() + usize::from(!taken.records.is_empty());
        if !taken.records.is_empty() && body.saturating_add(added) > policy.max_bytes {
            queue.push_front(item);
            break;
        }
        body = body.saturating_add(added);
        taken.records.push(record);
        taken.items.push(item);
    }
    taken
}

/// Page exit: everything queued, oldest first (encode with [`encode_items`]).
pub fn drain_for_exit(queue: &mut Queue) -> Vec<Queued> {
    core::iter::from_fn(|| queue.pop_front()).collect()
}

/// The OTLP records of `items`, with the items that could be read back.
pub fn encode_items(items: Vec<Queued>) -> (Vec<(String, Queued)>, usize) {
    let total = items.len();
    let out: Vec<(String, Queued)> = items
        .into_iter()
        .filter_map(|q| Some((encode_record(&q.event()?), q)))
        .collect();
    let unreadable = total - out.len();
    (out, unreadable)
}

/// The record budget of one keepalive request: 64 KiB minus the envelope.
pub fn keepalive_budget(resource: &Resource) -> usize {
    KEEPALIVE_BUDGET_BYTES.saturating_sub(envelope_len(resource))
}

/// Records split into request-sized chunks, each record with what the caller keeps beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split<T> {
    pub chunks: Vec<Vec<(String, T)>>,
    /// Records larger than the budget on their own: never sent.
    pub dropped: Vec<T>,
}

/// Splits `records`, in order, into chunks whose records (with separating commas) fit `budget`
/// bytes; use [`keepalive_budget`] so each wrapped body fits [`KEEPALIVE_BUDGET_BYTES`].
pub fn split_for_keepalive<T>(records: Vec<(String, T)>, budget: usize) -> Split<T> {
    let mut split = Split {
        chunks: Vec::new(),
        dropped: Vec::new(),
    };
    let mut chunk: Vec<(String, T)> = Vec::new();
    let mut size = 0;
    for (record, extra) in records {
        if record.len() > budget {
            split.dropped.push(extra);
            continue;
        }
        let added = record.len() + usize::from(!chunk.is_empty());
        if size + added > budget {
            split.chunks.push(core::mem::take(&mut chunk));
            size = 0;
        }
        size += record.len() + usize::from(!chunk.is_empty());
        chunk.push((record, extra));
    }
    if !chunk.is_empty() {
        split.chunks.push(chunk);
    }
    split
}

/// Size of the request body that would wrap `records`.
pub fn body_len(resource: &Resource, records: &[String]) -> usize {
    request_len(envelope_len(resource), records.iter().map(String::len))
}

#[cfg(test)]
mod tests;
