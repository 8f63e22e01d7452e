use super::*;
use proptest::prelude::*;

#[test]
fn first_decision_per_value() {
    let mut set = ExposureSet::default();
    assert!(set.record("a", true));
    assert!(!set.record("a", true));
    assert!(set.record("a", false), "a changed value is a new exposure");
    assert!(!set.record("a", true), "flipping back is not");
    assert!(set.record("b", true));
    assert!(!set.record(&"x".repeat(MAX_FLAG_NAME_LEN + 1), true));
    assert_eq!(set.len(), 3);
}

#[test]
fn survives_session_storage() {
    let mut set = ExposureSet::default();
    set.record("mhv_secure_messaging_curated_list_flow", true);
    let json = serde_json::to_string(&set).unwrap();
    assert_eq!(
        json,
        r#"{"seen":[{"flag":"mhv_secure_messaging_curated_list_flow","value":true}]}"#
    );
    let mut back: ExposureSet = serde_json::from_str(&json).unwrap();
    assert!(!back.record("mhv_secure_messaging_curated_list_flow", true));
    assert!(serde_json::from_str::<ExposureSet>("[1,2]").is_err());
    assert!(serde_json::from_str::<ExposureSet>(r#"{"seen":[{"flag":1}]}"#).is_err());
}

#[test]
fn loading_applies_the_cap_and_dedups() {
    let seen: Vec<String> = (0..MAX_EXPOSURES + 50)
        .map(|i| format!(r#"{{"flag":"f{}","value":true}}"#, i % (MAX_EXPOSURES + 10)))
        .collect();
    let set: ExposureSet =
        serde_json::from_str(&format!(r#"{{"seen":[{}]}}"#, seen.join(","))).unwrap();
    assert_eq!(set.len(), MAX_EXPOSURES);
}

proptest! {
    #[test]
    fn never_exceeds_cap_and_emits_once(ops in proptest::collection::vec((0u16..400, any::<bool>()), 0..1200)) {
        let mut set = ExposureSet::default();
        let mut emitted = std::collections::HashSet::new();
        for (f, v) in ops {
            if set.record(&format!("f{f}"), v) {
                prop_assert!(emitted.insert((f, v)), "emitted twice");
            }
            prop_assert!(set.len() <= MAX_EXPOSURES);
        }
    }
}
