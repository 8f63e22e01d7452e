//! A Rust `FnOnce()` as a JS function that runs it once and is then freed
//! (`Closure::once_into_js`), with one instantiation of the closure glue for the telemetry side's
//! callers (the idle callback, the IndexedDB request handlers): each generic use would compile its
//! own. `timer::after` keeps its own: it is the only caller in the flags builds, where a boxed
//! closure would cost more than it saves.

use wasm_bindgen::prelude::*;

/// `f` as a JS function: the first call runs it and frees it.
pub fn once(f: impl FnOnce() + 'static) -> JsValue {
    once_boxed(Box::new(f))
}

#[inline(never)]
fn once_boxed(f: Box<dyn FnOnce()>) -> JsValue {
    Closure::once_into_js(f)
}
