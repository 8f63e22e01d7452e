//! The tracker's delivery: one request in flight; a retryable outcome puts its records back at
//! the front of the queue and waits (`Retry-After`, else backoff), with no attempt limit: records
//! are given up only when older than `maxAgeMs` or when memory and storage are full. Page exit
//! splits everything into keepalive-sized requests and an outbox; loss records report what was
//! given up.

use super::Tracker;
use crate::telemetry::batch::{encode_items, Taken};
use crate::telemetry::builders;
use crate::telemetry::persist::{LOSS_RESERVE_BYTES, MAX_PERSISTED_BYTES};
use crate::telemetry::queue::{LossReason, Queued};
use crate::telemetry::{
    classify, encode_request, keepalive_budget, load_persisted, retry_delay_ms,
    split_for_keepalive, take_batch, Common, Delivery, FlushDecision, Persisted,
};

/// A batch handed to the shell to POST.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    pub body: String,
    pub count: usize,
}

/// What the shell does after a response.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Next {
    /// Nothing to send until the next push.
    Idle,
    /// Send the next batch now.
    SendNow,
    /// Wake at this Unix ms (a retry, or the 5 s deadline of queued events).
    At(f64),
}

/// One page-exit request: its body and the compact records in it with their queue times
/// (removed from the outbox once acknowledged).
#[derive(Clone, Debug, PartialEq)]
pub struct ExitRequest {
    pub body: String,
    pub records: Vec<(String, f64)>,
}

/// Page exit: requests that each fit the keepalive budget, and the outbox to store (compact
/// records with the time each was queued).
#[derive(Clone, Debug, PartialEq)]
pub struct ExitPlan {
    pub requests: Vec<ExitRequest>,
    pub outbox: Persisted,
    pub count: usize,
}

impl Tracker {
    /// What to do now, given the queue and the request in flight.
    pub fn next(&self, now_ms: f64) -> Next {
        if self.in_flight.is_some() {
            return Next::Idle;
        }
        if let Some(at) = self.retry_at {
            return if self.queue.is_empty() && !self.store_waits() {
                Next::Idle
            } else if at <= now_ms {
                Next::SendNow
            } else {
                Next::At(at)
            };
        }
        if (self.spill.reading || self.backlog) && !self.queue.is_empty() {
            return Next::SendNow;
        }
        let claim = self.claim_again_at();
        match (self.config.batch.on_push(&self.queue, now_ms), claim) {
            (FlushDecision::Now, _) => Next::SendNow,
            (_, Some(c)) if c <= now_ms => Next::SendNow,
            (FlushDecision::At(t), c) => Next::At(c.map_or(t, |c| c.min(t))),
            (FlushDecision::Wait, Some(c)) => Next::At(c),
            (FlushDecision::Wait, None) => Next::Idle,
        }
    }

    /// Gives up records older than `maxAgeMs` (wherever they wait in memory).
    fn expire(&mut self, now_ms: f64) {
        let cutoff = now_ms - self.config.max_age_ms as f64;
        if self.queue.oldest_queued_at().is_some_and(|t| t < cutoff) {
            let old = self.queue.expire(cutoff);
            self.give_up(LossReason::Expired, &old);
            self.settle_spilled(&old, true);
        }
    }

    /// Loss records for what was given up since the last ones, at the front of the queue: they
    /// leave with the next request (and are retried, spilled and persisted like any record).
    fn emit_losses(&mut self, now_ms: f64) {
        for (reason, n, first) in self.queue.losses.take().into_iter().rev() {
            let id = match first {
                Some(id) => id + ".loss",
                None => {
                    let mut id = [&self.session_id, ".loss.", reason.as_str(), "."].concat();
                    crate::json::write::write_u64(&mut id, now_ms as u64);
                    id
                }
            };
            let common = Common {
                id,
                time_ms: now_ms,
                session_id: self.session_id.clone(),
                path: self.page_path().unwrap_or("/").to_owned(),
                flow: None,
                context_flags: Vec::new(),
            };
            let event = builders::loss(common, n, reason.as_str());
            self.stats.on_queued(1);
            self.queue.push_front(Queued::new(&event, now_ms));
        }
    }

    /// The next request body, if one is due: the retried records, or a batch off the queue.
    /// `force` flushes the queue before its thresholds (`rollout.flush()`).
    pub fn take(&mut self, now_ms: f64, force: bool) -> Option<Batch> {
        if self.in_flight.is_some() || self.retry_at.is_some_and(|at| at > now_ms) {
            return None;
        }
        self.expire(now_ms);
        if !(force || self.retry_at.is_some() || self.next(now_ms) == Next::SendNow) {
            return None;
        }
        self.emit_losses(now_ms);
        let Taken { records, items } = take_batch(
            &mut self.queue,
            &self.config.batch.request_limits(self.gzip),
            &self.config.resource,
        );
        if self.queue.is_empty() {
            self.backlog = false;
        }
        if records.is_empty() {
            return None;
        }
        let body = encode_request(&self.config.resource, &records);
        let count = records.len();
        self.in_flight = Some(items);
        // The batch's loss records joined uncapped: they may pass the unsent cap by their few
        // hundred bytes until the next push (the outbox keeps room for them).
        self.fit_unsent();
        Some(Batch { body, count })
    }

    /// The outcome of the request from [`Self::take`]: `status` `None` is a network failure or
    /// a timeout.
    pub fn on_response(
        &mut self,
        status: Option<u16>,
        retry_after: Option<&str>,
        jitter: f64,
        now_ms: f64,
    ) -> Next {
        let Some(items) = self.in_flight.take() else {
            return self.next(now_ms);
        };
        self.fit_unsent();
        let outcome = classify(status);
        self.stats.on_outcome(outcome, items.len());
        match outcome {
            Delivery::Ok => {
                self.failures = 0;
                self.retry_at = None;
                self.settle_spilled(&items, true);
            }
            Delivery::Drop => {
                // Refused for good: counted as failed (not dropped), reported by a loss record.
                let first = items.first().and_then(Queued::id);
                self.queue
                    .losses
                    .note(LossReason::Refused, items.len(), first.as_deref());
                self.settle_spilled(&items, true);
            }
            Delivery::Retry => {
                let delay = retry_delay_ms(retry_after, self.failures, jitter, now_ms);
                self.retry_at = Some(now_ms + delay as f64);
                self.failures = self.failures.saturating_add(1);
                // Records read back from the store stay there (claim released); the others go
                // back to the front, then what passes the memory cap spills or is given up.
                let (spilled, mine): (Vec<Queued>, Vec<Queued>) =
                    items.into_iter().partition(|q| q.spilled);
                self.settle_spilled(&spilled, false);
                for q in mine.into_iter().rev() {
                    self.queue.push_front(q);
                }
                let over = self.queue.over_cap();
                self.evicted(over);
                self.expire(now_ms);
            }
        }
        self.next(now_ms)
    }

    /// Page exit: everything not acknowledged, split into bodies that fit the keepalive budget,
    /// and the outbox to store: `outbox` (what earlier exits, of this page or another tab, left)
    /// with these records. The shell sends the requests at once and stores the outbox, a write
    /// done when the call returns. What the outbox cannot take is given up now, oldest first,
    /// counted as dropped and reported by a loss record in it: nothing is left to an asynchronous
    /// write that the unload may cut. Records read back from the spill store are left there
    /// (their claim is released).
    pub fn exit(&mut self, now_ms: f64, mut outbox: Persisted) -> ExitPlan {
        self.emit_losses(now_ms);
        let mut items: Vec<Queued> = self.unconfirmed();
        items.extend(self.in_flight.take().unwrap_or_default());
        items.extend(crate::telemetry::drain_for_exit(&mut self.queue));
        self.fit_unsent();
        self.retry_at = None;
        let (spilled, mut mine): (Vec<Queued>, Vec<Queued>) =
            items.into_iter().partition(|q| q.spilled);
        self.settle_spilled(&spilled, false);
        let (theirs, ours) = outbox.excess(
            mine.iter().map(|q| q.record.len()),
            MAX_PERSISTED_BYTES - LOSS_RESERVE_BYTES,
        );
        if theirs + ours > 0 {
            // Records of earlier exits were not counted here: they count as queued, then lost.
            let earlier: Vec<Queued> = outbox
                .records
                .drain(..theirs)
                .filter_map(|rec| Queued::restore(rec.r, rec.t))
                .collect();
            self.stats.on_queued(earlier.len());
            self.give_up(LossReason::Overflow, &earlier);
            let lost: Vec<Queued> = mine.drain(..ours).collect();
            self.give_up(LossReason::Overflow, &lost);
            self.emit_losses(now_ms);
            mine.extend(crate::telemetry::drain_for_exit(&mut self.queue));
        }
        let (encoded, unreadable) = encode_items(mine);
        self.stats.on_dropped(unreadable);
        let split = split_for_keepalive(encoded, keepalive_budget(&self.config.resource));
        self.give_up(LossReason::Malformed, &split.dropped);
        let mut records: Vec<(String, f64)> = Vec::new();
        let requests = split
            .chunks
            .into_iter()
            .map(|chunk| {
                let (bodies, queued): (Vec<String>, Vec<Queued>) = chunk.into_iter().unzip();
                let compact: Vec<(String, f64)> = queued
                    .into_iter()
                    .map(|q| (q.record.into(), q.queued_at_ms))
                    .collect();
                records.extend(compact.iter().cloned());
                ExitRequest {
                    body: encode_request(&self.config.resource, &bodies),
                    records: compact,
                }
            })
            .collect();
        let count = records.len();
        ExitPlan {
            requests,
            outbox: outbox.append(records).0,
            count,
        }
    }

    /// The exit requests of `n` records were acknowledged (the page lived on).
    pub fn on_exit_ack(&mut self, n: usize) {
        self.stats.on_sent(n);
    }

    /// An exit request failed (network error or non-2xx) and the page lives on (hidden, or shown
    /// again): its records wait for [`Self::resume`] instead of the next page load.
    pub fn on_exit_failed(&mut self, records: Vec<(String, f64)>) {
        self.parked.extend(records);
    }

    /// The page is visible again: records of failed exit requests go back to the queue (still
    /// pending in the stats). Returns them, for the shell to take out of the outbox.
    pub fn resume(&mut self) -> Vec<String> {
        let parked = core::mem::take(&mut self.parked);
        let items: Vec<Queued> = parked
            .iter()
            .filter_map(|(r, t)| Queued::restore(r.clone(), *t))
            .collect();
        self.requeue_front(items);
        parked.into_iter().map(|(r, _)| r).collect()
    }

    /// Older records, ahead of everything queued; what passes the memory cap spills or is
    /// given up.
    fn requeue_front(&mut self, items: Vec<Queued>) {
        self.backlog |= !items.is_empty();
        for q in items.into_iter().rev() {
            self.queue.push_front(q);
        }
        let over = self.queue.over_cap();
        self.evicted(over);
    }

    /// Records persisted by an earlier page (or this one before it was hidden), sent first.
    /// Every persisted record counts as queued; the expired or malformed ones as given up (and
    /// reported by a loss record). Returns how many will be re-sent.
    pub fn restore(&mut self, outbox: Persisted, now_ms: f64) -> usize {
        let (records, expired) = load_persisted(outbox, now_ms, self.config.max_age_ms as f64);
        let items: Vec<Queued> = records
            .into_iter()
            .filter_map(|(r, t)| Queued::restore(r, t))
            .collect();
        let n = items.len();
        self.stats.on_queued(n + expired);
        self.stats.on_dropped(expired);
        self.queue.losses.note(LossReason::Expired, expired, None);
        self.requeue_front(items);
        n
    }
}
