//! Answers built as JSON text in the core (`json::write`) become JS objects with one
//! `JSON.parse`, and arguments are read by the core's hand-written readers: no serde on the
//! routing and telemetry paths (docs/performance-history.md, "Size levers").

use wasm_bindgen::JsValue;

use va_rollout_core::json::{read::fields::Read, Value};

use super::js::value_from_js;

/// The JS value of JSON `text` the core wrote (`null` if it were not JSON).
pub fn object(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// `value` read by `read` (a core reader over [`Value`]); the message of the first problem.
pub fn read<T>(value: JsValue, read: impl FnOnce(Value) -> Read<T>) -> Result<T, String> {
    read(value_from_js(value)?)
}

/// The stored JSON value under `key`, read by `read`; garbage, an older format or a missing key
/// is `None`.
#[cfg(any(feature = "routing", feature = "telemetry"))]
pub fn stored<T>(
    area: crate::browser::storage::Area,
    key: &str,
    read: impl FnOnce(Value) -> Read<T>,
) -> Option<T> {
    let text = crate::browser::storage::get(area, key)?;
    read(va_rollout_core::json::parse(&text).ok()?).ok()
}
