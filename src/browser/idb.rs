//! IndexedDB, thinly: open one database with one object store, and run one readwrite transaction
//! whose requests are issued from callbacks (never across an await, so the transaction is still
//! active when the next request is made). Every failure (no IndexedDB in Node or some private
//! modes, a blocked open, a quota error) comes back as "absent", never an exception.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

use super::global::window;
use super::once::once;

/// Opens database `name` (version 1, creating `store`); `done` gets it, or `None`.
pub fn open(name: &str, store: &'static str, done: impl FnOnce(Option<IdbDatabase>) + 'static) {
    let Some(req) = window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .and_then(|f| f.open_with_u32(name, 1).ok())
    else {
        return done(None);
    };
    let upgrade = once({
        let req: IdbOpenDbRequest = req.clone();
        move || {
            if let Some(db) = req
                .result()
                .ok()
                .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
            {
                let _ = db.create_object_store(store);
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    // One handler for both outcomes (a request fires exactly one of them): a `once` closure is
    // freed when it runs, and a second handler that never ran would never be freed. After an
    // error the request's result is undefined, so `done` gets `None`.
    let settled = once({
        let req = req.clone();
        move || {
            done(
                req.result()
                    .ok()
                    .and_then(|r| r.dyn_into::<IdbDatabase>().ok()),
            )
        }
    });
    req.set_onerror(Some(settled.unchecked_ref()));
    req.set_onsuccess(Some(settled.unchecked_ref()));
}

/// A readwrite transaction on `store`; `None` when the database refuses one (closing, gone).
pub fn store(db: &IdbDatabase, store: &str) -> Option<IdbObjectStore> {
    db.transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)
        .ok()?
        .object_store(store)
        .ok()
}

/// `done(true)` once the transaction of `store` completes (its writes are durable), `done(false)`
/// when it aborts or fails.
pub fn on_done(store: &IdbObjectStore, done: impl FnOnce(bool) + 'static) {
    let tx = store.transaction();
    // One handler for both outcomes (exactly one fires), as in `open`; a failed request aborts
    // the transaction, so `error` is not listened to (it would fire before `abort`).
    let settled = Closure::once_into_js(move |e: web_sys::Event| done(e.type_() == "complete"));
    tx.set_oncomplete(Some(settled.unchecked_ref()));
    tx.set_onabort(Some(settled.unchecked_ref()));
}

pub fn put(store: &IdbObjectStore, key: &str, value: &JsValue) {
    let _ = store.put_with_key(value, &JsValue::from_str(key));
}

pub fn delete(store: &IdbObjectStore, key: &str) {
    let _ = store.delete(&JsValue::from_str(key));
}

/// Every value in `store` (in key order), handed to `then` while the transaction is still
/// active, so that `then` may issue more requests on the same store; `None` when the read fails.
pub fn get_all(
    store: &IdbObjectStore,
    then: impl FnOnce(&IdbObjectStore, Option<Vec<JsValue>>) + 'static,
) {
    let Ok(req) = store.get_all() else {
        return then(store, None);
    };
    // One handler for both outcomes, as in `open`: after an error the result is undefined.
    let settled = once({
        let req: IdbRequest = req.clone();
        let store = store.clone();
        move || {
            let values = req
                .result()
                .ok()
                .and_then(|r| r.dyn_into::<js_sys::Array>().ok())
                .map(|a| a.iter().collect());
            then(&store, values);
        }
    });
    req.set_onerror(Some(settled.unchecked_ref()));
    req.set_onsuccess(Some(settled.unchecked_ref()));
}
