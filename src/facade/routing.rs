//! `rollout.secureMessaging()` and `rollout.vaos()`: every call is a navigation boundary
//! (group → pin → system or flow), and every transition goes to the transition listeners.

use va_rollout_core::vecmap::VecMap;

use wasm_bindgen::prelude::*;

use super::js::error;
use super::runtime::{publish, with, Shared};
#[cfg(feature = "telemetry")]
use super::telemetry::record;
use super::wire::{object, read};
use va_rollout_core::rollout::Boundary;
use va_rollout_core::routing::{
    care_system_picker, show_update_contact_list, wire, CareSystem, ParamValue, SecureMessaging,
    SmConfig, SmContext, Transition,
};
#[cfg(feature = "telemetry")]
use va_rollout_core::telemetry::builders;

#[wasm_bindgen]
pub struct WasmSecureMessaging {
    shared: Shared,
    sm: SecureMessaging,
}

fn ctx(value: JsValue) -> Result<SmContext, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(SmContext::default());
    }
    read(value, SmContext::read).map_err(|m| {
        error(
            "VaRolloutRouteError",
            &["va-rollout: invalid context: ", &m].concat(),
        )
    })
}

/// After a boundary: persist pins, report a mixed group, and hand the transition to telemetry
/// (path analysis) and to the app's transition listeners.
fn after_boundary(shared: &Shared, transition: Option<&Transition>, boundary: &Boundary) {
    publish(shared, Default::default());
    #[cfg(feature = "telemetry")]
    if let Some(mixed) = &boundary.mixed {
        record(shared, |c| {
            builders::group_mixed(c, &boundary.group, &mixed.members)
        });
    }
    #[cfg(not(feature = "telemetry"))]
    let _ = boundary;
    let Some(t) = transition else { return };
    #[cfg(feature = "telemetry")]
    record(shared, |c| {
        builders::transition(
            c,
            t.from.as_deref().unwrap_or(""),
            &t.to,
            &t.trigger,
            Some(t.flow.as_str()),
        )
    });
    if let Some(listeners) = with(shared, |rt| rt.transition_listeners.clone()) {
        listeners.call(&[object(&t.to_json())]);
    }
}

#[wasm_bindgen]
impl WasmSecureMessaging {
    pub(super) fn new(shared: &Shared, options: JsValue) -> Result<WasmSecureMessaging, JsValue> {
        let config: SmConfig = if options.is_undefined() || options.is_null() {
            SmConfig::default()
        } else {
            read(options, SmConfig::read).map_err(|m| {
                error(
                    "VaRolloutConfigError",
                    &["va-rollout: invalid secureMessaging options: ", &m].concat(),
                )
            })?
        };
        let sm = SecureMessaging::from_config(&config)
            .map_err(|e| error("VaRolloutConfigError", &e.message()))?;
        Ok(WasmSecureMessaging {
            shared: shared.clone(),
            sm,
        })
    }

    /// `{ path, flow, transition }` for "Start a new message".
    pub fn start(&self, context: JsValue) -> Result<JsValue, JsValue> {
        let ctx = ctx(context)?;
        let (route, boundary) = with(&self.shared, |rt| {
            rt.router.sm_start(&self.sm, &ctx, &rt.store)
        })
        .ok_or_else(busy)?;
        after_boundary(&self.shared, Some(&route.transition), &boundary);
        Ok(object(&route.to_json()))
    }

    /// The page after `action` on `path`; an action that does not apply throws a `VaRolloutRouteError`
    /// (after the boundary: its pin is kept, and `sessionFlow()` is the flow it resolved).
    pub fn next(&self, path: &str, action: &str, context: JsValue) -> Result<JsValue, JsValue> {
        let ctx = ctx(context)?;
        let (route, boundary) = with(&self.shared, |rt| {
            rt.router.sm_next(&self.sm, path, action, &ctx, &rt.store)
        })
        .ok_or_else(busy)?;
        let transition = route.as_ref().ok().map(|r| &r.transition);
        after_boundary(&self.shared, transition, &boundary);
        let route = route.map_err(|e| error("VaRolloutRouteError", &e.message()))?;
        Ok(object(&route.to_json()))
    }

    /// The flow the session is in (`'curated'`, `'legacy'`; `null` before its first boundary or
    /// while busy), for the wrapper's fallbacks. Not a boundary: changes nothing.
    #[wasm_bindgen(js_name = sessionFlow)]
    pub fn session_flow(&self) -> JsValue {
        with(&self.shared, |rt| rt.router.session_flow())
            .flatten()
            .map_or(JsValue::NULL, |f| JsValue::from_str(f.as_str()))
    }

    /// Deep links and bookmarks: `{ path, redirected, reason }`.
    pub fn guard(&self, path: &str, context: JsValue) -> Result<JsValue, JsValue> {
        let ctx = ctx(context)?;
        let (guarded, boundary) = with(&self.shared, |rt| {
            rt.router.sm_guard(&self.sm, path, &ctx, &rt.store)
        })
        .ok_or_else(busy)?;
        after_boundary(&self.shared, guarded.transition.as_ref(), &boundary);
        Ok(object(&guarded.to_json()))
    }

    /// `'auto'` (1 system), `'radio'` (2–5), `'dropdown'` (6+).
    #[wasm_bindgen(js_name = careSystemPicker)]
    pub fn care_system_picker(&self, systems: u32) -> JsValue {
        JsValue::from_str(care_system_picker(systems as usize).as_str())
    }

    /// True when at least one of `[{ ohTriageGroup | oracleHealth: bool }]` is a VistA system.
    #[wasm_bindgen(js_name = showUpdateContactList)]
    pub fn show_update_contact_list(&self, systems: JsValue) -> bool {
        read(systems, |v| {
            va_rollout_core::json::read::fields::list(v, CareSystem::read)
        })
        .map(|s| show_update_contact_list(&s))
        .unwrap_or(false)
    }
}

#[wasm_bindgen]
pub struct WasmVaos {
    shared: Shared,
}

#[wasm_bindgen]
impl WasmVaos {
    pub(super) fn new(shared: &Shared) -> WasmVaos {
        WasmVaos {
            shared: shared.clone(),
        }
    }

    /// `{ method, url, system, reason }`; throws a `VaRolloutRouteError` for an unknown
    /// operation or a bad parameter.
    pub fn endpoint(&self, operation: &str, params: JsValue) -> Result<JsValue, JsValue> {
        let params: VecMap<String, ParamValue> = if params.is_undefined() || params.is_null() {
            VecMap::new()
        } else {
            read(params, wire::read_params).map_err(|m| {
                error(
                    "VaRolloutRouteError",
                    &["va-rollout: invalid params for ", operation, ": ", &m].concat(),
                )
            })?
        };
        let result = with(&self.shared, |rt| {
            rt.router.endpoint(operation, &params, &rt.store)
        })
        .ok_or_else(busy)?;
        let (endpoint, boundary) =
            result.map_err(|e| error("VaRolloutRouteError", &e.message()))?;
        after_boundary(&self.shared, None, &boundary);
        Ok(object(&wire::endpoint_json(
            endpoint.method.as_str(),
            &endpoint.url,
            endpoint.system,
            boundary.reason,
        )))
    }

    /// `'vaos-service'` or `'legacy'` for a category toggle (or any toggle) in this session.
    pub fn system(&self, category: &str) -> Result<JsValue, JsValue> {
        let (system, boundary) =
            with(&self.shared, |rt| rt.router.system(category, &rt.store)).ok_or_else(busy)?;
        after_boundary(&self.shared, None, &boundary);
        Ok(JsValue::from_str(system.as_str()))
    }

    /// The system the session is in for a category toggle (`null` before its group's first
    /// boundary or while busy), for the wrapper's fallbacks. Not a boundary: changes nothing.
    #[wasm_bindgen(js_name = sessionSystem)]
    pub fn session_system(&self, category: &str) -> JsValue {
        with(&self.shared, |rt| rt.router.session_system(category))
            .flatten()
            .map_or(JsValue::NULL, |s| JsValue::from_str(s.as_str()))
    }
}

fn busy() -> JsValue {
    error(
        "VaRolloutError",
        "va-rollout: called re-entrantly from a listener; try again after it returns",
    )
}
