//! localStorage / sessionStorage that never throw: disabled storage (SecurityError), a full quota
//! (QuotaExceededError) and garbage values all come back as `None` / `Err`, never an exception.

#[cfg(any(feature = "routing", feature = "telemetry"))]
use serde::de::DeserializeOwned;
#[cfg(any(feature = "routing", feature = "telemetry"))]
use serde::Serialize;

use super::global::window;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    Local,
    /// Pins and telemetry state; a flags-only build has neither.
    #[cfg_attr(not(any(feature = "routing", feature = "telemetry")), allow(dead_code))]
    Session,
}

#[derive(Debug, PartialEq, Eq)]
pub enum StorageError {
    Unavailable,
    /// The write was refused, typically `QuotaExceededError`.
    Refused(String),
    /// serde-wasm-bindgen could not encode the value (pins, telemetry state).
    #[cfg(any(feature = "routing", feature = "telemetry"))]
    Encode,
}

fn area(which: Area) -> Option<web_sys::Storage> {
    let w = window()?;
    let storage = match which {
        Area::Local => w.local_storage(),
        Area::Session => w.session_storage(),
    };
    storage.ok().flatten()
}

pub fn get(which: Area, key: &str) -> Option<String> {
    area(which)?.get_item(key).ok().flatten()
}

pub fn set(which: Area, key: &str, value: &str) -> Result<(), StorageError> {
    let s = area(which).ok_or(StorageError::Unavailable)?;
    s.set_item(key, value)
        .map_err(|e| StorageError::Refused(error_name(&e)))
}

pub fn remove(which: Area, key: &str) {
    if let Some(s) = area(which) {
        let _ = s.remove_item(key);
    }
}

#[cfg(any(feature = "routing", feature = "telemetry"))]
/// Reads and decodes a JSON value with serde (session pins, telemetry state; the flag cache and
/// the overrides are read by hand in `facade::persist`); garbage, an older format or a missing
/// key is `None`.
pub fn get_json<T: DeserializeOwned>(which: Area, key: &str) -> Option<T> {
    let text = get(which, key)?;
    va_rollout_core::json::from_str(&text).ok()
}

#[cfg(any(feature = "routing", feature = "telemetry"))]
pub fn set_json<T: Serialize>(which: Area, key: &str, value: &T) -> Result<(), StorageError> {
    let text = to_json(value).ok_or(StorageError::Encode)?;
    set(which, key, &text)
}

#[cfg(any(feature = "routing", feature = "telemetry"))]
/// Serializes through the JS engine's `JSON.stringify` (no serde_json in the wasm bundle).
pub fn to_json<T: Serialize>(value: &T) -> Option<String> {
    let js = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    js_sys::JSON::stringify(&js).ok()?.as_string()
}

fn error_name(e: &wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_else(|| "Error".into())
}
