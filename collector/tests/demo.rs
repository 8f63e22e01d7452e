//! Demo VAOS endpoints of both systems, the request log, and the runtime knobs.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use common::{client, get_json, TestServer, TOKEN};
use serde_json::{json, Value};

async fn get(s: &TestServer, path: &str, session: &str) -> (u16, Value) {
    let r = client()
        .get(s.url(path))
        .header("X-VA-Rollout-Session", session)
        .send()
        .await
        .expect("get");
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn both_systems_serve_realistic_data() {
    let s = TestServer::start(&[]).await;
    let (st, v) = get(&s, "/vaos/v2/appointments?_include=facilities,clinics&start=2026-01-01&end=2027-01-01&statuses[]=booked&statuses[]=arrived&statuses[]=fulfilled&statuses[]=cancelled", "s1").await;
    assert_eq!(st, 200);
    let list = v["data"].as_array().expect("data");
    assert!(list
        .iter()
        .all(|a| a["attributes"]["requestedPeriods"].is_null()));
    let kinds: BTreeSet<&str> = list
        .iter()
        .filter_map(|a| a["attributes"]["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["cc", "clinic"]),
        "VA and community-care appointments"
    );
    let (_, v) = get(
        &s,
        "/vaos/v2/appointments?statuses[]=proposed&statuses[]=cancelled",
        "s1",
    )
    .await;
    let reqs = v["data"].as_array().expect("data");
    assert_eq!(reqs.len(), 2);
    assert!(reqs.iter().all(|a| a["attributes"]["requestedPeriods"]
        .as_array()
        .is_some_and(|p| p.len() == 2)));
    let (_, v) = get(&s, "/vaos/v2/appointments/167322", "s1").await;
    assert_eq!(v["data"]["attributes"]["locationId"], "983");
    assert_eq!(get(&s, "/vaos/v2/appointments/nope", "s1").await.0, 404);
    let (_, v) = get(&s, "/vaos/v2/facilities?ids[]=983&ids[]=984", "s1").await;
    assert_eq!(v["data"].as_array().map(Vec::len), Some(2));
    let (_, v) = get(
        &s,
        "/vaos/v2/scheduling/configurations?facility_ids[]=983",
        "s1",
    )
    .await;
    assert_eq!(v["data"][0]["attributes"]["facilityId"], "983");
    let (_, v) = get(
        &s,
        "/vaos/v2/eligibility?facility_id=983&clinical_service_id=primaryCare&type=direct",
        "s1",
    )
    .await;
    assert_eq!(v["data"]["attributes"]["eligible"], true);
    let (_, v) = get(
        &s,
        "/vaos/v2/locations/984/clinics?clinical_service=audiology",
        "s1",
    )
    .await;
    assert!(v["data"]
        .as_array()
        .is_some_and(|c| c.iter().all(|c| c["attributes"]["stationId"] == "984")));

    let (_, v) = get(
        &s,
        "/vaos/v0/appointments?start_date=2026-01-01&end_date=2027-01-01&type=va",
        "s2",
    )
    .await;
    assert!(v["data"]
        .as_array()
        .is_some_and(|a| !a.is_empty() && a.iter().all(|x| x["type"] == "va_appointments")));
    let (_, v) = get(&s, "/vaos/v0/appointments?type=cc", "s2").await;
    assert_eq!(v["data"][0]["type"], "cc_appointments");
    let (_, v) = get(
        &s,
        "/vaos/v0/appointment_requests?start_date=2026-01-01&end_date=2027-01-01",
        "s2",
    )
    .await;
    assert_eq!(v["data"].as_array().map(Vec::len), Some(2));
    assert!(v["data"][0]["attributes"]["optionDate1"]
        .as_str()
        .is_some_and(|d| d.len() == 10 && d.contains('/')));
    let (_, v) = get(&s, "/v1/facilities/va?ids=vha_442,vha_552", "s2").await;
    let names: Vec<&str> = v["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|f| f["attributes"]["name"].as_str())
        .collect();
    assert_eq!(
        names,
        vec!["Cheyenne VA Medical Center", "Dayton VA Medical Center"]
    );
    let (_, v) = get(&s, "/vaos/v0/facilities?facility_codes[]=984", "s2").await;
    assert_eq!(
        v["data"][0]["attributes"]["authoritativeName"],
        "Dayton VA Medical Center"
    );

    // The request log: each session's systems, as the journeys check them.
    let log: Value = get_json(s.url("/debug/requests.json")).await;
    let mut systems: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in log["requests"].as_array().expect("requests") {
        systems
            .entry(r["session_id"].as_str().expect("session").into())
            .or_default()
            .insert(r["system"].as_str().expect("system").into());
    }
    assert_eq!(systems["s1"], BTreeSet::from(["v2".to_string()]));
    assert_eq!(systems["s2"], BTreeSet::from(["legacy".to_string()]));
    let cleared = client()
        .delete(s.url("/debug/requests.json"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("clear");
    assert_eq!(cleared.status().as_u16(), 200);
    let log: Value = get_json(s.url("/debug/requests.json")).await;
    assert_eq!(log["requests"], json!([]));
    s.stop().await;
}

#[tokio::test]
async fn knobs_inject_errors_and_latency_at_runtime() {
    let s = TestServer::start(&["--demo-latency-ms", "0"]).await;
    let set = |body: Value| {
        let url = s.url("/admin/demo");
        async move {
            client()
                .post(url)
                .bearer_auth(TOKEN)
                .json(&body)
                .send()
                .await
                .expect("knobs")
        }
    };
    let r = set(json!({"errorRate": 1.0, "errorStatus": 503})).await;
    assert_eq!(
        r.json::<Value>().await.expect("json"),
        json!({"latencyMs": 0, "errorRate": 1.0, "errorStatus": 503, "failNext": 0, "flagFault": "none", "flagDelayMs": 10_000})
    );
    let (st, v) = get(&s, "/vaos/v2/appointments", "k").await;
    assert_eq!(st, 503);
    assert_eq!(v["errors"][0]["status"], "503");
    set(json!({"errorRate": 0.0, "latencyMs": 300})).await;
    let t = Instant::now();
    let (st, _) = get(&s, "/vaos/v0/appointment_requests", "k").await;
    assert_eq!(st, 200);
    assert!(t.elapsed().as_millis() >= 300, "latency injected");
    assert_eq!(set(json!({"errorRate": 7})).await.status().as_u16(), 422);
    assert_eq!(set(json!({"bogus": 1})).await.status().as_u16(), 400);
    let log: Value = get_json(s.url("/debug/requests.json")).await;
    let statuses: Vec<u64> = log["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .filter_map(|r| r["status"].as_u64())
        .collect();
    assert_eq!(statuses, vec![503, 200]);
    s.stop().await;
}

async fn set_knobs(s: &TestServer, body: Value) -> Value {
    let r = client()
        .post(s.url("/admin/demo"))
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .expect("knobs");
    assert_eq!(r.status().as_u16(), 200);
    r.json().await.expect("json")
}

#[tokio::test]
async fn fail_next_fails_exactly_the_next_requests_of_either_system() {
    let s = TestServer::start(&[]).await;
    set_knobs(&s, json!({"failNext": 3, "errorStatus": 502})).await;
    let mut statuses = Vec::new();
    for path in [
        "/vaos/v2/appointments",
        "/vaos/v0/appointment_requests",
        "/v1/facilities/va",
        "/vaos/v2/appointments",
        "/vaos/v0/appointment_requests",
    ] {
        statuses.push(get(&s, path, "f").await.0);
    }
    assert_eq!(statuses, vec![502, 502, 502, 200, 200]);
    assert_eq!(get_json(s.url("/admin/demo")).await["failNext"], 0);
    s.stop().await;
}

#[tokio::test]
async fn flag_faults_break_the_toggles_endpoint_until_cleared() {
    let s = TestServer::start(&[]).await;
    let url = s.url("/v0/feature_toggles?features=a");
    let normal = client().get(&url).send().await.expect("get");
    assert_eq!(normal.status().as_u16(), 200);
    let normal: Value = normal.json().await.expect("json");
    assert_eq!(
        normal["data"]["features"],
        json!([{"name": "a", "value": false}])
    );

    set_knobs(&s, json!({"flagFault": "down"})).await;
    assert!(
        client().get(&url).send().await.is_err(),
        "down: no response at all"
    );
    set_knobs(&s, json!({"flagFault": "http500"})).await;
    let r = client().get(&url).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 500);
    set_knobs(&s, json!({"flagFault": "garbage"})).await;
    let r = client().get(&url).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 200);
    let text = r.text().await.expect("text");
    assert!(
        serde_json::from_str::<Value>(&text).is_err(),
        "garbage: {text}"
    );
    set_knobs(&s, json!({"flagFault": "slow", "flagDelayMs": 400})).await;
    let t = Instant::now();
    let r = client().get(&url).send().await.expect("get");
    assert!(t.elapsed().as_millis() >= 400, "slow answers late");
    assert_eq!(
        r.json::<Value>().await.expect("json"),
        normal,
        "then normally"
    );
    set_knobs(&s, json!({"flagFault": "none"})).await;
    let r: Value = client()
        .get(&url)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(r, normal);
    s.stop().await;
}

#[tokio::test]
async fn cors_allows_configured_origins_only() {
    let s = TestServer::start(&["--cors-origin", "http://localhost:3001"]).await;
    let preflight = |origin: &'static str| {
        let url = s.url("/v1/logs");
        async move {
            client()
                .request(reqwest::Method::OPTIONS, url)
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "content-type")
                .send()
                .await
                .expect("preflight")
        }
    };
    let ok = preflight("http://localhost:3001").await;
    assert_eq!(
        ok.headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("http://localhost:3001")
    );
    let denied = preflight("https://evil.example").await;
    assert!(denied
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    s.stop().await;
}

#[tokio::test]
async fn static_mounts_serve_the_app_pkg_and_deep_links() {
    let dir = tempfile::tempdir().expect("tempdir");
    let www = dir.path().join("www");
    let pkg = dir.path().join("pkg");
    std::fs::create_dir_all(&www).expect("mkdir");
    std::fs::create_dir_all(&pkg).expect("mkdir");
    std::fs::write(www.join("index.html"), "<!doctype html><title>demo</title>").expect("write");
    std::fs::write(pkg.join("va_rollout_bg.wasm"), b"\0asm\x01\0\0\0").expect("write");
    let root = format!("/={}", www.display());
    let pkg_mount = format!("/pkg={}", pkg.display());
    let s = TestServer::start(&["--static-dir", &root, "--static-dir", &pkg_mount]).await;
    let r = client()
        .get(s.url("/pkg/va_rollout_bg.wasm"))
        .send()
        .await
        .expect("wasm");
    assert_eq!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/wasm")
    );
    let deep = client()
        .get(s.url("/my-health/secure-messages/new-message/recent/"))
        .send()
        .await
        .expect("deep link");
    assert_eq!(deep.status().as_u16(), 200);
    assert!(
        deep.text()
            .await
            .expect("text")
            .contains("<title>demo</title>"),
        "SPA fallback to index.html"
    );
    // API routes still win over the static root.
    assert_eq!(
        client()
            .get(s.url("/healthz"))
            .send()
            .await
            .expect("health")
            .status()
            .as_u16(),
        200
    );
    s.stop().await;
}

#[tokio::test]
async fn secure_messaging_send_and_draft_answer_ids_and_stay_out_of_the_vaos_log() {
    let s = TestServer::start(&["--demo-error-rate", "1"]).await;
    let post = |path: &'static str, body: Value| {
        let url = s.url(path);
        async move {
            let r = client()
                .post(url)
                .header("X-VA-Rollout-Session", "sm")
                .json(&body)
                .send()
                .await
                .expect("post");
            let st = r.status().as_u16();
            (st, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let msg = json!({"recipient_id": "9831001", "category": "MEDICATIONS", "subject": "Refill", "body": "Please refill."});
    let (st, a) = post("/my_health/v1/messaging/messages", msg.clone()).await;
    assert_eq!(st, 200, "the VAOS error knob does not touch messaging: {a}");
    assert_eq!(a["data"]["type"], "messages");
    assert_eq!(a["data"]["attributes"]["recipientId"], "9831001");
    assert_eq!(a["data"]["attributes"]["category"], "MEDICATIONS");
    assert!(
        a["data"]["attributes"].get("body").is_none(),
        "no text echoed back"
    );
    let (_, b) = post("/my_health/v1/messaging/messages", msg).await;
    assert_ne!(
        a["data"]["id"], b["data"]["id"],
        "each message gets a new id"
    );
    let (st, d) = post(
        "/my_health/v1/messaging/message_drafts",
        json!({"recipient_id": 6681001}),
    )
    .await;
    assert_eq!(st, 201);
    assert_eq!(d["data"]["type"], "message_drafts");
    assert_eq!(d["data"]["attributes"]["recipientId"], "6681001");
    let (st, e) = post(
        "/my_health/v1/messaging/messages",
        json!({"recipient_id": "1", "subject": "", "body": ""}),
    )
    .await;
    assert_eq!(st, 422);
    assert!(
        e["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("blank")),
        "{e}"
    );
    let log: Value = get_json(s.url("/debug/requests.json")).await;
    assert_eq!(
        log["requests"],
        json!([]),
        "messaging is not in the VAOS request log"
    );
    s.stop().await;
}
