use super::*;
use crate::telemetry::event::Common;
use proptest::prelude::*;

const FLAG: &str = "mhv_secure_messaging_curated_list_flow";

fn event(kind: EventKind, id: &str, path: &str, flow: Option<&str>, flag: bool) -> Event {
    Common {
        id: id.into(),
        time_ms: 0.0,
        session_id: "session-a".into(),
        path: path.into(),
        flow: flow.map(str::to_string),
        context_flags: vec![(FLAG.into(), flag)],
    }
    .event(kind, "n", vec![])
}

/// The release plan's latency rule, exactly as written in the docs.
fn release_plan_sampler() -> Sampler {
    let rules: Vec<Rule> = serde_json::from_str(
        r#"[{ "kind": "timing", "when": { "flow": "curated", "path": "/new-message/select-care-team/" }, "rate": 1 },
            { "kind": "timing", "rate": 0 }]"#,
    )
    .unwrap();
    Sampler {
        session_rate: 100.0,
        rules,
        base_path: "/my-health/secure-messages".into(),
    }
}

#[test]
fn release_plan_latency_rule() {
    let s = release_plan_sampler();
    let sct = "/my-health/secure-messages/new-message/select-care-team/";
    for i in 0..200 {
        let id = format!("ev-{i}");
        assert!(s.keep(&event(EventKind::Timing, &id, sct, Some("curated"), true)));
        assert!(!s.keep(&event(EventKind::Timing, &id, sct, Some("legacy"), false)));
        assert!(!s.keep(&event(
            EventKind::Timing,
            &id,
            "/my-health/secure-messages/new-message/recent/",
            Some("curated"),
            true
        )));
        assert!(
            s.keep(&event(EventKind::Click, &id, sct, Some("legacy"), false)),
            "other kinds default to 1"
        );
    }
}

#[test]
fn flag_conditions() {
    let rules: Vec<Rule> = serde_json::from_str(&format!(
        r#"[{{ "kind": "error", "when": {{ "flags": {{ "{FLAG}": true }} }}, "rate": 0 }}]"#
    ))
    .unwrap();
    let s = Sampler {
        session_rate: 100.0,
        rules,
        base_path: String::new(),
    };
    assert!(!s.keep(&event(EventKind::Error, "e", "/", None, true)));
    assert!(s.keep(&event(EventKind::Error, "e", "/", None, false)));
}

#[test]
fn rules_reject_unknown_fields_and_kinds() {
    assert!(
        serde_json::from_str::<Rule>(r#"{ "kind": "timing", "rate": 1, "extra": 1 }"#).is_err()
    );
    assert!(serde_json::from_str::<Rule>(r#"{ "kind": "latency", "rate": 1 }"#).is_err());
    assert!(serde_json::from_str::<Rule>(
        r#"{ "kind": "page_view", "when": { "route": "/" }, "rate": 1 }"#
    )
    .is_err());
    assert!(serde_json::from_str::<Rule>(r#"{ "kind": "group_mixed", "rate": 0.5 }"#).is_ok());
}

#[test]
fn paths_relative_to_base() {
    let base = "/my-health/secure-messages/";
    assert!(path_matches(
        "/new-message/",
        "/my-health/secure-messages/new-message",
        base
    ));
    assert!(!path_matches("/new-message/", "/other/new-message/", base));
    assert!(!path_matches(
        "/new-message/",
        "/my-health/secure-messages-x/new-message/",
        base
    ));
    assert!(path_matches("/thread/:id/", "/thread/:id/", ""));
    assert!(path_matches("/", "/my-health/secure-messages", base));
}

#[test]
fn session_sampling_matches_crc32_buckets() {
    // crc32("123456789") = 0xCBF43926 = 3421780262; % 10000 = 262.
    assert!(session_sampled("123456789", 2.63));
    assert!(!session_sampled("123456789", 2.62));
    assert!(session_sampled("anything", 100.0));
    assert!(!session_sampled("anything", 0.0));
    assert!(!session_sampled("anything", f64::NAN));
}

proptest! {
    #[test]
    fn session_share_tracks_rate(rate in 0u32..=100) {
        let kept = (0..2000).filter(|i| session_sampled(&format!("s-{i}"), f64::from(rate))).count();
        let expected = 2000.0 * f64::from(rate) / 100.0;
        prop_assert!((kept as f64 - expected).abs() <= 120.0, "kept {kept} of 2000 at {rate}%");
    }

    #[test]
    fn decisions_are_deterministic(id in "\\PC{0,30}", rate in 0.0f64..=1.0) {
        let rules = vec![Rule { kind: EventKind::Action, when: When::default(), rate }];
        let s = Sampler { session_rate: 50.0, rules, base_path: String::new() };
        let e = event(EventKind::Action, &id, "/", None, true);
        prop_assert_eq!(s.keep(&e), s.keep(&e.clone()));
    }
}
