//! Helpers shared by the browser tests of the SDK itself (wasm32 only).
#![allow(dead_code)]

use js_sys::Reflect;
use va_rollout::facade::WasmRollout;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::flag_server_client as flag_server;

/// A JS value from JSON text (test configurations).
pub fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON")
}

/// `v.a.b.c`, undefined when missing.
pub fn field(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |v, k| {
        Reflect::get(&v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
    })
}

pub fn string(v: &JsValue, path: &[&str]) -> String {
    field(v, path).as_string().unwrap_or_default()
}

/// A fresh start: both storages cleared, the server's counters and modes reset.
pub async fn fresh() {
    let w = web_sys::window().expect("window");
    w.local_storage().ok().flatten().map(|s| s.clear());
    w.session_storage().ok().flatten().map(|s| s.clear());
    flag_server::admin("reset=1").await.expect("server reset");
}

/// Starts a Rollout from a JSON configuration where `{server}` is replaced by the server origin.
pub fn start(config: &str) -> WasmRollout {
    let text = config.replace("{server}", flag_server::ORIGIN);
    WasmRollout::start(json(&text))
        .unwrap_or_else(|e| panic!("start failed: {}", string(&e, &["message"])))
}

pub async fn ready(r: &WasmRollout) {
    JsFuture::from(r.ready())
        .await
        .expect("ready never rejects");
}

pub fn reason(r: &WasmRollout, name: &str) -> String {
    string(&r.evaluate(name), &["reason"])
}

pub fn source(r: &WasmRollout, name: &str) -> String {
    string(&r.evaluate(name), &["source"])
}

pub fn error_code(r: &WasmRollout) -> String {
    string(&r.last_error(), &["code"])
}

pub const SM_FLOW: &str = "mhv_secure_messaging_curated_list_flow";
