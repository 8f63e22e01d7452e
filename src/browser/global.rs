//! Globals: window, location, clock, randomness, unique ids.

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

/// The page's window, `None` in Node, SSR and workers.
pub fn window() -> Option<web_sys::Window> {
    js_sys::global().dyn_into::<web_sys::Window>().ok()
}

pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A uniform random number in [0, 1).
pub fn random() -> f64 {
    js_sys::Math::random()
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The global binding `location`. Unlike `self` and `globalThis` (which a page script may
    /// replace before the SDK loads, and through which `js_sys::global()` finds the window),
    /// `location` is unforgeable, so the host it reports is the page's real one.
    #[wasm_bindgen(thread_local_v2, js_name = location)]
    static LOCATION: Option<web_sys::Location>;
}

/// The page's real hostname (browser only): the environment is derived from it, so it is read
/// from the unforgeable `location`, never through an object a page script can substitute.
pub fn hostname() -> Option<String> {
    window()?;
    LOCATION.with(|l| l.as_ref().and_then(|l| l.hostname().ok()))
}

#[cfg(feature = "telemetry")]
pub fn pathname() -> Option<String> {
    window()?.location().pathname().ok()
}

pub fn search() -> Option<String> {
    window()?.location().search().ok()
}

/// A random base-36 string the way vets-website makes `FLIPPER_ID` halves:
/// `Math.random().toString(36).substring(2, 15)`.
pub fn random_base36() -> String {
    let s: String = js_sys::Number::from(random())
        .to_string_with_radix(36)
        .map(String::from)
        .unwrap_or_default();
    s.chars().skip(2).take(13).collect()
}

/// A unique id: `crypto.randomUUID()` where present, else 26 random base-36 characters.
#[cfg(feature = "telemetry")]
pub fn unique_id() -> String {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).ok();
    if let Some(crypto) = crypto.filter(|c| c.is_object()) {
        let f = js_sys::Reflect::get(&crypto, &JsValue::from_str("randomUUID")).ok();
        if let Some(f) = f.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
            if let Some(id) = f.call0(&crypto).ok().and_then(|v| v.as_string()) {
                return id;
            }
        }
    }
    [random_base36(), random_base36()].concat()
}

/// `document.visibilityState == "hidden"`.
/// `window.Mocha` or `window.Cypress` is defined (a test runner drives the page).
#[cfg(feature = "telemetry")]
pub fn has_test_runner() -> bool {
    window().is_some_and(|w| {
        ["Mocha", "Cypress"]
            .iter()
            .any(|k| js_sys::Reflect::get(&w, &(*k).into()).is_ok_and(|v| !v.is_undefined()))
    })
}

pub fn is_hidden() -> bool {
    document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// Writes a message to the devtools console (never throws).
pub fn console_info(message: &str) {
    web_sys::console::info_1(&JsValue::from_str(message));
}

pub fn console_warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}
