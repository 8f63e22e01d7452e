//! The hand-written formats against the serde derives they replace, and against stored values
//! as the previous release wrote them (serde-wasm-bindgen + `JSON.stringify`).

use super::*;
use crate::json;

fn parse(text: &str) -> Value {
    json::parse(text).expect("json")
}

/// What the previous release left in localStorage at page exit (its `JSON.stringify` writes
/// whole numbers without a fraction), and an entry with a fractional time.
const STORED_OUTBOX: &str = r#"{"version":1,"records":[{"r":"{\"k\":\"a\",\"n\":\"x\"}","t":1764641000123},{"r":"{}","t":1764641000456.5}]}"#;

/// The previous release's sessionStorage exposure set.
const STORED_EXPOSURES: &str = r#"{"seen":[{"flag":"mhv_secure_messaging_curated_list_flow","value":true},{"flag":"b","value":false}]}"#;

#[test]
fn the_outbox_reads_as_the_derive_and_as_stored() {
    let cases = [
        STORED_OUTBOX,
        r#"{"version":1,"records":[]}"#,
        r#"{"version":0,"records":[]}"#,
        r#"{"version":2,"records":[]}"#,
        r#"{"version":1}"#,
        r#"{"records":[]}"#,
        r#"{"version":1,"records":[{"r":"{}"}]}"#,
        r#"{"version":1,"records":[{"t":1}]}"#,
        r#"{"version":1,"records":[{"r":"{}","t":1,"x":2}]}"#,
        r#"{"version":1,"records":[],"extra":1}"#,
        r#"{"version":"1","records":[]}"#,
        r#"{"version":1,"records":{}}"#,
        r#"{"version":1,"records":[{"r":3,"t":1}]}"#,
        r#"{"version":1,"records":[{"r":"x","t":"1"}]}"#,
        "[]",
        "null",
    ];
    for text in cases {
        let derived: Result<Persisted, String> = json::from_str(text);
        assert_eq!(Persisted::read(parse(text)), derived, "{text}");
    }
    let stored = Persisted::read(parse(STORED_OUTBOX)).expect("stored outbox");
    assert_eq!(stored.records.len(), 2);
    assert_eq!(stored.records[0].t, 1_764_641_000_123.0);
    assert_eq!(stored.records[1].t, 1_764_641_000_456.5);
}

#[test]
fn the_outbox_writes_what_it_reads() {
    let stored = Persisted::read(parse(STORED_OUTBOX)).expect("stored outbox");
    // Whole times without a fraction, as the previous release's JSON.stringify wrote them.
    assert_eq!(stored.to_json(), STORED_OUTBOX);
    let (built, _) = Persisted::build(vec![
        ("{\"n\":\"line\u{2028}\\\"q\\\"\"}".to_owned(), 5.0),
        ("{}".to_owned(), -0.25),
    ]);
    let text = built.to_json();
    assert_eq!(Persisted::read(parse(&text)), Ok(built.clone()));
    let derived: Persisted = json::from_str(&text).expect("derive reads it");
    assert_eq!(derived, built);
}

#[test]
fn the_exposure_set_reads_as_the_derive_and_writes_what_it_reads() {
    let cases = [
        STORED_EXPOSURES,
        r#"{"seen":[]}"#,
        r#"{"seen":[], "other": 1}"#,
        r#"{}"#,
        r#"{"seen":[{"flag":"a"}]}"#,
        r#"{"seen":[{"value":true}]}"#,
        r#"{"seen":[{"flag":"a","value":1}]}"#,
        r#"{"seen":[{"flag":"a","value":true,"x":0},{"flag":"a","value":true}]}"#,
        r#"{"seen":null}"#,
        "3",
    ];
    for text in cases {
        let derived: Result<ExposureSet, String> = json::from_str(text);
        assert_eq!(ExposureSet::read(parse(text)), derived, "{text}");
    }
    let stored = ExposureSet::read(parse(STORED_EXPOSURES)).expect("stored set");
    assert!(stored.contains("mhv_secure_messaging_curated_list_flow", true));
    assert_eq!(stored.to_json(), STORED_EXPOSURES);
    assert_eq!(
        serde_json::to_string(&stored).expect("serde"),
        STORED_EXPOSURES
    );
}

#[test]
fn oversized_stored_exposure_sets_are_capped_as_recorded() {
    let items: Vec<String> = (0..300)
        .map(|i| format!(r#"{{"flag":"f{i}","value":true}}"#))
        .collect();
    let text = format!(r#"{{"seen":[{}]}}"#, items.join(","));
    let set = ExposureSet::read(parse(&text)).expect("set");
    assert_eq!(set.len(), crate::telemetry::exposure::MAX_EXPOSURES);
}

#[test]
fn attributes_read_as_the_derive() {
    let cases = [
        r#"{"b": "x", "a": 1, "c": true, "d": 1.5, "e": -3}"#,
        r#"{"a": 1, "nested": {"x": 1}}"#,
        r#"{"a": null}"#,
        r#"{"a": [1]}"#,
        r#"{}"#,
        "[1, 2]",
        r#"{"big": 1e300, "small": 9007199254740993}"#,
    ];
    for text in cases {
        let derived: Vec<(String, AttrValue)> = json::from_str::<VecMap<String, ViewValue>>(text)
            .map(|m| m.into_iter().map(|(k, v)| (k, v.into())).collect())
            .unwrap_or_default();
        assert_eq!(read_attrs(parse(text)), derived, "{text}");
    }
    assert_eq!(read_attrs(parse(r#"{"b": 1, "a": "x"}"#)).len(), 2);
}

#[test]
fn stats_write_as_the_page_reads_them() {
    let stats = Stats {
        queued: 12,
        sent: 9,
        retried: 1,
        dropped: 2,
        failed: 0,
    };
    let text = stats_json(&stats, true, "abc-123\"");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        v,
        serde_json::json!({
            "queued": 12, "sent": 9, "retried": 1, "dropped": 2, "failed": 0,
            "pending": stats.pending(), "sampled": true, "sessionId": "abc-123\"",
        })
    );
}
