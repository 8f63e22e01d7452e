use super::*;
use crate::flags::{bucket_keys, vaos_preset, VAOS_TOGGLES};
use crate::flags::{Actor, Environment, FlagConfig, FlagDocument, FlagStore};
use crate::routing::{Flow, CURATED_FLOW_TOGGLE};

fn doc(json: &str) -> FlagDocument {
    serde_json::from_str(json).expect("test document")
}

/// The four VAOS toggles with one boolean value each (a Flipper document).
fn vaos_doc(values: [bool; 4]) -> FlagDocument {
    let features: Vec<String> = VAOS_TOGGLES
        .iter()
        .zip(values)
        .map(|(k, on)| {
            format!(r#"{{"key":"{k}","state":"on","gates":[{{"key":"boolean","value":{on}}}]}}"#)
        })
        .collect();
    doc(&format!(r#"{{"features":[{}]}}"#, features.join(",")))
}

fn vaos_pct_doc(pct: &str) -> FlagDocument {
    let features: Vec<String> = VAOS_TOGGLES
        .iter()
        .map(|k| format!(r#"{{"key":"{k}","state":"conditional","gates":[{{"key":"percentage_of_actors","value":"{pct}"}}]}}"#))
        .collect();
    doc(&format!(r#"{{"features":[{}]}}"#, features.join(",")))
}

fn store(actor: &str) -> FlagStore {
    let config = FlagConfig {
        bucket_keys: bucket_keys(&[vaos_preset()]),
        ..FlagConfig::default()
    };
    let actor = Actor {
        ids: vec![actor.into()],
        groups: vec![],
    };
    FlagStore::new(config, Environment::Staging, Some(actor), None)
}

fn router() -> Router {
    Router::new(vec![vaos_preset()], VaosTable::default(), Pins::new())
}

fn params(pairs: &[(&str, &str)]) -> VecMap<String, ParamValue> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), ParamValue::Str(v.to_string())))
        .collect()
}

#[test]
fn all_on_routes_to_the_service_and_pins() {
    let mut s = store("u1");
    s.apply_fresh(vaos_doc([true; 4]), None, 0.0);
    let mut r = router();
    let (e, b) = r
        .endpoint(
            "appointments.list",
            &params(&[("start", "2026-01-01"), ("end", "2026-02-01")]),
            &s,
        )
        .unwrap();
    assert_eq!(e.system, System::VaosService);
    assert!(e.url.starts_with("/vaos/v2/appointments?"), "{}", e.url);
    assert!(b.value && b.mixed.is_none());
    assert_eq!(r.pins().peek("group:vaos_service"), Some(true));
}

#[test]
fn a_mixed_group_is_off_for_every_member_and_reported() {
    let mut s = store("u1");
    s.apply_fresh(vaos_doc([true, true, false, true]), None, 0.0);
    let mut r = router();
    let (e, b) = r
        .endpoint("facilities.list", &params(&[("ids", "983")]), &s)
        .unwrap();
    assert_eq!(e.system, System::Legacy);
    let mixed = b.mixed.expect("mixed reported");
    assert_eq!(mixed.members.iter().filter(|(_, on)| *on).count(), 3);
    let (e2, _) = r
        .endpoint("appointments.get", &params(&[("id", "1")]), &s)
        .unwrap();
    assert_eq!(e2.system, System::Legacy);
}

#[test]
fn a_percentage_change_never_moves_a_pinned_user_but_a_rollback_does() {
    // Find an actor inside a 50% shared bucket.
    let actor = (0..500)
        .map(|i| format!("user-{i}"))
        .find(|a| {
            let mut s = store(a);
            s.apply_fresh(vaos_pct_doc("50"), None, 0.0);
            s.is_enabled(VAOS_TOGGLES[0])
        })
        .expect("someone is in 50%");
    let mut s = store(&actor);
    s.apply_fresh(vaos_pct_doc("50"), None, 0.0);
    let mut r = router();
    assert_eq!(r.system(VAOS_TOGGLES[1], &s).0, System::VaosService);

    s.apply_fresh(vaos_pct_doc("0.001"), None, 1.0); // lowered, not rolled back
    let (system, b) = r.system(VAOS_TOGGLES[2], &s);
    assert_eq!((system, b.reason), (System::VaosService, Reason::Pinned));

    s.apply_fresh(vaos_doc([false; 4]), None, 2.0); // rollback: boolean off, no other gate
    let (system, b) = r.system(VAOS_TOGGLES[3], &s);
    assert_eq!(system, System::Legacy);
    assert!(b.pin_dropped);
    assert_eq!(r.pins().peek("group:vaos_service"), Some(false));
}

#[test]
fn shared_bucket_admits_the_same_actors_to_every_member() {
    for i in 0..300 {
        let mut s = store(&format!("actor-{i}"));
        s.apply_fresh(vaos_pct_doc("25"), None, 0.0);
        let values: Vec<bool> = VAOS_TOGGLES.iter().map(|t| s.is_enabled(t)).collect();
        assert!(
            values.iter().all(|v| *v == values[0]),
            "actor-{i} split: {values:?}"
        );
    }
}

#[test]
fn the_curated_flow_is_pinned_and_guards_use_it() {
    let sm = SecureMessaging::default();
    let mut s = store("u1");
    s.apply_fresh(doc(r#"{"data":{"type":"feature_toggles","features":[{"name":"mhv_secure_messaging_curated_list_flow","value":true},{"name":"mhv_secure_messaging_recent_recipients","value":true}]}}"#), None, 0.0);
    let mut r = router();
    let ctx = SmContext {
        recent_care_teams: 2,
        selected_team: None,
    };
    let (route, b) = r.sm_start(&sm, &ctx, &s);
    assert_eq!((route.flow, b.value), (Flow::Curated, true));
    let (next, _) = r.sm_next(&sm, &route.path, "continue", &ctx, &s);
    assert!(next.unwrap().path.ends_with("/new-message/recent/"));
    // The server now says false for the flow toggle: a vets-api false is a rollback for a one-member group.
    s.apply_fresh(doc(r#"{"data":{"type":"feature_toggles","features":[{"name":"mhv_secure_messaging_curated_list_flow","value":false}]}}"#), None, 1.0);
    let (guarded, b) = r.sm_guard(
        &sm,
        "/my-health/secure-messages/new-message/recent/",
        &ctx,
        &s,
    );
    assert!(guarded.redirected && b.pin_dropped);
    assert_eq!(guarded.path, "/my-health/secure-messages/new-message/");
}

#[test]
fn explain_group_tells_pin_and_live_state_without_pinning() {
    let mut s = store("u1");
    s.apply_fresh(vaos_doc([true, false, true, true]), None, 0.0);
    let mut r = router();
    let e = r.explain_group("vaos_service", &s).unwrap();
    assert_eq!((e.value, e.pinned), (false, None));
    assert!(e.explanation.contains("disagree"), "{}", e.explanation);
    r.group("vaos_service", &s);
    s.apply_fresh(vaos_doc([true; 4]), None, 1.0);
    let e = r.explain_group("vaos_service", &s).unwrap();
    assert_eq!(
        (e.value, e.reason, e.pinned),
        (false, Reason::Pinned, Some(false))
    );
    assert!(r.explain_group("nope", &s).is_none());
}

#[test]
fn group_explanations_as_json_text_equal_the_serde_derive() {
    let mut s = store("u1");
    let mut r = router();
    for (i, values) in [[true, false, true, true], [true; 4], [false; 4]]
        .into_iter()
        .enumerate()
    {
        s.apply_fresh(vaos_doc(values), None, i as f64);
        for name in ["vaos_service", "mhv_secure_messaging_curated_list_flow"] {
            if let Some(e) = r.explain_group(name, &s) {
                let hand: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
                assert_eq!(hand, serde_json::to_value(&e).unwrap(), "{name} {values:?}");
            }
        }
        r.group("vaos_service", &s);
    }
}

#[test]
fn a_qa_override_wins_over_the_session_pin_and_clearing_it_restores_the_pin() {
    let sm = SecureMessaging::default();
    let mut s = store("u1");
    s.apply_fresh(doc(r#"{"data":{"type":"feature_toggles","features":[{"name":"mhv_secure_messaging_curated_list_flow","value":false}]}}"#), None, 0.0);
    let mut r = router();
    let ctx = SmContext {
        recent_care_teams: 2,
        selected_team: None,
    };
    let (route, b) = r.sm_start(&sm, &ctx, &s);
    assert_eq!((route.flow, b.value), (Flow::Legacy, false));
    assert_eq!(r.current_flow(), Some(false));
    s.set_override("mhv_secure_messaging_curated_list_flow", true, 1.0)
        .unwrap();
    let (route, b) = r.sm_start(&sm, &ctx, &s);
    assert_eq!(
        (route.flow, b.value, b.reason),
        (Flow::Curated, true, Reason::Override)
    );
    let e = r.explain_group(&r.flow_group.name.clone(), &s).unwrap();
    assert_eq!(
        (e.value, e.reason, e.pinned),
        (true, Reason::Override, Some(false))
    );
    assert!(e.explanation.contains("QA override"), "{}", e.explanation);
    // The pin itself is untouched: clearing the override puts the session back on it.
    s.clear_overrides();
    let (route, b) = r.sm_start(&sm, &ctx, &s);
    assert_eq!((route.flow, b.reason), (Flow::Legacy, Reason::Pinned));
}

#[test]
fn unknown_operations_are_clear_errors() {
    let s = store("u1");
    let err = router()
        .endpoint("appointments.teleport", &VecMap::new(), &s)
        .unwrap_err();
    assert!(err.to_string().contains("appointments.teleport"));
}

fn vets_api_flow(on: bool) -> FlagDocument {
    doc(&format!(
        r#"{{"data":{{"type":"feature_toggles","features":[{{"name":"mhv_secure_messaging_curated_list_flow","value":{on}}}]}}}}"#
    ))
}

#[test]
fn fallbacks_report_the_flow_the_session_is_in_never_a_fresh_one() {
    let sm = SecureMessaging::default();
    let ctx = SmContext::default();
    let mut s = store("u1");
    assert_eq!(
        router().session_flow(),
        None,
        "no boundary, no pin: no flow"
    );

    // A later page: pinned curated on an earlier one, decisions not loaded yet (defaults: off).
    let mut pins = Pins::new();
    pins.at_boundary(FLOW_PIN_KEY, true, false, Reason::Default);
    let mut r = Router::new(vec![vaos_preset()], VaosTable::default(), pins);
    assert_eq!(r.session_flow(), Some(Flow::Curated));

    // A misused `next` (unknown action) is still a boundary: the pin decides, curated.
    let (next, b) = r.sm_next(
        &sm,
        "/my-health/secure-messages/new-message/",
        "jump",
        &ctx,
        &s,
    );
    assert!(next.is_err());
    assert_eq!((b.value, b.reason), (true, Reason::Pinned));
    assert_eq!(r.session_flow(), Some(Flow::Curated));

    // A QA override answers legacy without touching the pin: the fallback follows the answer.
    s.apply_fresh(vets_api_flow(true), None, 0.0);
    s.set_override(CURATED_FLOW_TOGGLE, false, 1.0).unwrap();
    let (next, b) = r.sm_next(&sm, "/nowhere/", "continue", &ctx, &s);
    assert!(next.is_err());
    assert_eq!((b.value, b.reason), (false, Reason::Override));
    assert_eq!(r.session_flow(), Some(Flow::Legacy));
    assert_eq!(r.pins().peek(FLOW_PIN_KEY), Some(true));
    s.clear_overrides();
    assert_eq!(
        r.session_flow(),
        Some(Flow::Legacy),
        "clearing the override changes nothing until the next boundary"
    );
    r.sm_guard(&sm, "/my-health/secure-messages/new-message/", &ctx, &s);
    assert_eq!(r.session_flow(), Some(Flow::Curated));

    // A rollback drops the pin at a boundary, even a misused one; the session is then legacy.
    s.apply_fresh(vets_api_flow(false), None, 2.0);
    assert_eq!(
        r.session_flow(),
        Some(Flow::Curated),
        "not before a boundary"
    );
    let (next, b) = r.sm_next(
        &sm,
        "/my-health/secure-messages/new-message/",
        "continue",
        &ctx,
        &s,
    );
    assert!(matches!(next, Err(RouteError::FlowOff { .. })));
    assert!(b.pin_dropped);
    assert_eq!(r.session_flow(), Some(Flow::Legacy));
}

#[test]
fn fallbacks_report_the_system_of_the_category_group() {
    let mut s = store("u1");
    s.apply_fresh(vaos_doc([true; 4]), None, 0.0);
    let mut r = router();
    assert_eq!(r.session_system(VAOS_TOGGLES[0]), None);
    // A bad parameter after the boundary: the group is resolved and pinned all the same.
    let bad = r.endpoint("appointments.get", &params(&[("id", "..")]), &s);
    assert!(bad.is_err());
    for toggle in VAOS_TOGGLES {
        assert_eq!(
            r.session_system(toggle),
            Some(System::VaosService),
            "{toggle}"
        );
    }
    // A toggle outside every group is its own one-member group.
    assert_eq!(r.session_system("some_toggle"), None);
    assert_eq!(r.system("some_toggle", &s).0, System::Legacy);
    assert_eq!(r.session_system("some_toggle"), Some(System::Legacy));
    // A rollback moves the session only at the next boundary.
    s.apply_fresh(vaos_doc([false; 4]), None, 1.0);
    assert_eq!(r.session_system(VAOS_TOGGLES[1]), Some(System::VaosService));
    assert_eq!(r.system(VAOS_TOGGLES[1], &s).0, System::Legacy);
    assert_eq!(r.session_system(VAOS_TOGGLES[2]), Some(System::Legacy));
}

#[test]
fn the_answers_a_fallback_reads_are_capped_like_the_pins() {
    let s = store("u1");
    let mut r = router();
    for i in 0..(MAX_PINS * 2) {
        r.system(&format!("toggle_{i}"), &s);
    }
    assert_eq!(r.answered.len(), MAX_PINS);
    assert_eq!(r.session_system("toggle_0"), Some(System::Legacy));
    assert_eq!(r.session_system(&format!("toggle_{}", MAX_PINS + 1)), None);
}
