//! Telemetry delivery: POST with optional gzip, and the synchronous page-exit path
//! (fetch `keepalive`, then `sendBeacon`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::fetch::describe;
use super::global::window;
use super::promise::settled;

#[wasm_bindgen]
extern "C" {
    /// `CompressionStream` (web-sys has it only behind its unstable-API flag).
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> WritableStream;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> web_sys::ReadableStream;
    type WritableStream;
    #[wasm_bindgen(method, js_name = getWriter, catch)]
    fn get_writer(this: &WritableStream) -> Result<StreamWriter, JsValue>;
    type StreamWriter;
    #[wasm_bindgen(method, catch)]
    fn write(this: &StreamWriter, chunk: &JsValue) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn close(this: &StreamWriter) -> Result<js_sys::Promise, JsValue>;
}

/// The outcome of one POST: the HTTP status and `Retry-After`, or `None` for a network failure.
pub struct PostResult {
    pub status: Option<u16>,
    pub retry_after: Option<String>,
    /// Why the request failed without a status (for diagnostics).
    #[allow(dead_code)]
    pub error: Option<String>,
}

impl PostResult {
    fn failed(error: String) -> PostResult {
        PostResult {
            status: None,
            retry_after: None,
            error: Some(error),
        }
    }
}

/// POST `body` as `application/json`, gzip-compressed through `CompressionStream` when the
/// browser has it and `gzip` is set; `done` gets the outcome, always later (a microtask at the
/// earliest), never while the caller runs.
pub fn post_json(url: &str, body: &str, gzip: bool, done: impl FnOnce(PostResult) + 'static) {
    let Some(w) = window() else {
        return later(PostResult::failed("no window".into()), done);
    };
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let headers = match web_sys::Headers::new() {
        Ok(h) => h,
        Err(e) => return later(PostResult::failed(describe(&e)), done),
    };
    let _ = headers.set("Content-Type", "application/json");
    // The UTF-8 bytes, copied once out of wasm memory (no decoding into a JS string and
    // encoding back).
    let bytes = js_sys::Uint8Array::from(body.as_bytes());
    let url = url.to_owned();
    let plain = bytes.clone();
    let post = move |compressed: Option<js_sys::Uint8Array>| {
        match &compressed {
            Some(gzipped) => {
                let _ = headers.set("Content-Encoding", "gzip");
                init.set_body(gzipped);
            }
            None => init.set_body(&plain),
        }
        init.set_headers(&headers);
        settled(&w.fetch_with_str_and_init(&url, &init), move |sent| {
            done(match sent.and_then(|r| r.dyn_into::<web_sys::Response>()) {
                Ok(r) => PostResult {
                    status: Some(r.status()),
                    retry_after: r.headers().get("retry-after").ok().flatten(),
                    error: None,
                },
                Err(e) => PostResult::failed(describe(&e)),
            })
        });
    };
    if gzip {
        gzip_bytes(&bytes, post);
    } else {
        post(None);
    }
}

/// Hands `result` to `done` in a microtask (as a settled fetch would, later).
fn later(result: PostResult, done: impl FnOnce(PostResult) + 'static) {
    settled(&js_sys::Promise::resolve(&JsValue::UNDEFINED), move |_| {
        done(result)
    });
}

/// Page exit: queue `body` with the browser so it outlives the page. Tries `fetch` with
/// `keepalive` (`application/json`, accepted by any OTLP/HTTP receiver), falling back to
/// `sendBeacon` with `text/plain` (no CORS preflight; the va-rollout collector accepts it).
/// Synchronous: the request is handed to the browser before this returns. Returns the fetch's
/// promise (it settles only if the page lives on), `None` when a beacon was used or nothing sent.
pub fn send_at_exit(url: &str, body: &str) -> Option<js_sys::Promise> {
    let w = window()?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    if let Ok(headers) = web_sys::Headers::new() {
        let _ = headers.set("Content-Type", "application/json");
        init.set_headers(&headers);
    }
    init.set_body(&JsValue::from_str(body));
    // fetch() throws synchronously (TypeError) when the keepalive budget is exhausted.
    let promise = js_sys::Reflect::get(&w, &"fetch".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call2(&w, &JsValue::from_str(url), &init).ok());
    if let Some(p) = promise.and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
        return Some(p);
    }
    let _ = w.navigator().send_beacon_with_opt_str(url, Some(body));
    None
}

/// Whether this browser has `CompressionStream` (then [`post_json`] bodies go out gzip-compressed).
pub fn has_compression_stream() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &"CompressionStream".into()).unwrap_or(false)
}

/// gzip through the browser's `CompressionStream`; `done` gets `None` when it is unavailable or
/// on any error (synchronously when nothing could be started).
fn gzip_bytes(body: &js_sys::Uint8Array, done: impl FnOnce(Option<js_sys::Uint8Array>) + 'static) {
    match gzip_started(body) {
        Some(buffer) => settled(&buffer, move |read| {
            done(read.ok().map(|b| js_sys::Uint8Array::new(&b)))
        }),
        None => done(None),
    }
}

/// Writes `body` into a `CompressionStream` and returns the promise of the compressed bytes.
// The write/close promises are not waited for (the read drives the stream; waiting for the
// write first could stall on backpressure); their outcome shows in the read, and a no-op handler
// on each keeps a rejection from being reported as unhandled.
fn gzip_started(body: &js_sys::Uint8Array) -> Option<js_sys::Promise> {
    if !has_compression_stream() {
        return None;
    }
    // Written straight into the stream (a Blob source costs about 3× as much main-thread time).
    let cs = CompressionStream::new("gzip").ok()?;
    let writer = cs.writable().get_writer().ok()?;
    settled(&writer.write(body).ok()?, |_| {});
    settled(&writer.close().ok()?, |_| {});
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&cs.readable())).ok()?;
    response.array_buffer().ok()
}
