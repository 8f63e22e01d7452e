//! localStorage / sessionStorage that never throw: disabled storage (SecurityError), a full quota
//! (QuotaExceededError) and garbage values all come back as `None` / `Err`, never an exception.

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

fn error_name(e: &wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_else(|| "Error".into())
}
