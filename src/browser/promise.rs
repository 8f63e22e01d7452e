//! Promise settlement by callback, without futures: the flags path (refresh, fetch, backoff) ships
//! no async executor (wasm-bindgen-futures leaves the flags-only build; docs/performance.md).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    type Thenable;
    #[wasm_bindgen(method, js_name = then)]
    fn then_both(this: &Thenable, on_ok: &JsValue, on_err: &JsValue) -> JsValue;
    type Handler;
    #[wasm_bindgen(method, js_name = bind)]
    fn bind_ok(this: &Handler, this_arg: &JsValue, ok: bool) -> JsValue;
}

/// Calls `f` once with the promise's value (`Ok`) or rejection reason (`Err`). One `once` closure
/// serves both outcomes (bound to `true`/`false`): a promise settles once, so it runs and is freed
/// (a second closure that never ran would never be freed).
pub fn settled(promise: &js_sys::Promise, f: impl FnOnce(Result<JsValue, JsValue>) + 'static) {
    settled_boxed(promise, Box::new(f));
}

/// One instantiation of the closure glue for every caller (each generic one costs ~1.5 KB of wasm).
#[inline(never)]
fn settled_boxed(promise: &js_sys::Promise, f: Box<dyn FnOnce(Result<JsValue, JsValue>)>) {
    let handler = Closure::once_into_js(move |ok: bool, value: JsValue| {
        f(if ok { Ok(value) } else { Err(value) })
    });
    let handler: &Handler = handler.unchecked_ref();
    let _ = promise.unchecked_ref::<Thenable>().then_both(
        &handler.bind_ok(&JsValue::NULL, true),
        &handler.bind_ok(&JsValue::NULL, false),
    );
}
