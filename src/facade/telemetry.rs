//! Telemetry in the page: capture → `Tracker` (pure) → timers and sends. One request is in flight
//! at a time; page exit hands everything to the browser (keepalive) and keeps an outbox in
//! localStorage until the browser confirms, so the next page load resends what may be lost. The
//! sending side (timers, fetch, page exit, the outbox) is [`super::delivery`].

use wasm_bindgen::prelude::*;

use super::delivery::schedule;
use super::outbox;
use super::persist;
use super::runtime::{now, with, Shared};
use super::track::{Call, Pending};
use super::wire::stored;
use super::wire::{object, read};
use crate::browser::global::{pathname, search, unique_id};
use crate::browser::send::has_compression_stream;
use crate::browser::storage::{self, Area};
use crate::browser::timer::{when_idle, TimerSlot};
use va_rollout_core::rollout::{
    CallContext, CaptureBuffer, DeferredStart, EventView, Next, PageLife, Tracker,
    INGEST_TIMEOUT_MS,
};
use va_rollout_core::telemetry::batch::REQUEST_MAX_EVENTS;
use va_rollout_core::telemetry::{
    scrub_path, Common, Event, EventIds, ExposureSet, TelemetryConfig,
};

pub struct TelemetryShell {
    pub tracker: Tracker,
    pub before_send: Option<js_sys::Function>,
    /// The app's sink (e.g. `va-rollout/datadog`): gets every event as queued, scrubbed.
    sink: Option<js_sys::Function>,
    ids: EventIds,
    /// `track.*` calls captured and not yet processed (see `track.rs`).
    pub pending: CaptureBuffer<Pending>,
    pub(super) timer: TimerSlot,
    /// When the pending timer fires (Unix ms), if one is set.
    pub(super) timer_at: Option<f64>,
    /// Set by `pagehide` (the document may be going away), cleared when it is visible again.
    pub(super) life: PageLife,
    /// The exposure set changed since it was last saved to sessionStorage.
    exposures_changed: bool,
    /// What `Rollout.start` left for later (see [`defer_start`]).
    deferred_start: DeferredStart,
    /// The IndexedDB spill store (see `spill.rs`).
    pub(super) spill: super::spill::SpillShell,
}

impl TelemetryShell {
    pub fn new(
        config: TelemetryConfig,
        before_send: Option<js_sys::Function>,
        sink: Option<js_sys::Function>,
    ) -> TelemetryShell {
        let session_id = storage::get(Area::Session, persist::SESSION_KEY)
            .filter(|s| va_rollout_core::telemetry::persist::is_session_id(s))
            .unwrap_or_else(|| {
                let id = unique_id();
                let _ = storage::set(Area::Session, persist::SESSION_KEY, &id);
                id
            });
        let exposures: ExposureSet =
            stored(Area::Session, persist::EXPOSURES_KEY, ExposureSet::read).unwrap_or_default();
        let mut tracker = Tracker::new(config, session_id, exposures);
        tracker.set_gzip(has_compression_stream());
        // One random draw per page load; event ids count from it.
        let ids = EventIds::new(&unique_id());
        TelemetryShell {
            tracker,
            before_send,
            sink,
            ids,
            pending: CaptureBuffer::default(),
            timer: TimerSlot::default(),
            timer_at: None,
            life: PageLife::default(),
            exposures_changed: false,
            deferred_start: DeferredStart::default(),
            spill: super::spill::SpillShell::default(),
        }
    }

    pub(super) fn endpoint(&self) -> String {
        self.tracker.config().endpoint.clone()
    }
}

/// The page's path and query, as the location has them.
fn raw_path() -> String {
    let mut raw = pathname().unwrap_or_default();
    raw.push_str(&search().unwrap_or_default());
    raw
}

/// The page's path with the query reduced to allow-listed keys, scrubbed.
fn current_path(t: &Tracker) -> String {
    scrub_path(&raw_path(), &t.config().scrub.query_allow)
}

/// At `Rollout.start`: the page view of the page as it is now (with the context of now) and the
/// resend of the outbox are left for when the page is idle, so that `start` stays short. They run
/// before anything else reaches the queue (see [`ingest`], [`page_view`]), whichever comes first.
pub fn defer_start(shared: &Shared) {
    let raw = raw_path();
    let armed = with(shared, |rt| {
        let flow = super::runtime::pinned_flow(rt);
        let t = rt.telemetry.as_mut()?;
        let context = t.tracker.call_context(now(), flow, &rt.store);
        t.deferred_start.arm(raw, context);
        Some(())
    });
    if armed == Some(Some(())) {
        ingest_soon(shared);
        super::spill::open(shared);
    }
}

/// Saves the session's exposure set if it changed (once per batch of captured calls).
fn save_exposures(shared: &Shared) {
    with(shared, |rt| {
        let t = rt.telemetry.as_mut()?;
        if core::mem::take(&mut t.exposures_changed) {
            let text = t.tracker.exposures().to_json();
            let _ = storage::set(Area::Session, persist::EXPOSURES_KEY, &text);
        }
        Some(())
    });
}

/// The part of `Rollout.start` [`defer_start`] left, once.
fn finish_start(shared: &Shared, send: bool) {
    let Some(Some((raw, context))) = with(shared, |rt| {
        rt.telemetry.as_mut().and_then(|t| t.deferred_start.take())
    }) else {
        return;
    };
    if let Some(next) = page_view_in(shared, raw, context).filter(|_| send) {
        schedule(shared, next);
    }
    outbox::restore(shared);
}

/// Processes the captured `track.*` calls when the page is idle.
pub fn ingest_soon(shared: &Shared) {
    let task = shared.clone();
    when_idle(INGEST_TIMEOUT_MS, move || ingest(&task));
}

/// Processes every captured `track.*` call: ids, attributes, sampling, scrubbing, `beforeSend`,
/// queueing; in chunks of a request's worth, each followed by its send when one is due, so that
/// a burst leaves while the rest is queued (the queue's byte cap then holds the rest, not the
/// whole burst).
pub fn ingest(shared: &Shared) {
    ingest_then(shared, true);
}

/// [`ingest`]; with `send` false nothing is scheduled (the caller sends or exits right after).
pub(super) fn ingest_then(shared: &Shared, send: bool) {
    let Some(Some(pending)) = with(shared, |rt| rt.telemetry.as_mut().map(|t| t.pending.take()))
    else {
        return;
    };
    // The initial page view comes first (the calls were taken above: its own queueing finds none).
    finish_start(shared, send);
    save_exposures(shared);
    let mut calls = pending.into_iter().peekable();
    while calls.peek().is_some() {
        let mut next = None;
        for call in calls.by_ref().take(REQUEST_MAX_EVENTS) {
            // Attributes are read outside the state borrow (reading a JS object may run page code).
            let (context, event) = call.context();
            let built = with(shared, |rt| {
                let t = rt.telemetry.as_mut()?;
                // Captured before the initial page view was processed: that page (processed above).
                let tracker = &t.tracker;
                let common = tracker.common_at(t.ids.next_id(), context, || {
                    tracker
                        .page_path()
                        .map_or_else(|| current_path(tracker), str::to_owned)
                });
                Some(event.build(common))
            });
            if let Some(Some(event)) = built {
                next = admit_and_queue(shared, event).or(next);
            }
        }
        if let Some(next) = next.filter(|_| send) {
            schedule(shared, next);
        }
    }
}

/// Sampling, scrubbing, the app's `beforeSend` (outside the state borrow: it may call the SDK)
/// and queueing; what to do next when the event was queued.
fn admit_and_queue(shared: &Shared, event: Event) -> Option<Next> {
    let admitted = with(shared, |rt| {
        let t = rt.telemetry.as_mut()?;
        match (&t.before_send, &t.sink) {
            (None, None) => t.tracker.record(event, now()).map(Err),
            (hook, sink) => t
                .tracker
                .admit(event)
                .map(|e| Ok((e, hook.clone(), sink.clone()))),
        }
    })
    .flatten()?;
    let (event, hook, sink) = match admitted {
        Err(next) => return Some(next),
        Ok(x) => x,
    };
    let event = match hook {
        None => event,
        Some(hook) => {
            let edited = match hook.call1(&JsValue::NULL, &object(&EventView::of(&event).to_json()))
            {
                Ok(v) if v.is_null() || v.is_undefined() => return None,
                Ok(v) => match read(v, EventView::read) {
                    Ok(view) => view.apply(event),
                    Err(_) => event,
                },
                Err(e) => {
                    web_sys::console::error_2(
                        &"va-rollout: beforeSend threw; the event is kept as scrubbed:".into(),
                        &e,
                    );
                    event
                }
            };
            // The hook may have put anything in: scrubbed again before a sink or the queue.
            with(shared, |rt| {
                rt.telemetry.as_ref().map(|t| t.tracker.scrub(edited))
            })
            .flatten()?
        }
    };
    if let Some(sink) = sink {
        // The event as it is queued (sampled, scrubbed, after beforeSend); a failing sink is
        // reported and changes nothing.
        if let Err(e) = sink.call1(&JsValue::NULL, &object(&EventView::of(&event).to_json())) {
            web_sys::console::error_2(&"va-rollout: telemetry.sink threw:".into(), &e);
        }
    }
    with(shared, |rt| {
        let t = rt.telemetry.as_mut()?;
        // Without a url there is no OTLP queue: the sink was the destination.
        t.tracker
            .config()
            .otlp()
            .then(|| t.tracker.push_scrubbed(event, now()))
    })
    .flatten()
}

/// Builds an event with the common fields, samples and scrubs it, runs `beforeSend`, queues it.
pub fn record(shared: &Shared, build: impl FnOnce(Common) -> Event) {
    record_on(shared, None, build);
}

/// The current page's scrubbed path (for events that settle later, e.g. tracked requests).
pub fn page_path(shared: &Shared) -> Option<String> {
    with(shared, |rt| {
        rt.telemetry
            .as_ref()
            .and_then(|t| t.tracker.page_path().map(str::to_owned))
    })
    .flatten()
}

/// `record`, attributing the event to `path` (a page the app has since left) when given.
pub fn record_on(shared: &Shared, path: Option<String>, build: impl FnOnce(Common) -> Event) {
    // Calls tracked before this event go first.
    ingest(shared);
    let event = with(shared, |rt| {
        let flow = super::runtime::pinned_flow(rt);
        let t = rt.telemetry.as_mut()?;
        if !t.tracker.sampled() {
            return None;
        }
        // The page's scrubbed path is known since its page view: no location read per event.
        let path = path
            .or_else(|| t.tracker.page_path().map(str::to_owned))
            .unwrap_or_else(|| current_path(&t.tracker));
        let common = t
            .tracker
            .common(t.ids.next_id(), now(), path, flow, &rt.store);
        Some(build(common))
    })
    .flatten();
    if let Some(next) = event.and_then(|e| admit_and_queue(shared, e)) {
        schedule(shared, next);
    }
}

/// A page view when the (scrubbed) path changed, with the previous path and time spent on it.
pub fn page_view(shared: &Shared) {
    // Calls tracked (and the initial page view left) before this navigation go first.
    ingest(shared);
    let raw = raw_path();
    let context = with(shared, |rt| {
        let flow = super::runtime::pinned_flow(rt);
        rt.telemetry
            .as_ref()
            .map(|t| t.tracker.call_context(now(), flow, &rt.store))
    });
    if let Some(next) = context.flatten().and_then(|c| page_view_in(shared, raw, c)) {
        schedule(shared, next);
    }
}

/// The page view of `raw` (path and query) in `context`, when that is a new page.
fn page_view_in(shared: &Shared, raw: String, context: CallContext) -> Option<Next> {
    let event = with(shared, |rt| {
        let t = rt.telemetry.as_mut()?;
        let path = scrub_path(&raw, &t.tracker.config().scrub.query_allow);
        let previous = t.tracker.navigate(path.clone(), context.time_ms)?;
        if !t.tracker.sampled() {
            return None;
        }
        let (prev, spent) = previous.map_or((None, None), |(p, ms)| (Some(p), Some(ms)));
        let common = t
            .tracker
            .common_at(t.ids.next_id(), context.on_page(path), String::new);
        Some(va_rollout_core::telemetry::builders::page_view(
            common,
            prev.as_deref(),
            spent,
        ))
    })
    .flatten()?;
    admit_and_queue(shared, event)
}

/// The first decision of `name` this session (per value): an exposure event.
/// Captured like a `track.*` call (the first flag read stays cheap); the session's exposure set is
/// saved when the captured calls are processed.
pub fn expose(shared: &Shared, name: &str, at_ms: f64) {
    let decision = with(shared, |rt| {
        let d = rt.store.decision(name);
        let t = rt.telemetry.as_mut()?;
        if !t.tracker.expose(name, d.value) {
            return None;
        }
        t.exposures_changed = true;
        Some(d)
    })
    .flatten();
    if let Some(d) = decision {
        super::track::capture_at(
            shared,
            Call::Exposure(d.value, d.reason),
            name.to_owned(),
            JsValue::UNDEFINED,
            at_ms,
        );
    }
}
