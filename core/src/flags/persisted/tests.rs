//! The hand-written stored formats against their serde derives on the same `json::Value`
//! (`json::from_value`): the same values and messages; what `write_json` writes is the JSON the
//! derives write and reads back.

use proptest::prelude::*;
use serde_json::{json, Value as J};

use crate::flags::{CacheEntry, OverrideSet};
use crate::json::{from_value, parse, Value};

fn value(j: &J) -> Value {
    parse(&j.to_string()).expect("serde_json writes JSON")
}

const DOC: &str =
    r#"{"data":{"type":"feature_toggles","features":[{"name":"a_flag","value":true}]}}"#;

fn cache_cases() -> Vec<J> {
    let doc: J = serde_json::from_str(DOC).unwrap();
    let flipper = json!({"features": [{"key": "x", "gates": [{"key": "percentage_of_time", "value": 12.5}, {"key": "actors", "value": ["b", "a"]}]}]});
    vec![
        json!({"version": 1, "doc": doc, "fetchedAtMs": 1_700_000_000_000.0_f64, "etag": "W/\"x\""}),
        json!({"version": 1.0, "doc": flipper, "fetchedAtMs": 0.5, "etag": null, "more": [1]}),
        json!({"version": 1, "doc": doc, "fetchedAtMs": 3}),
        json!({"version": 2, "doc": doc, "fetchedAtMs": 3}),
        json!({"version": "1", "doc": doc, "fetchedAtMs": 3}),
        json!({"doc": doc, "fetchedAtMs": 3}),
        json!({"version": 1, "fetchedAtMs": 3}),
        json!({"version": 1, "doc": doc}),
        json!({"version": 1, "doc": doc, "fetchedAtMs": "3"}),
        json!({"version": 1, "doc": doc, "fetchedAtMs": 3, "etag": 4}),
        json!({"version": 1, "doc": {"features": [{"key": "a"}, {"key": "a"}]}, "fetchedAtMs": 3}),
        json!({"version": 1, "doc": {"data": []}, "fetchedAtMs": 3}),
        json!([]),
        json!(null),
    ]
}

fn override_cases() -> Vec<J> {
    vec![
        json!({"version": 1, "entries": {"a_flag": {"value": true, "expiresAtMs": 1_700_000_000_000.0_f64}, "b": {"value": false, "expiresAtMs": 2.5, "x": 1}}}),
        json!({"version": 1, "entries": {}}),
        json!({"version": 1, "entries": {"a": {"value": 1, "expiresAtMs": 2}}}),
        json!({"version": 1, "entries": {"a": {"expiresAtMs": 2}}}),
        json!({"version": 1, "entries": {"a": {"value": true}}}),
        json!({"version": 1, "entries": {"a": []}}),
        json!({"version": 1, "entries": []}),
        json!({"version": 1}),
        json!({"entries": {}}),
        json!({"version": 0, "entries": {}}),
        json!("x"),
    ]
}

/// Reads every case with `read` and with the derive (the same result), and writes what reads:
/// the derive's JSON (numbers compared as JSON numbers: `JSON.stringify` wrote `1700000000000`,
/// serde_json writes `.0`), which reads back to the same value.
fn agree<T>(cases: Vec<J>, read: fn(Value) -> Result<T, String>, write: fn(&T, &mut String))
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + core::fmt::Debug,
{
    for case in cases {
        let v = value(&case);
        let ours = read(v.clone());
        assert_eq!(ours, from_value::<T>(v), "{case}");
        if let Ok(t) = ours {
            let mut text = String::new();
            write(&t, &mut text);
            let serde_text = serde_json::to_string(&t).unwrap();
            assert_eq!(parse(&text), parse(&serde_text), "{text}");
            assert_eq!(read(parse(&text).unwrap()), Ok(t));
        }
    }
}

#[test]
fn cache_entries_read_and_write_as_the_derives_do() {
    agree(cache_cases(), CacheEntry::read, CacheEntry::write_json);
}

#[test]
fn override_sets_read_and_write_as_the_derives_do() {
    agree(override_cases(), OverrideSet::read, OverrideSet::write_json);
}

fn scalar() -> impl Strategy<Value = J> {
    prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::from),
        prop_oneof![Just(1.0), Just(2.0), Just(0.5), Just(1.7e12), Just(-3.0)]
            .prop_map(|n: f64| json!(n)),
        prop::sample::select(vec!["1", "a_flag", "W/\"x\"", ""]).prop_map(J::from),
    ]
}

prop_compose! {
    /// A stored value with each field present, absent or of a random kind.
    fn stored()(
        version in prop::option::of(scalar()),
        doc in prop::option::of(prop_oneof![Just(serde_json::from_str::<J>(DOC).unwrap()), scalar()]),
        at in prop::option::of(scalar()),
        etag in prop::option::of(scalar()),
        entries in prop::option::of(prop::collection::vec(
            (prop::sample::select(vec!["a", "b_c", "d"]), prop::option::of(scalar()), prop::option::of(scalar())), 0..4)),
    ) -> J {
        let mut o = serde_json::Map::new();
        let mut put = |k: &str, v: Option<J>| { if let Some(v) = v { o.insert(k.into(), v); } };
        put("version", version);
        put("doc", doc);
        put("fetchedAtMs", at);
        put("etag", etag);
        put("entries", entries.map(|list| {
            J::Object(list.into_iter().map(|(name, value, exp)| {
                let mut e = serde_json::Map::new();
                if let Some(v) = value { e.insert("value".into(), v); }
                if let Some(x) = exp { e.insert("expiresAtMs".into(), x); }
                (name.to_owned(), J::Object(e))
            }).collect())
        }));
        J::Object(o)
    }
}

proptest! {
    #[test]
    fn generated_stored_values_read_alike(j in stored()) {
        let v = value(&j);
        prop_assert_eq!(CacheEntry::read(v.clone()), from_value::<CacheEntry>(v.clone()), "{}", j);
        prop_assert_eq!(OverrideSet::read(v.clone()), from_value::<OverrideSet>(v), "{}", j);
    }
}
