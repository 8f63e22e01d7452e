//! Timers over the global `setTimeout` (present in browsers and Node alike).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    /// Node's `Timeout` object (browsers return a number instead).
    type NodeTimeout;
    #[wasm_bindgen(method, catch)]
    fn unref(this: &NodeTimeout) -> Result<JsValue, JsValue>;
}

/// In Node, `setTimeout` returns a `Timeout` object: unref it, so that the SDK's background
/// timers (batching, retries, refreshes) never keep a Node process alive. Browsers return a number.
fn unref_in_node(id: &JsValue) {
    if id.is_object() {
        let _ = id.unchecked_ref::<NodeTimeout>().unref();
    }
}

/// A scheduled callback; dropping it cancels the callback if it has not run.
pub struct Timeout {
    id: JsValue,
    _closure: Closure<dyn FnMut()>,
}

impl Timeout {
    pub fn new(ms: f64, f: impl FnOnce() + 'static) -> Timeout {
        let mut f = Some(f);
        let closure = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                f();
            }
        });
        let id = set_timeout(closure.as_ref().unchecked_ref(), ms.max(0.0));
        unref_in_node(&id);
        Timeout {
            id,
            _closure: closure,
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// Runs `f` once after `ms` (a `once` closure, freed when it runs; nothing to cancel).
pub fn after(ms: f64, f: impl FnOnce() + 'static) {
    let id = set_timeout_value(&Closure::once_into_js(f), ms.max(0.0));
    unref_in_node(&id);
}

/// One pending timer slot: scheduling replaces (and cancels) the previous one.
#[derive(Clone, Default)]
pub struct TimerSlot(Rc<RefCell<Option<Timeout>>>);

impl TimerSlot {
    pub fn schedule(&self, ms: f64, f: impl FnOnce() + 'static) {
        let slot = self.0.clone();
        let timeout = Timeout::new(ms, move || {
            slot.borrow_mut().take();
            f();
        });
        *self.0.borrow_mut() = Some(timeout);
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = requestIdleCallback, catch)]
    fn request_idle_callback(handler: &JsValue, options: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout_value(handler: &JsValue, ms: f64) -> JsValue;
}

/// Runs `f` once when the page is idle (`requestIdleCallback`), at the latest after `timeout_ms`;
/// where there is no `requestIdleCallback` (Safari, Node), on the next timer tick.
#[cfg(feature = "telemetry")]
pub fn when_idle(timeout_ms: f64, f: impl FnOnce() + 'static) {
    let handler = super::once::once(f);
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeout".into(), &timeout_ms.into());
    if request_idle_callback(&handler, &options).is_err() {
        set_timeout_value(&handler, 0.0);
    }
}
