use super::*;

fn parse(json: &str) -> Result<TelemetryConfig, Vec<String>> {
    serde_json::from_str::<TelemetryConfigInput>(json)
        .map_err(|e| vec![e.to_string()])?
        .validate()
}

#[test]
fn the_documented_example() {
    let cfg = parse(
            r#"{ "url": "https://collector.example/v1/logs", "service": "va.gov-mhv-secure-messaging",
                 "sessionSampleRate": 100, "contextFlags": ["mhv_secure_messaging_curated_list_flow"],
                 "basePath": "/my-health/secure-messages",
                 "rules": [{ "kind": "timing", "when": { "flow": "curated", "path": "/new-message/select-care-team/" }, "rate": 1 },
                           { "kind": "timing", "rate": 0 }],
                 "beforeSend": null }"#,
        )
        .unwrap();
    assert_eq!(cfg.endpoint, "https://collector.example/v1/logs");
    assert_eq!(cfg.sampler.rules.len(), 2);
    assert_eq!(cfg.batch, BatchPolicy::default());
    assert_eq!(cfg.max_queue_bytes, 512 * 1024);
    assert_eq!(cfg.resource.service_name, "va.gov-mhv-secure-messaging");
}

#[test]
fn defaults_and_endpoint() {
    let cfg = parse(r#"{ "url": "http://127.0.0.1:4318/", "service": "s" }"#).unwrap();
    assert_eq!(cfg.endpoint, "http://127.0.0.1:4318/v1/logs");
    assert_eq!(cfg.sampler.session_rate, 100.0);
    assert!(cfg.context_flags.is_empty() && cfg.scrub == ScrubPolicy::default());
}

#[test]
fn collects_every_problem() {
    let errors = parse(
            r#"{ "url": "ftp://x", "service": "", "sessionSampleRate": 101, "rules": [{ "kind": "click", "rate": 2, "when": { "path": "x" } }],
                 "contextFlags": ["bad flag"], "attributeAllowList": [""], "queryAllowList": ["a=b"],
                 "batch": { "maxEvents": 0, "maxBytes": 100000, "maxDelayMs": 9999999 }, "maxQueueBytes": 1, "basePath": "x" }"#,
        )
        .unwrap_err();
    assert_eq!(errors.len(), 13, "{errors:#?}");
}

#[test]
fn loss_records_cannot_be_sampled() {
    let errors =
        parse(r#"{ "url": "/t", "service": "s", "rules": [{ "kind": "loss", "rate": 0 }] }"#)
            .unwrap_err();
    assert_eq!(
        errors,
        vec!["rules[0].kind: loss records are never sampled (they count what was lost)".to_owned()]
    );
}

#[test]
fn unknown_keys_are_refused() {
    assert!(parse(r#"{ "url": "/t", "service": "s", "sampleRate": 5 }"#).is_err());
    assert!(parse(r#"{ "url": "/t", "service": "s", "batch": { "size": 5 } }"#).is_err());
}

#[test]
fn test_pages_turn_telemetry_off_unless_enabled() {
    let off = parse(r#"{ "url": "/t", "service": "s" }"#).unwrap();
    assert!(!off.runs_on(Some("localhost"), false));
    assert!(!off.runs_on(Some("LOCALHOST"), false));
    assert!(!off.runs_on(Some("staging.va.gov"), true));
    assert!(off.runs_on(Some("127.0.0.1"), false));
    assert!(off.runs_on(Some("app.localhost"), false));
    assert!(off.runs_on(Some("www.va.gov"), false));
    assert!(off.runs_on(None, false));
    let on = parse(r#"{ "url": "/t", "service": "s", "enableInTestEnvironments": true }"#);
    assert!(on.unwrap().runs_on(Some("localhost"), true));
}

#[test]
fn without_a_url_there_is_no_otlp() {
    let cfg = parse(r#"{ "service": "s", "sink": null }"#).unwrap();
    assert!(!cfg.otlp() && cfg.endpoint.is_empty());
    assert!(parse(r#"{ "url": "/t", "service": "s" }"#).unwrap().otlp());
    assert!(parse(r#"{ "url": "ftp://x", "service": "s" }"#).is_err());
}

#[test]
fn limit_messages_in_order() {
    // Every limit out of range at once: the messages, in this order (pinned before the limits
    // became one table, and checked against the code it replaced).
    let errors = parse(
        r#"{ "service": "s", "batch": { "maxEvents": 501, "maxBytes": 1023, "maxDelayMs": 600001 },
             "maxQueueBytes": 8388609, "maxAgeMs": 59999,
             "spill": { "maxBytes": 67108865, "maxAgeMs": 604800001 } }"#,
    )
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "batch.maxEvents: must be 1-500, got 501",
            "batch.maxBytes: must be 1024-65536, got 1023",
            "batch.maxDelayMs: must be at most 600000, got 600001",
            "maxQueueBytes: must be 16384-8388608, got 8388609",
            "maxAgeMs: must be 60000-604800000, got 59999",
            "spill.maxBytes: must be 0-67108864, got 67108865",
            "spill.maxAgeMs: must be 60000-604800000, got 604800001",
        ]
    );
    // The bounds themselves are accepted; below the lowest is refused too.
    assert!(parse(
        r#"{ "service": "s", "batch": { "maxEvents": 500, "maxBytes": 65536, "maxDelayMs": 600000 },
             "maxQueueBytes": 16384, "maxAgeMs": 604800000, "spill": { "maxBytes": 0, "maxAgeMs": 60000 } }"#
    )
    .is_ok());
    assert_eq!(
        parse(r#"{ "service": "s", "batch": { "maxEvents": 0 }, "maxQueueBytes": 16383 }"#)
            .unwrap_err(),
        [
            "batch.maxEvents: must be 1-500, got 0",
            "maxQueueBytes: must be 16384-8388608, got 16383",
        ]
    );
    // spill.maxAgeMs defaults to maxAgeMs: one bad value, two messages.
    assert_eq!(
        parse(r#"{ "service": "s", "maxAgeMs": 1 }"#).unwrap_err(),
        [
            "maxAgeMs: must be 60000-604800000, got 1",
            "spill.maxAgeMs: must be 60000-604800000, got 1",
        ]
    );
}
