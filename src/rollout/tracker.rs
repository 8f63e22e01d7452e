//! The telemetry pipeline for one page: sampling → scrubbing → byte-capped queue → one request
//! in flight with retries → page-exit split and outbox. Pure: the shell supplies ids, time and
//! randomness, performs the sends and reports their outcomes.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::flags::{FlagView, Source};
use crate::telemetry::{
    classify, drain_for_exit, encode_request, keepalive_budget, load_persisted, retry_delay_ms, scrub_event,
    split_for_keepalive, take_batch, AttrValue, Common, Event, ExposureSet, FlushDecision, Persisted,
    Queue, Stats, TelemetryConfig,
};

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
}

/// A navigation to a new page: the page left and the milliseconds spent on it (`None` for the
/// first page of this Tracker).
pub type PageChange = Option<(String, f64)>;

impl Tracker {
    pub fn new(config: TelemetryConfig, session_id: String, exposures: ExposureSet) -> Tracker {
        let sampled = config.sampler.keep_session(&session_id);
        let queue = Queue::new(config.max_queue_bytes, MAX_QUEUED_EVENTS);
        Tracker { config, session_id, sampled, queue, stats: Stats::default(), exposures, backlog: VecDeque::new(), parked: Vec::new(), in_flight: None, page: None }
    }

    pub fn config(&self) -> &TelemetryConfig {
        &self.config
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

    /// The page is now `path` (scrubbed): `Some` when that is a change (emit a page view), with
    /// the previous page and the time spent on it; `None` when the path is unchanged.
    pub fn navigate(&mut self, path: String, now_ms: f64) -> Option<PageChange> {
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

    /// The fields every event carries, with the configured context flags' current values.
    pub fn common(&self, id: String, now_ms: f64, path: String, flow: Option<String>, view: &dyn FlagView) -> Common {
        // A flag with no data yet (the declared default before the first answer, or after the
        // source failed) is unknown, not false: it is left out, so the report cannot count the
        // first page view of a new-flow user as the base variant.
        let context_flags = self
            .config
            .context_flags
            .iter()
            .filter_map(|f| view.decision(f).filter(|d| d.source != Source::Default).map(|d| (f.clone(), d.value)))
            .collect();
        Common { id, time_ms: now_ms, session_id: self.session_id.clone(), path, flow, context_flags }
    }

    /// Sampling and scrubbing; `None` when the event is not kept. The shell may run the app's
    /// `beforeSend` on the result, then [`Self::push`] (which scrubs again).
    pub fn admit(&self, event: Event) -> Option<Event> {
        if !self.sampled || !self.config.sampler.keep(&event) {
            return None;
        }
        Some(scrub_event(event, &self.config.scrub))
    }

    /// Queues an admitted event (O(1): no encoding) and says when to flush.
    pub fn push(&mut self, event: Event, now_ms: f64) -> Next {
        let event = scrub_event(event, &self.config.scrub);
        let dropped = self.queue.push(event, now_ms);
        self.stats.on_queued(1);
        self.stats.on_dropped(dropped);
        self.next(now_ms)
    }

    /// What to do now, given the queue, the backlog and the request in flight.
    pub fn next(&self, now_ms: f64) -> Next {
        if let Some(f) = &self.in_flight {
            return if f.sending { Next::Idle } else if f.retry_at <= now_ms { Next::SendNow } else { Next::At(f.retry_at) };
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
                return Some(Batch { body, count: f.records.len() });
            }
            None => {}
        }
        let records = match self.backlog.pop_front() {
            Some(records) => records,
            None if force || self.next(now_ms) == Next::SendNow => take_batch(&mut self.queue, &self.config.batch, &self.config.resource),
            None => return None,
        };
        if records.is_empty() {
            return None;
        }
        let body = encode_request(&self.config.resource, &records);
        let count = records.len();
        self.in_flight = Some(InFlight { records, attempt: 0, sending: true, retry_at: 0.0 });
        Some(Batch { body, count })
    }

    /// The outcome of the request from [`Self::take`]: `status` `None` is a network failure.
    pub fn on_response(&mut self, status: Option<u16>, retry_after: Option<&str>, jitter: f64, now_ms: f64) -> Next {
        let Some(mut f) = self.in_flight.take() else { return self.next(now_ms) };
        let retry = self.stats.on_outcome(classify(status), f.records.len(), f.attempt);
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
        let split = split_for_keepalive(records.iter().map(|(r, _)| r.clone()).collect(), keepalive_budget(&self.config.resource));
        self.stats.on_dropped(split.dropped);
        let requests = split
            .chunks
            .into_iter()
            .map(|records| ExitRequest { body: encode_request(&self.config.resource, &records), records })
            .collect();
        let count = records.len();
        ExitPlan { requests, records, count }
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
        for chunk in parked.chunks(self.config.batch.max_events.max(1)) {
            self.backlog.push_back(chunk.to_vec());
        }
        parked
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
        let per_batch = self.config.batch.max_events.max(1);
        for chunk in records.chunks(per_batch) {
            self.backlog.push_back(chunk.to_vec());
        }
        n
    }
}

/// What an app's `beforeSend(event)` sees and may change: name, path and attributes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventView {
    pub kind: String,
    pub name: String,
    pub path: String,
    #[serde(default)]
    pub flow: Option<String>,
    #[serde(default)]
    pub attributes: std::collections::BTreeMap<String, ViewValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ViewValue {
    Bool(bool),
    Num(f64),
    Str(String),
}

impl EventView {
    pub fn of(event: &Event) -> EventView {
        let attributes = event
            .attrs
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    AttrValue::Str(s) => ViewValue::Str(s.clone()),
                    AttrValue::Int(i) => ViewValue::Num(*i as f64),
                    AttrValue::Float(f) => ViewValue::Num(*f),
                    AttrValue::Bool(b) => ViewValue::Bool(*b),
                };
                (k.clone(), v)
            })
            .collect();
        EventView { kind: event.kind.as_str().to_owned(), name: event.name.clone(), path: event.path.clone(), flow: event.flow.clone(), attributes }
    }

    /// Applies the hook's edits to `event`: name, path, flow and attribute values may change
    /// (the kind, id, time and session may not); everything is scrubbed again afterwards.
    pub fn apply(self, mut event: Event) -> Event {
        event.name = self.name;
        event.path = self.path;
        event.flow = self.flow;
        event.attrs = self.attributes.into_iter().map(|(k, v)| (k, v.into())).collect();
        event
    }
}

impl From<ViewValue> for AttrValue {
    fn from(v: ViewValue) -> AttrValue {
        match v {
            ViewValue::Bool(b) => AttrValue::Bool(b),
            ViewValue::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => AttrValue::Int(n as i64),
            ViewValue::Num(n) => AttrValue::Float(n),
            ViewValue::Str(s) => AttrValue::Str(s),
        }
    }
}

#[cfg(test)]
#[path = "tracker_tests.rs"]
mod tests;
