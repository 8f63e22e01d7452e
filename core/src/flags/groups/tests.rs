use super::*;
use crate::flags::test_support::{decision, Flags};
use crate::flags::Source;

fn all(value: bool, source: Source, fully_off: bool) -> Flags {
    VAOS_TOGGLES.iter().fold(Flags::default(), |f, n| {
        f.with(n, decision(value, source, fully_off))
    })
}

#[test]
fn preset_is_the_four_vaos_toggles_with_shared_bucket() {
    let g = vaos_preset();
    assert_eq!(g.name, "vaos_service");
    assert_eq!(g.policy, Policy::AllOrNone);
    assert!(g.shared_bucket);
    assert_eq!(
        g.members,
        [
            "va_online_scheduling_vaos_service_cc_appointments",
            "va_online_scheduling_facilities_service_v2",
            "va_online_scheduling_vaos_service_requests",
            "va_online_scheduling_vaos_service_va_appointments",
        ]
    );
    assert!(g.validate().is_ok());
}

#[test]
fn deserializes_camel_case_map_and_fills_names() {
    let json = r#"{"vaos_service":{"members":["a","b"],"policy":"all-or-none"},
                  "other":{"members":["c"],"policy":"all-or-none","sharedBucket":false}}"#;
    let map: BTreeMap<String, GroupConfig> = serde_json::from_str(json).unwrap();
    let groups = groups_from_map(map).unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].name, "other");
    assert!(!groups[0].shared_bucket);
    assert_eq!(groups[1].name, "vaos_service");
    assert!(groups[1].shared_bucket, "sharedBucket defaults to true");
    assert!(serde_json::from_str::<GroupConfig>(r#"{"members":["a"],"policy":"any"}"#).is_err());
}

#[test]
fn invalid_configurations_are_typed_errors() {
    let one = |g: GroupConfig| groups_from_map([(g.name.clone(), g)].into_iter().collect());
    assert!(matches!(
        one(GroupConfig::all_or_none("g", &[])),
        Err(GroupError::NoMembers { .. })
    ));
    assert!(matches!(
        one(GroupConfig::all_or_none("g", &["a", "a"])),
        Err(GroupError::DuplicateMember { .. })
    ));
    assert!(matches!(
        one(GroupConfig::all_or_none("g", &[""])),
        Err(GroupError::BadMember { .. })
    ));
    assert!(matches!(
        one(GroupConfig::all_or_none("", &["a"])),
        Err(GroupError::BadName { .. })
    ));
    let many: Vec<String> = (0..=MAX_GROUP_MEMBERS).map(|i| format!("m{i}")).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    assert!(matches!(
        one(GroupConfig::all_or_none("g", &refs)),
        Err(GroupError::TooManyMembers { .. })
    ));
    let two: BTreeMap<String, GroupConfig> = [
        ("g1".to_string(), GroupConfig::all_or_none("", &["a"])),
        ("g2".to_string(), GroupConfig::all_or_none("", &["a"])),
    ]
    .into_iter()
    .collect();
    let err = groups_from_map(two).unwrap_err();
    assert!(
        err.to_string().contains("\"a\"") && err.to_string().contains("g2"),
        "{err}"
    );
    let too_many: BTreeMap<String, GroupConfig> = (0..=MAX_GROUPS)
        .map(|i| (format!("g{i}"), GroupConfig::all_or_none("", &["x"])))
        .collect();
    assert!(matches!(
        groups_from_map(too_many),
        Err(GroupError::TooManyGroups { .. })
    ));
}

#[test]
fn bucket_keys_only_for_shared_groups() {
    let mut private = GroupConfig::all_or_none("private", &["p"]);
    private.shared_bucket = false;
    let keys = bucket_keys(&[vaos_preset(), private]);
    assert_eq!(keys.len(), 4);
    assert!(VAOS_TOGGLES
        .iter()
        .all(|t| keys.get(*t).map(String::as_str) == Some("vaos_service")));
    assert!(!keys.contains_key("p"));
}

#[test]
fn group_of_and_pin_key() {
    let groups = [vaos_preset()];
    assert_eq!(
        group_of(&groups, VAOS_TOGGLES[2]).map(|g| g.name.as_str()),
        Some("vaos_service")
    );
    assert!(group_of(&groups, "other").is_none());
    assert_eq!(pin_key(&groups[0]), "group:vaos_service");
}

#[test]
fn all_on_is_on_and_not_mixed() {
    let r = resolve(&vaos_preset(), &all(true, Source::Flipper, false));
    assert!(r.value && !r.mixed && !r.rollback);
    assert_eq!(r.members.len(), 4);
}

#[test]
fn one_member_off_is_mixed_and_off_for_all() {
    let flags = all(true, Source::VetsApi, false)
        .with(VAOS_TOGGLES[1], decision(false, Source::VetsApi, true));
    let r = resolve(&vaos_preset(), &flags);
    assert!(!r.value && r.mixed);
    assert!(!r.rollback, "one server-evaluated false is not a rollback");
    assert_eq!(r.members[1], (VAOS_TOGGLES[1].to_string(), false));
}

#[test]
fn unknown_member_counts_as_off() {
    let mut flags = all(true, Source::VetsApi, false);
    flags.0.remove(VAOS_TOGGLES[3]);
    let r = resolve(&vaos_preset(), &flags);
    assert!(!r.value && r.mixed && !r.rollback);
}

#[test]
fn flipper_member_fully_off_is_a_rollback() {
    let flags = all(true, Source::Flipper, false)
        .with(VAOS_TOGGLES[0], decision(false, Source::Flipper, true));
    let r = resolve(&vaos_preset(), &flags);
    assert!(!r.value && r.mixed && r.rollback);
}

#[test]
fn flipper_member_off_by_percentage_is_not_a_rollback() {
    let flags = all(true, Source::Flipper, false)
        .with(VAOS_TOGGLES[0], decision(false, Source::Flipper, false));
    assert!(!resolve(&vaos_preset(), &flags).rollback);
}

#[test]
fn server_values_roll_back_only_when_every_member_is_false() {
    assert!(resolve(&vaos_preset(), &all(false, Source::VetsApi, true)).rollback);
    assert!(resolve(&vaos_preset(), &all(false, Source::Cache, true)).rollback);
    let partial = all(false, Source::VetsApi, true)
        .with(VAOS_TOGGLES[2], decision(true, Source::VetsApi, false));
    assert!(!resolve(&vaos_preset(), &partial).rollback);
    let mut missing = all(false, Source::VetsApi, true);
    missing.0.remove(VAOS_TOGGLES[2]);
    assert!(
        !resolve(&vaos_preset(), &missing).rollback,
        "an unknown member is no evidence"
    );
}

#[test]
fn defaults_and_overrides_never_roll_back() {
    assert!(!resolve(&vaos_preset(), &all(false, Source::Default, true)).rollback);
    assert!(!resolve(&vaos_preset(), &all(false, Source::Override, true)).rollback);
    assert!(!resolve(&vaos_preset(), &Flags::default()).rollback);
}
