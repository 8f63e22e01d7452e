//! Client side of `tests/browser-support/flag-server.mjs` for wasm-bindgen-test code running in
//! headless Chromium, part of `mod browser_support` of every wasm32 test:
//!
//! ```ignore
//! mod browser_support;
//! use browser_support::flag_server_client as flag_server;
//! let url = flag_server::url("/flags/ok");
//! ```
//!
//! The server's origin is baked in at compile time: `scripts/test.sh` starts the server and
//! sets `VA_ROLLOUT_FLAG_SERVER` (e.g. `http://127.0.0.1:17654`) for `cargo test`; cargo
//! rebuilds when that variable changes. Without it, the default port below is used.
#![allow(dead_code)]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

/// Default origin; must match `FLAG_SERVER_PORT_DEFAULT` in scripts/lib.sh.
pub const DEFAULT_ORIGIN: &str = "http://127.0.0.1:17654";

/// The flag server's origin, e.g. `http://127.0.0.1:17654` (no trailing slash).
pub const ORIGIN: &str = match option_env!("VA_ROLLOUT_FLAG_SERVER") {
    Some(origin) => origin,
    None => DEFAULT_ORIGIN,
};

/// Absolute URL of `path` (which starts with `/`) on the flag server.
pub fn url(path: &str) -> String {
    format!("{ORIGIN}{path}")
}

/// `GET {ORIGIN}{path}` with credentials included (cookies of 127.0.0.1 go along, since
/// cookies ignore ports); resolves to the response whatever its status.
pub async fn get(path: &str) -> Result<Response, JsValue> {
    let init = RequestInit::new();
    init.set_credentials(RequestCredentials::Include);
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let resp = JsFuture::from(window.fetch_with_str_and_init(&url(path), &init)).await?;
    resp.dyn_into::<Response>()
}

/// `GET` and parse the JSON body.
pub async fn get_json(path: &str) -> Result<JsValue, JsValue> {
    JsFuture::from(get(path).await?.json()?).await
}

/// Scripts the server: `admin("reset=1&flags=a:on,b:off&logs=500&count=2")`.
pub async fn admin(query: &str) -> Result<JsValue, JsValue> {
    get_json(&format!("/admin?{query}")).await
}

/// `{ counts: { path: n }, last: { path, query, method, headers }, byPath }`.
pub async fn stats() -> Result<JsValue, JsValue> {
    get_json("/stats").await
}

/// How many requests `path` got so far (0 when none).
pub async fn count(path: &str) -> Result<u32, JsValue> {
    let counts = js_sys::Reflect::get(&stats().await?, &"counts".into())?;
    let n = js_sys::Reflect::get(&counts, &path.into())?;
    Ok(n.as_f64().map_or(0, |n| n as u32))
}

/// `{ requests: [{ status, contentType, encoding, bytes, records, json }], records }` of /v1/logs.
pub async fn received() -> Result<JsValue, JsValue> {
    get_json("/received").await
}

/// Resolves after `ms` milliseconds (setTimeout).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
