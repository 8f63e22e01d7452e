//! `rollout.track.*` and `telemetryStats()`: JS arguments in, events out through the pipeline.
//!
//! `track.action/timing/error` only *capture* the call (its name, attributes and the context it
//! depends on: time, page, flow, context flags) into a small buffer; the buffer is processed in
//! batches (ids, attributes, scrubbing, sampling, `beforeSend`, queueing) when the page is idle,
//! before anything else reaches the queue, and at once at page exit, `flush()` and
//! `telemetryStats()`. The result is the same as processing each call when it was made.

use wasm_bindgen::prelude::*;

use super::runtime::{now, with, Shared};
use super::telemetry::{ingest_soon, page_path, record_on};
use crate::browser::promise::settled;
use va_rollout_core::rollout::{AfterCapture, CallContext};
use va_rollout_core::telemetry::{builders, wire, AttrValue, Common, Event};

/// App attributes: a flat object of strings, numbers and booleans (anything else is ignored;
/// the scrubber applies the allow-list and redaction).
pub fn attrs(value: JsValue) -> Vec<(String, AttrValue)> {
    if !value.is_object() {
        return Vec::new();
    }
    super::wire::read(value, |v| Ok(wire::read_attrs(v))).unwrap_or_default()
}

fn take_str(attrs: &mut Vec<(String, AttrValue)>, key: &str) -> Option<String> {
    let i = attrs.iter().position(|(k, _)| k == key)?;
    match attrs.remove(i).1 {
        AttrValue::Str(s) => Some(s),
        _ => None,
    }
}

fn take_status(attrs: &mut Vec<(String, AttrValue)>) -> Option<u16> {
    let i = attrs.iter().position(|(k, _)| k == "status")?;
    match attrs.remove(i).1 {
        AttrValue::Int(n) => u16::try_from(n).ok(),
        _ => None,
    }
}

/// Which `track.*` method was called.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Call {
    Action,
    /// `track.timing(name, ms, attrs)`.
    Timing(f64),
    Error,
    /// The first read of a flag value this session (the name is the flag's): its value and reason then.
    Exposure(bool, va_rollout_core::flags::Reason),
}

/// One captured `track.*` call, until it is processed.
pub struct Pending {
    call: Call,
    name: String,
    /// The app's attributes object: a copy the wrapper made at call time, read when processed.
    attrs: JsValue,
    context: CallContext,
}

impl Pending {
    pub fn context(self) -> (CallContext, PendingEvent) {
        (
            self.context,
            PendingEvent {
                call: self.call,
                name: self.name,
                attrs: attrs(self.attrs),
            },
        )
    }
}

/// A captured call with its attributes converted, waiting for its common fields.
pub struct PendingEvent {
    call: Call,
    name: String,
    attrs: Vec<(String, AttrValue)>,
}

impl PendingEvent {
    pub fn build(self, c: Common) -> Event {
        let PendingEvent {
            call,
            name,
            mut attrs,
        } = self;
        match call {
            Call::Action => builders::action(c, &name, attrs),
            Call::Timing(ms) => {
                let (system, status) = (take_str(&mut attrs, "system"), take_status(&mut attrs));
                builders::with_app_attrs(
                    builders::timing(c, &name, ms, system.as_deref(), status),
                    attrs,
                )
            }
            Call::Error => {
                let status = take_status(&mut attrs);
                builders::with_app_attrs(builders::error(c, &name, status), attrs)
            }
            Call::Exposure(value, reason) => builders::exposure(c, &name, value, reason),
        }
    }
}

/// `track.action/timing/error`: captures the call (O(1), no JS calls but the clock); processing
/// follows when the page is idle (see the module docs).
pub fn capture(shared: &Shared, call: Call, name: String, attrs: JsValue) {
    capture_at(shared, call, name, attrs, now());
}

/// [`capture`] of a call made at `at_ms` (the JS shell's calls from before the core joined).
pub fn capture_at(shared: &Shared, call: Call, name: String, attrs: JsValue, at_ms: f64) {
    let held = with(shared, |rt| {
        let flow = super::runtime::pinned_flow(rt);
        let t = rt.telemetry.as_mut()?;
        if !t.tracker.sampled() {
            return None;
        }
        let context = t.tracker.call_context(at_ms, flow, &rt.store);
        let bytes = name.len();
        let pending = Pending {
            call,
            name,
            attrs,
            context,
        };
        Some(t.pending.push(pending, bytes))
    })
    .flatten();
    match held {
        Some(AfterCapture::ProcessNow) => super::telemetry::ingest(shared),
        Some(AfterCapture::ProcessWhenIdle) => ingest_soon(shared),
        Some(AfterCapture::Wait) | None => {}
    }
}

/// Times `promise` (started at `started`) when it settles, off the caller's path; the app keeps
/// its own promise and result.
pub fn request(
    shared: &Shared,
    name: &str,
    promise: js_sys::Promise,
    attrs_js: JsValue,
    started: f64,
) {
    let mut attrs = attrs(attrs_js);
    let method = take_str(&mut attrs, "method").unwrap_or_else(|| "GET".to_owned());
    let system = take_str(&mut attrs, "system").unwrap_or_default();
    let (task, name) = (shared.clone(), name.to_owned());
    // Attributed to the page that started the request, even if it settles after a navigation.
    let path = page_path(shared);
    settled(&promise, move |outcome| {
        let duration = now() - started;
        let status = match &outcome {
            Ok(v) => js_sys::Reflect::get(v, &"status".into())
                .ok()
                .and_then(|s| s.as_f64())
                .map(|s| s as u16),
            Err(_) => None,
        };
        record_on(&task, path, |c| match (outcome.is_ok(), status) {
            // Resolved with something that is not a Response: a plain timing.
            (true, None) => builders::timing(
                c,
                &name,
                duration,
                Some(system.as_str()).filter(|s| !s.is_empty()),
                None,
            ),
            _ => builders::request(c, &name, duration, status, &method, &system),
        });
    });
}

pub fn stats(shared: &Shared) -> JsValue {
    super::telemetry::ingest(shared);
    with(shared, |rt| {
        rt.telemetry.as_ref().map(|t| {
            let s = t.tracker.stats();
            super::wire::object(&wire::stats_json(
                &s,
                t.tracker.sampled(),
                t.tracker.session_id(),
            ))
        })
    })
    .flatten()
    .unwrap_or(JsValue::NULL)
}
