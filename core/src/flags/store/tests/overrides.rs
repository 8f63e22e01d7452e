//! QA overrides in the store: refused in production, expiry, errors and clearing.

use super::*;

#[test]
fn overrides_are_refused_and_ignored_in_production() {
    let mut s = FlagStore::new(config(&["a"], &[]), Environment::Production, None, None);
    assert_eq!(
        s.set_override("a", true, T0),
        Err(OverrideError::RefusedInProduction)
    );
    let mut stored = OverrideSet::default();
    stored.entries.insert(
        "a".into(),
        OverrideEntry {
            value: true,
            expires_at_ms: T0 + HOUR,
        },
    );
    let c = s.load_overrides(stored.clone(), T0);
    assert!(c.is_empty());
    assert!(s.overrides().is_empty());
    assert!(s.active_overrides().is_empty());
    assert_eq!(
        brief(&s, "a"),
        (false, Reason::Default, Source::Default, false)
    );

    let mut staging = FlagStore::new(config(&["a"], &[]), Environment::Staging, None, None);
    assert_eq!(changed(&staging.load_overrides(stored, T0)), vec!["a"]);
    assert_eq!(staging.active_overrides(), vec![("a".to_string(), true)]);
}

#[test]
fn overrides_expire_after_a_day() {
    let mut s = FlagStore::new(config(&["a"], &[]), Environment::Localhost, None, None);
    s.set_override("a", true, T0).expect("allowed");
    assert_eq!(s.overrides().entries["a"].expires_at_ms, T0 + 24.0 * HOUR);
    assert!(s.tick(T0 + 23.0 * HOUR).is_empty());
    assert_eq!(changed(&s.tick(T0 + 24.0 * HOUR)), vec!["a"]);
    assert!(s.overrides().is_empty());

    let mut stored = OverrideSet::default();
    stored.entries.insert(
        "a".into(),
        OverrideEntry {
            value: true,
            expires_at_ms: T0,
        },
    );
    assert!(
        s.load_overrides(stored, T0).is_empty(),
        "expired stored override is dropped"
    );
    assert!(s.overrides().is_empty());
}

#[test]
fn override_errors_and_clear() {
    let mut s = FlagStore::new(config(&[], &[]), Environment::Development, None, None);
    assert!(matches!(
        s.set_override("bad name", true, T0),
        Err(OverrideError::InvalidName(_))
    ));
    for i in 0..MAX_OVERRIDES {
        s.set_override(&format!("f{i}"), true, T0)
            .expect("under the cap");
    }
    assert_eq!(
        s.set_override("one_more", true, T0),
        Err(OverrideError::TooMany { max: MAX_OVERRIDES })
    );
    assert!(
        s.set_override("f0", false, T0).is_ok(),
        "replacing an existing one is fine"
    );
    let c = s.clear_overrides();
    assert_eq!(c.names.len(), MAX_OVERRIDES - 1);
    assert!(c.names.windows(2).all(|w| w[0] < w[1]), "sorted");
}
