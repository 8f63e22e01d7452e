use super::*;

#[test]
fn url_param_parses_names_and_values() {
    assert_eq!(
        parse_url_param("Name:on,other:off,x_1:TRUE,y:0,z:1,w:false"),
        Ok(vec![
            ("name".into(), true),
            ("other".into(), false),
            ("x_1".into(), true),
            ("y".into(), false),
            ("z".into(), true),
            ("w".into(), false),
        ])
    );
    assert_eq!(parse_url_param(""), Ok(vec![]));
    assert_eq!(
        parse_url_param("a:on,,a:off,"),
        Ok(vec![("a".into(), false)])
    );
}

#[test]
fn url_param_errors_name_the_bad_part() {
    assert_eq!(
        parse_url_param("a:on,broken"),
        Err(OverrideError::Malformed("broken".into()))
    );
    assert_eq!(
        parse_url_param("bad-name:on"),
        Err(OverrideError::InvalidName("bad-name".into()))
    );
    assert_eq!(
        parse_url_param(":on"),
        Err(OverrideError::InvalidName("".into()))
    );
    assert_eq!(
        parse_url_param("a:maybe"),
        Err(OverrideError::InvalidValue {
            name: "a".into(),
            value: "maybe".into()
        })
    );
    let msg = parse_url_param("a:maybe").unwrap_err().to_string();
    assert!(msg.contains("\"maybe\"") && msg.contains("\"a\""), "{msg}");
    assert!(parse_url_param(&format!("{}:on", "a".repeat(101))).is_err());
    let many: Vec<String> = (0..=MAX_OVERRIDES).map(|i| format!("f{i}:on")).collect();
    assert_eq!(
        parse_url_param(&many.join(",")),
        Err(OverrideError::TooMany { max: MAX_OVERRIDES })
    );
    assert!(parse_url_param(&"a:on,".repeat(5_000)).is_err());
}

#[test]
fn refusal_message() {
    assert_eq!(
        OverrideError::RefusedInProduction.to_string(),
        "va-rollout: overrides are disabled in production"
    );
}

#[test]
fn stored_set_is_versioned() {
    let mut set = OverrideSet::default();
    set.entries.insert(
        "a".into(),
        OverrideEntry {
            value: true,
            expires_at_ms: 5.0,
        },
    );
    let text = serde_json::to_string(&set).expect("serializes");
    assert_eq!(
        text,
        r#"{"version":1,"entries":{"a":{"value":true,"expiresAtMs":5.0}}}"#
    );
    assert_eq!(
        serde_json::from_str::<OverrideSet>(&text).expect("parses"),
        set
    );
    for bad in [
        r#"{"version":2,"entries":{}}"#,
        r#"{"entries":{}}"#,
        r#"{"version":"1","entries":{}}"#,
        r#"{"version":1,"entries":{"a":{"value":"yes","expiresAtMs":5}}}"#,
        "garbage",
    ] {
        assert!(serde_json::from_str::<OverrideSet>(bad).is_err(), "{bad}");
    }
}

#[test]
fn prune_drops_expired_invalid_and_excess() {
    let mut set = OverrideSet::default();
    set.entries.insert(
        "old".into(),
        OverrideEntry {
            value: true,
            expires_at_ms: 10.0,
        },
    );
    set.entries.insert(
        "Bad Name".into(),
        OverrideEntry {
            value: true,
            expires_at_ms: 1e12,
        },
    );
    set.entries.insert(
        "nan".into(),
        OverrideEntry {
            value: true,
            expires_at_ms: f64::NAN,
        },
    );
    set.entries.insert(
        "keep".into(),
        OverrideEntry {
            value: false,
            expires_at_ms: 100.0,
        },
    );
    set.prune(10.0);
    assert_eq!(set.entries.keys().collect::<Vec<_>>(), vec!["keep"]);
    assert_eq!(set.active("keep", 99.0), Some(false));
    assert_eq!(set.active("keep", 100.0), None);

    let mut big = OverrideSet::default();
    for i in 0..MAX_OVERRIDES + 5 {
        big.entries.insert(
            format!("f{i}"),
            OverrideEntry {
                value: true,
                expires_at_ms: 1_000.0 + i as f64,
            },
        );
    }
    big.prune(0.0);
    assert_eq!(big.entries.len(), MAX_OVERRIDES);
    assert!(
        !big.entries.contains_key("f0")
            && big.entries.contains_key(&format!("f{}", MAX_OVERRIDES + 4))
    );
}

/// The hand-built messages against the format strings they replaced.
#[test]
fn messages_are_the_formatted_texts() {
    use crate::flags::names::MAX_OVERRIDE_NAME_LEN;
    let odd = "a\"b'\n日本\u{301}";
    let cases = [
        (OverrideError::RefusedInProduction, "va-rollout: overrides are disabled in production".to_owned()),
        (OverrideError::InvalidName(odd.into()), format!("va-rollout: override name {odd:?} is invalid: use 1 to {MAX_OVERRIDE_NAME_LEN} characters a-z, 0-9, _")),
        (
            OverrideError::InvalidValue { name: "n".into(), value: odd.into() },
            format!("va-rollout: override value {odd:?} for \"n\" is invalid: use on, off, true, false, 1 or 0"),
        ),
        (OverrideError::Malformed(odd.into()), format!("va-rollout: override {odd:?} is malformed: expected name:on or name:off")),
        (OverrideError::TooMany { max: 200 }, "va-rollout: at most 200 overrides can be active".to_owned()),
    ];
    for (e, text) in cases {
        assert_eq!(e.to_string(), text);
    }
    let env = crate::flags::UnknownEnvironment(odd.into());
    assert_eq!(
        env.to_string(),
        format!("va-rollout: unknown environment {odd:?}; expected 'production', 'staging', 'development' or 'localhost'")
    );
}
