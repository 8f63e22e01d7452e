use super::*;
use serde_json::json;

fn input(v: serde_json::Value) -> FlagsConfigInput {
    serde_json::from_value(v).expect("config deserializes")
}

#[test]
fn minimal_config_gets_defaults() {
    let (flags, delivery) = input(json!({"source": "vets-api"}))
        .validate()
        .expect("valid");
    assert_eq!(flags, FlagConfig::default());
    assert_eq!(
        delivery,
        DeliveryConfig {
            source: SourceKind::VetsApi,
            url: None,
            timeout_ms: 3_000,
            refresh_interval_ms: 0,
            bootstrap: None,
            csrf: true,
        }
    );
}

#[test]
fn full_config() {
    let (flags, delivery) = input(json!({
        "source": "flipper",
        "url": "/flipper/api/features",
        "names": ["b_flag", "a_flag", "a_flag"],
        "defaults": {"c_flag": true},
        "bootstrap": {"features": [{"key": "a_flag", "gates": [{"key": "boolean", "value": "true"}]}]},
        "actorTypes": {"a_flag": "cookie_id", "d_flag": "user"},
        "bucketKeys": {"a_flag": "group_1"},
        "timeoutMs": 1500,
        "refreshIntervalMs": 60000,
        "maxAgeMs": 1000,
        "staleAfterMs": 10
    }))
    .validate()
    .expect("valid");
    assert_eq!(flags.names, vec!["a_flag", "b_flag", "c_flag", "d_flag"]);
    assert_eq!(flags.defaults.get("c_flag"), Some(&true));
    assert_eq!(flags.actor_types.get("a_flag"), Some(&ActorType::CookieId));
    assert_eq!(
        flags.bucket_keys.get("a_flag").map(String::as_str),
        Some("group_1")
    );
    assert_eq!((flags.max_age_ms, flags.stale_after_ms), (1000.0, 10.0));
    assert_eq!(delivery.source, SourceKind::Flipper);
    assert_eq!(delivery.url.as_deref(), Some("/flipper/api/features"));
    assert_eq!(
        (delivery.timeout_ms, delivery.refresh_interval_ms),
        (1500, 60_000)
    );
    assert_eq!(delivery.bootstrap.map(|d| d.len()), Some(1));
}

#[test]
fn every_problem_is_listed() {
    let err = input(json!({
        "source": "launchdarkly",
        "url": " ",
        "names": ["", "ok_name"],
        "defaults": {"with space": true},
        "actorTypes": {"x": "email"},
        "bucketKeys": {"y": ""},
        "timeoutMs": -5,
        "refreshIntervalMs": 10,
        "maxAgeMs": -1
    }))
    .validate()
    .unwrap_err();
    let text = err.to_string();
    for needle in [
        "unknown source \"launchdarkly\"",
        "url: is empty",
        "names: name \"\" is empty",
        "\"with space\" contains whitespace",
        "\"x\" has type \"email\"",
        "bucketKeys: group name for \"y\"",
        "timeoutMs: -5",
        "refreshIntervalMs: 10 is below",
        "maxAgeMs: -1",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert_eq!(err.0.len(), 9, "{text}");
}

#[test]
fn flipper_source_allows_non_snake_keys() {
    assert!(
        input(json!({"source": "flipper", "names": ["Search.Beta"]}))
            .validate()
            .is_ok()
    );
    let err = input(json!({"source": "vets-api", "names": ["fooBar"]}))
        .validate()
        .unwrap_err();
    assert_eq!(
        err.0,
        vec!["names: name \"fooBar\" is not snake_case (vets-api expects \"foo_bar\")".to_string()]
    );
}

#[test]
fn unknown_fields_and_bad_types_fail_to_deserialize() {
    for bad in [
        json!({"source": "vets-api", "urll": "/x"}),
        json!({"source": 5}),
        json!({"source": "vets-api", "names": "a"}),
        json!({"source": "vets-api", "defaults": {"a": "yes"}}),
        json!({"source": "vets-api", "timeoutMs": "3000"}),
        json!({"source": "vets-api", "bootstrap": {"nonsense": true}}),
        json!({}),
    ] {
        assert!(
            serde_json::from_value::<FlagsConfigInput>(bad.clone()).is_err(),
            "{bad}"
        );
    }
    let ok: FlagsConfigInput =
        serde_json::from_value(json!({"source": "vets-api", "bootstrap": null}))
            .expect("null bootstrap");
    assert!(ok.bootstrap.is_none());
}

#[test]
fn the_csrf_handshake_is_on_for_vets_api_and_configurable() {
    let csrf = |v: serde_json::Value| input(v).validate().expect("valid").1.csrf;
    assert!(csrf(json!({"source": "vets-api"})));
    assert!(!csrf(json!({"source": "flipper"})));
    assert!(!csrf(json!({"source": "vets-api", "csrf": false})));
    assert!(csrf(json!({"source": "flipper", "csrf": true})));
}
