use super::*;
use crate::flags::crc32::crc32;
use crate::flags::decision::{Reason, Source};
use crate::flags::evaluate::BUCKETS;
use proptest::prelude::*;
use serde_json::json;

const HOUR: f64 = 3_600_000.0;
const T0: f64 = 1_700_000_000_000.0;

fn doc(v: serde_json::Value) -> FlagDocument {
    FlagDocument::parse(v).expect("test document parses")
}

fn vets(list: &[(&str, bool)]) -> FlagDocument {
    let features: Vec<_> = list
        .iter()
        .map(|(n, v)| json!({"name": n, "value": v}))
        .collect();
    doc(json!({"data": {"type": "feature_toggles", "features": features}}))
}

fn config(names: &[&str], defaults: &[(&str, bool)]) -> FlagConfig {
    FlagConfig {
        names: names.iter().map(|s| s.to_string()).collect(),
        defaults: defaults.iter().map(|(n, v)| (n.to_string(), *v)).collect(),
        ..FlagConfig::default()
    }
}

fn actor(id: &str) -> Option<Actor> {
    Some(Actor {
        ids: vec![id.to_string()],
        groups: vec![],
    })
}

fn changed(c: &Changes) -> Vec<&str> {
    c.names.iter().map(String::as_str).collect()
}

fn brief(store: &FlagStore, name: &str) -> (bool, Reason, Source, bool) {
    let d = store.decision(name);
    (d.value, d.reason, d.source, d.stale)
}

fn entry(d: FlagDocument, fetched_at_ms: f64) -> CacheEntry {
    CacheEntry {
        version: StoredVersion,
        doc: d,
        fetched_at_ms,
        etag: Some("\"v1\"".into()),
    }
}

#[test]
fn precedence_across_all_layers() {
    let mut s = FlagStore::new(
        config(&["o", "f", "c", "b", "d", "z"], &[("d", true)]),
        Environment::Staging,
        None,
        None,
    );
    assert_eq!(
        brief(&s, "d"),
        (true, Reason::Default, Source::Default, false)
    );
    assert_eq!(
        brief(&s, "z"),
        (false, Reason::Default, Source::Default, false)
    );

    let c = s.load_bootstrap(vets(&[("b", true), ("c", true), ("f", true), ("o", false)]));
    assert_eq!(changed(&c), vec!["b", "c", "f"]);
    assert_eq!(
        brief(&s, "b"),
        (true, Reason::Static, Source::Bootstrap, false)
    );

    let c = s.load_cached(
        entry(vets(&[("c", false), ("f", false), ("o", false)]), T0 - HOUR),
        T0,
    );
    assert_eq!(changed(&c), vec!["c", "f"]);
    assert_eq!(brief(&s, "c"), (false, Reason::Cached, Source::Cache, true));
    assert_eq!(
        brief(&s, "b"),
        (true, Reason::Static, Source::Bootstrap, false)
    );

    let c = s.apply_fresh(vets(&[("f", true), ("o", false)]), None, T0);
    // The fresh document replaces the cached one: "c" falls back to the bootstrap.
    assert_eq!(changed(&c), vec!["c", "f"]);
    assert_eq!(
        brief(&s, "f"),
        (true, Reason::Static, Source::VetsApi, false)
    );
    assert_eq!(
        brief(&s, "o"),
        (false, Reason::Disabled, Source::VetsApi, false)
    );
    assert_eq!(
        brief(&s, "c"),
        (true, Reason::Static, Source::Bootstrap, false)
    );

    let c = s.set_override("o", true, T0).expect("allowed in staging");
    assert_eq!(changed(&c), vec!["o"]);
    assert_eq!(
        brief(&s, "o"),
        (true, Reason::Override, Source::Override, false)
    );
    let c = s.set_override("F", false, T0).expect("lowercased");
    assert_eq!(changed(&c), vec!["f"]);

    assert_eq!(s.decision("unknown"), Decision::default_value(false));
    assert_eq!(FlagView::decision(&s, "unknown"), None);
    assert!(s.is_enabled("o") && !s.is_enabled("unknown"));
    let snap = s.snapshot();
    assert_eq!(
        snap.keys().collect::<Vec<_>>(),
        vec!["b", "c", "d", "f", "o", "z"]
    );
    assert_eq!(s.decisions().count(), 6);
}

#[test]
fn cache_max_age_and_staleness() {
    let cfg = FlagConfig {
        max_age_ms: 2.0 * HOUR,
        stale_after_ms: 60_000.0,
        ..config(&["a"], &[])
    };
    let mut s = FlagStore::new(cfg.clone(), Environment::Staging, None, None);
    assert!(s
        .load_cached(entry(vets(&[("a", true)]), T0 - 3.0 * HOUR), T0)
        .is_empty());
    assert_eq!(
        brief(&s, "a"),
        (false, Reason::Default, Source::Default, false)
    );
    assert_eq!(s.etag(), None);

    let mut s = FlagStore::new(cfg, Environment::Staging, None, None);
    s.load_cached(entry(vets(&[("a", true)]), T0 - 30_000.0), T0);
    assert_eq!(brief(&s, "a"), (true, Reason::Cached, Source::Cache, false));
    assert_eq!(s.etag(), Some("\"v1\""));
    assert!(s.cache_entry().is_none(), "only fresh data is persisted");
    s.tick(T0 + 60_000.0);
    assert_eq!(brief(&s, "a"), (true, Reason::Cached, Source::Cache, true));
    assert_eq!(
        changed(&s.tick(T0 + 2.0 * HOUR)),
        vec!["a"],
        "past max age the cache is dropped"
    );
}

#[test]
fn not_modified_makes_the_cached_document_fresh() {
    let mut s = FlagStore::new(config(&["a"], &[]), Environment::Staging, None, None);
    s.load_cached(entry(vets(&[("a", true)]), T0 - HOUR), T0);
    assert!(s.apply_not_modified(T0 + 5.0).is_empty());
    assert_eq!(
        brief(&s, "a"),
        (true, Reason::Static, Source::VetsApi, false)
    );
    let saved = s.cache_entry().expect("fresh now");
    assert_eq!(
        (saved.fetched_at_ms, saved.etag.as_deref()),
        (T0 + 5.0, Some("\"v1\""))
    );

    let mut empty = FlagStore::new(config(&["a"], &[]), Environment::Staging, None, None);
    empty.apply_not_modified(T0);
    assert_eq!(empty.last_error(), Some(&FlagError::Http { status: 304 }));
}

#[test]
fn failure_keeps_the_last_good_state() {
    let mut s = FlagStore::new(
        config(&["a", "b", "n"], &[("b", true)]),
        Environment::Staging,
        None,
        None,
    );
    s.apply_fresh(vets(&[("a", true)]), Some("e1".into()), T0);
    let c = s.apply_failure(FlagError::Http { status: 500 });
    assert!(c.is_empty(), "values are kept");
    assert_eq!(
        brief(&s, "a"),
        (true, Reason::Cached, Source::VetsApi, true)
    );
    assert_eq!(brief(&s, "b"), (true, Reason::Error, Source::Default, true));
    assert_eq!(
        brief(&s, "n"),
        (false, Reason::Error, Source::Default, true)
    );
    assert_eq!(s.last_error(), Some(&FlagError::Http { status: 500 }));
    assert_eq!(s.etag(), Some("e1"));
    s.apply_fresh(vets(&[("a", true)]), None, T0 + 1.0);
    assert_eq!(s.last_error(), None);
    assert_eq!(
        brief(&s, "b"),
        (true, Reason::Default, Source::Default, false)
    );

    let mut cached = FlagStore::new(config(&["a"], &[]), Environment::Staging, None, None);
    cached.load_cached(entry(vets(&[("a", true)]), T0), T0);
    cached.apply_failure(FlagError::Timeout { after_ms: 3_000 });
    assert_eq!(
        brief(&cached, "a"),
        (true, Reason::Cached, Source::Cache, true)
    );
}

fn flipper_doc() -> FlagDocument {
    doc(json!({"features": [
        {"key": "targeted", "gates": [{"key": "actors", "value": ["alice"]}, {"key": "groups", "value": ["beta"]}]},
        {"key": "half", "gates": [{"key": "percentage_of_actors", "value": "50"}]},
        {"key": "anon", "gates": [{"key": "percentage_of_actors", "value": "50"}]},
        {"key": "off", "gates": [{"key": "boolean", "value": null}]},
        {"key": "timed", "gates": [{"key": "percentage_of_time", "value": "40"}]},
    ]}))
}

fn in_half(feature: &str, id: &str) -> bool {
    crc32(format!("{feature}{id}").as_bytes()) % BUCKETS < 50_000
}

#[test]
fn set_actor_reevaluates_flipper_documents() {
    let mut cfg = config(&[], &[]);
    cfg.actor_types.insert("anon".into(), ActorType::CookieId);
    let mut s = FlagStore::new(cfg, Environment::Staging, None, Some("cookie-7".into()));
    s.apply_fresh(flipper_doc(), None, T0);
    assert_eq!(
        brief(&s, "targeted"),
        (false, Reason::Disabled, Source::Flipper, false)
    );
    assert_eq!(s.decision("anon").value, in_half("anon", "cookie-7"));
    assert!(!s.decision("timed").value, "no random yet: only 100% opens");
    assert!(s.decision("off").fully_off && !s.decision("half").fully_off);

    let c = s.set_actor(actor("alice"), 0.1);
    assert_eq!(
        brief(&s, "targeted"),
        (true, Reason::TargetingMatch, Source::Flipper, false)
    );
    assert_eq!(
        brief(&s, "timed"),
        (true, Reason::Split, Source::Flipper, false)
    );
    assert_eq!(s.decision("half").value, in_half("half", "alice"));
    let mut expected = vec!["targeted", "timed"];
    if in_half("half", "alice") {
        expected.insert(0, "half");
    }
    assert_eq!(changed(&c), expected);
    assert_eq!(
        s.decision("anon").value,
        in_half("anon", "cookie-7"),
        "cookie actor, not the user"
    );

    let c = s.set_actor(
        Some(Actor {
            ids: vec!["bob".into()],
            groups: vec!["beta".into()],
        }),
        0.9,
    );
    assert_eq!(
        brief(&s, "targeted"),
        (true, Reason::TargetingMatch, Source::Flipper, false)
    );
    assert!(!changed(&c).contains(&"targeted") && changed(&c).contains(&"timed"));
    s.set_actor(None, 0.9);
    assert!(!s.decision("targeted").value && !s.decision("half").value);
}

#[test]
fn cache_entries_round_trip_and_reject_garbage() {
    let mut s = FlagStore::new(config(&[], &[]), Environment::Staging, actor("alice"), None);
    s.apply_fresh(flipper_doc(), Some("W/\"x\"".into()), T0);
    let saved = s.cache_entry().expect("fresh");
    let text = serde_json::to_string(&saved).expect("serializes");
    assert!(text.starts_with("{\"version\":1,"), "{text}");
    let back: CacheEntry = serde_json::from_str(&text).expect("parses");
    assert_eq!(back, saved);

    let mut reloaded = FlagStore::new(config(&[], &[]), Environment::Staging, actor("alice"), None);
    reloaded.load_cached(back, T0 + 1.0);
    for (name, d) in s.decisions() {
        assert_eq!(reloaded.decision(name).value, d.value, "{name}");
    }
    let older = text.replacen("\"version\":1", "\"version\":0", 1);
    for bad in [
        older.as_str(),
        "{}",
        "null",
        "[1,2]",
        "{\"version\":1,\"doc\":{},\"fetchedAtMs\":1,\"etag\":null}",
    ] {
        assert!(serde_json::from_str::<CacheEntry>(bad).is_err(), "{bad}");
    }
}

#[test]
fn explain_lists_every_layer_and_gate() {
    let mut s = FlagStore::new(
        config(&["half"], &[("half", true)]),
        Environment::Staging,
        actor("actor"),
        None,
    );
    s.load_bootstrap(vets(&[("half", false)]));
    s.apply_fresh(flipper_doc(), None, T0);
    s.set_override("half", false, T0).expect("allowed");
    let e = s.explain("half");
    assert_eq!(e.decision.reason, Reason::Override);
    assert_eq!(
        e.override_.as_ref().map(|o| (o.value, o.active)),
        Some((false, true))
    );
    assert_eq!(e.default, Some(true));
    assert_eq!(
        e.bootstrap.as_ref().map(|b| (b.value, b.reason)),
        Some((false, Reason::Disabled))
    );
    let fresh = e.fresh.expect("fresh layer");
    let checks = fresh.flipper.expect("gate checks");
    assert_eq!(checks.gates.len(), 6);
    let bucket = crc32(b"halfactor") % BUCKETS;
    let pct = checks
        .gates
        .iter()
        .find(|g| g.gate == crate::flags::Gate::PercentageOfActors)
        .expect("gate");
    assert!(
        pct.why
            .contains(&format!("crc32(\"half\"+\"actor\") % 100000 = {bucket}")),
        "{}",
        pct.why
    );
    assert_eq!(pct.open, bucket < 50_000);
    let json = serde_json::to_value(s.explain("half")).expect("serializes");
    assert!(json["override"]["active"].as_bool().expect("bool"));
    assert_eq!(json["decision"]["reason"], "OVERRIDE");
}

#[test]
fn request_names_and_known_names() {
    let s = FlagStore::new(
        config(&["a_flag", "b_flag"], &[]),
        Environment::Staging,
        None,
        None,
    );
    assert_eq!(s.request_names(), vec!["a_flag", "b_flag"]);
    let mut s = s;
    s.load_bootstrap(vets(&[("extra", false)]));
    assert_eq!(
        s.snapshot().keys().collect::<Vec<_>>(),
        vec!["a_flag", "b_flag", "extra"]
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Features mapped to one rollout group agree for every actor.
    #[test]
    fn shared_bucket_key_keeps_a_group_together(ids in proptest::collection::vec(".{0,16}", 1..3), pct in 0u32..=100_000) {
        let pct = format!("{}.{:03}", pct / 1000, pct % 1000);
        let gates = json!([{"key": "percentage_of_actors", "value": pct}]);
        let members = ["sm_curated_list", "sm_recent_recipients", "sm_triage_groups"];
        let features: Vec<_> = members.iter().map(|m| json!({"key": m, "gates": gates})).collect();
        let mut cfg = config(&[], &[]);
        for m in members {
            cfg.bucket_keys.insert(m.to_string(), "sm_rollout_group".into());
        }
        let mut s = FlagStore::new(cfg, Environment::Staging, Some(Actor { ids, groups: vec![] }), None);
        s.apply_fresh(doc(json!({"features": features})), None, T0);
        let values: Vec<bool> = members.iter().map(|m| s.decision(m).value).collect();
        prop_assert!(values.iter().all(|v| *v == values[0]), "{values:?}");
    }
}

mod overrides;
