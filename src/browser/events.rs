//! DOM event listeners that unregister on drop, and SPA navigation hooks on `history`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A registered listener; dropping it removes the listener.
pub struct Listener {
    target: web_sys::EventTarget,
    kind: &'static str,
    capture: bool,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    pub fn new(
        target: &web_sys::EventTarget,
        kind: &'static str,
        capture: bool,
        f: impl FnMut(web_sys::Event) + 'static,
    ) -> Option<Listener> {
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
        target
            .add_event_listener_with_callback_and_bool(
                kind,
                closure.as_ref().unchecked_ref(),
                capture,
            )
            .ok()?;
        Some(Listener {
            target: target.clone(),
            kind,
            capture,
            closure,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback_and_bool(
            self.kind,
            self.closure.as_ref().unchecked_ref(),
            self.capture,
        );
    }
}

/// The element an event started on, walking up from text nodes.
#[cfg(feature = "telemetry")]
pub fn event_element(event: &web_sys::Event) -> Option<web_sys::Element> {
    let target = event.target()?;
    if let Some(el) = target.dyn_ref::<web_sys::Element>() {
        return Some(el.clone());
    }
    target.dyn_ref::<web_sys::Node>()?.parent_element()
}

/// Wraps `history.pushState` and `history.replaceState` so `on_change(kind)` runs after each
/// call. The original is always called first with its own `this`; an error in ours never
/// reaches the caller. Returns false when there is no `history`.
#[cfg(feature = "telemetry")]
pub fn patch_history(on_change: impl Fn(&'static str) + Clone + 'static) -> bool {
    let Some(history) = super::global::window().and_then(|w| w.history().ok()) else {
        return false;
    };
    for kind in ["pushState", "replaceState"] {
        let Ok(original) = js_sys::Reflect::get(&history, &kind.into()) else {
            continue;
        };
        let Ok(original) = original.dyn_into::<js_sys::Function>() else {
            continue;
        };
        let notify = on_change.clone();
        let target = history.clone();
        let wrapper = Closure::<dyn Fn(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
            move |state: JsValue, title: JsValue, url: JsValue| {
                let result = original.call3(&target, &state, &title, &url);
                if result.is_ok() {
                    notify(kind);
                }
                result
            },
        );
        let _ = js_sys::Reflect::set(&history, &kind.into(), wrapper.as_ref());
        wrapper.forget(); // lives as long as the page's history object
    }
    true
}
