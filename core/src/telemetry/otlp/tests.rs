use super::*;
use crate::telemetry::event::Common;
use proptest::prelude::*;
use serde_json::{json, Value};

fn common(time_ms: f64) -> Common {
    Common {
        id: "ev-1".into(),
        time_ms,
        session_id: "sess-9".into(),
        path: "/my-health/secure-messages/new-message/recent/".into(),
        flow: Some("curated".into()),
        context_flags: vec![("mhv_secure_messaging_curated_list_flow".into(), true)],
    }
}

fn attr_map(attrs: &Value) -> Vec<(String, Value)> {
    attrs
        .as_array()
        .expect("attributes array")
        .iter()
        .map(|kv| {
            let obj = kv.as_object().expect("attribute object");
            assert_eq!(obj.len(), 2, "attribute has exactly key and value: {kv}");
            let value = obj["value"].as_object().expect("AnyValue object");
            assert!(value.len() <= 1, "AnyValue has at most one field: {kv}");
            (
                obj["key"].as_str().expect("key string").to_string(),
                obj["value"].clone(),
            )
        })
        .collect()
}

fn lookup<'a>(attrs: &'a [(String, Value)], key: &str) -> &'a Value {
    &attrs
        .iter()
        .find(|(k, _)| k == key)
        .unwrap_or_else(|| panic!("missing {key}"))
        .1
}

#[test]
fn record_fields_follow_the_otlp_json_mapping() {
    let attrs = vec![
        (
            "va_rollout.duration_ms".to_string(),
            AttrValue::Float(1234.5),
        ),
        ("http.response.status_code".to_string(), AttrValue::Int(503)),
        (
            "va_rollout.system".to_string(),
            AttrValue::Str("vets-api".into()),
        ),
    ];
    let event = common(1_700_000_000_123.5).event(EventKind::Error, "sm.drafts.create", attrs);
    let rec: Value = serde_json::from_str(&encode_record(&event)).unwrap();
    let obj = rec.as_object().unwrap();
    let mut fields: Vec<&str> = obj.keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "attributes",
            "body",
            "eventName",
            "observedTimeUnixNano",
            "severityNumber",
            "severityText",
            "timeUnixNano"
        ]
    );
    assert_eq!(rec["timeUnixNano"], json!("1700000000123500000"));
    assert_eq!(rec["observedTimeUnixNano"], json!("1700000000123500000"));
    assert_eq!(rec["severityNumber"], json!(17));
    assert_eq!(rec["severityText"], json!("ERROR"));
    assert_eq!(rec["eventName"], json!("va_rollout.error"));
    assert_eq!(rec["body"], json!({"stringValue": "sm.drafts.create"}));
    let a = attr_map(&rec["attributes"]);
    assert_eq!(
        lookup(&a, "event.name"),
        &json!({"stringValue": "va_rollout.error"})
    );
    assert_eq!(
        lookup(&a, "va_rollout.event.id"),
        &json!({"stringValue": "ev-1"})
    );
    assert_eq!(lookup(&a, "session.id"), &json!({"stringValue": "sess-9"}));
    assert_eq!(
        lookup(&a, "url.path"),
        &json!({"stringValue": "/my-health/secure-messages/new-message/recent/"})
    );
    assert_eq!(
        lookup(&a, "va_rollout.flow"),
        &json!({"stringValue": "curated"})
    );
    assert_eq!(
        lookup(&a, "va_rollout.flag.mhv_secure_messaging_curated_list_flow"),
        &json!({"boolValue": true})
    );
    assert_eq!(
        lookup(&a, "va_rollout.duration_ms"),
        &json!({"doubleValue": 1234.5})
    );
    assert_eq!(
        lookup(&a, "http.response.status_code"),
        &json!({"intValue": "503"})
    );
    assert_eq!(
        lookup(&a, "va_rollout.system"),
        &json!({"stringValue": "vets-api"})
    );
}

#[test]
fn info_severity_and_missing_flow() {
    let mut c = common(0.0);
    c.flow = None;
    let rec: Value =
        serde_json::from_str(&encode_record(&c.event(EventKind::Click, "x", vec![]))).unwrap();
    assert_eq!(
        (rec["severityNumber"].clone(), rec["severityText"].clone()),
        (json!(9), json!("INFO"))
    );
    assert!(attr_map(&rec["attributes"])
        .iter()
        .all(|(k, _)| k != "va_rollout.flow"));
}

#[test]
fn nanos() {
    assert_eq!(unix_nanos(1.0), "1000000");
    assert_eq!(unix_nanos(-5.0), "0");
    assert_eq!(unix_nanos(f64::NAN), "0");
    assert_eq!(unix_nanos(1e300), u64::MAX.to_string());
}

#[test]
fn request_envelope() {
    let resource = Resource::new(
        "va.gov-mhv-secure-messaging",
        Some("1.2.3"),
        Some("staging"),
    );
    let records = vec![encode_record(&common(5.0).event(EventKind::Timing, "a", vec![])); 2];
    let body = encode_request(&resource, &records);
    assert_eq!(
        body.len(),
        request_len(envelope_len(&resource), records.iter().map(String::len))
    );
    let req: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(req.as_object().unwrap().len(), 1);
    let rl = &req["resourceLogs"];
    assert_eq!(rl.as_array().unwrap().len(), 1);
    let res_attrs = attr_map(&rl[0]["resource"]["attributes"]);
    let expected = [
        ("service.name", "va.gov-mhv-secure-messaging"),
        ("service.version", "1.2.3"),
        ("deployment.environment.name", "staging"),
        ("telemetry.sdk.name", "va-rollout"),
        ("telemetry.sdk.language", "webjs"),
        ("telemetry.sdk.version", env!("CARGO_PKG_VERSION")),
    ];
    assert_eq!(res_attrs.len(), expected.len());
    for (k, v) in expected {
        assert_eq!(lookup(&res_attrs, k), &json!({ "stringValue": v }));
    }
    let sl = &rl[0]["scopeLogs"];
    assert_eq!(sl.as_array().unwrap().len(), 1);
    assert_eq!(
        sl[0]["scope"],
        json!({"name": "va-rollout", "version": env!("CARGO_PKG_VERSION")})
    );
    let recs = sl[0]["logRecords"].as_array().unwrap();
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0], serde_json::from_str::<Value>(&records[0]).unwrap());
    let empty: Value =
        serde_json::from_str(&encode_request(&Resource::new("s", None, None), &[])).unwrap();
    assert_eq!(
        empty["resourceLogs"][0]["scopeLogs"][0]["logRecords"],
        json!([])
    );
    assert_eq!(
        attr_map(&empty["resourceLogs"][0]["resource"]["attributes"]).len(),
        4
    );
}

proptest! {
    #[test]
    fn arbitrary_strings_round_trip(name in any::<String>(), value in any::<String>(), id in "\\PC{0,20}") {
        let mut c = common(1.0);
        c.id = id.clone();
        let event = c.event(EventKind::Action, &name, vec![("va_rollout.attr.k".into(), AttrValue::Str(value.clone()))]);
        let rec: Value = serde_json::from_str(&encode_record(&event)).unwrap();
        prop_assert_eq!(&rec["body"]["stringValue"], &json!(name));
        let a = attr_map(&rec["attributes"]);
        prop_assert_eq!(lookup(&a, "va_rollout.attr.k"), &json!({ "stringValue": value }));
        prop_assert_eq!(lookup(&a, "va_rollout.event.id"), &json!({ "stringValue": id }));
    }

    #[test]
    fn numbers_round_trip(i in any::<i64>(), f in any::<f64>()) {
        let attrs = vec![("a".to_string(), AttrValue::Int(i)), ("b".to_string(), AttrValue::Float(f))];
        let rec: Value = serde_json::from_str(&encode_record(&common(1.0).event(EventKind::Timing, "t", attrs))).unwrap();
        let a = attr_map(&rec["attributes"]);
        prop_assert_eq!(lookup(&a, "a"), &json!({ "intValue": i.to_string() }));
        let got = &lookup(&a, "b")["doubleValue"];
        if f.is_finite() {
            // serde_json's default float parsing may be off by an ulp.
            let g = got.as_f64().unwrap();
            prop_assert!((g - f).abs() <= f.abs() * 1e-15, "{g} vs {f}");
        } else {
            prop_assert_eq!(lookup(&a, "b"), &json!({}));
        }
    }
}

/// Found by fuzz/otlp_roundtrip: a NaN or infinite attribute was written `{"doubleValue":null}`,
/// which the collector (like a strict OTLP receiver) refuses, losing the whole record. It is now
/// the empty AnyValue.
#[test]
fn non_finite_doubles_are_empty_values() {
    for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let attrs = vec![("va_rollout.duration_ms".to_string(), AttrValue::Float(f))];
        let rec: Value = serde_json::from_str(&encode_record(&common(1.0).event(
            EventKind::Timing,
            "t",
            attrs,
        )))
        .unwrap();
        let a = attr_map(&rec["attributes"]);
        assert_eq!(lookup(&a, "va_rollout.duration_ms"), &json!({}), "{f}");
    }
}
