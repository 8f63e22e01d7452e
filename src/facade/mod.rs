//! The `#[wasm_bindgen]` facade: the JS API over the core and the shell. wasm32 only.
//! The npm package's `Rollout` (pkg-template/src/rollout.js) wraps `WasmRollout`, mirrors the
//! decisions into a JS object for the `isEnabled` hot path, and guarantees nothing throws.
//!
//! The routing and telemetry methods are in their own `impl` blocks, built only with the
//! `routing` / `telemetry` features: a flags-only build's `WasmRollout` does not have them, and
//! the wrapper treats absent methods as documented in the README ("Size").

#[cfg(feature = "telemetry")]
mod capture;
#[cfg(feature = "telemetry")]
mod delivery;
mod devtools;
#[cfg(feature = "telemetry")]
mod early;
mod evaluate_for;
mod js;
mod mirror;
#[cfg(feature = "telemetry")]
mod outbox;
mod persist;
mod refresh;
#[cfg(feature = "routing")]
mod routing;
mod runtime;
#[cfg(feature = "telemetry")]
mod spill;
mod start;
mod start_job;
#[cfg(feature = "telemetry")]
mod telemetry;
#[cfg(feature = "telemetry")]
mod track;
#[cfg(any(feature = "routing", feature = "telemetry"))]
mod wire;

use wasm_bindgen::prelude::*;

use crate::browser::events::Listener;
use crate::browser::timer::TimerSlot;
use js::from_json;
use runtime::{with, Shared};

#[wasm_bindgen]
pub struct WasmRollout {
    shared: Shared,
    ready: js_sys::Promise,
    _listeners: Vec<Listener>,
    _interval: TimerSlot,
}

#[wasm_bindgen]
impl WasmRollout {
    /// Validates `config` (throws a `VaRolloutConfigError` listing every problem), loads
    /// bootstrap, cache and overrides synchronously, then starts the first refresh.
    pub fn start(config: JsValue) -> Result<WasmRollout, JsValue> {
        start::start(config)
    }

    /// `start` in stages (`StartJob.step()` … `finish()`), for the JS shell's join: the same
    /// checks and result. This call reads the configuration (and throws what `start` throws).
    pub fn begin(config: JsValue) -> Result<start_job::StartJob, JsValue> {
        start_job::begin(config)
    }

    /// `fn(snapshot, changedNames)` is called now and after every change of the store (also a
    /// rebuild that changes no decision: the actor plans, `actorPlans()`, may have changed).
    #[wasm_bindgen(js_name = setMirror)]
    pub fn set_mirror(&self, f: js_sys::Function) {
        let snapshot = with(&self.shared, |rt| {
            rt.mirror = Some(f.clone());
            rt.mirror_js()
        });
        if let Some(snapshot) = snapshot {
            let _ = f.call2(&JsValue::NULL, &snapshot, &js_sys::Array::new());
        }
    }

    #[wasm_bindgen(js_name = isEnabled)]
    pub fn is_enabled(&self, name: &str) -> bool {
        with(&self.shared, |rt| rt.store.decision(name).value).unwrap_or(false)
    }

    pub fn evaluate(&self, name: &str) -> JsValue {
        with(&self.shared, |rt| {
            from_json(&va_rollout_core::flags::out::evaluated(
                name,
                &rt.store.decision(name),
            ))
        })
        .unwrap_or(JsValue::NULL)
    }

    pub fn snapshot(&self) -> JsValue {
        with(&self.shared, |rt| rt.snapshot_js()).unwrap_or(JsValue::NULL)
    }

    pub fn environment(&self) -> String {
        with(&self.shared, |rt| {
            rt.store.environment().as_str().to_owned()
        })
        .unwrap_or_default()
    }

    /// Settles after the first refresh attempt (success or fallback); never rejects.
    pub fn ready(&self) -> js_sys::Promise {
        self.ready.clone()
    }

    pub fn refresh(&self) -> js_sys::Promise {
        refresh::start(&self.shared)
    }

    #[wasm_bindgen(js_name = onChange)]
    pub fn on_change(&self, f: js_sys::Function) -> u32 {
        with(&self.shared, |rt| rt.change_listeners.clone()).map_or(0, |l| l.add(f))
    }

    #[wasm_bindgen(js_name = offChange)]
    pub fn off_change(&self, id: u32) {
        if let Some(l) = with(&self.shared, |rt| rt.change_listeners.clone()) {
            l.remove(id);
        }
    }

    #[wasm_bindgen(js_name = lastError)]
    pub fn last_error(&self) -> JsValue {
        with(&self.shared, |rt| rt.last_error_js()).unwrap_or(JsValue::NULL)
    }

    /// Re-evaluates locally (Flipper source) and refetches (vets-api source).
    #[wasm_bindgen(js_name = setActor)]
    pub fn set_actor(&self, actor: JsValue) -> Result<(), JsValue> {
        start::set_actor(&self.shared, actor)
    }

    pub fn explain(&self, name: &str) -> JsValue {
        devtools::explain(&self.shared, name)
    }

    pub fn flags(&self) -> JsValue {
        devtools::flags(&self.shared)
    }

    /// QA override; refused (false, console message, nothing stored) in production.
    #[wasm_bindgen(js_name = override)]
    pub fn set_override(&self, name: &str, value: bool) -> bool {
        devtools::set_override(&self.shared, name, value)
    }

    #[wasm_bindgen(js_name = clearOverrides)]
    pub fn clear_overrides(&self) {
        devtools::clear_overrides(&self.shared)
    }
}

#[cfg(feature = "routing")]
#[wasm_bindgen]
impl WasmRollout {
    /// `fn(transition)` for every router transition `{from, to, trigger, flow}`.
    #[wasm_bindgen(js_name = onTransition)]
    pub fn on_transition(&self, f: js_sys::Function) -> u32 {
        with(&self.shared, |rt| rt.transition_listeners.clone()).map_or(0, |l| l.add(f))
    }

    #[wasm_bindgen(js_name = secureMessaging)]
    pub fn secure_messaging(
        &self,
        options: JsValue,
    ) -> Result<routing::WasmSecureMessaging, JsValue> {
        routing::WasmSecureMessaging::new(&self.shared, options)
    }

    pub fn vaos(&self) -> routing::WasmVaos {
        routing::WasmVaos::new(&self.shared)
    }
}

#[cfg(feature = "telemetry")]
#[wasm_bindgen]
impl WasmRollout {
    /// Records the first decision of `name` this session (the wrapper calls it on first read).
    pub fn exposure(&self, name: &str) {
        telemetry::expose(&self.shared, name, runtime::now());
    }

    /// `track.action(name, attrs)`, like Datadog's `addAction`. Captured now, processed when the
    /// page is idle (`attrs` is read then: pass an object the app no longer changes, as the
    /// wrapper's copy is).
    #[wasm_bindgen(js_name = trackAction)]
    pub fn track_action(&self, name: &str, attrs: JsValue) {
        track::capture(&self.shared, track::Call::Action, name.to_owned(), attrs);
    }

    /// `track.timing(name, ms, attrs)`; `attrs.system` and `attrs.status` are recognised.
    #[wasm_bindgen(js_name = trackTiming)]
    pub fn track_timing(&self, name: &str, ms: f64, attrs: JsValue) {
        track::capture(
            &self.shared,
            track::Call::Timing(ms),
            name.to_owned(),
            attrs,
        );
    }

    /// `track.error(name, attrs)`; `attrs.status` becomes `http.response.status_code`.
    #[wasm_bindgen(js_name = trackError)]
    pub fn track_error(&self, name: &str, attrs: JsValue) {
        track::capture(&self.shared, track::Call::Error, name.to_owned(), attrs);
    }

    /// Measures `promise` (a fetch): a timing, or an error for a status ≥ 400 or a network failure.
    #[wasm_bindgen(js_name = trackRequest)]
    pub fn track_request(&self, name: &str, promise: js_sys::Promise, attrs: JsValue) {
        track::request(&self.shared, name, promise, attrs, runtime::now());
    }

    /// Sends everything queued now.
    pub fn flush(&self) {
        delivery::send(&self.shared, true);
    }

    /// `{ queued, sent, retried, dropped, failed, pending, sampled, sessionId }`.
    #[wasm_bindgen(js_name = telemetryStats)]
    pub fn telemetry_stats(&self) -> JsValue {
        track::stats(&self.shared)
    }
}
