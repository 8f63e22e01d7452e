//! The whole pure pipeline, as the shell drives it: build → scrub → sample → queue → batch →
//! request body, parsed back as OTLP.
use super::*;
use serde_json::Value;

fn common(i: usize, path: &str) -> Common {
    Common {
        id: format!("ev-{i}"),
        time_ms: 1_700_000_000_000.0 + i as f64,
        session_id: "3f0c8a8e-session".into(),
        path: path.into(),
        flow: Some("curated".into()),
        context_flags: vec![("mhv_secure_messaging_curated_list_flow".into(), true)],
    }
}

#[test]
fn events_flow_through_to_a_clean_otlp_request() {
    let cfg = serde_json::from_str::<TelemetryConfigInput>(
        r#"{ "url": "/collector", "service": "va.gov-mhv-secure-messaging", "basePath": "/my-health/secure-messages",
             "attributeAllowList": ["status"], "contextFlags": ["mhv_secure_messaging_curated_list_flow"],
             "rules": [{ "kind": "timing", "when": { "flow": "curated", "path": "/new-message/select-care-team/" }, "rate": 1 },
                       { "kind": "timing", "rate": 0 }] }"#,
    )
    .unwrap()
    .validate()
    .unwrap();
    let sct = "/my-health/secure-messages/new-message/select-care-team/?email=jane@va.gov";
    let raw = vec![
        builders::click(
            common(0, sct),
            "Continue button on Select care team page",
            "va-button",
        ),
        builders::action(
            common(1, "/my-health/secure-messages/thread/7654321/"),
            "Note for jane.doe@example.com",
            vec![
                ("status".into(), AttrValue::Str("call 202-555-0143".into())),
                ("count".into(), AttrValue::Int(2)),
            ],
        ),
        builders::request(
            common(2, sct),
            "sm.drafts.create",
            812.0,
            Some(201),
            "POST",
            "vets-api",
        ),
        builders::request(
            common(3, "/my-health/secure-messages/inbox/"),
            "sm.inbox",
            90.0,
            Some(200),
            "GET",
            "vets-api",
        ),
    ];
    let mut queue = Queue::new(cfg.max_queue_bytes, 1_000);
    for event in raw {
        let event = scrub_event(event, &cfg.scrub);
        if cfg.sampler.keep(&event) {
            queue.push(crate::telemetry::Queued::new(&event, 0.0));
        }
    }
    assert_eq!(
        queue.len(),
        3,
        "the inbox timing is sampled out by the release-plan rule"
    );
    let records = take_batch(&mut queue, &cfg.batch, &cfg.resource).records;
    let body = encode_request(&cfg.resource, &records);
    assert!(
        !body.contains('@') && !body.contains("555") && !body.contains("7654321"),
        "{body}"
    );
    let req: Value = serde_json::from_str(&body).unwrap();
    let recs = req["resourceLogs"][0]["scopeLogs"][0]["logRecords"]
        .as_array()
        .unwrap();
    let names: Vec<&str> = recs
        .iter()
        .map(|r| r["eventName"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["va_rollout.click", "va_rollout.action", "va_rollout.timing"]
    );
    assert_eq!(recs[1]["body"]["stringValue"], "Note for [redacted]");
    let path_of = |r: &Value| {
        r["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["key"] == "url.path")
            .unwrap()["value"]["stringValue"]
            .clone()
    };
    assert_eq!(
        path_of(&recs[0]),
        "/my-health/secure-messages/new-message/select-care-team/"
    );
    assert_eq!(path_of(&recs[1]), "/my-health/secure-messages/thread/:id/");
}
