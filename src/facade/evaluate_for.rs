//! `WasmRollout.evaluateFor(name, actorId)`: Flipper's verdict for an actor other than the
//! rollout's own (see `FlagStore::evaluate_for`), without touching decisions or the mirror; and
//! `actorPlans()`, what the browser entry's shell decides it from in JavaScript.

use wasm_bindgen::prelude::*;

use super::runtime::with;
use super::WasmRollout;

#[wasm_bindgen]
impl WasmRollout {
    /// `true` when the Flipper feature `name` is enabled for `actor_id` (no groups); `false`
    /// for vets-api documents, unknown features, or a re-entrant call.
    #[wasm_bindgen(js_name = evaluateFor)]
    pub fn evaluate_for(&self, name: &str, actor_id: &str) -> bool {
        with(&self.shared, |rt| rt.store.evaluate_for(name, actor_id)).unwrap_or(false)
    }

    /// The store's actor plans as JSON text (`FlagStore::actor_plans_json`), built on request:
    /// the shell asks once after a mirror call, at its first `evaluateFor`
    /// (pkg-template/src/shell.js); null on a re-entrant call.
    #[wasm_bindgen(js_name = actorPlans)]
    pub fn actor_plans(&self) -> JsValue {
        with(&self.shared, |rt| {
            JsValue::from_str(&rt.store.actor_plans_json())
        })
        .unwrap_or(JsValue::NULL)
    }
}
