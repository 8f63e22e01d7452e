//! The bounded in-memory queue of captured events, each held in its compact form
//! ([`super::compact`]: one allocation, encoded as OTLP only when sent). Capped by the memory the
//! records hold and by count; what passes the cap leaves oldest first, for the tracker to spill
//! to storage or to give up. Losses are counted per reason until a loss record reports them.

use std::collections::VecDeque;

use super::compact;
use super::event::{AttrValue, Event};

/// Default memory cap of the queue (compact records plus [`QUEUED_OVERHEAD_BYTES`] each).
pub const DEFAULT_MAX_QUEUE_BYTES: usize = 512 * 1024;
/// Fixed JSON structure of one encoded record (fields, common attribute keys, punctuation).
pub const RECORD_OVERHEAD_BYTES: usize = 420;
/// Structure around one attribute (`{"key":..,"value":{"stringValue":..}}`).
pub const ATTR_OVERHEAD_BYTES: usize = 40;

/// Memory one queued record costs beyond its text: its queue slot and allocation.
pub const QUEUED_OVERHEAD_BYTES: usize = 48;

/// Estimated encoded size of `event`: cheap (string lengths only), close to the real size for
/// ASCII text; the batch limits are checked against the real encoded length anyway.
pub fn estimate_bytes(event: &Event) -> usize {
    let value_len = |v: &AttrValue| match v {
        AttrValue::Str(s) => s.len(),
        _ => 24,
    };
    let strings = event.id.len() + event.name.len() + event.session_id.len() + event.path.len();
    let flow = event
        .flow
        .as_ref()
        .map_or(0, |f| f.len() + ATTR_OVERHEAD_BYTES);
    let flags: usize = event
        .context_flags
        .iter()
        .map(|(k, _)| k.len() + 16 + ATTR_OVERHEAD_BYTES)
        .sum();
    let attrs: usize = event
        .attrs
        .iter()
        .map(|(k, v)| k.len() + value_len(v) + ATTR_OVERHEAD_BYTES)
        .sum();
    RECORD_OVERHEAD_BYTES + strings + flow + flags + attrs
}

/// Why events were given up (the `va_rollout.loss.reason` of the loss record).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossReason {
    /// Memory and storage full (or no storage): the oldest went.
    Overflow,
    /// Older than the configured `maxAgeMs`.
    Expired,
    /// The collector refused them for good (a 4xx other than 408/429).
    Refused,
    /// A stored record this SDK cannot read, or one too large for any request.
    Malformed,
}

impl LossReason {
    pub const ALL: [LossReason; 4] = [
        LossReason::Overflow,
        LossReason::Expired,
        LossReason::Refused,
        LossReason::Malformed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LossReason::Overflow => "overflow",
            LossReason::Expired => "expired",
            LossReason::Refused => "refused",
            LossReason::Malformed => "malformed",
        }
    }
}

/// Losses not yet reported: per reason, the count and the id of the first event lost (the loss
/// record's id derives from it, so a resent loss record is deduplicated like any event).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Losses([(u64, Option<String>); 4]);

impl Losses {
    pub fn note(&mut self, reason: LossReason, n: usize, first_id: Option<&str>) {
        if n == 0 {
            return;
        }
        let slot = &mut self.0[reason as usize];
        slot.0 = slot.0.saturating_add(n as u64);
        if slot.1.is_none() {
            slot.1 = first_id.map(str::to_owned);
        }
    }

    /// Every reason with a count, reset to zero.
    pub fn take(&mut self) -> Vec<(LossReason, u64, Option<String>)> {
        LossReason::ALL
            .iter()
            .zip(self.0.iter_mut())
            .filter(|(_, (n, _))| *n > 0)
            .map(|(r, slot)| {
                let (n, id) = core::mem::take(slot);
                (*r, n, id)
            })
            .collect()
    }

    pub fn total(&self) -> u64 {
        self.0.iter().map(|(n, _)| n).sum()
    }
}

/// One queued event: its compact record, when it was queued (Unix ms), and its sizes.
#[derive(Clone, Debug, PartialEq)]
pub struct Queued {
    pub record: Box<str>,
    pub queued_at_ms: f64,
    /// Memory held (record plus [`QUEUED_OVERHEAD_BYTES`]).
    held: u32,
    /// Estimated encoded size ([`estimate_bytes`]), for the flush threshold.
    wire: u32,
    /// Read back from the spill store: deleted there once acknowledged.
    pub spilled: bool,
    /// Read back, and written by another page: counted as queued here only while held here.
    pub foreign: bool,
}

impl Queued {
    pub fn new(event: &Event, queued_at_ms: f64) -> Queued {
        Queued::sized(compact::pack(event), estimate_bytes(event), queued_at_ms)
    }

    fn sized(record: String, wire: usize, queued_at_ms: f64) -> Queued {
        let held = record.len() + QUEUED_OVERHEAD_BYTES;
        Queued {
            record: record.into_boxed_str(),
            queued_at_ms,
            held: u32::try_from(held).unwrap_or(u32::MAX),
            wire: u32::try_from(wire).unwrap_or(u32::MAX),
            spilled: false,
            foreign: false,
        }
    }

    /// A compact record read back from storage; `None` when it is not one ([`compact::unpack`]).
    pub fn restore(record: String, queued_at_ms: f64) -> Option<Queued> {
        let event = compact::unpack(&record)?;
        Some(Queued::sized(record, estimate_bytes(&event), queued_at_ms))
    }

    pub fn event(&self) -> Option<Event> {
        compact::unpack(&self.record)
    }

    pub fn id(&self) -> Option<String> {
        compact::id_of(&self.record)
    }

    /// Memory this record holds in the queue.
    pub fn held(&self) -> usize {
        self.held as usize
    }

    /// Bytes page exit must persist for this record: its length, 0 when read back from the
    /// spill store (it stays stored).
    pub fn unsent(&self) -> usize {
        if self.spilled {
            0
        } else {
            self.record.len()
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Queue {
    items: VecDeque<Queued>,
    held: usize,
    wire: usize,
    max_bytes: usize,
    max_events: usize,
    /// Record bytes of the events queued here (not read back from the spill store): what page
    /// exit must persist.
    unsent: usize,
    /// Cap on `unsent` (see [`Queue::set_max_unsent`]).
    max_unsent: usize,
    /// Given up since the last loss records were made.
    pub losses: Losses,
}

impl Queue {
    /// A queue capped at `max_bytes` of memory and `max_events` (each at least 1).
    pub fn new(max_bytes: usize, max_events: usize) -> Self {
        Queue {
            items: VecDeque::new(),
            held: 0,
            wire: 0,
            max_bytes,
            max_events: max_events.max(1),
            unsent: 0,
            max_unsent: usize::MAX,
            losses: Losses::default(),
        }
    }

    /// Queues `item` at the back; returns what passed the caps, oldest first (the item itself
    /// when it alone exceeds the byte cap), for the caller to spill or give up.
    pub fn push(&mut self, item: Queued) -> Vec<Queued> {
        if item.held() > self.max_bytes {
            return vec![item];
        }
        self.add(item, false);
        self.over_cap()
    }

    /// Puts `item` back at the front (a batch that will be retried), without a cap check: call
    /// [`Queue::over_cap`] once the batch is back.
    pub fn push_front(&mut self, item: Queued) {
        self.add(item, true);
    }

    fn add(&mut self, item: Queued, front: bool) {
        self.held += item.held();
        self.wire += item.wire as usize;
        self.unsent += item.unsent();
        if front {
            self.items.push_front(item);
        } else {
            self.items.push_back(item);
        }
    }

    /// The oldest records beyond the caps, taken off the queue.
    pub fn over_cap(&mut self) -> Vec<Queued> {
        let mut out = Vec::new();
        while self.items.len() > 1
            && (self.held > self.max_bytes
                || self.items.len() > self.max_events
                || self.unsent > self.max_unsent)
        {
            out.extend(self.pop_front());
        }
        out
    }

    /// Caps the record bytes of the events queued here and not stored elsewhere (what page exit
    /// would have to persist synchronously); [`Queue::over_cap`] takes off the oldest past it
    /// (read-back records among them only let go of their claim: they are still stored).
    pub fn set_max_unsent(&mut self, max: usize) {
        self.max_unsent = max;
    }

    /// Record bytes of the queued events not stored elsewhere (not read back from the spill store).
    pub fn unsent(&self) -> usize {
        self.unsent
    }

    /// Takes off every record queued before `cutoff_ms` (older than the age limit).
    pub fn expire(&mut self, cutoff_ms: f64) -> Vec<Queued> {
        let (old, keep): (VecDeque<Queued>, VecDeque<Queued>) = core::mem::take(&mut self.items)
            .into_iter()
            .partition(|q| q.queued_at_ms < cutoff_ms);
        self.items = keep;
        self.held = self.items.iter().map(Queued::held).sum();
        self.wire = self.items.iter().map(|q| q.wire as usize).sum();
        self.unsent = self.items.iter().map(Queued::unsent).sum();
        old.into()
    }

    pub fn pop_front(&mut self) -> Option<Queued> {
        let item = self.items.pop_front()?;
        self.held = self.held.saturating_sub(item.held());
        self.wire = self.wire.saturating_sub(item.wire as usize);
        self.unsent = self.unsent.saturating_sub(item.unsent());
        Some(item)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Queued> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Estimated encoded bytes queued (the flush threshold compares it with `batch.maxBytes`).
    pub fn bytes(&self) -> usize {
        self.wire
    }

    /// Memory the queued records hold.
    pub fn held(&self) -> usize {
        self.held
    }

    /// When the front (oldest) queued event was pushed: records put back or restored go to the
    /// front, and they are older than the rest.
    pub fn oldest_queued_at(&self) -> Option<f64> {
        self.items.front().map(|q| q.queued_at_ms)
    }
}

#[cfg(test)]
mod tests;
