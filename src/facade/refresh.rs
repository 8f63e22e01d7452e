//! One refresh: fetch with timeout, retry per the pure `RefreshPolicy`, apply the outcome.
//! Every failure ends in `apply_failure` (last good state kept, reason `CACHED`/`ERROR`).
//! Callback-driven (fetch → settle → maybe a backoff timer → the next attempt), no futures: the
//! flags-only build ships no async executor (docs/performance.md, "Size").

use std::rc::Rc;

use wasm_bindgen::JsValue;

use super::runtime::{now, publish, save_cache, with, Shared};
use crate::browser::fetch::{self, FetchError, GetRequest};
use crate::browser::global::{random, window};
use crate::browser::promise::settled;
use crate::browser::storage::{self, Area};
use crate::browser::timer;
use va_rollout_core::flags::{
    build_url, classify, csrf, FlagDocument, FlagError, Outcome, RefreshPolicy, MAX_BODY_BYTES,
};

/// Starts a refresh unless one is running (then its promise is returned). Resolves, never rejects.
pub fn start(shared: &Shared) -> js_sys::Promise {
    if let Some(Some(p)) = with(shared, |rt| rt.refreshing.clone()) {
        return p;
    }
    let mut resolve = None;
    let promise = js_sys::Promise::new(&mut |res, _| resolve = Some(res));
    with(shared, |rt| rt.refreshing = Some(promise.clone()));
    let task = shared.clone();
    let done = move || {
        with(&task, |rt| rt.refreshing = None);
        if let Some(resolve) = resolve {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    };
    // The first attempt starts on a microtask, as a spawned future did: `start` returns before
    // any listener hears of expired flags.
    let task = shared.clone();
    settled(
        &js_sys::Promise::resolve(&JsValue::UNDEFINED),
        move |_| match plan(&task) {
            Some(plan) => attempt(task, Rc::new(plan), 1, done),
            None => done(),
        },
    );
    promise
}

struct Plan {
    url: String,
    etag: Option<String>,
    timeout_ms: u32,
    csrf: bool,
}

fn plan(shared: &Shared) -> Option<Plan> {
    window()?;
    let (plan, expired) = with(shared, |rt| {
        if rt.stopped {
            return None;
        }
        let base = rt.delivery.url.clone()?;
        let expired = rt.store.tick(now());
        rt.last_refresh_ms = now();
        let names = rt.store.request_names();
        let url = match rt.delivery.source {
            va_rollout_core::flags::SourceKind::VetsApi => {
                build_url(&base, &names, rt.cookie_id.as_deref())
            }
            va_rollout_core::flags::SourceKind::Flipper => base,
        };
        let timeout_ms = rt.delivery.timeout_ms.min(u64::from(u32::MAX)) as u32;
        Some((
            Plan {
                url,
                etag: rt.store.etag().map(str::to_owned),
                timeout_ms,
                csrf: rt.delivery.csrf,
            },
            expired,
        ))
    })
    .flatten()?;
    publish(shared, expired);
    Some(plan)
}

/// Attempt `n` of the refresh planned in `plan`; `done` runs once the refresh is over.
fn attempt(shared: Shared, plan: Rc<Plan>, n: u32, done: impl FnOnce() + 'static) {
    // Read per attempt: another part of the page may have rotated the token meanwhile.
    let stored = plan.csrf.then(stored_csrf_token).flatten();
    let request = GetRequest {
        url: &plan.url,
        if_none_match: plan.etag.as_deref(),
        timeout_ms: plan.timeout_ms,
        max_bytes: MAX_BODY_BYTES,
        include_credentials: true,
        csrf_token: csrf::token_to_send(plan.csrf, stored.as_deref()),
    };
    let (csrf, then, sent) = (plan.csrf, plan.clone(), stored.clone());
    fetch::get(request, move |response| {
        match settle(&shared, csrf, sent, n, response) {
            Some(delay) => timer::after(delay as f64, move || attempt(shared, then, n + 1, done)),
            None => done(),
        }
    });
}

/// Applies the response of attempt `n`; `Some(delay)` when the policy says to retry after it.
fn settle(
    shared: &Shared,
    csrf_on: bool,
    stored: Option<String>,
    n: u32,
    response: Result<fetch::HttpResponse, FetchError>,
) -> Option<u64> {
    let (outcome, failure, body, etag) = match response {
        Ok(r) => {
            if let Some(token) =
                csrf::token_to_store(csrf_on, stored.as_deref(), r.csrf_token.as_deref())
            {
                let _ = storage::set(Area::Local, csrf::CSRF_STORAGE_KEY, token);
            }
            let outcome = classify(r.status, r.retry_after.as_deref(), now());
            (
                outcome,
                FlagError::Http { status: r.status },
                r.body,
                r.etag,
            )
        }
        Err(FetchError::Unavailable) => return None,
        Err(FetchError::Timeout(ms)) => (
            Outcome::Retry { after_ms: None },
            FlagError::Timeout {
                after_ms: ms.into(),
            },
            String::new(),
            None,
        ),
        Err(FetchError::Network(m)) => (
            Outcome::Retry { after_ms: None },
            FlagError::Network(m),
            String::new(),
            None,
        ),
        Err(FetchError::TooLarge { bytes, max }) => (
            Outcome::Fail,
            FlagError::BodyTooLarge { bytes, max },
            String::new(),
            None,
        ),
    };
    let changes = match outcome {
        Outcome::Fresh => match parse(&body) {
            Ok(doc) => with(shared, |rt| {
                let c = rt.store.apply_fresh(doc, etag, now());
                save_cache(rt);
                c
            }),
            Err(e) => with(shared, |rt| rt.store.apply_failure(e)),
        },
        Outcome::NotModified => with(shared, |rt| {
            let c = rt.store.apply_not_modified(now());
            save_cache(rt);
            c
        }),
        Outcome::StopPolling => with(shared, |rt| {
            rt.stopped = true;
            rt.store.apply_failure(failure)
        }),
        Outcome::Retry { .. } => match RefreshPolicy::default().next_delay_ms(n, outcome, random())
        {
            Some(delay) => return Some(delay),
            None => with(shared, |rt| rt.store.apply_failure(failure)),
        },
        Outcome::Fail => with(shared, |rt| rt.store.apply_failure(failure)),
    };
    if let Some(changes) = changes {
        publish(shared, changes);
    }
    None
}

/// `localStorage.csrfToken`; `None` when absent or storage is unavailable.
fn stored_csrf_token() -> Option<String> {
    storage::get(Area::Local, csrf::CSRF_STORAGE_KEY)
}

/// Parses a response body with the core's JSON reader (`va_rollout_core::json`).
pub fn parse(body: &str) -> Result<FlagDocument, FlagError> {
    FlagDocument::check_body_len(body.len())?;
    parse_unchecked(body)
}

fn parse_unchecked(text: &str) -> Result<FlagDocument, FlagError> {
    let value = va_rollout_core::json::parse(text).map_err(|e| FlagError::Parse(e.message()))?;
    FlagDocument::read(value)
}

/// Parses a JS value (a bootstrap document passed as an object, or a JSON string); an object
/// crosses as its `JSON.stringify` text (no body-size cap: it is already in memory; the
/// document caps apply).
pub fn parse_value(value: JsValue) -> Result<FlagDocument, FlagError> {
    match value.as_string() {
        Some(text) => parse(&text),
        None => match js_sys::JSON::stringify(&value).map(|t| t.as_string()) {
            Ok(Some(text)) => parse_unchecked(&text),
            Ok(None) => Err(FlagError::Parse(
                "the bootstrap is not a JSON value".to_owned(),
            )),
            Err(e) => Err(FlagError::Parse(fetch::describe(&e))),
        },
    }
}
