//! `rollout.track.*` and `telemetryStats()`: JS arguments in, events out through the pipeline.

use std::collections::BTreeMap;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::js::{from_js, to_js};
use super::runtime::{now, with, Shared};
use super::telemetry::{page_path, record, record_on};
use crate::rollout::ViewValue;
use crate::telemetry::{builders, AttrValue};

/// App attributes: a flat object of strings, numbers and booleans (anything else is ignored;
/// the scrubber applies the allow-list and redaction).
pub fn attrs(value: JsValue) -> Vec<(String, AttrValue)> {
    if !value.is_object() {
        return Vec::new();
    }
    from_js::<BTreeMap<String, ViewValue>>(value).map(|m| m.into_iter().map(|(k, v)| (k, v.into())).collect()).unwrap_or_default()
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

pub fn timing(shared: &Shared, name: &str, ms: f64, attrs_js: JsValue) {
    let mut attrs = attrs(attrs_js);
    let (system, status) = (take_str(&mut attrs, "system"), take_status(&mut attrs));
    record(shared, |c| builders::with_app_attrs(builders::timing(c, name, ms, system.as_deref(), status), attrs));
}

pub fn error(shared: &Shared, name: &str, attrs_js: JsValue) {
    let mut attrs = attrs(attrs_js);
    let status = take_status(&mut attrs);
    record(shared, |c| builders::with_app_attrs(builders::error(c, name, status), attrs));
}

/// Awaits `promise` off the caller's path; the app keeps its own promise and result.
pub fn request(shared: &Shared, name: &str, promise: js_sys::Promise, attrs_js: JsValue) {
    let started = now();
    let mut attrs = attrs(attrs_js);
    let method = take_str(&mut attrs, "method").unwrap_or_else(|| "GET".to_owned());
    let system = take_str(&mut attrs, "system").unwrap_or_default();
    let (task, name) = (shared.clone(), name.to_owned());
    // Attributed to the page that started the request, even if it settles after a navigation.
    let path = page_path(shared);
    spawn_local(async move {
        let outcome = JsFuture::from(promise).await;
        let duration = now() - started;
        let status = match &outcome {
            Ok(v) => js_sys::Reflect::get(v, &"status".into()).ok().and_then(|s| s.as_f64()).map(|s| s as u16),
            Err(_) => None,
        };
        record_on(&task, path, |c| match (outcome.is_ok(), status) {
            // Resolved with something that is not a Response: a plain timing.
            (true, None) => builders::timing(c, &name, duration, Some(system.as_str()).filter(|s| !s.is_empty()), None),
            _ => builders::request(c, &name, duration, status, &method, &system),
        });
    });
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatsView {
    queued: u64,
    sent: u64,
    retried: u64,
    dropped: u64,
    failed: u64,
    pending: u64,
    sampled: bool,
    session_id: String,
}

pub fn stats(shared: &Shared) -> JsValue {
    with(shared, |rt| {
        rt.telemetry.as_ref().map(|t| {
            let s = t.tracker.stats();
            to_js(&StatsView {
                queued: s.queued,
                sent: s.sent,
                retried: s.retried,
                dropped: s.dropped,
                failed: s.failed,
                pending: s.pending(),
                sampled: t.tracker.sampled(),
                session_id: t.tracker.session_id().to_owned(),
            })
        })
    })
    .flatten()
    .unwrap_or(JsValue::NULL)
}
