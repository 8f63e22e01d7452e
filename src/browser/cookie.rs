//! `document.cookie` access (parsing is pure, in the core).

use wasm_bindgen::JsCast;

use super::global::document;

/// The raw cookie header, `None` without a document (or when cookies are blocked).
pub fn read_all() -> Option<String> {
    document()?
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()?
        .cookie()
        .ok()
}

/// Sets a first-party cookie on path `/` for `max_age_days`.
pub fn write(name: &str, value: &str, max_age_days: u32) {
    let Some(doc) = document().and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok()) else {
        return;
    };
    let line = va_rollout_core::text![
        name,
        "=",
        value,
        "; path=/; max-age=",
        u64::from(max_age_days) * 86_400,
        "; samesite=lax"
    ];
    let _ = doc.set_cookie(&line);
}
