//! The hand-written outputs against the serde derives of the same values (serde_json writes the
//! JSON that `JSON.stringify` of serde-wasm-bindgen's `json_compatible` object is): equal as JSON.

use proptest::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::*;
use crate::flags::{Actor, Environment, FlagConfig, FlagDocument, FlagError, FlagStore};
use crate::json::parse;

/// The facade's `evaluate` / `flags()` row as it was derived (field order kept).
#[derive(Serialize)]
struct Row<'a> {
    name: &'a str,
    value: bool,
    reason: crate::flags::Reason,
    source: crate::flags::Source,
    stale: bool,
}

fn row<'a>(name: &'a str, d: &Decision) -> Row<'a> {
    Row {
        name,
        value: d.value,
        reason: d.reason,
        source: d.source,
        stale: d.stale,
    }
}

#[derive(Serialize)]
struct LastError<'a> {
    code: &'a str,
    message: &'a str,
}

/// Our text and serde_json's, both read back by the crate's JSON reader (numbers as numbers).
fn same<T: Serialize + ?Sized>(ours: &str, value: &T) {
    let theirs = serde_json::to_string(value).expect("serializes");
    assert_eq!(parse(ours), parse(&theirs), "ours {ours}\nserde {theirs}");
}

fn store(env: Environment, with_actor: bool, failed: bool, cached_age: Option<f64>) -> FlagStore {
    let config = FlagConfig {
        names: vec!["half".into(), "on".into(), "gone".into()],
        defaults: [("half".to_owned(), true), ("gone".to_owned(), false)]
            .into_iter()
            .collect(),
        ..FlagConfig::default()
    };
    let actor = with_actor.then(|| Actor {
        ids: vec!["actor\"1".into()],
        groups: vec!["beta".into()],
    });
    let mut s = FlagStore::new(config, env, actor, Some("cookie".into()));
    let flipper = json!({"features": [
        {"key": "half", "gates": [
            {"key": "percentage_of_actors", "value": 50},
            {"key": "actors", "value": ["a", "b"]},
            {"key": "percentage_of_time", "value": "12.5"},
            {"key": "mystery", "value": 1}]},
        {"key": "on", "gates": [{"key": "boolean", "value": true}]},
    ]});
    let vets = json!({"data": {"features": [{"name": "half", "value": false}, {"name": "on", "value": true}]}});
    let t0 = 1_700_000_000_000.0;
    s.load_bootstrap(FlagDocument::read(parse(&vets.to_string()).unwrap()).unwrap());
    if let Some(age) = cached_age {
        let entry = crate::flags::CacheEntry {
            version: crate::stored::StoredVersion,
            doc: FlagDocument::read(parse(&vets.to_string()).unwrap()).unwrap(),
            fetched_at_ms: t0 - age,
            etag: Some("\"e\"".into()),
        };
        s.load_cached(entry, t0);
    }
    s.apply_fresh(
        FlagDocument::read(parse(&flipper.to_string()).unwrap()).unwrap(),
        None,
        t0,
    );
    let _ = s.set_override("on", false, t0);
    if failed {
        s.apply_failure(FlagError::Timeout { after_ms: 3000 });
    }
    s
}

#[test]
fn outputs_are_the_json_serde_writes() {
    for env in [Environment::Production, Environment::Staging] {
        for with_actor in [false, true] {
            for failed in [false, true] {
                for cached_age in [None, Some(1_000.5), Some(1e12)] {
                    let s = store(env, with_actor, failed, cached_age);
                    for name in ["half", "on", "gone", "unknown", "\u{2028}"] {
                        let e = s.explain(name);
                        same(&e.to_json(), &e);
                        let d = s.decision(name);
                        same(&evaluated(name, &d), &row(name, &d));
                    }
                    let snapshot = s.snapshot();
                    same(&snapshot.to_json(), &snapshot);
                    let rows_serde: Vec<_> = s.decisions().map(|(n, d)| row(n, d)).collect();
                    same(&rows(s.decisions()), &rows_serde);
                }
            }
        }
    }
}

proptest! {
    #[test]
    fn names_and_errors_are_escaped_as_serde_escapes_them(names in prop::collection::vec(".{0,8}", 0..5), msg in ".{0,20}") {
        same(&names.to_json(), &names);
        same(&last_error("PARSE_ERROR", &msg), &LastError { code: "PARSE_ERROR", message: &msg });
    }
}
