use super::*;
use crate::flags::document::FlagDocument;
use crate::flags::{Environment, FlagConfig};
use proptest::prelude::*;
use serde_json::{json, Value};

const VECTORS: &str = include_str!("../testdata/flipper_vectors.json");

/// A store over `doc` (bootstrap), `feature → group` bucket keys and a percentage_of_time draw.
fn store(doc: Value, groups: &[(&str, &str)], random: f64) -> FlagStore {
    let mut config = FlagConfig::default();
    for (feature, group) in groups {
        config
            .bucket_keys
            .insert((*feature).to_owned(), (*group).to_owned());
    }
    let mut s = FlagStore::new(config, Environment::Staging, None, None);
    s.set_random(random);
    s.load_bootstrap(FlagDocument::parse(doc).expect("test document parses"));
    s
}

/// What pkg-template/src/mirror.js (`readActorPlans`, `actorVerdict`) does with the plans JSON,
/// over serde_json's parse (which, like `JSON.parse`, keeps the last member of a repeated name).
fn json_verdict(plans: &Value, name: &str, id: &str) -> bool {
    match &plans[name] {
        Value::Number(n) => n.as_u64() == Some(1),
        Value::Array(p) => {
            let prefix = p[0].as_u64().expect("prefix") as u32;
            let open = p[1].as_u64().expect("open") as u32;
            p[2..].iter().any(|a| a.as_str() == Some(id))
                || crc32::update(prefix, id.as_bytes()) % BUCKETS < open
        }
        Value::Null => false,
        other => panic!("not a plan: {other}"),
    }
}

/// The plan of `name` and the plan read back from the JSON text both equal `evaluate_for`.
fn check(s: &FlagStore, name: &str, id: &str) -> bool {
    let expected = s.evaluate_for(name, id);
    let plans: Value = serde_json::from_str(&s.actor_plans_json()).expect("plans are JSON");
    assert_eq!(
        json_verdict(&plans, name, id),
        expected,
        "JSON plan of {name}, id {id:?}"
    );
    let feature = s
        .flipper_layers()
        .into_iter()
        .flatten()
        .find(|f| f.key == name);
    let native = feature.is_some_and(|f| s.actor_plan(f).verdict(id));
    assert_eq!(native, expected, "plan of {name}, id {id:?}");
    expected
}

#[test]
fn open_buckets_is_flippers_comparison_for_every_bucket() {
    let pcts = [
        json!(0),
        json!(1),
        json!(50),
        json!(99.99),
        json!(100),
        json!(101),
        json!(-5),
        json!("12.3456"),
        json!("0.001"),
        json!("33"),
        json!("abc"),
        json!(null),
        json!(1e300),
        json!(-0.0004),
    ];
    for pct in pcts {
        let n = match pct {
            Value::Null => GateNumber::Null,
            Value::String(t) => GateNumber::Text(t),
            Value::Number(n) if n.is_i64() => GateNumber::Int(n.as_i64().expect("int")),
            Value::Number(n) => GateNumber::Float(n.as_f64().expect("float")),
            _ => unreachable!(),
        };
        let open = open_buckets(&n);
        for b in 0..BUCKETS {
            assert_eq!(b < open, below_percentage(b, &n), "{n:?} at bucket {b}");
        }
    }
}

#[test]
fn every_single_actor_flipper_vector() {
    let vectors: Vec<Value> = serde_json::from_str(VECTORS).expect("vectors parse");
    let mut checked = 0;
    for v in vectors
        .iter()
        .filter(|v| v["actors"].as_array().map(Vec::len) == Some(1))
    {
        let name = v["feature"].as_str().expect("feature");
        let id = v["actors"][0].as_str().expect("id");
        let groups: Vec<(&str, &str)> = v["bucket_key"]
            .as_str()
            .map(|k| (name, k))
            .into_iter()
            .collect();
        let doc = json!({"features": [{"key": name, "gates": [
            {"key": "percentage_of_actors", "value": v["percentage"]}]}]});
        let s = store(doc, &groups, 0.5);
        assert_eq!(
            check(&s, name, id),
            v["expected"].as_bool().expect("expected"),
            "{v}"
        );
        checked += 1;
    }
    assert!(checked > 600, "only {checked} vectors");
}

#[test]
fn a_name_in_several_layers_is_planned_from_the_highest() {
    let mut s = store(
        json!({"features": [
            {"key": "both", "gates": [{"key": "boolean", "value": true}]},
            {"key": "boot_only", "gates": [{"key": "actors", "value": ["a"]}]}]}),
        &[],
        0.5,
    );
    let fresh = json!({"features": [{"key": "both", "gates": [{"key": "percentage_of_actors", "value": 0}]}]});
    let before = s.revision();
    s.apply_fresh(FlagDocument::parse(fresh).expect("parses"), None, 1.0);
    assert_ne!(s.revision(), before);
    assert!(!check(&s, "both", "x"));
    assert!(check(&s, "boot_only", "a"));
    assert!(!check(&s, "boot_only", "b"));
    assert!(!check(&s, "missing", "a"));
}

#[test]
fn vets_api_documents_have_no_plans() {
    let s = store(
        json!({"data": {"features": [{"name": "feat", "value": true}]}}),
        &[],
        0.5,
    );
    assert_eq!(s.actor_plans_json(), "{}");
    assert!(!check(&s, "feat", "a"));
}

fn gate_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0i64..=100).prop_map(|p| json!(p)),
        (-1i64..=101).prop_map(|p| json!(p.to_string())),
        (0.0f64..100.0).prop_map(|p| json!(p)),
        (0.0f64..100.0).prop_map(|p| json!(format!("{p:.3}"))),
        Just(json!(null)),
    ]
}

proptest! {
    #[test]
    fn plans_equal_evaluate_for(
        boolean in any::<bool>(),
        poa in gate_number(),
        pot in gate_number(),
        actors in prop::collection::vec("[a-c]{1,2}|\\PC{0,6}", 0..4),
        group in prop::option::of("[a-z_]{1,12}"),
        random in 0.0f64..1.0,
        ids in prop::collection::vec("[a-c]{1,2}|\\PC{0,12}", 1..8),
    ) {
        let doc = json!({"features": [{"key": "feat", "gates": [
            {"key": "boolean", "value": if boolean { json!(true) } else { json!(null) }},
            {"key": "actors", "value": actors},
            {"key": "percentage_of_actors", "value": poa},
            {"key": "percentage_of_time", "value": pot}]}]});
        let groups: Vec<(&str, &str)> = group.as_deref().map(|g| ("feat", g)).into_iter().collect();
        let s = store(doc, &groups, random);
        for id in &ids {
            check(&s, "feat", id);
        }
    }
}

mod fixture;
