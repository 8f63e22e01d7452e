//! The decided mirror in localStorage (`va_rollout_core::flags::mirror`): written beside the flag
//! cache, read by the npm package's JavaScript shell before the wasm core has joined.

use super::runtime::Runtime;
use crate::browser::storage::{self, Area};
use va_rollout_core::flags::mirror::decided_json;

/// The record's key (`va-rollout:flags:v1` holds the document it was decided from).
pub const DECIDED_KEY: &str = "va-rollout:decided:v1";

/// Stores the decided values of the fresh server layer (a full or disabled store is ignored).
pub fn save(rt: &Runtime) {
    if let Some(text) = decided_json(&rt.store, rt.owner) {
        let _ = storage::set(Area::Local, DECIDED_KEY, &text);
    }
}
