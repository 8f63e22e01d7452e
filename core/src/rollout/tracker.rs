//! The telemetry pipeline for one page: sampling → scrubbing → byte-capped queue → one request
//! in flight with retries → page-exit split and outbox. Pure: the shell supplies ids, time and
//! randomness, performs the sends and reports their outcomes.

use std::collections::VecDeque;

use crate::flags::{FlagView, Source};
use crate::telemetry::{
    classify, drain_for_exit, encode_request, envelope_len, keepalive_budget, load_persisted,
    retry_delay_ms, scrub_event, scrub_event_known_path, scrub_path, split_for_keepalive,
    take_batch, Common, Event, ExposureSet, FlushDecision, Persisted, Queue, Stats,
    TelemetryConfig,
};

pub use super::event_view::{EventView, ViewValue};

/// Most events the queue holds regardless of bytes.
pub const MAX_QUEUED_EVENTS: usize = 5_000;

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

/// One page-exit request: its body and the records in it (removed from the outbox once acknowledged).
#[derive(Clone, Debug, PartialEq)]
pub struct ExitRequest {
    pub body: String,
    pub records: Vec<String>,
}

/// Page exit: requests that each fit the keepalive budget, and what to persist.
#[derive(Clone, Debug, PartialEq)]
pub struct ExitPlan {
    pub requests: Vec<ExitRequest>,
    pub records: Vec<(String, f64)>,
    pub count: usize,
}

struct InFlight {
    records: Vec<String>,
    /// 0-based attempt of the next send.
    attempt: u32,
    sending: bool,
    retry_at: f64,
}

pub struct Tracker {
    config: TelemetryConfig,
    session_id: String,
    sampled: bool,
    queue: Queue,
    stats: Stats,
    exposures: ExposureSet,
    /// Encoded records restored from a previous page, sent before new ones.
    backlog: VecDeque<Vec<String>>,
    /// Records of exit requests that failed while the page lived on, until it is visible again.
    parked: Vec<String>,
    in_flight: Option<InFlight>,
    /// The current page's scrubbed path and since when (Unix ms).
    page: Option<(String, f64)>,
    /// Request bodies are gzip-compressed (the shell has `CompressionStream`): larger requests.
    gzip: bool,
}

/// What a tracked call depends on that may change before the call is processed, taken when the
/// app makes it: processing (ids, scrubbing, sampling, `beforeSend`) then runs in batches, off
/// the app's call, with the same result as at call time.
#[derive(Clone, Debug, PartialEq)]
pub struct CallContext {
    pub time_ms: f64,
    /// The page's scrubbed path (`None` before the first page view).
    pub path: Option<String>,
    /// The routing flow (`Some(true)` = curated), when one is set.
    pub flow: Option<bool>,
    /// Values of the configured context flags, bit `i` for `context_flags[i]` (at most 16).
    flags: u16,
    /// Which of them had data (not the declared default): the others are left out of the event.
    known: u16,
}

impl CallContext {
    /// This context on page `path` (a page view's own page).
    pub fn on_page(self, path: String) -> CallContext {
        CallContext {
            path: Some(path),
            ..self
        }
    }
}

/// A navigation to a new page: the page left and the milliseconds spent on it (`None` for the
/// first page of this Tracker).
pub type PageChange = Option<(String, f64)>;

impl Tracker {
    pub fn new(config: TelemetryConfig, session_id: String, exposures: ExposureSet) -> Tracker {
        let sampled = config.sampler.keep_session(&session_id);
        let queue = Queue::new(config.max_queue_bytes, MAX_QUEUED_EVENTS);
        Tracker {
            config,
            session_id,
            sampled,
            queue,
            stats: Stats::default(),
            exposures,
            backlog: VecDeque::new(),
            parked: Vec::new(),
            in_flight: None,
            page: None,
            gzip: false,
        }
    }

    pub fn config(&self) -> &TelemetryConfig {
        &self.config
    }

    /// Whether request bodies will be gzip-compressed (then a request may carry more, see
    /// [`crate::telemetry::BatchPolicy::request_limits`]).
    pub fn set_gzip(&mut self, gzip: bool) {
        self.gzip = gzip;
    }

    pub fn session_id(&self) -> &str {
        &self.session_id
    }

    /// Whether this session is in the sample (decided once, from the session id).
    pub fn sampled(&self) -> bool {
        self.sampled
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    pub fn exposures(&self) -> &ExposureSet {
        &self.exposures
    }

    /// The current page's scrubbed path, once [`Self::navigate`] has seen one.
    pub fn page_path(&self) -> Option<&str> {
        self.page.as_ref().map(|(p, _)| p.as_str())
    }

    /// The page is now `path` (scrubbed here again, idempotent, so that events on this page can
    /// skip it): `Some` when that is a change (emit a page view), with the previous page and the
    /// time spent on it; `None` when the path is unchanged.
    pub fn navigate(&mut self, path: String, now_ms: f64) -> Option<PageChange> {
        let path = scrub_path(&path, &self.config.scrub.query_allow);
        if self.page_path() == Some(path.as_str()) {
            return None;
        }
        let previous = self.page.replace((path, now_ms));
        Some(previous.map(|(p, since)| (p, now_ms - since)))
    }

    /// True the first time this session sees `flag` with `value` (emit an exposure then).
    pub fn expose(&mut self, flag: &str, value: bool) -> bool {
        self.sampled && self.exposures.record(flag, value)
    }

    /// The fields every event carries, for an event made now on page `path`, with the configured
    /// context flags' current values (the same rule as a captured call's: [`Self::call_context`]).
    pub fn common(
        &self,
        id: String,
        now_ms: f64,
        path: String,
        flow: Option<bool>,
        view: &dyn FlagView,
    ) -> Common {
        self.common_at(
            id,
            self.call_context(now_ms, flow, view).on_page(path),
            String::new,
        )
    }

    /// The context of a call the app makes now (see [`CallContext`]).
    pub fn call_context(
        &self,
        now_ms: f64,
        flow: Option<bool>,
        view: &dyn FlagView,
    ) -> CallContext {
        let (mut flags, mut known) = (0u16, 0u16);
        for (i, f) in self.config.context_flags.iter().take(16).enumerate() {
            // A flag with no data yet (the declared default before the first answer, or after the
            // source failed) is unknown, not false: it is left out of the event, so the report
            // cannot count the first page view of a new-flow user as the base variant.
            if let Some(d) = view.decision(f).filter(|d| d.source != Source::Default) {
                known |= 1 << i;
                if d.value {
                    flags |= 1 << i;
                }
            }
        }
        CallContext {
            time_ms: now_ms,
            path: self.page_path().map(str::to_owned),
            flow,
            flags,
            known,
        }
    }

    /// The fields of an event whose call was made in `ctx`; `fallback_path` when no page view had
    /// been seen then.
    pub fn common_at(
        &self,
        id: String,
        ctx: CallContext,
        fallback_path: impl FnOnce() -> String,
    ) -> Common {
        let context_flags = self
            .config
            .context_flags
            .iter()
            .take(16)
            .enumerate()
            .filter(|(i, _)| ctx.known & (1 << i) != 0)
            .map(|(i, f)| (f.clone(), ctx.flags & (1 << i) != 0))
            .collect();
        let flow = ctx.flow.and_then(flow_name);
        Common {
            id,
            time_ms: ctx.time_ms,
            session_id: self.session_id.clone(),
            path: ctx.path.unwrap_or_else(fallback_path),
            flow,
            context_flags,
        }
    }

    /// Sampling and scrubbing; `None` when the event is not kept. The shell may run the app's
    /// `beforeSend` on the result, then [`Self::push`] (which scrubs again).
    pub fn admit(&self, event: Event) -> Option<Event> {
        if !self.sampled || !self.config.sampler.keep_event(&event) {
            return None;
        }
        if self.page_path() == Some(event.path.as_str()) {
            return Some(scrub_event_known_path(event, &self.config.scrub));
        }
        Some(scrub_event(event, &self.config.scrub))
    }

    /// Queues an event edited by `beforeSend` after [`Self::admit`] (scrubbed again: the hook
    /// may have put anything in) and says when to flush. O(1): no encoding.
    pub fn push(&mut self, event: Event, now_ms: f64) -> Next {
        self.enqueue(self.scrub(event), now_ms)
    }

    /// Scrubs an event again (after a hook edited it), for a sink to see what will be queued.
    pub fn scrub(&self, event: Event) -> Event {
        scrub_event(event, &self.config.scrub)
    }

    /// Queues an event already scrubbed by [`Self::admit`] or [`Self::scrub`].
    pub fn push_scrubbed(&mut self, event: Event, now_ms: f64) -> Next {
        self.enqueue(event, now_ms)
    }

    /// [`Self::admit`] and queue, when no hook runs in between (scrubbed once); `None` when the
    /// event is not kept.
    pub fn record(&mut self, event: Event, now_ms: f64) -> Option<Next> {
        let event = self.admit(event)?;
        Some(self.enqueue(event, now_ms))
    }

    fn enqueue(&mut self, event: Event, now_ms: f64) -> Next {
        let dropped = self.queue.push(event, now_ms);
        self.stats.on_queued(1);
        self.stats.on_dropped(dropped);
        self.next(now_ms)
    }

    /// What to do now, given the queue, the backlog and the request in flight.
    pub fn next(&self, now_ms: f64) -> Next {
        if let Some(f) = &self.in_flight {
            return if f.sending {
                Next::Idle
            } else if f.retry_at <= now_ms {
                Next::SendNow
            } else {
                Next::At(f.retry_at)
            };
        }
        if !self.backlog.is_empty() {
            return Next::SendNow;
        }
        match self.config.batch.on_push(&self.queue, now_ms) {
            FlushDecision::Now => Next::SendNow,
            FlushDecision::At(t) => Next::At(t),
            FlushDecision::Wait => Next::Idle,
        }
    }

    /// The next request body, if one is due: a retry, the backlog, or a batch off the queue.
    /// `force` flushes the queue before its thresholds (`rollout.flush()`).
    pub fn take(&mut self, now_ms: f64, force: bool) -> Option<Batch> {
        match &mut self.in_flight {
            Some(f) if f.sending || f.retry_at > now_ms => return None,
            Some(f) => {
                f.sending = true;
                let body = encode_request(&self.config.resource, &f.records);
                return Some(Batch {
                    body,
                    count: f.records.len(),
                });
            }
            None => {}
        }
        let records = match self.backlog.pop_front() {
            Some(records) => records,
            None if force || self.next(now_ms) == Next::SendNow => take_batch(
                &mut self.queue,
                &self.config.batch.request_limits(self.gzip),
                &self.config.resource,
            ),
            None => return None,
        };
        if records.is_empty() {
            return None;
        }
        let body = encode_request(&self.config.resource, &records);
        let count = records.len();
        self.in_flight = Some(InFlight {
            records,
            attempt: 0,
            sending: true,
            retry_at: 0.0,
        });
        Some(Batch { body, count })
    }

    /// The outcome of the request from [`Self::take`]: `status` `None` is a network failure.
    pub fn on_response(
        &mut self,
        status: Option<u16>,
        retry_after: Option<&str>,
        jitter: f64,
        now_ms: f64,
    ) -> Next {
        let Some(mut f) = self.in_flight.take() else {
            return self.next(now_ms);
        };
        let retry = self
            .stats
            .on_outcome(classify(status), f.records.len(), f.attempt);
        if retry {
            f.retry_at = now_ms + retry_delay_ms(retry_after, f.attempt, jitter, now_ms) as f64;
            f.attempt += 1;
            f.sending = false;
            self.in_flight = Some(f);
        }
        self.next(now_ms)
    }

    /// Page exit: everything not acknowledged, split into bodies that fit the keepalive budget.
    /// The shell sends them at once and persists `records` as the outbox until acknowledged.
    pub fn exit(&mut self, now_ms: f64) -> ExitPlan {
        let mut records: Vec<(String, f64)> = Vec::new();
        if let Some(f) = self.in_flight.take() {
            records.extend(f.records.into_iter().map(|r| (r, now_ms)));
        }
        records.extend(self.backlog.drain(..).flatten().map(|r| (r, now_ms)));
        records.extend(drain_for_exit(&mut self.queue));
        let split = split_for_keepalive(
            records.iter().map(|(r, _)| r.clone()).collect(),
            keepalive_budget(&self.config.resource),
        );
        self.stats.on_dropped(split.dropped);
        let requests = split
            .chunks
            .into_iter()
            .map(|records| ExitRequest {
                body: encode_request(&self.config.resource, &records),
                records,
            })
            .collect();
        let count = records.len();
        ExitPlan {
            requests,
            records,
            count,
        }
    }

    /// The exit requests of `n` records were acknowledged (the page lived on).
    pub fn on_exit_ack(&mut self, n: usize) {
        self.stats.on_sent(n);
    }

    /// An exit request failed (network error or non-2xx) and the page lives on (hidden, or shown
    /// again): its records wait for [`Self::resume`] instead of the next page load.
    pub fn on_exit_failed(&mut self, records: Vec<String>) {
        self.parked.extend(records);
    }

    /// The page is visible again: records of failed exit requests go out like any batch (still
    /// pending in the stats). Returns them, for the shell to take out of the outbox.
    pub fn resume(&mut self) -> Vec<String> {
        let parked = core::mem::take(&mut self.parked);
        self.queue_backlog(parked.clone());
        parked
    }

    /// Encoded records to send before the queue, in requests of at most the request limits.
    fn queue_backlog(&mut self, records: Vec<String>) {
        let limits = self.config.batch.request_limits(self.gzip);
        let budget = limits
            .max_bytes
            .saturating_sub(envelope_len(&self.config.resource));
        let split = split_for_keepalive(records, budget);
        self.stats.on_dropped(split.dropped);
        self.queue.note_dropped(split.dropped);
        for chunk in split.chunks {
            for part in chunk.chunks(limits.max_events.max(1)) {
                self.backlog.push_back(part.to_vec());
            }
        }
    }

    /// Records persisted by an earlier page (or this one before it was hidden), sent first.
    /// Every persisted record counts as queued; the expired or malformed ones as dropped (and
    /// ride on the next batch as `va_rollout.dropped`). Returns how many will be re-sent.
    pub fn restore(&mut self, outbox: Persisted, now_ms: f64) -> usize {
        let (records, expired) = load_persisted(outbox, now_ms);
        self.queue.note_dropped(expired);
        let n = records.len();
        self.stats.on_queued(n + expired);
        self.stats.on_dropped(expired);
        self.queue_backlog(records);
        n
    }
}

#[cfg(test)]
mod tests;

/// The routing flow's name for events (`curated` / `legacy`); none in a build without routing.
#[cfg(feature = "routing")]
fn flow_name(on: bool) -> Option<String> {
    Some(crate::routing::Flow::from_toggle(on).as_str().to_owned())
}

#[cfg(not(feature = "routing"))]
fn flow_name(_: bool) -> Option<String> {
    None
}
