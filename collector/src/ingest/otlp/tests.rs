use super::*;
use serde_json::json;

fn attr(k: &str, v: Value) -> Value {
    json!({ "key": k, "value": v })
}

fn record(id: Option<&str>, time: Value, event_name: Option<&str>) -> Value {
    let mut attrs = vec![
        attr("session.id", json!({"stringValue": "s1"})),
        attr(
            "url.path",
            json!({"stringValue": "/my-health/secure-messages/new-message/recent/"}),
        ),
        attr("http.response.status_code", json!({"intValue": "503"})),
        attr("va_rollout.duration_ms", json!({"doubleValue": 12.5})),
        attr(
            "va_rollout.flag.mhv_secure_messaging_curated_list_flow",
            json!({"boolValue": true}),
        ),
        attr("va_rollout.flow", json!({"stringValue": "curated"})),
    ];
    if let Some(id) = id {
        attrs.push(attr("va_rollout.event.id", json!({ "stringValue": id })));
    }
    let mut r = json!({ "timeUnixNano": time, "body": {"stringValue": "sm.messages.send"}, "attributes": attrs });
    if let Some(n) = event_name {
        r["eventName"] = json!(n);
    }
    r
}

fn request(records: Vec<Value>) -> Vec<u8> {
    json!({ "resourceLogs": [{
        "resource": {"attributes": [attr("service.name", json!({"stringValue": "va.gov-mhv-secure-messaging"}))]},
        "scopeLogs": [{ "scope": {"name": "va-rollout"}, "logRecords": records }]
    }]})
    .to_string()
    .into_bytes()
}

#[test]
fn extracts_columns() {
    let body = request(vec![record(
        Some("e1"),
        json!("1700000000000000000"),
        Some("va_rollout.error"),
    )]);
    let p = parse_request(&body, 5).expect("parses");
    assert_eq!(p.rejected, 0);
    let r = &p.rows[0];
    assert_eq!(r.event_id, "e1");
    assert_eq!(r.time_ns, 1_700_000_000_000_000_000);
    assert_eq!(r.session_id.as_deref(), Some("s1"));
    assert_eq!(r.event_name, "va_rollout.error");
    assert_eq!(r.name.as_deref(), Some("sm.messages.send"));
    assert_eq!(r.status, Some(503));
    assert_eq!(r.duration_ms, Some(12.5));
    assert_eq!(r.variant, Some(true));
    assert_eq!(r.flow.as_deref(), Some("curated"));
    assert_eq!(r.service.as_deref(), Some("va.gov-mhv-secure-messaging"));
    let flags: Value = serde_json::from_str(&r.flag_context).expect("json");
    assert_eq!(
        flags,
        json!({"mhv_secure_messaging_curated_list_flow": true})
    );
    let attrs: Value = serde_json::from_str(&r.attributes).expect("json");
    assert_eq!(attrs["http.response.status_code"], json!(503));
    assert_eq!(r.received_at_ms, 5);
}

#[test]
fn rejects_bad_records_individually() {
    let body = request(vec![
        record(
            Some("ok"),
            json!("1700000000000000000"),
            Some("va_rollout.click"),
        ),
        record(None, json!("1700000000000000000"), Some("va_rollout.click")),
        record(Some("t"), json!("soon"), Some("va_rollout.click")),
        record(Some("n"), json!("1700000000000000000"), None),
        record(
            Some("has space"),
            json!("1700000000000000000"),
            Some("va_rollout.click"),
        ),
        json!("not a record"),
    ]);
    let p = parse_request(&body, 0).expect("parses");
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rejected, 5);
    let msg = p.error_message();
    assert!(
        msg.contains("record 1: missing or unparseable va_rollout.event.id"),
        "{msg}"
    );
    assert!(
        msg.contains("record 2: missing or unparseable timeUnixNano"),
        "{msg}"
    );
    assert!(msg.contains("record 3: missing eventName"), "{msg}");
}

#[test]
fn event_name_attribute_is_accepted_and_time_may_be_a_number() {
    let mut r = record(Some("e"), json!(1_700_000_000_000_000_000u64), None);
    if let Some(a) = r["attributes"].as_array_mut() {
        a.push(attr(
            "event.name",
            json!({"stringValue": "va_rollout.timing"}),
        ));
    }
    let p = parse_request(&request(vec![r]), 0).expect("parses");
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0].event_name, "va_rollout.timing");
}

#[test]
fn malformed_requests() {
    for body in [
        &b"nope"[..],
        b"[]",
        br#"{"resourceLogs": 3}"#,
        br#"{"resourceLogs": [{"scopeLogs": {}}]}"#,
        br#"{"resourceLogs":[1]}"#,
    ] {
        assert!(
            matches!(parse_request(body, 0), Err(RequestError::Malformed(_))),
            "{:?}",
            String::from_utf8_lossy(body)
        );
    }
    let empty = parse_request(b"{}", 0).expect("empty request is valid");
    assert!(empty.rows.is_empty() && empty.rejected == 0);
}

#[test]
fn record_cap() {
    let recs: Vec<Value> = (0..=MAX_RECORDS_PER_REQUEST)
        .map(|i| record(Some(&format!("e{i}")), json!("1"), Some("x")))
        .collect();
    assert_eq!(
        parse_request(&request(recs), 0).err(),
        Some(RequestError::TooManyRecords)
    );
}

#[test]
fn any_value_forms() {
    assert_eq!(any_value(&json!({"intValue": "42"}), 0), Some(json!(42)));
    assert_eq!(any_value(&json!({"intValue": 42}), 0), Some(json!(42)));
    assert_eq!(
        any_value(
            &json!({"arrayValue": {"values": [{"stringValue": "a"}, {"boolValue": false}]}}),
            0
        ),
        Some(json!(["a", false]))
    );
    assert_eq!(
        any_value(
            &json!({"kvlistValue": {"values": [{"key": "k", "value": {"doubleValue": 1.5}}]}}),
            0
        ),
        Some(json!({"k": 1.5}))
    );
    assert_eq!(any_value(&json!({"intValue": "x"}), 0), None);
    assert_eq!(any_value(&json!(7), 0), None);
    let mut deep = json!({"stringValue": "leaf"});
    for _ in 0..10 {
        deep = json!({"arrayValue": {"values": [deep]}});
    }
    assert_eq!(any_value(&deep, 0), None);
}

#[test]
fn variant_from_string_flag_and_absent() {
    let mut r = record(Some("e"), json!("1"), Some("x"));
    if let Some(a) = r["attributes"].as_array_mut() {
        a.retain(|kv| kv["key"] != json!("va_rollout.flag.mhv_secure_messaging_curated_list_flow"));
    }
    let p = parse_request(&request(vec![r.clone()]), 0).expect("parses");
    assert_eq!(p.rows[0].variant, None);
    if let Some(a) = r["attributes"].as_array_mut() {
        a.push(attr(
            "va_rollout.flag.mhv_secure_messaging_curated_list_flow",
            json!({"stringValue": "false"}),
        ));
    }
    let p = parse_request(&request(vec![r]), 0).expect("parses");
    assert_eq!(p.rows[0].variant, Some(false));
}

proptest::proptest! {
    /// Arbitrary bytes never panic the parser: they give rows, rejections or a request error.
    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
        let _ = parse_request(&body, 0);
    }

    /// Arbitrary JSON-ish records: every record is either stored or rejected, never both or lost.
    #[test]
    fn every_record_is_stored_or_rejected(ids in proptest::collection::vec(proptest::option::of("[ -~]{0,12}"), 0..20)) {
        let recs: Vec<Value> = ids.iter().map(|id| record(id.as_deref(), json!("1700000000000000000"), Some("va_rollout.click"))).collect();
        let n = recs.len();
        let p = parse_request(&request(recs), 0).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
        proptest::prop_assert_eq!(p.rows.len() + p.rejected, n);
    }
}

/// Found by fuzz/otlp_roundtrip: serde_json's default float parser read the SDK's
/// `3.663431405753223e-305` a few ulps off. The collector parses doubles exactly
/// (serde_json `float_roundtrip`), so it stores the value the SDK sent.
#[test]
fn doubles_are_stored_exactly() {
    for text in [
        "3.663431405753223e-305",
        "0.1",
        "123.456",
        "1.7976931348623157e308",
        "5e-324",
    ] {
        let want: f64 = text.parse().expect("std parses correctly rounded");
        let body = format!(
            r#"{{"resourceLogs":[{{"scopeLogs":[{{"logRecords":[{{"timeUnixNano":"1","eventName":"e","attributes":[
            {{"key":"va_rollout.event.id","value":{{"stringValue":"x"}}}},
            {{"key":"va_rollout.duration_ms","value":{{"doubleValue":{text}}}}}]}}]}}]}}]}}"#
        );
        let p = parse_request(body.as_bytes(), 0).expect("parses");
        assert_eq!(
            p.rows[0].duration_ms.map(f64::to_bits),
            Some(want.to_bits()),
            "{text}"
        );
    }
}

/// Found by fuzz/otlp_roundtrip: an SDK event with a non-finite double was refused whole
/// ("invalid attribute"). The SDK now sends an empty AnyValue, stored as null; the record is kept.
#[test]
fn sdk_records_with_non_finite_doubles_are_kept() {
    use va_rollout_core::telemetry::{
        encode_record, encode_request, AttrValue, Event, EventKind, Resource,
    };
    let event = Event {
        id: "nan-1".into(),
        kind: EventKind::Timing,
        name: "sm.messages.send".into(),
        time_ms: 1_700_000_000_000.0,
        session_id: "s".into(),
        path: "/".into(),
        flow: None,
        context_flags: vec![],
        attrs: vec![("va_rollout.duration_ms".into(), AttrValue::Float(f64::NAN))],
    };
    let body = encode_request(&Resource::new("svc", None, None), &[encode_record(&event)]);
    let p = parse_request(body.as_bytes(), 0).expect("parses");
    assert_eq!((p.rows.len(), p.rejected), (1, 0), "{}", p.error_message());
    assert_eq!(p.rows[0].duration_ms, None);
    let attrs: Value = serde_json::from_str(&p.rows[0].attributes).unwrap();
    assert_eq!(attrs["va_rollout.duration_ms"], Value::Null);
}

fn outcome(
    r: Result<Parsed, RequestError>,
) -> Result<(Vec<EventRow>, usize, Vec<String>), RequestError> {
    r.map(|p| (p.rows, p.rejected, p.reasons))
}

/// A body of the SDK's shape with `extra` spliced into the first record's attributes.
fn sdk_body(extra: &str) -> String {
    format!(
        r#"{{"resourceLogs":[{{"resource":{{"attributes":[{{"key":"service.name","value":{{"stringValue":"svc"}}}}]}},
        "scopeLogs":[{{"scope":{{"name":"va-rollout"}},"logRecords":[
        {{"timeUnixNano":"1700000000000000000","eventName":"va_rollout.click","body":{{"stringValue":"Care \"System\""}},
          "attributes":[{{"key":"va_rollout.event.id","value":{{"stringValue":"e1"}}}},
            {{"key":"session.id","value":{{"stringValue":"s1"}}}},
            {{"key":"va_rollout.flag.mhv_secure_messaging_curated_list_flow","value":{{"boolValue":true}}}},
            {{"key":"va_rollout.duration_ms","value":{{"doubleValue":12}}}},
            {{"key":"http.response.status_code","value":{{"intValue":"503"}}}},
            {{"key":"nested","value":{{"kvlistValue":{{"values":[{{"key":"a","value":{{"arrayValue":{{"values":[{{"intValue":7}},{{}}]}}}}}}]}}}}}}{extra}]}},
        {{"timeUnixNano":1700000000000000001,"attributes":[{{"key":"va_rollout.event.id","value":{{"stringValue":"e2"}}}},
            {{"key":"event.name","value":{{"stringValue":"va_rollout.error"}}}}]}}]}}]}}]}}"#
    )
}

/// The fast path takes the SDK's requests, and wherever it answers it answers as the tree
/// reader does; everything it declines goes to the tree reader.
#[test]
fn fast_path_agrees_with_the_tree_reader() {
    let taken = sdk_body("");
    assert!(
        fast::parse(taken.as_bytes(), 3).is_some(),
        "the SDK shape takes the fast path"
    );
    let extras = [
        "",
        r#",{"key":"dup","value":{"stringValue":"1"}},{"key":"dup","value":{"intValue":2}}"#,
        r#",{"key":"n","value":null}"#,
        r#",{"key":"n"}"#,
        r#",{"key":"s","value":{"stringValue":null}}"#,
        r#",{"key":"s","value":{"stringValue":"x","boolValue":"no"}}"#,
        r#",{"key":"s","value":{"stringValue":"x","other":1}}"#,
        r#",{"key":"s","value":{"other":1}}"#,
        r#",{"key":"s","value":{"intValue":"12x"}}"#,
        r#",{"key":"s","value":{"intValue":18446744073709551615}}"#,
        r#",{"key":"s","value":{"doubleValue":"NaN"}}"#,
        r#",{"key":"s","value":{"arrayValue":null}}"#,
        r#",{"key":"s","value":{"arrayValue":5}}"#,
        r#",{"key":"s","value":{"arrayValue":{"values":[],"x":1}}}"#,
        r#",{"key":"","value":{"stringValue":"x"}}"#,
        r#",{"key":5,"value":{"stringValue":"x"}}"#,
        r#",["key","value"]"#,
        r#",{"key":"esc\u0041","value":{"stringValue":"\u00e9\n"}}"#,
        r#",{"key":"va_rollout.event.id","value":{"stringValue":"has space"}}"#,
        r#",{"key":"deep","value":{"arrayValue":{"values":[{"arrayValue":{"values":[{"arrayValue":{"values":[{"arrayValue":{"values":[{"arrayValue":{"values":[]}}]}}]}}]}}]}}}"#,
    ];
    for extra in extras {
        let body = sdk_body(extra);
        assert_eq!(
            outcome(parse_request(body.as_bytes(), 3)),
            outcome(parse_tree(body.as_bytes(), 3)),
            "{extra}"
        );
        if let Some(fast) = fast::parse(body.as_bytes(), 3) {
            assert_eq!(
                outcome(Ok(fast)),
                outcome(parse_tree(body.as_bytes(), 3)),
                "fast: {extra}"
            );
        }
    }
}

proptest::proptest! {
    /// Any single-byte change to an SDK body: the fast path, where it answers, equals the tree reader.
    #[test]
    fn fast_path_equals_tree_reader_on_mutations(at in 0usize..2000, byte in proptest::num::u8::ANY) {
        let mut body = sdk_body("").into_bytes();
        let i = at % body.len();
        body[i] = byte;
        if let Some(fast) = fast::parse(&body, 3) {
            proptest::prop_assert_eq!(outcome(Ok(fast)), outcome(parse_tree(&body, 3)));
        }
    }
}

/// Generated SDK-shaped batches (every attribute type, escapes, repeated keys, several flags,
/// nested values): the fast path takes them and its rows equal the tree reader's, byte for byte.
#[test]
fn fast_path_rows_equal_the_tree_readers_on_generated_batches() {
    let value = |i: usize| match i % 7 {
        0 => json!({"stringValue": format!("v{i} \"q\" \\ \n\t\u{1}é😀")}),
        1 => json!({"boolValue": i.is_multiple_of(2)}),
        2 => json!({"intValue": (i as i64 - 3) * 1_000_003}),
        3 => json!({"intValue": format!("{}", i * 7)}),
        4 => json!({"doubleValue": i as f64 / 3.0}),
        5 => json!({"arrayValue": {"values": [{"intValue": i}, {"stringValue": "a"}, {}]}}),
        _ => {
            json!({"kvlistValue": {"values": [{"key": "z", "value": {"boolValue": true}}, {"key": "a"}]}})
        }
    };
    for n in 0..40usize {
        let records = (0..25usize)
            .map(|i| {
                let mut r = record(
                    Some(&format!("id-{n}-{i}")),
                    json!(1_700_000_000_000_000_000u64 + i as u64),
                    Some("va_rollout.click"),
                );
                let attrs = r["attributes"].as_array_mut().unwrap();
                for k in 0..(i % 9) {
                    attrs.push(attr(&format!("k.{}", (k * 5 + n) % 6), value(k + i + n)));
                    attrs.push(attr(
                        &format!("va_rollout.flag.f{}", (k + n) % 4),
                        value(k * 3 + i),
                    ));
                }
                attrs.push(attr("http.response.status_code", value(n + i)));
                attrs.push(attr("va_rollout.duration_ms", value(n * 3 + i)));
                r
            })
            .collect();
        let rows = rows_of_both_readers(&request(records), 9);
        assert!(rows.is_ok(), "batch {n}: {}", rows.unwrap_err());
    }
}

#[test]
fn variant_attribute_is_the_variant_flag() {
    assert_eq!(VARIANT_ATTRIBUTE, format!("{FLAG_PREFIX}{VARIANT_FLAG}"));
}
