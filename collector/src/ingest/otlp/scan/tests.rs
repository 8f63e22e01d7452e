//! The scanner against the other readers: it takes the SDK's own encoder output, and on any
//! body (perturbed SDK bodies, generated records of every value kind) it either declines or
//! answers exactly as the tree reader does (`readers_agree`).

use proptest::prelude::*;
use va_rollout_core::telemetry::{
    encode_record, encode_request, AttrValue, Event, EventKind, Resource,
};

use super::super::readers_agree;

fn event(i: usize, name: &str, attrs: Vec<(String, AttrValue)>) -> Event {
    Event {
        id: format!("ev-{i}"),
        kind: [EventKind::Click, EventKind::Timing, EventKind::Error][i % 3],
        name: name.into(),
        time_ms: 1_700_000_000_000.0 + i as f64 * 1.5,
        session_id: format!("s-{}", i % 4),
        path: "/my-health/secure-messages/new-message/recent/".into(),
        flow: i.is_multiple_of(2).then(|| "curated".into()),
        context_flags: vec![
            (
                "mhv_secure_messaging_curated_list_flow".into(),
                i.is_multiple_of(2),
            ),
            ("other".into(), i.is_multiple_of(3)),
        ],
        attrs,
    }
}

fn sdk_request(events: &[Event]) -> String {
    let records: Vec<String> = events.iter().map(encode_record).collect();
    encode_request(
        &Resource::new("va.gov-mhv", Some("1.2"), Some("staging")),
        &records,
    )
}

/// A batch as the SDK sends it: 50 records of every kind the SDK's attributes take.
fn sdk_batch() -> String {
    let events: Vec<Event> = (0..50)
        .map(|i| {
            let attrs = vec![
                (
                    "va_rollout.duration_ms".into(),
                    AttrValue::Float(i as f64 * 12.25),
                ),
                (
                    "http.response.status_code".into(),
                    AttrValue::Int(200 + i as i64),
                ),
                (
                    "va_rollout.action.name".into(),
                    AttrValue::Str("Send".into()),
                ),
                (
                    "va_rollout.transition.to".into(),
                    AttrValue::Str("/x/".into()),
                ),
                ("nan".into(), AttrValue::Float(f64::NAN)),
                ("b".into(), AttrValue::Bool(i % 2 == 1)),
            ];
            event(i, "Care System Radio button", attrs)
        })
        .collect();
    sdk_request(&events)
}

#[test]
fn the_scanner_takes_the_sdks_batches_and_agrees() {
    let body = sdk_batch();
    assert_eq!(readers_agree(body.as_bytes(), 3), Ok((true, true)));
    let p = super::parse(body.as_bytes(), 3).expect("taken");
    assert_eq!(p.rows.len(), 50);
    assert_eq!(p.rows[1].duration_ms, Some(12.25));
    assert_eq!(p.rows[0].service.as_deref(), Some("va.gov-mhv"));
}

#[test]
fn what_the_scanner_declines_the_fast_path_reads() {
    let base = sdk_batch();
    // An escape, a null, an array value, an exponent in a skipped number: each declined, read
    // by the fast path; a repeated key the readers read: declined by both (the tree reader
    // decides); a repeated key no reader reads: taken.
    let edits = [
        ("Care System", "Care \\\"System\\\"", (false, true)),
        (
            "\"eventName\":\"va_rollout.click\"",
            "\"eventName\":null",
            (false, true),
        ),
        (
            "{\"boolValue\":true}",
            "{\"arrayValue\":{\"values\":[]}}",
            (false, true),
        ),
        (
            "\"severityNumber\":9",
            "\"severityNumber\":9e0",
            (false, true),
        ),
        (
            "\"eventName\":",
            "\"eventName\":\"x\",\"eventName\":",
            (false, false),
        ),
        (
            "\"severityNumber\":9",
            "\"severityNumber\":9,\"severityNumber\":9",
            (true, true),
        ),
    ];
    for (from, to, took) in edits {
        let body = base.replacen(from, to, 1);
        assert_ne!(body, base, "{from}");
        assert_eq!(readers_agree(body.as_bytes(), 3), Ok(took), "{to}");
    }
    let moved = r#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[]}],"resource":{}}]}"#;
    assert_eq!(readers_agree(moved.as_bytes(), 3), Ok((false, true)));
    let trailing = format!("{base} x");
    assert!(super::parse(trailing.as_bytes(), 3).is_none());
}

/// An attribute value of any kind the SDK writes, and some it does not.
fn value() -> impl Strategy<Value = AttrValue> {
    prop_oneof![
        any::<String>().prop_map(AttrValue::Str),
        "[ -~]{0,12}".prop_map(AttrValue::Str),
        any::<i64>().prop_map(AttrValue::Int),
        any::<f64>().prop_map(AttrValue::Float),
        any::<bool>().prop_map(AttrValue::Bool),
    ]
}

proptest! {
    /// Generated SDK records (any strings, numbers, repeated keys): where the scanner answers,
    /// it answers as the tree reader; printable-ASCII ones it takes.
    #[test]
    fn scanner_equals_tree_reader_on_generated_records(
        records in proptest::collection::vec(
            (any::<String>(), proptest::collection::vec(("[a-z.]{1,8}|va_rollout.event.id|session.id|url.path|event.name", value()), 0..12)),
            1..6,
        ),
    ) {
        let events: Vec<Event> = records
            .into_iter()
            .enumerate()
            .map(|(i, (name, attrs))| event(i, &name, attrs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
            .collect();
        let body = sdk_request(&events);
        prop_assert!(readers_agree(body.as_bytes(), 3).is_ok(), "{:?}", readers_agree(body.as_bytes(), 3));
    }

    /// Any change of one byte, an inserted or a deleted byte in an SDK batch: where the scanner
    /// answers, it answers as the tree reader.
    #[test]
    fn scanner_equals_tree_reader_on_mutations(at in 0usize..60_000, byte in any::<u8>(), how in 0u8..3) {
        let mut body = sdk_batch().into_bytes();
        let i = at % body.len();
        match how {
            0 => body[i] = byte,
            1 => body.insert(i, byte),
            _ => { body.remove(i); }
        }
        let agree = readers_agree(&body, 3);
        prop_assert!(agree.is_ok(), "{:?}", agree);
    }
}
