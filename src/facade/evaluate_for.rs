//! `WasmRollout.evaluateFor(name, actorId)`: Flipper's verdict for an actor other than the
//! rollout's own (see `FlagStore::evaluate_for`), without touching decisions or the mirror.

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
}
