//! Calls the JavaScript shell made before the core joined, replayed with their capture time
//! (pkg-template/src/shell.js): the same events as if the core had been there.

use wasm_bindgen::prelude::*;

use super::{telemetry, track, WasmRollout};

#[wasm_bindgen]
impl WasmRollout {
    /// `track.action` (kind 0), `track.timing` (1, `ms`) or `track.error` (2) made at `atMs`.
    #[wasm_bindgen(js_name = trackAt)]
    pub fn track_at(&self, kind: u8, name: &str, ms: f64, attrs: JsValue, at_ms: f64) {
        let call = match kind {
            0 => track::Call::Action,
            1 => track::Call::Timing(ms),
            _ => track::Call::Error,
        };
        track::capture_at(&self.shared, call, name.to_owned(), attrs, at_ms);
    }

    /// The first read of `name` at `atMs`.
    #[wasm_bindgen(js_name = exposureAt)]
    pub fn exposure_at(&self, name: &str, at_ms: f64) {
        telemetry::expose(&self.shared, name, at_ms);
    }

    /// `track.request(name, promise, attrs)` started at `startedMs`.
    #[wasm_bindgen(js_name = trackRequestAt)]
    pub fn track_request_at(
        &self,
        name: &str,
        promise: js_sys::Promise,
        attrs: JsValue,
        started_ms: f64,
    ) {
        track::request(&self.shared, name, promise, attrs, started_ms);
    }
}
