//! The state behind one `Rollout`, shared by its JS objects, and the one place changes are
//! published: persist, mirror the snapshot into JS, call `onChange` listeners — always after the
//! state borrow is released, so a listener may call back into the SDK.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;

use super::js::{from_json, Listeners};
use super::persist;
use crate::browser::global::{console_info, now_ms};
use va_rollout_core::flags::out::{self, ToJson};
use va_rollout_core::flags::{Changes, DeliveryConfig, FlagError, FlagStore};
#[cfg(feature = "routing")]
use va_rollout_core::rollout::Router;
use va_rollout_core::text;

pub type Shared = Rc<RefCell<Runtime>>;

pub struct Runtime {
    pub store: FlagStore,
    #[cfg(feature = "routing")]
    pub router: Router,
    pub delivery: DeliveryConfig,
    pub cookie_id: Option<String>,
    /// The cache owner fingerprint (actor + cookie id).
    pub owner: u32,
    /// 401/403: no more requests for this page.
    pub stopped: bool,
    pub refreshing: Option<js_sys::Promise>,
    pub last_refresh_ms: f64,
    pub mirror: Option<js_sys::Function>,
    /// The store revision the mirror was last called at: a rebuild that changes no decision
    /// still calls it, so the shell re-reads the actor plans (`actorPlans`) when it next needs them.
    pub mirrored: u32,
    pub change_listeners: Listeners,
    #[cfg(feature = "routing")]
    pub transition_listeners: Listeners,
    #[cfg(feature = "telemetry")]
    pub telemetry: Option<super::telemetry::TelemetryShell>,
}

/// OpenFeature-style error codes for `lastError().code`.
pub fn error_code(e: &FlagError) -> &'static str {
    match e {
        FlagError::Parse(_) | FlagError::DuplicateFeature(_) => "PARSE_ERROR",
        FlagError::TooManyFeatures { .. }
        | FlagError::NameTooLong { .. }
        | FlagError::TooManySetEntries { .. } => "LIMIT_EXCEEDED",
        FlagError::BodyTooLarge { .. } => "BODY_TOO_LARGE",
        FlagError::Http { .. } => "HTTP_ERROR",
        FlagError::Network(_) => "NETWORK_ERROR",
        FlagError::Timeout { .. } => "TIMEOUT",
    }
}

impl Runtime {
    pub fn snapshot_js(&self) -> JsValue {
        from_json(&self.store.snapshot().to_json())
    }

    /// The mirror's `snapshot` argument; marks the store's revision as mirrored.
    pub fn mirror_js(&mut self) -> JsValue {
        self.mirrored = self.store.revision();
        self.snapshot_js()
    }

    /// `lastError()`: `{code, message}` or null.
    pub fn last_error_js(&self) -> JsValue {
        self.store.last_error().map_or(JsValue::NULL, |e| {
            from_json(&out::last_error(error_code(e), &e.message()))
        })
    }
}

/// Runs `f` on the state if it is not already borrowed (re-entrant calls get `None`).
pub fn with<R>(shared: &Shared, f: impl FnOnce(&mut Runtime) -> R) -> Option<R> {
    let mut rt = shared.try_borrow_mut().ok()?;
    Some(f(&mut rt))
}

/// Publishes `changes`: persists overrides, cache and pins, refreshes the JS mirror (also when
/// only the actor plans may have changed: the store was rebuilt) and calls the `onChange`
/// listeners with the changed names.
pub fn publish(shared: &Shared, changes: Changes) {
    let Some((mirror, snapshot, listeners)) = with(shared, |rt| {
        #[cfg(feature = "routing")]
        persist::save_pins(rt.router.pins_mut());
        if changes.is_empty() && rt.mirrored == rt.store.revision() {
            return None;
        }
        Some((
            rt.mirror.clone(),
            rt.mirror_js(),
            rt.change_listeners.clone(),
        ))
    })
    .flatten() else {
        return;
    };
    let names = from_json(&changes.names.to_json());
    if let Some(mirror) = mirror {
        let _ = mirror.call2(&JsValue::NULL, &snapshot, &names);
    }
    if !changes.is_empty() {
        listeners.call(&[names]);
    }
}

/// Saves the flag cache after a fresh load or a 304.
pub fn save_cache(rt: &Runtime) {
    if let Some(entry) = rt.store.cache_entry() {
        persist::save_cache(rt.owner, entry);
        super::mirror::save(rt);
    }
}

/// Announces active QA overrides once on the console.
pub fn announce_overrides(rt: &Runtime) {
    let active = rt.store.active_overrides();
    if active.is_empty() {
        return;
    }
    let list: Vec<String> = active
        .iter()
        .map(|(n, v)| text![n, "=", if *v { "on" } else { "off" }])
        .collect();
    console_info(&text![
        "va-rollout: QA overrides active in ",
        rt.store.environment().as_str(),
        " (",
        list.join(", "),
        "); vaRollout.clearOverrides() removes them"
    ]);
}

pub fn now() -> f64 {
    now_ms()
}

/// The session's pinned Secure Messaging flow (`Some(true)` = curated), for telemetry; none
/// without routing.
#[cfg(all(feature = "routing", feature = "telemetry"))]
pub fn pinned_flow(rt: &Runtime) -> Option<bool> {
    rt.router.current_flow()
}

#[cfg(all(not(feature = "routing"), feature = "telemetry"))]
pub fn pinned_flow(_: &Runtime) -> Option<bool> {
    None
}
