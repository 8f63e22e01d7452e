//! The flag shell in headless Chromium against the loopback flag server: fetch, cache across
//! reloads (a second Rollout on the same storage), 304, timeout, 429, 500, garbage, 401, and QA
//! overrides allowed in staging but refused in production.
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)] // each test binary uses a part of the shared helpers
mod browser_support;

use browser_support::{flag_server_client as flag_server, rollout_helpers as helpers};

use helpers::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn vets_api(path: &str, extra: &str) -> String {
    vets_api_within(path, extra, 300)
}

/// `timeout_ms` long enough that a loaded machine cannot turn an answer into a timeout (and a
/// retry) where the test is about the answer.
fn vets_api_within(path: &str, extra: &str, timeout_ms: u32) -> String {
    format!(
        r#"{{"environment":"staging","flags":{{"source":"vets-api","url":"{{server}}{path}","names":["{SM_FLOW}"],"defaults":{{"{SM_FLOW}":false}},"timeoutMs":{timeout_ms}{extra}}}}}"#
    )
}

#[wasm_bindgen_test]
async fn fetches_with_names_and_cookie_then_serves_the_cache_on_reload_and_revalidates_with_304() {
    fresh().await;
    let r = start(&vets_api("/flags/ok", ""));
    assert_eq!(
        reason(&r, SM_FLOW),
        "DEFAULT",
        "nothing known before the first response"
    );
    ready(&r).await;
    assert!(r.is_enabled(SM_FLOW));
    assert_eq!(
        (source(&r, SM_FLOW).as_str(), reason(&r, SM_FLOW).as_str()),
        ("vets-api", "STATIC")
    );
    let stats = flag_server::stats().await.unwrap();
    let query = string(&stats, &["last", "query"]);
    assert!(
        query.contains("features=") && query.contains(SM_FLOW) && query.contains("cookie_id="),
        "{query}"
    );
    assert!(string(&stats, &["last", "headers", "cookie"]).contains("FLIPPER_ID="));

    // "Reload": a new Rollout on the same storage decides from the cache synchronously...
    let again = start(&vets_api("/flags/ok", ""));
    assert!(again.is_enabled(SM_FLOW));
    assert_eq!(reason(&again, SM_FLOW), "CACHED");
    ready(&again).await;
    // ...and revalidates with If-None-Match, which the server answers 304.
    let stats = flag_server::stats().await.unwrap();
    assert!(
        !string(&stats, &["last", "headers", "if-none-match"]).is_empty(),
        "sent If-None-Match"
    );
    assert!(again.is_enabled(SM_FLOW));
    assert!(again.last_error().is_null());
}

#[wasm_bindgen_test]
async fn a_timeout_retries_then_falls_back_to_the_default_with_a_typed_error() {
    fresh().await;
    let r = start(&vets_api("/flags/slow?ms=3000", ""));
    ready(&r).await;
    assert!(!r.is_enabled(SM_FLOW));
    assert_eq!(error_code(&r), "TIMEOUT");
    assert_eq!(reason(&r, SM_FLOW), "ERROR");
    assert_eq!(
        flag_server::count("/flags/slow").await.unwrap(),
        3,
        "three attempts"
    );
}

#[wasm_bindgen_test]
async fn http_429_honours_retry_after_and_500_keeps_the_bootstrap() {
    fresh().await;
    let started = js_sys::Date::now();
    let r = start(&vets_api("/flags/429?retryAfter=1", ""));
    ready(&r).await;
    assert!(
        js_sys::Date::now() - started >= 2_000.0,
        "waited Retry-After twice"
    );
    assert_eq!(flag_server::count("/flags/429").await.unwrap(), 3);
    assert_eq!(error_code(&r), "HTTP_ERROR");

    fresh().await;
    let bootstrap = format!(
        r#","bootstrap":{{"data":{{"type":"feature_toggles","features":[{{"name":"{SM_FLOW}","value":true}}]}}}}"#
    );
    let r = start(&vets_api("/flags/500", &bootstrap));
    assert!(r.is_enabled(SM_FLOW), "bootstrap decides synchronously");
    ready(&r).await;
    assert!(
        r.is_enabled(SM_FLOW),
        "a failing server keeps the bootstrap"
    );
    assert_eq!(source(&r, SM_FLOW), "bootstrap");
    assert_eq!(error_code(&r), "HTTP_ERROR");
}

#[wasm_bindgen_test]
async fn garbage_and_oversized_bodies_keep_the_last_good_state() {
    for (path, code) in [
        ("/flags/garbage", "PARSE_ERROR"),
        ("/flags/cut", "PARSE_ERROR"),
        ("/flags/wrong-shape", "PARSE_ERROR"),
        ("/flags/huge?mb=5", "BODY_TOO_LARGE"),
    ] {
        fresh().await;
        let good = start(&vets_api("/flags/ok", ""));
        ready(&good).await;
        let r = start(&vets_api_within(path, "", 5_000));
        assert_eq!(reason(&r, SM_FLOW), "CACHED", "{path}: cache first");
        ready(&r).await;
        assert!(r.is_enabled(SM_FLOW), "{path}: last good value kept");
        assert_eq!(error_code(&r), code, "{path}");
        assert_eq!(
            flag_server::count(&path[..path.find('?').unwrap_or(path.len())])
                .await
                .unwrap(),
            1,
            "{path}: not retried"
        );
    }
}

#[wasm_bindgen_test]
async fn a_401_stops_polling() {
    fresh().await;
    let r = start(&vets_api("/flags/401", ""));
    ready(&r).await;
    wasm_bindgen_futures::JsFuture::from(r.refresh())
        .await
        .unwrap();
    assert_eq!(flag_server::count("/flags/401").await.unwrap(), 1);
    assert_eq!(error_code(&r), "HTTP_ERROR");
}

#[wasm_bindgen_test]
async fn ten_thousand_flags_load() {
    fresh().await;
    let r = start(
        r#"{"environment":"staging","flags":{"source":"vets-api","url":"{server}/flags/many"}}"#,
    );
    ready(&r).await;
    assert!(
        r.last_error().is_null(),
        "{}",
        string(&r.last_error(), &["message"])
    );
    assert!(
        r.is_enabled("flag_000000") && !r.is_enabled("flag_000001") && r.is_enabled("flag_009999")
    );
}

#[wasm_bindgen_test]
async fn overrides_apply_and_persist_in_staging_and_are_refused_in_production() {
    fresh().await;
    let staging = start(r#"{"environment":"staging","flags":{"source":"vets-api"}}"#);
    assert!(staging.set_override(SM_FLOW, true));
    assert!(staging.is_enabled(SM_FLOW));
    assert_eq!(reason(&staging, SM_FLOW), "OVERRIDE");
    let reloaded = start(r#"{"environment":"staging","flags":{"source":"vets-api"}}"#);
    assert_eq!(reason(&reloaded, SM_FLOW), "OVERRIDE", "survives reload");

    // Production: the stored override is ignored, a new one refused, nothing written.
    let prod = start(r#"{"environment":"production","flags":{"source":"vets-api"}}"#);
    assert!(!prod.is_enabled(SM_FLOW));
    assert_eq!(reason(&prod, SM_FLOW), "DEFAULT");
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    assert!(!prod.set_override(SM_FLOW, true));
    assert!(!prod.is_enabled(SM_FLOW));
    assert_eq!(storage.length().unwrap(), 0, "nothing stored in production");
    reloaded.clear_overrides();
    assert_eq!(reason(&reloaded, SM_FLOW), "DEFAULT");
}
