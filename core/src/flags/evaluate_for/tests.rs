use super::*;
use crate::flags::{Actor, Environment, FlagConfig};
use proptest::prelude::*;
use serde_json::json;

/// An independent CRC-32 (bitwise, polynomial 0xEDB88320) of the Flipper formula.
fn reference_bucket(key: &str, id: &str) -> u32 {
    let mut crc = !0u32;
    for b in key.bytes().chain(id.bytes()) {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc % 100_000
}

fn store_with(doc: serde_json::Value, actor: Option<&str>) -> FlagStore {
    let actor = actor.map(|id| Actor {
        ids: vec![id.to_owned()],
        groups: vec![],
    });
    let mut s = FlagStore::new(FlagConfig::default(), Environment::Staging, actor, None);
    s.load_bootstrap(FlagDocument::parse(doc).expect("test document parses"));
    s
}

fn pct_doc(pct: u32) -> serde_json::Value {
    json!({"features": [{"key": "feat", "gates": [
            {"key": "percentage_of_actors", "value": pct.to_string()},
            {"key": "actors", "value": ["vip"]}]}]})
}

proptest! {
    #[test]
    fn matches_the_formula_for_any_actor(pct in 0u32..=100, id in "\\PC{0,24}") {
        let s = store_with(pct_doc(pct), None);
        let expected = id == "vip" || reference_bucket("feat", &id) < pct * 1_000;
        prop_assert_eq!(s.evaluate_for("feat", &id), expected);
    }

    #[test]
    fn agrees_with_the_store_decision_for_its_own_actor(pct in 0u32..=100, id in "[a-z0-9@.]{1,20}") {
        let s = store_with(pct_doc(pct), Some(&id));
        prop_assert_eq!(s.evaluate_for("feat", &id), s.decision("feat").value);
    }
}

#[test]
fn unknown_features_and_vets_api_documents_are_false() {
    let s = store_with(pct_doc(100), None);
    assert!(s.evaluate_for("feat", "anyone"));
    assert!(!s.evaluate_for("other", "anyone"));
    let v = store_with(
        json!({"data": {"features": [{"name": "feat", "value": true}]}}),
        None,
    );
    assert!(v.decision("feat").value);
    assert!(
        !v.evaluate_for("feat", "anyone"),
        "server-evaluated values are not per-actor"
    );
}

#[test]
fn fresh_data_takes_precedence_over_the_bootstrap() {
    let mut s = store_with(pct_doc(100), None);
    let off = FlagDocument::parse(pct_doc(0)).expect("parses");
    s.apply_fresh(off, None, 1.0);
    assert!(!s.evaluate_for("feat", "someone"));
    assert!(s.evaluate_for("feat", "vip"));
}
