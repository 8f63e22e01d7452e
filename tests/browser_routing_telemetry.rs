//! Routing pins across reloads and telemetry delivery, in headless Chromium against the loopback
//! server: flush thresholds, retry on 500 and 429, the exit outbox resent by the next page load.
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)] // each test binary uses a part of the shared helpers
mod browser_support;

use browser_support::{flag_server_client as flag_server, rollout_helpers as helpers};

use helpers::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const VAOS: [&str; 4] = [
    "va_online_scheduling_vaos_service_cc_appointments",
    "va_online_scheduling_facilities_service_v2",
    "va_online_scheduling_vaos_service_requests",
    "va_online_scheduling_vaos_service_va_appointments",
];

fn vaos_bootstrap(values: [bool; 4]) -> String {
    let features: Vec<String> = VAOS
        .iter()
        .zip(values)
        .map(|(n, v)| format!(r#"{{"name":"{n}","value":{v}}}"#))
        .collect();
    format!(
        r#"{{"environment":"staging","flags":{{"source":"vets-api","bootstrap":{{"data":{{"type":"feature_toggles","features":[{}]}}}}}}}}"#,
        features.join(",")
    )
}

fn endpoint(r: &va_rollout::facade::WasmRollout, op: &str) -> JsValue {
    r.vaos()
        .endpoint(
            op,
            json(r#"{"start":"2026-01-01","end":"2026-02-01","id":"123"}"#),
        )
        .expect("endpoint")
}

#[wasm_bindgen_test]
async fn the_vaos_group_pin_survives_reloads_until_a_rollback() {
    fresh().await;
    let first = start(&vaos_bootstrap([true; 4]));
    let e = endpoint(&first, "appointments.list");
    assert_eq!(string(&e, &["system"]), "vaos-service");
    assert!(string(&e, &["url"]).starts_with("/vaos/v2/appointments?"));

    // Reload with a mixed state (Flipper's server cache, a partial rollout): still pinned.
    let second = start(&vaos_bootstrap([true, false, true, true]));
    let e = endpoint(&second, "requests.list");
    assert_eq!(
        (
            string(&e, &["system"]).as_str(),
            string(&e, &["reason"]).as_str()
        ),
        ("vaos-service", "PINNED")
    );

    // Rollback (every member false): the pin drops at this navigation boundary.
    let third = start(&vaos_bootstrap([false; 4]));
    let e = endpoint(&third, "appointments.get");
    assert_eq!(string(&e, &["system"]), "legacy");
    assert!(string(&e, &["url"]).starts_with("/vaos/v0/appointments/va/123"));
    let explained = third.explain("group:vaos_service");
    assert_eq!(field(&explained, &["pinned"]).as_bool(), Some(false));
}

fn telemetry_config(extra: &str) -> String {
    format!(
        r#"{{"environment":"staging","flags":{{"source":"vets-api"}},"telemetry":{{"url":"{{server}}","service":"va.gov-test"{extra}}}}}"#
    )
}

/// Records of `event_name` the server received, with their `va_rollout.event.id`s.
async fn received_ids(event_name: &str) -> Vec<String> {
    let received = flag_server::received().await.expect("received");
    let mut records = Vec::new();
    for req in js_sys::Array::from(&field(&received, &["requests"])).iter() {
        if field(&req, &["status"]).as_f64() != Some(200.0) {
            continue;
        }
        let logs = field(&req, &["json", "resourceLogs"]);
        for rl in js_sys::Array::from(&logs).iter() {
            for sl in js_sys::Array::from(&field(&rl, &["scopeLogs"])).iter() {
                records.extend(js_sys::Array::from(&field(&sl, &["logRecords"])).iter());
            }
        }
    }
    let mut ids = Vec::new();
    for r in records {
        if string(&r, &["eventName"]) != event_name {
            continue;
        }
        for a in js_sys::Array::from(&field(&r, &["attributes"])).iter() {
            if string(&a, &["key"]) == "va_rollout.event.id" {
                ids.push(string(&a, &["value", "stringValue"]));
            }
        }
    }
    ids
}

async fn wait_for(event_name: &str, n: usize) -> Vec<String> {
    for _ in 0..100 {
        let ids = received_ids(event_name).await;
        if ids.len() >= n {
            return ids;
        }
        flag_server::sleep_ms(100).await;
    }
    received_ids(event_name).await
}

#[wasm_bindgen_test]
async fn fifty_actions_flush_without_waiting_and_arrive_once() {
    fresh().await;
    let r = start(&telemetry_config(
        r#","batch":{"maxEvents":50,"maxBytes":65536,"maxDelayMs":60000}"#,
    ));
    // The page view recorded at start is event 1; 49 actions make 50 and flush at once.
    for i in 0..49 {
        r.track_action(
            "Recent Care Teams loaded",
            json(&format!(r#"{{"recentCareTeamsCount":{i}}}"#)),
        );
    }
    let ids = wait_for("va_rollout.action", 49).await;
    assert_eq!(ids.len(), 49);
    assert_eq!(wait_for("va_rollout.page_view", 1).await.len(), 1);
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 49, "each event once");
    // One more stays queued: below every threshold, before the 60 s delay.
    r.track_action("one more", JsValue::UNDEFINED);
    flag_server::sleep_ms(1_000).await;
    assert_eq!(
        received_ids("va_rollout.action").await.len(),
        49,
        "not flushed early"
    );
    r.flush();
    assert_eq!(
        wait_for("va_rollout.action", 50).await.len(),
        50,
        "flush() sends it"
    );
    let stats = r.telemetry_stats();
    assert_eq!(field(&stats, &["failed"]).as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
async fn a_500_then_a_429_are_retried_and_each_event_counted_once() {
    fresh().await;
    flag_server::admin("logs=500&count=1").await.unwrap();
    let r = start(&telemetry_config(""));
    r.track_action("first", JsValue::UNDEFINED);
    r.flush();
    let ids = wait_for("va_rollout.action", 1).await;
    assert_eq!(ids.len(), 1, "delivered after the 500");
    flag_server::admin("logs=429&count=1&retryAfter=1")
        .await
        .unwrap();
    r.track_action("second", JsValue::UNDEFINED);
    r.flush();
    let ids = wait_for("va_rollout.action", 2).await;
    assert_eq!(ids.len(), 2);
    let stats = r.telemetry_stats();
    assert!(
        field(&stats, &["retried"]).as_f64().unwrap_or(0.0) >= 2.0,
        "retried counted"
    );
    assert_eq!(field(&stats, &["pending"]).as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
async fn events_queued_at_exit_survive_a_failed_send_and_arrive_on_the_next_load() {
    fresh().await;
    flag_server::admin("logs=500").await.unwrap(); // every send fails for now
    let r = start(&telemetry_config(
        r#","batch":{"maxEvents":50,"maxBytes":65536,"maxDelayMs":60000}"#,
    ));
    for i in 0..5 {
        r.track_action(&format!("queued {i}"), JsValue::UNDEFINED);
    }
    let w = web_sys::window().unwrap();
    w.dispatch_event(&web_sys::Event::new("pagehide").unwrap())
        .unwrap();
    flag_server::sleep_ms(300).await;
    let outbox = w
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("va-rollout:outbox:v1")
        .unwrap();
    assert!(
        outbox.is_some_and(|o| o.contains("queued 4")),
        "kept in the outbox while unacknowledged"
    );

    flag_server::admin("logs=200").await.unwrap();
    let next_page = start(&telemetry_config(""));
    let ids = wait_for("va_rollout.action", 5).await;
    let bodies = flag_server::received()
        .await
        .map(|r| {
            js_sys::JSON::stringify(&r)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    assert_eq!(
        ids.len(),
        5,
        "all five arrive from the outbox: {ids:?} {}",
        &bodies[..bodies.len().min(3000)]
    );
    drop(next_page);
}
