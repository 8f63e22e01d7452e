//! The readers and writers against the serde derives they replace: same values, same messages,
//! same JSON text.

use super::*;
use crate::json;
use serde::de::DeserializeOwned;

/// Both readers of `text`: the hand-written one and the derive read through `Value`.
fn both<T: DeserializeOwned + PartialEq + core::fmt::Debug>(
    text: &str,
    read: impl Fn(Value) -> Read<T>,
) {
    let hand = read(json::parse(text).expect("json"));
    let derived: Result<T, String> = json::from_str(text);
    assert_eq!(hand, derived, "{text}");
}

const SHAPES: &[&str] = &[
    "{}",
    "null",
    "3",
    "1.5",
    "\"x\"",
    "[]",
    "true",
    r#"{"recentCareTeams": 2, "selectedTeam": "t"}"#,
    r#"{"recentCareTeams": 2.0, "selectedTeam": null, "other": [1]}"#,
    r#"{"recentCareTeams": -1}"#,
    r#"{"recentCareTeams": 4294967296}"#,
    r#"{"recentCareTeams": 1.5}"#,
    r#"{"recentCareTeams": "2"}"#,
    r#"{"selectedTeam": 3, "recentCareTeams": "x"}"#,
    r#"{"basePath": "/my-health/secure-messages"}"#,
    r#"{"basePath": null, "x": 1}"#,
    r#"{"basePath": 7}"#,
    r#"{"oracleHealth": true, "ohTriageGroup": 1}"#,
    r#"{"oracleHealth": "yes"}"#,
    r#"{"oracleHealth": null}"#,
];

#[test]
fn context_config_and_systems_read_as_the_derives() {
    for text in SHAPES {
        both(text, SmContext::read);
        both(text, SmConfig::read);
        both(text, CareSystem::read);
    }
}

#[test]
fn params_read_as_the_derive() {
    let cases = [
        r#"{"locationId": "983", "ids": ["1", "2"], "empty": []}"#,
        r#"{"a": 1}"#,
        r#"{"a": ["1", 2]}"#,
        r#"{"a": null}"#,
        r#"{"b": "2", "a": "1"}"#,
        "[]",
        "\"x\"",
        "{}",
    ];
    for text in cases {
        both(text, read_params);
    }
}

fn serde_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serialize")
}

/// The same JSON value (our writer escapes U+2028/9, serde_json does not).
fn same(ours: String, theirs: String) {
    let a: serde_json::Value = serde_json::from_str(&ours).expect("ours");
    let b: serde_json::Value = serde_json::from_str(&theirs).expect("theirs");
    assert_eq!(a, b, "{ours}");
}

fn transition(from: Option<&str>) -> Transition {
    Transition {
        from: from.map(str::to_owned),
        to: "/new-message/recent/".to_owned(),
        trigger: "continue \"quoted\"".to_owned(),
        flow: Flow::Curated,
    }
}

#[test]
fn answers_write_as_the_derives() {
    for from in [None, Some("/new-message/")] {
        let t = transition(from);
        same(t.to_json(), serde_text(&t));
        let route = Route {
            path: "/my-health/x\u{2028}".to_owned(),
            flow: Flow::Legacy,
            transition: t.clone(),
        };
        same(route.to_json(), serde_text(&route));
        for (reason, transition) in [
            (GuardReason::Allowed, None),
            (GuardReason::NoRecentTeams, Some(t.clone())),
            (GuardReason::UnknownPath, None),
            (GuardReason::FlowOff, None),
            (GuardReason::NoSelectedTeam, None),
            (GuardReason::RecentOff, None),
        ] {
            let g = Guarded {
                path: "/p".to_owned(),
                redirected: transition.is_some(),
                reason,
                flow: Flow::Curated,
                transition,
            };
            same(g.to_json(), serde_text(&g));
        }
    }
}

#[test]
fn names_are_the_serialized_ones() {
    for s in [System::VaosService, System::Legacy] {
        assert_eq!(format!("\"{}\"", s.as_str()), serde_text(&s));
    }
    for p in [Picker::Auto, Picker::Radio, Picker::Dropdown] {
        assert_eq!(format!("\"{}\"", p.as_str()), serde_text(&p));
    }
    let reasons = [
        Reason::Static,
        Reason::TargetingMatch,
        Reason::Split,
        Reason::Disabled,
        Reason::Default,
        Reason::Cached,
        Reason::Error,
        Reason::Override,
        Reason::Pinned,
    ];
    for r in reasons {
        assert_eq!(format!("\"{}\"", reason_str(r)), serde_text(&r));
        let text = endpoint_json("GET", "/vaos/v2/x?a=1", System::Legacy, r);
        let v: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(v["reason"], serde_json::json!(reason_str(r)));
        assert_eq!(v["system"], "legacy");
        assert_eq!(v["url"], "/vaos/v2/x?a=1");
    }
}
