use super::*;

#[test]
fn prefixes_match_only_longer_keys() {
    assert!(allowed(EventKind::Action, "va_rollout.attr.count"));
    assert!(!allowed(EventKind::Action, "va_rollout.attr."));
    assert!(!allowed(EventKind::Click, "va_rollout.attr.count"));
    assert!(allowed_in_record(EventKind::Click, "va_rollout.flag.mhv_x"));
    assert!(!allowed_in_record(EventKind::Click, "user.email"));
}

#[test]
fn markdown_lists_every_key_once_per_kind() {
    let md = markdown();
    let rows = md.lines().count() - 2;
    let expected = COMMON_ATTRS.len()
        + EventKind::ALL
            .iter()
            .map(|k| kind_attrs(*k).len())
            .sum::<usize>();
    assert_eq!(rows, expected);
    assert!(md.contains("| `va_rollout.exposure` | `feature_flag.result.reason` |"));
}

#[test]
fn readme_is_current() {
    assert!(
        include_str!("../../../../docs/telemetry.md").contains(&markdown()),
        "paste catalogue::markdown() into docs/telemetry.md (Event catalogue)"
    );
}
