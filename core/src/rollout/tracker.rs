//! The telemetry pipeline for one page: sampling → scrubbing → byte-capped queue → one request
//! in flight with retries → page-exit split and outbox. Pure: the shell supplies ids, time and
//! randomness, performs the sends and reports their outcomes.

use crate::flags::{FlagView, Source};
use crate::telemetry::queue::Queued;
use crate::telemetry::{
    scrub_event, scrub_event_known_path, scrub_path, Common, Event, ExposureSet, Queue, Stats,
    TelemetryConfig,
};

mod send;
mod spill;

pub use send::{Batch, ExitPlan, ExitRequest, Next};
pub use spill::SpillRecord;

pub use super::event_view::{EventView, ViewValue};

/// Most events the queue holds regardless of bytes.
pub const MAX_QUEUED_EVENTS: usize = 5_000;

pub struct Tracker {
    config: TelemetryConfig,
    session_id: String,
    sampled: bool,
    queue: Queue,
    stats: Stats,
    exposures: ExposureSet,
    /// Records of exit requests that failed while the page lived on, until it is visible again.
    parked: Vec<(String, f64)>,
    /// The request being sent (its records, put back at the queue's front on a retry).
    in_flight: Option<Vec<Queued>>,
    /// After a retryable outcome: when to send again (the retried records are at the front).
    retry_at: Option<f64>,
    /// Retryable outcomes in a row (the backoff's exponent); zero after a 2xx.
    failures: u32,
    /// Records restored or resumed were due already: send without waiting for the thresholds,
    /// until the queue is empty.
    backlog: bool,
    /// What goes to (and comes back from) the IndexedDB spill store.
    spill: spill::SpillState,
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
            parked: Vec::new(),
            in_flight: None,
            retry_at: None,
            failures: 0,
            backlog: false,
            spill: spill::SpillState::default(),
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
        let evicted = self.queue.push(Queued::new(&event, now_ms));
        self.stats.on_queued(1);
        self.evicted(evicted);
        self.next(now_ms)
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
