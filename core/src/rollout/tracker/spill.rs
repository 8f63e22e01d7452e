//! The tracker's side of the spill store: records that pass the memory cap leave for storage
//! instead of being given up (when the shell has IndexedDB), and come back, a request's worth at
//! a time, once the collector answers again. Without a store they are given up, oldest first.

use super::{Next, Tracker};
use crate::telemetry::batch::REQUEST_MAX_BYTES_GZIP;
use crate::telemetry::catalogue::keys;
use crate::telemetry::persist::MAX_UNSENT_BYTES;
use crate::telemetry::queue::{LossReason, Queued};
use crate::telemetry::spill::{key, CLAIM_MS};
use crate::telemetry::{AttrValue, EventKind};

/// The spill store key of a queued record.
fn store_key(q: &Queued) -> Option<String> {
    Some(key(&q.id()?, q.queued_at_ms))
}

/// A record to write to the spill store under `key` ([`crate::telemetry::spill::key`]: writing
/// it twice keeps one).
#[derive(Clone, Debug, PartialEq)]
pub struct SpillRecord {
    pub key: String,
    pub id: String,
    pub record: String,
    pub queued_at_ms: f64,
}

#[derive(Debug, Default)]
pub(super) struct SpillState {
    /// The shell has a spill store (IndexedDB opened).
    pub enabled: bool,
    /// The shell is opening one: hold what passes the cap until it says whether it has it.
    pub opening: bool,
    /// Everything stored was claimed by other tabs: claim again at this time (claims lapse).
    pub claim_at: Option<f64>,
    /// Records waiting to be written.
    pub out: Vec<SpillRecord>,
    /// Records handed to the shell to write, until it reports the write's transaction complete:
    /// page exit persists them with the rest (the write may be cut by the unload).
    pub writing: Vec<(u32, SpillRecord)>,
    /// Number of the last batch handed to the shell to write.
    pub batch: u32,
    /// The store may hold records: ask for them after the next 2xx.
    pub stored: bool,
    /// Spilled records read back are in memory (queued or in flight): ask for no more yet.
    pub reading: bool,
    /// Keys of read-back records acknowledged or refused for good: delete them from the store.
    pub done: Vec<String>,
    /// Keys of read-back records whose send failed: release their claim (they stay stored).
    pub released: Vec<String>,
}

impl Tracker {
    /// The shell has (or has no longer) a spill store. With one, the store may hold records of an
    /// earlier page: they are read back after the first 2xx.
    pub fn set_spill(&mut self, enabled: bool) {
        let on = enabled && self.config.spill.max_bytes > 0;
        self.spill.enabled = on;
        self.spill.opening = false;
        self.spill.stored = on;
        self.fit_unsent();
        let over = self.queue.over_cap();
        self.evicted(over);
        if !on {
            // Records waiting for a store that is gone are given up.
            let out = core::mem::take(&mut self.spill.out);
            self.give_up_ids(LossReason::Overflow, out.iter().map(|r| r.id.as_str()));
        }
    }

    /// The shell is opening a spill store: until [`Self::set_spill`] says whether it has one,
    /// what passes the memory cap waits for it (an outbox restored at load must not be given up
    /// because IndexedDB answers a few milliseconds later).
    pub fn expect_spill(&mut self) {
        self.spill.opening = self.config.spill.max_bytes > 0;
        self.fit_unsent();
    }

    /// With a spill store (or one opening), this page's unsent records in memory, queued and in
    /// flight, stay within [`MAX_UNSENT_BYTES`], what page exit persists synchronously: the
    /// older ones spill while the page lives. Without one, only the memory cap holds.
    pub(super) fn fit_unsent(&mut self) {
        let max = if self.spill.enabled || self.spill.opening {
            let in_flight: usize = self.in_flight.iter().flatten().map(Queued::unsent).sum();
            MAX_UNSENT_BYTES.saturating_sub(in_flight)
        } else {
            usize::MAX
        };
        self.queue.set_max_unsent(max);
    }

    /// Records that passed the memory cap: to the spill store, or given up.
    pub(super) fn evicted(&mut self, items: Vec<Queued>) {
        if items.is_empty() {
            return;
        }
        if !(self.spill.enabled || self.spill.opening) {
            self.give_up(LossReason::Overflow, &items);
            return;
        }
        for q in items {
            if q.spilled {
                // Read back from the store and still there: only its claim is let go.
                self.release(&q);
                continue;
            }
            match q.id() {
                Some(id) => self.spill.out.push(SpillRecord {
                    key: key(&id, q.queued_at_ms),
                    id,
                    record: q.record.into(),
                    queued_at_ms: q.queued_at_ms,
                }),
                None => self.give_up(LossReason::Malformed, &[q]),
            }
        }
        self.spill.stored = true;
    }

    /// Counts `items` as given up for `reason` (reported by the next loss record).
    pub(super) fn give_up(&mut self, reason: LossReason, items: &[Queued]) {
        let mut lost: Vec<&Queued> = Vec::with_capacity(items.len());
        for q in items {
            match q.event().filter(|e| e.kind == EventKind::Loss) {
                // A loss record is not a loss: its count goes back to the unreported ones (and
                // it stops counting as queued), so the next loss record still reports it.
                Some(e) => {
                    self.stats.queued = self.stats.queued.saturating_sub(1);
                    let n = match e.attr(keys::DROPPED) {
                        Some(AttrValue::Int(n)) => usize::try_from(*n).unwrap_or(0),
                        _ => 0,
                    };
                    let was = LossReason::ALL
                        .into_iter()
                        .find(|r| e.name == r.as_str())
                        .unwrap_or(reason);
                    self.queue.losses.note(was, n, e.id.strip_suffix(".loss"));
                }
                None => lost.push(q),
            }
        }
        let first = lost.first().and_then(|q| q.id());
        self.stats.on_dropped(lost.len());
        self.queue.losses.note(reason, lost.len(), first.as_deref());
    }

    fn give_up_ids<'a>(&mut self, reason: LossReason, mut ids: impl Iterator<Item = &'a str>) {
        let first = ids.next();
        let n = usize::from(first.is_some()) + ids.count();
        self.stats.on_dropped(n);
        self.queue.losses.note(reason, n, first);
    }

    /// Records to write to the spill store now (the shell writes them, then trims the store
    /// with [`crate::telemetry::spill::SpillPolicy::trim`] and reports [`Self::spill_trimmed`]).
    /// They count as being written until [`Self::spill_written`] with the batch number returned.
    pub fn take_spill(&mut self) -> (u32, Vec<SpillRecord>) {
        let out = core::mem::take(&mut self.spill.out);
        self.spill.batch = self.spill.batch.wrapping_add(1);
        let batch = self.spill.batch;
        self.spill
            .writing
            .extend(out.iter().map(|r| (batch, r.clone())));
        (batch, out)
    }

    /// The transaction that wrote batch `batch` completed (`ok`), or failed: then its records are
    /// given up, counted and reported (the store refused them).
    pub fn spill_written(&mut self, batch: u32, ok: bool) {
        let before = self.spill.writing.len();
        self.spill.writing.retain(|(b, _)| *b != batch);
        if !ok {
            let n = before - self.spill.writing.len();
            self.stats.on_dropped(n);
            self.queue.losses.note(LossReason::Overflow, n, None);
        }
    }

    /// Page exit: the records not yet written, or whose write is not confirmed, come back to be
    /// persisted with the rest (oldest first); those being written are deleted from the store
    /// again, in case the write lands after all.
    pub(super) fn unconfirmed(&mut self) -> Vec<Queued> {
        let mut records: Vec<SpillRecord> = Vec::new();
        for (_, r) in core::mem::take(&mut self.spill.writing) {
            self.spill.done.push(r.key.clone());
            records.push(r);
        }
        records.append(&mut self.spill.out);
        records
            .into_iter()
            .filter_map(|r| Queued::restore(r.record, r.queued_at_ms))
            .collect()
    }

    /// Stored records the shell deleted by the store's rules (their keys, each with its reason): given
    /// up. `own` tells which of them this page had queued (the others were never counted here).
    pub fn spill_trimmed(&mut self, deleted: &[(String, LossReason, bool)]) {
        for reason in LossReason::ALL {
            let mut ids = deleted.iter().filter(|(_, r, _)| *r == reason);
            let Some(first) = ids.next() else { continue };
            let n = 1 + ids.count();
            let foreign = deleted
                .iter()
                .filter(|(_, r, own)| *r == reason && !own)
                .count();
            // Another page's records were never queued here: counted now, so that
            // queued = sent + dropped + failed + pending still holds.
            self.stats.on_queued(foreign);
            self.stats.on_dropped(n);
            // A store key is "<time> <id>": the loss record's id derives from the event id.
            let id = first
                .0
                .split_once(' ')
                .map_or(first.0.as_str(), |(_, id)| id);
            self.queue.losses.note(reason, n, Some(id));
        }
    }

    /// How many stored records (and bytes) the shell should claim and hand to
    /// [`Self::restore_spilled`] now: when the store may hold some, none read back are still in
    /// memory, and the collector answered (a 2xx, no failure since) or a retry is due (the read
    /// records are the retry: a store is never left waiting for a queue that is empty).
    pub fn wants_spilled(&self, now_ms: f64) -> Option<(usize, usize)> {
        let collector = match self.retry_at {
            Some(at) => at <= now_ms,
            None => self.failures == 0 && self.stats.sent > 0,
        };
        let lapsed = self.spill.claim_at.map_or(true, |t| t <= now_ms);
        let ready = self.store_waits() && collector && lapsed;
        ready.then(|| {
            let limits = self.config.batch.request_limits(true);
            (limits.max_events, REQUEST_MAX_BYTES_GZIP / 2)
        })
    }

    /// The store may hold records this page should send when a retry is due.
    pub(super) fn store_waits(&self) -> bool {
        self.spill.enabled && self.spill.stored && !self.spill.reading
    }

    /// When to ask the store again for records other tabs had claimed.
    pub(super) fn claim_again_at(&self) -> Option<f64> {
        self.spill.claim_at.filter(|_| self.store_waits())
    }

    /// Records the shell claimed from the spill store (`(record, queued at, written by this
    /// page)`), oldest first: sent before anything queued. An empty claim means the store is
    /// empty (or all of it is claimed by other tabs) until something is spilled again.
    /// `others` is how many stored records were left because other tabs hold their claims: then
    /// the store is asked again once such claims lapse.
    pub fn restore_spilled(
        &mut self,
        records: Vec<(String, f64, bool)>,
        others: usize,
        now_ms: f64,
    ) -> Next {
        self.spill.claim_at = None;
        if records.is_empty() {
            if others > 0 {
                self.spill.claim_at = Some(now_ms + CLAIM_MS);
            } else {
                self.spill.stored = false;
            }
            return self.next(now_ms);
        }
        let mut restored: Vec<Queued> = Vec::with_capacity(records.len());
        for (record, at, own) in records {
            if !own {
                self.stats.on_queued(1);
            }
            match Queued::restore(record, at) {
                Some(mut q) => {
                    q.spilled = true;
                    q.foreign = !own;
                    restored.push(q);
                }
                None => self.stats.on_dropped(1),
            }
        }
        self.spill.reading = !restored.is_empty();
        for q in restored.into_iter().rev() {
            self.queue.push_front(q);
        }
        self.next(now_ms)
    }

    /// Keys to delete from the spill store (sent, or refused for good), and keys whose claim to
    /// release (their send failed; they stay stored): for the shell, after each response.
    pub fn take_spill_done(&mut self) -> (Vec<String>, Vec<String>) {
        (
            core::mem::take(&mut self.spill.done),
            core::mem::take(&mut self.spill.released),
        )
    }

    /// A read-back record leaves this page's hands, still stored: its claim is released, and
    /// another page's record stops counting here (it is counted where it is sent).
    fn release(&mut self, q: &Queued) {
        self.spill.released.extend(store_key(q));
        if q.foreign {
            self.stats.queued = self.stats.queued.saturating_sub(1);
        }
    }

    /// A batch ended: its read-back records are deleted from the store (`done`) or released.
    pub(super) fn settle_spilled(&mut self, items: &[Queued], done: bool) {
        for q in items.iter().filter(|q| q.spilled) {
            if done {
                self.spill.done.extend(store_key(q));
            } else {
                self.release(q);
            }
        }
        if !self.queue_has_spilled() {
            self.spill.reading = false;
        }
    }

    fn queue_has_spilled(&self) -> bool {
        self.queue.iter().any(|q| q.spilled)
    }
}
