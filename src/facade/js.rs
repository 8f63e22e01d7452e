//! JS-boundary helpers: typed errors, serde conversions and listener lists that are safe to
//! call while the page re-enters the SDK.

use std::cell::RefCell;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A JS `Error` whose `name` tells the app what kind of problem it is
/// (`VaRolloutConfigError`, `VaRolloutRouteError`, ...).
pub fn error(name: &str, message: &str) -> JsValue {
    let e = js_sys::Error::new(message);
    e.set_name(name);
    e.into()
}

pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// Registered JS callbacks. Calls happen on a snapshot of the list, after every borrow of SDK
/// state is released, so a listener may call back into the SDK; a listener that throws is
/// isolated (its exception is reported on the console, not re-thrown into the caller).
#[derive(Clone, Default)]
pub struct Listeners(Rc<RefCell<Vec<(u32, js_sys::Function)>>>, Rc<RefCell<u32>>);

impl Listeners {
    pub fn add(&self, f: js_sys::Function) -> u32 {
        let Ok(mut next) = self.1.try_borrow_mut() else { return 0 };
        *next += 1;
        let id = *next;
        if let Ok(mut list) = self.0.try_borrow_mut() {
            list.push((id, f));
        }
        id
    }

    pub fn remove(&self, id: u32) {
        if let Ok(mut list) = self.0.try_borrow_mut() {
            list.retain(|(i, _)| *i != id);
        }
    }

    pub fn call(&self, args: &[JsValue]) {
        let snapshot: Vec<js_sys::Function> = match self.0.try_borrow() {
            Ok(list) => list.iter().map(|(_, f)| f.clone()).collect(),
            Err(_) => return,
        };
        for f in snapshot {
            let result = match args {
                [] => f.call0(&JsValue::NULL),
                [a] => f.call1(&JsValue::NULL, a),
                [a, b, ..] => f.call2(&JsValue::NULL, a, b),
            };
            if let Err(e) = result {
                web_sys::console::error_2(&"va-rollout: a listener threw:".into(), &e);
            }
        }
    }
}
