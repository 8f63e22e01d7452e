//! What QA testers use from the console (`window.vaRollout` delegates here): the flag table,
//! explanations, and overrides — which the store refuses in production.

use wasm_bindgen::JsValue;

use super::js::from_json;
use super::persist;
use super::runtime::{announce_overrides, now, with, Shared};
use super::start::mutate;
use crate::browser::global::console_warn;
use va_rollout_core::flags::out::{self, ToJson};

/// An array of rows for `console.table`.
pub fn flags(shared: &Shared) -> JsValue {
    with(shared, |rt| from_json(&out::rows(rt.store.decisions()))).unwrap_or(JsValue::NULL)
}

/// `explain(name)`: a flag's layers and gates, or `group:<name>` for a rollout group or flow.
pub fn explain(shared: &Shared, name: &str) -> JsValue {
    with(shared, |rt| match name.strip_prefix("group:") {
        #[cfg(feature = "routing")]
        Some(group) => rt
            .router
            .explain_group(group, &rt.store)
            .map_or(JsValue::NULL, |e| from_json(&e.to_json())),
        // Groups are explained by the router; a flags-only build has none to explain.
        #[cfg(not(feature = "routing"))]
        Some(_) => JsValue::NULL,
        None => from_json(&rt.store.explain(name).to_json()),
    })
    .unwrap_or(JsValue::NULL)
}

pub fn set_override(shared: &Shared, name: &str, value: bool) -> bool {
    let mut accepted = false;
    mutate(shared, |rt| {
        match rt.store.set_override(name, value, now()) {
            Ok(changes) => {
                persist::save_overrides(rt.store.overrides());
                announce_overrides(rt);
                accepted = true;
                changes
            }
            Err(e) => {
                console_warn(&e.message());
                Default::default()
            }
        }
    });
    accepted
}

pub fn clear_overrides(shared: &Shared) {
    mutate(shared, |rt| {
        let changes = rt.store.clear_overrides();
        if rt.store.environment().allows_overrides() {
            persist::save_overrides(rt.store.overrides());
        }
        changes
    });
}
