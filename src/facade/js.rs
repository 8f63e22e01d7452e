//! JS-boundary helpers: typed errors, JSON conversions and listener lists that are
//! safe to call while the page re-enters the SDK.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use va_rollout_core::json;

/// A JS `Error` whose `name` tells the app what kind of problem it is
/// (`VaRolloutConfigError`, `VaRolloutRouteError`, ...).
pub fn error(name: &str, message: &str) -> JsValue {
    let e = js_sys::Error::new(message);
    e.set_name(name);
    e.into()
}

/// The JS value of JSON text the core wrote (`JSON.parse`; `null` if it were not JSON): one
/// string across the boundary instead of serde-wasm-bindgen's per-type serializer.
pub fn from_json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// A JS value as the crate's JSON [`json::Value`] for the hand-written
/// readers (`RolloutConfigInput::read`).
pub fn value_from_js(value: JsValue) -> Result<json::Value, String> {
    let text = if value.is_undefined() {
        "null".to_owned()
    } else {
        let text = REPLACER
            .with(|r| js_sys::JSON::stringify_with_replacer(&value, r.as_ref().unchecked_ref()));
        text.map_err(|e| crate::browser::fetch::describe(&e))?
            .as_string()
            .unwrap_or_else(|| "null".to_owned())
    };
    let mut parsed = json::parse(&text).map_err(|e| e.message())?;
    json::restore_non_finite(&mut parsed);
    Ok(parsed)
}

thread_local! {
    /// The `JSON.stringify` replacer for [`value_from_js`].
    static REPLACER: Closure<dyn Fn(JsValue, JsValue) -> JsValue> = Closure::new(|_key: JsValue, value: JsValue| {
        if value.is_function() {
            return JsValue::from_str("\u{0}function");
        }
        match value.as_f64() {
            Some(n) if !n.is_finite() => {
                let mark = json::NON_FINITE.iter().find(|(_, m)| m.to_bits() == n.to_bits() || (n.is_nan() && m.is_nan()));
                mark.map_or(value, |(text, _)| JsValue::from_str(text))
            }
            _ => value,
        }
    });
}

/// Registered JS callbacks. Calls happen on a snapshot of the list, after every borrow of SDK
/// state is released, so a listener may call back into the SDK; a listener that throws is
/// isolated (its exception is reported on the console, not re-thrown into the caller).
#[derive(Clone, Default)]
pub struct Listeners(Rc<RefCell<Vec<(u32, js_sys::Function)>>>, Rc<RefCell<u32>>);

impl Listeners {
    pub fn add(&self, f: js_sys::Function) -> u32 {
        let Ok(mut next) = self.1.try_borrow_mut() else {
            return 0;
        };
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

/// Takes the function `config.telemetry[key]` out of the configuration (see [`take_nested`]);
/// anything else there is a configuration error with `message` (a literal: no formatting code).
pub fn take_function(
    config: JsValue,
    key: &str,
    message: &str,
) -> Result<(JsValue, Option<js_sys::Function>), JsValue> {
    let (config, value) = take_nested(config, "telemetry", key);
    match value.map(|f| f.dyn_into::<js_sys::Function>()) {
        None => Ok((config, None)),
        Some(Ok(f)) => Ok((config, Some(f))),
        Some(Err(_)) => Err(error("VaRolloutConfigError", message)),
    }
}

/// Takes `config[outer][inner]` out of the configuration, on shallow copies (the app's object is
/// not touched). Used for values serde must not see: the bootstrap document (data, whose errors
/// must not fail `start`) and the `beforeSend` function.
pub fn take_nested(config: JsValue, outer: &str, inner: &str) -> (JsValue, Option<JsValue>) {
    use js_sys::{Object, Reflect};
    let Ok(part) = Reflect::get(&config, &outer.into()) else {
        return (config, None);
    };
    if !part.is_object() || !Reflect::has(&part, &inner.into()).unwrap_or(false) {
        return (config, None);
    }
    let value = Reflect::get(&part, &inner.into())
        .ok()
        .filter(|v| !v.is_null() && !v.is_undefined());
    let part_copy = Object::assign(&Object::new(), part.unchecked_ref());
    let _ = Reflect::delete_property(&part_copy, &inner.into());
    let config_copy = Object::assign(&Object::new(), config.unchecked_ref());
    let _ = Reflect::set(&config_copy, &outer.into(), &part_copy);
    (config_copy.into(), value)
}
