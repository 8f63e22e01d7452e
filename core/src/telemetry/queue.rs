//! The bounded in-memory queue of captured events. Pushing is O(1) amortized (no encoding: the
//! size is estimated from string lengths); on overflow the oldest events are dropped and counted,
//! and the count rides on the next batch as `va_rollout.dropped`.

use std::collections::VecDeque;

use super::event::{AttrValue, Event};

/// Default byte cap of the queue (estimated encoded size).
pub const DEFAULT_MAX_QUEUE_BYTES: usize = 512 * 1024;
/// Fixed JSON structure of one encoded record (fields, common attribute keys, punctuation).
pub const RECORD_OVERHEAD_BYTES: usize = 420;
/// Structure around one attribute (`{"key":..,"value":{"stringValue":..}}`).
pub const ATTR_OVERHEAD_BYTES: usize = 40;

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

/// One queued event with its queue time (Unix ms) and estimated size.
#[derive(Clone, Debug, PartialEq)]
pub struct Queued {
    pub event: Event,
    pub queued_at_ms: f64,
    pub bytes: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Queue {
    items: VecDeque<Queued>,
    bytes: usize,
    max_bytes: usize,
    max_events: usize,
    /// Dropped since the last batch took the count.
    unreported_dropped: u64,
}

impl Queue {
    /// A queue capped at `max_bytes` (estimated) and `max_events` (each at least 1).
    pub fn new(max_bytes: usize, max_events: usize) -> Self {
        Queue {
            items: VecDeque::new(),
            bytes: 0,
            max_bytes,
            max_events: max_events.max(1),
            unreported_dropped: 0,
        }
    }

    /// Queues `event`; returns how many events were dropped to make room (oldest first; the event
    /// itself when it alone exceeds the byte cap).
    pub fn push(&mut self, event: Event, now_ms: f64) -> usize {
        let bytes = estimate_bytes(&event);
        if bytes > self.max_bytes {
            self.note_dropped(1);
            return 1;
        }
        let mut dropped = 0;
        while !self.items.is_empty()
            && (self.bytes + bytes > self.max_bytes || self.items.len() >= self.max_events)
        {
            self.pop_front();
            dropped += 1;
        }
        self.note_dropped(dropped);
        self.bytes += bytes;
        self.items.push_back(Queued {
            event,
            queued_at_ms: now_ms,
            bytes,
        });
        dropped
    }

    /// Counts events lost elsewhere (oversize records, expired persisted records) so that the
    /// next batch reports them too.
    pub fn note_dropped(&mut self, n: usize) {
        self.unreported_dropped = self.unreported_dropped.saturating_add(n as u64);
    }

    /// The count to report in the next batch, reset to zero.
    pub fn take_dropped(&mut self) -> u64 {
        core::mem::take(&mut self.unreported_dropped)
    }

    pub fn pop_front(&mut self) -> Option<Queued> {
        let item = self.items.pop_front()?;
        self.bytes = self.bytes.saturating_sub(item.bytes);
        Some(item)
    }

    /// Puts back an item taken by [`Queue::pop_front`] (no cap check: it was already counted).
    pub fn push_front(&mut self, item: Queued) {
        self.bytes += item.bytes;
        self.items.push_front(item);
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Estimated bytes queued.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// When the oldest queued event was pushed.
    pub fn oldest_queued_at(&self) -> Option<f64> {
        self.items.front().map(|q| q.queued_at_ms)
    }
}

#[cfg(test)]
mod tests;
