//! `Rollout.start`: configuration, the synchronous first state (bootstrap → cache → overrides),
//! page listeners, and the first refresh.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

#[cfg(feature = "telemetry")]
use super::capture;
use super::js::{error, take_function, take_nested, value_from_js, Listeners};
use super::persist;
use super::refresh;
use super::runtime::{announce_overrides, now, publish, with, Runtime, Shared};
#[cfg(feature = "telemetry")]
use super::telemetry::{self, TelemetryShell};
use super::WasmRollout;
use crate::browser::cookie;
use crate::browser::events::Listener;
#[cfg(feature = "telemetry")]
use crate::browser::global::has_test_runner;
use crate::browser::global::{
    console_warn, document, hostname, is_hidden, random, random_base36, search, window,
};
use crate::browser::timer::TimerSlot;
#[cfg(feature = "routing")]
use va_rollout_core::flags::groups::GroupConfig;
use va_rollout_core::flags::{
    parse_cookie, parse_url_param, Changes, DeliveryConfig, FlagStore, FLIPPER_ID_COOKIE,
};
use va_rollout_core::json::read::fields::opt;
#[cfg(feature = "routing")]
use va_rollout_core::rollout::Router;
use va_rollout_core::rollout::{ActorInput, RolloutConfig, RolloutConfigInput};
#[cfg(feature = "routing")]
use va_rollout_core::routing::vaos::VaosTable;
#[cfg(feature = "telemetry")]
use va_rollout_core::telemetry::TelemetryConfig;
use va_rollout_core::{push_text, text};

/// A page that becomes visible again refreshes at most this often.
pub const MIN_VISIBLE_REFRESH_MS: f64 = 30_000.0;
/// `FLIPPER_ID` lifetime, as vets-website sets it.
const FLIPPER_ID_DAYS: u32 = 30;
/// The query parameter that carries QA overrides on staging links.
pub const OVERRIDE_PARAM: &str = "va-rollout";

/// `Rollout.start` in one call: the stages below, one after the other. The JS shell runs the
/// same stages one task each ([`super::start_job::StartJob`]), so no single task compiles and
/// runs all of them (docs/architecture.md, "The join"). Each stage is `inline(never)`: it has two
/// callers, and is compiled once.
pub fn start(config: JsValue) -> Result<WasmRollout, JsValue> {
    let mut stored = store(validate(read(config)?)?);
    layers(&mut stored);
    Ok(live(runtime(stored)))
}

/// Stage 1: the configuration read from JS, the bootstrap and the functions taken out of it.
pub struct Read {
    input: RolloutConfigInput,
    bootstrap: Option<JsValue>,
    before_send: Option<js_sys::Function>,
    sink: Option<js_sys::Function>,
}

/// Stage 2: the configuration validated.
pub struct Valid {
    cfg: RolloutConfig,
    bootstrap: Option<JsValue>,
    before_send: Option<js_sys::Function>,
    sink: Option<js_sys::Function>,
}

/// Stage 3: the flag store's first state: the `FLIPPER_ID` cookie, the store, the bootstrap.
pub struct Stored {
    store: FlagStore,
    cookie_id: Option<String>,
    owner: u32,
    delivery: DeliveryConfig,
    #[cfg(feature = "routing")]
    groups: Vec<GroupConfig>,
    #[cfg(feature = "routing")]
    vaos: VaosTable,
    #[cfg(feature = "telemetry")]
    telemetry: Option<TelemetryConfig>,
    #[cfg(feature = "telemetry")]
    before_send: Option<js_sys::Function>,
    #[cfg(feature = "telemetry")]
    sink: Option<js_sys::Function>,
}

#[inline(never)]
pub fn read(config: JsValue) -> Result<Read, JsValue> {
    let (config, bootstrap) = take_nested(config, "flags", "bootstrap");
    let (config, before_send) = take_function(
        config,
        "beforeSend",
        "va-rollout: invalid configuration:\n  - telemetry.beforeSend: must be a function (event) => event | null",
    )?;
    let (config, sink) = take_function(
        config,
        "sink",
        "va-rollout: invalid configuration:\n  - telemetry.sink: must be a function (event) => void",
    )?;
    let input = value_from_js(config)
        .and_then(RolloutConfigInput::read)
        .map_err(|m| {
            error(
                "VaRolloutConfigError",
                &text!["va-rollout: invalid configuration: ", m],
            )
        })?;
    Ok(Read {
        input,
        bootstrap,
        before_send,
        sink,
    })
}

#[inline(never)]
pub fn validate(read: Read) -> Result<Valid, JsValue> {
    let cfg = read.input.validate(hostname().as_deref()).map_err(|e| {
        let mut message = String::from("va-rollout: invalid configuration:");
        for p in &e.0 {
            push_text!(&mut message, "\n  - ", p);
        }
        error("VaRolloutConfigError", &message)
    })?;
    Ok(Valid {
        cfg,
        bootstrap: read.bootstrap,
        before_send: read.before_send,
        sink: read.sink,
    })
}

#[cfg_attr(not(feature = "telemetry"), allow(unused_variables))]
#[inline(never)]
pub fn store(valid: Valid) -> Stored {
    let Valid {
        cfg,
        bootstrap,
        before_send,
        sink,
    } = valid;
    let cookie_id = flipper_id();
    let actor_ids = cfg
        .actor
        .as_ref()
        .map(|a| a.ids.clone())
        .unwrap_or_default();
    let owner = persist::owner_key(&actor_ids, cookie_id.as_deref());
    let environment = cfg.environment;
    let mut store = FlagStore::new(cfg.flags, environment, cfg.actor, cookie_id.clone());
    store.set_random(random());
    // The bootstrap is data (often server-rendered), not code: a bad one is reported through
    // lastError() and the decisions fall back; it never throws.
    match bootstrap.map(refresh::parse_value) {
        Some(Ok(doc)) => {
            store.load_bootstrap(doc);
        }
        Some(Err(e)) => {
            store.apply_failure(e);
        }
        None => {}
    }
    Stored {
        store,
        cookie_id,
        owner,
        delivery: cfg.delivery,
        #[cfg(feature = "routing")]
        groups: cfg.groups,
        #[cfg(feature = "routing")]
        vaos: cfg.vaos,
        #[cfg(feature = "telemetry")]
        telemetry: cfg.telemetry,
        #[cfg(feature = "telemetry")]
        before_send,
        #[cfg(feature = "telemetry")]
        sink,
    }
}

/// Stage 4: the stored layers over the bootstrap: the flag cache, the stored and URL overrides.
#[inline(never)]
pub fn layers(stored: &mut Stored) {
    let store = &mut stored.store;
    if let Some(entry) = persist::load_cache(stored.owner) {
        store.load_cached(entry, now());
    }
    if store.environment().allows_overrides() {
        if let Some(overrides) = persist::load_overrides() {
            store.load_overrides(overrides, now());
        }
    }
    url_overrides(store);
}

/// Stage 5: the runtime (the router with the session pins, the telemetry shell).
#[inline(never)]
pub fn runtime(stored: Stored) -> Runtime {
    #[cfg(feature = "telemetry")]
    let (before_send, sink) = (stored.before_send, stored.sink);
    Runtime {
        store: stored.store,
        #[cfg(feature = "routing")]
        router: Router::new(stored.groups, stored.vaos, persist::load_pins()),
        delivery: stored.delivery,
        cookie_id: stored.cookie_id,
        owner: stored.owner,
        stopped: false,
        refreshing: None,
        last_refresh_ms: 0.0,
        mirror: None,
        mirrored: 0,
        change_listeners: Listeners::default(),
        #[cfg(feature = "routing")]
        transition_listeners: Listeners::default(),
        #[cfg(feature = "telemetry")]
        telemetry: stored
            .telemetry
            .filter(|t| {
                (t.otlp() || sink.is_some()) && t.runs_on(hostname().as_deref(), has_test_runner())
            })
            .map(|t| TelemetryShell::new(t, before_send, sink)),
    }
}

/// Stage 6: live: overrides announced, the first refresh, the page listeners, telemetry capture.
#[inline(never)]
pub fn live(runtime: Runtime) -> WasmRollout {
    let has_url = runtime.delivery.url.is_some();
    let interval_ms = runtime.delivery.refresh_interval_ms;
    announce_overrides(&runtime);
    let shared: Shared = Rc::new(RefCell::new(runtime));
    let ready = if has_url && window().is_some() {
        refresh::start(&shared)
    } else {
        js_sys::Promise::resolve(&JsValue::UNDEFINED)
    };
    let interval = TimerSlot::default();
    if has_url && interval_ms > 0 {
        schedule_interval(&shared, &interval, interval_ms as f64);
    }
    #[cfg_attr(not(feature = "telemetry"), allow(unused_mut))]
    let mut listeners = page_listeners(&shared);
    #[cfg(feature = "telemetry")]
    if with(&shared, |rt| rt.telemetry.is_some()) == Some(true) {
        listeners.extend(capture::install(&shared));
        telemetry::defer_start(&shared);
    }
    WasmRollout {
        _listeners: listeners,
        shared,
        ready,
        _interval: interval,
    }
}

/// The `FLIPPER_ID` cookie, created the way vets-website creates it when absent (browser only).
fn flipper_id() -> Option<String> {
    window()?;
    if let Some(id) = cookie::read_all().and_then(|c| parse_cookie(&c, FLIPPER_ID_COOKIE)) {
        return Some(id);
    }
    let id = [random_base36(), random_base36()].concat();
    cookie::write(FLIPPER_ID_COOKIE, &id, FLIPPER_ID_DAYS);
    Some(id)
}

/// `?va-rollout=name:on,other:off` on a staging link; refused with a console message in production.
fn url_overrides(store: &mut FlagStore) {
    let Some(query) = search() else { return };
    // Most pages have no such parameter: skip parsing the query (a key spelled with `%` escapes
    // still goes through the parser).
    if !query.contains(OVERRIDE_PARAM) && !query.contains('%') {
        return;
    }
    let Some(value) = query_value(&query, OVERRIDE_PARAM) else {
        return;
    };
    if !store.environment().allows_overrides() {
        console_warn("va-rollout: overrides are disabled in production; the va-rollout URL parameter was ignored");
        return;
    }
    match parse_url_param(&value) {
        Ok(pairs) => {
            for (name, on) in pairs {
                if let Err(e) = store.set_override(&name, on, now()) {
                    console_warn(&e.message());
                }
            }
            persist::save_overrides(store.overrides());
        }
        Err(e) => console_warn(&text![
            "va-rollout: the va-rollout URL parameter was ignored: ",
            e.message()
        ]),
    }
}

/// The decoded value of `key` in a `?a=b&c=d` query string.
fn query_value(query: &str, key: &str) -> Option<String> {
    let params = web_sys::UrlSearchParams::new_with_str(query).ok()?;
    params.get(key)
}

fn page_listeners(shared: &Shared) -> Vec<Listener> {
    let Some(doc) = document() else {
        return Vec::new();
    };
    let task = shared.clone();
    let on_visible = move |_: web_sys::Event| {
        let due = with(&task, |rt| {
            super::runtime::now() - rt.last_refresh_ms >= MIN_VISIBLE_REFRESH_MS
                && rt.delivery.url.is_some()
        });
        if !is_hidden() && due == Some(true) {
            let _ = refresh::start(&task);
        }
    };
    Listener::new(&doc, "visibilitychange", false, on_visible)
        .into_iter()
        .collect()
}

fn schedule_interval(shared: &Shared, slot: &TimerSlot, ms: f64) {
    let (task, next) = (shared.clone(), slot.clone());
    slot.schedule(ms, move || {
        if !is_hidden() {
            let _ = refresh::start(&task);
        }
        schedule_interval(&task, &next, ms);
    });
}

pub fn set_actor(shared: &Shared, actor: JsValue) -> Result<(), JsValue> {
    let input = value_from_js(actor)
        .and_then(|v| opt(v, ActorInput::read))
        .map_err(|m| {
            error(
                "VaRolloutConfigError",
                &text!["va-rollout: invalid actor: ", m],
            )
        })?;
    let mut problems = Vec::new();
    let actor = input.and_then(|a| a.validate("actor", &mut problems));
    if !problems.is_empty() {
        return Err(error(
            "VaRolloutConfigError",
            &text!["va-rollout: invalid actor: ", problems.join("; ")],
        ));
    }
    let refetch = with(shared, |rt| {
        rt.owner = persist::owner_key(
            actor.as_ref().map(|a| a.ids.as_slice()).unwrap_or(&[]),
            rt.cookie_id.as_deref(),
        );
        let changes = rt.store.set_actor(actor, random());
        (
            changes,
            rt.delivery.source == va_rollout_core::flags::SourceKind::VetsApi,
        )
    });
    let Some((changes, refetch)) = refetch else {
        return Ok(());
    };
    publish(shared, changes);
    if refetch {
        let _ = refresh::start(shared);
    }
    Ok(())
}

/// Publishes store changes made through `f` (devtools and routing use this).
pub fn mutate(shared: &Shared, f: impl FnOnce(&mut Runtime) -> Changes) {
    if let Some(changes) = with(shared, f) {
        publish(shared, changes);
    }
}
