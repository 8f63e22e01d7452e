//! Checks the browser test harness itself (tests/browser-support/): from headless Chromium, the
//! loopback flag server answers cross-origin with credentials, exposes ETag / Retry-After,
//! answers 304 to If-None-Match, sees the page's cookies, and records requests in /stats.
//! Runs only under `cargo test --target wasm32-unknown-unknown` (scripts/test.sh).
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)] // each test binary uses a part of the shared helpers
mod browser_support;

use browser_support::flag_server_client as flag_server;

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Headers, RequestCredentials, RequestInit, Response};

wasm_bindgen_test_configure!(run_in_browser);

fn field(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |v, k| {
        Reflect::get(&v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
    })
}

async fn get_with(path: &str, if_none_match: Option<&str>) -> Response {
    let init = RequestInit::new();
    init.set_credentials(RequestCredentials::Include);
    if let Some(etag) = if_none_match {
        let h = Headers::new().expect("headers");
        h.set("If-None-Match", etag).expect("set header");
        init.set_headers(&h);
    }
    let w = web_sys::window().expect("window");
    let r = JsFuture::from(w.fetch_with_str_and_init(&flag_server::url(path), &init))
        .await
        .expect("fetch");
    r.dyn_into::<Response>().expect("a Response")
}

#[wasm_bindgen_test]
async fn etag_304_cookie_and_stats_cross_origin() {
    flag_server::admin("reset=1").await.expect("admin reset");
    let doc: web_sys::HtmlDocument = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .dyn_into()
        .unwrap();
    doc.set_cookie("FLIPPER_ID=harness123; path=/")
        .expect("cookie");

    let first = get_with(
        "/flags/ok?features=mhv_secure_messaging_curated_list_flow",
        None,
    )
    .await;
    assert_eq!(first.status(), 200);
    let etag = first
        .headers()
        .get("ETag")
        .expect("headers")
        .expect("ETag is exposed to the page");
    let body = JsFuture::from(first.json().unwrap()).await.unwrap();
    let features = field(&body, &["data", "features"]);
    assert_eq!(js_sys::Array::from(&features).length(), 1);

    let second = get_with(
        "/flags/ok?features=mhv_secure_messaging_curated_list_flow",
        Some(&etag),
    )
    .await;
    assert_eq!(second.status(), 304);

    let limited = get_with("/flags/429", None).await;
    assert_eq!(limited.status(), 429);
    assert_eq!(
        limited.headers().get("Retry-After").unwrap().as_deref(),
        Some("1")
    );

    assert_eq!(flag_server::count("/flags/ok").await.unwrap(), 2);
    let stats = flag_server::stats().await.unwrap();
    let ok_headers = field(&stats, &["byPath", "/flags/ok", "headers"]);
    assert_eq!(
        field(&ok_headers, &["if-none-match"])
            .as_string()
            .as_deref(),
        Some(etag.as_str())
    );
    let cookie = field(&ok_headers, &["cookie"])
        .as_string()
        .unwrap_or_default();
    assert!(
        cookie.contains("FLIPPER_ID=harness123"),
        "cookie header was {cookie:?}"
    );
}

#[wasm_bindgen_test]
async fn logs_endpoint_records_and_scripts_failures() {
    flag_server::admin("reset=1&logs=500&count=1")
        .await
        .expect("admin");
    let post = |body: &'static str| async move {
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from_str(body));
        let w = web_sys::window().unwrap();
        let r = JsFuture::from(w.fetch_with_str_and_init(&flag_server::url("/v1/logs"), &init))
            .await
            .unwrap();
        r.dyn_into::<Response>().unwrap().status()
    };
    let body = r#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"eventName":"a"},{"eventName":"b"}]}]}]}"#;
    assert_eq!(post(body).await, 500);
    assert_eq!(post(body).await, 200);
    let got = flag_server::received().await.unwrap();
    assert_eq!(js_sys::Array::from(&field(&got, &["requests"])).length(), 2);
    assert_eq!(
        field(&got, &["records"]).as_f64(),
        Some(2.0),
        "only the accepted batch counts"
    );
}
