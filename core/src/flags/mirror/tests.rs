use super::*;
use crate::flags::{Environment, FlagConfig, FlagDocument};
use serde_json::json;

const T0: f64 = 1_700_000_000_000.0;

fn store() -> FlagStore {
    FlagStore::new(FlagConfig::default(), Environment::Staging, None, None)
}

fn doc(v: serde_json::Value) -> FlagDocument {
    FlagDocument::parse(v).expect("test document parses")
}

#[test]
fn no_record_without_fresh_data() {
    let mut s = store();
    s.load_bootstrap(doc(
        json!({"data": {"features": [{"name": "a", "value": true}]}}),
    ));
    assert_eq!(decided_json(&s, 7), None);
}

#[test]
fn vets_api_values_with_owner_and_fetch_time() {
    let mut s = store();
    let d = doc(json!({"data": {"features": [
        {"name": "b_flag", "value": false}, {"name": "a_flag", "value": true}
    ]}}));
    s.apply_fresh(d, None, T0);
    let text = decided_json(&s, 4_000_000_000).expect("a record");
    let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(
        back,
        json!({"version": 1, "owner": 4_000_000_000u32, "fetchedAtMs": T0,
               "values": {"a_flag": true, "b_flag": false}})
    );
}

#[test]
fn flipper_values_are_the_core_decisions_without_overrides() {
    let mut s = store();
    let d = doc(json!({"features": [
        {"key": "on_flag", "gates": [{"key": "boolean", "value": true}]},
        {"key": "off_flag", "gates": [{"key": "boolean", "value": false}]}
    ]}));
    s.apply_fresh(d, None, T0);
    s.set_override("off_flag", true, T0)
        .expect("override allowed in staging");
    assert!(
        s.decision("off_flag").value,
        "the override decides in the core"
    );
    let text = decided_json(&s, 1).expect("a record");
    let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(back["values"], json!({"on_flag": true, "off_flag": false}));
    for (name, value) in back["values"].as_object().expect("object") {
        let decision = s.decision(name);
        if decision.source != crate::flags::Source::Override {
            assert_eq!(decision.value, value.as_bool().expect("bool"), "{name}");
        }
    }
}
