//! `WasmRollout.evaluateFor` in headless Chromium: Flipper's verdict for other actors from a
//! bootstrap document, consistent with the decision a rollout started for that actor makes, and
//! `false` for server-evaluated (vets-api) sources. No network.
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)] // each test binary uses a part of the shared helpers
mod browser_support;

use browser_support::rollout_helpers as helpers;

use helpers::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const FLIPPER_DOC: &str = r#"{"features":[{"key":"feat","gates":[{"key":"boolean","value":null},{"key":"actors","value":["vip"]},{"key":"percentage_of_actors","value":"50"}]}]}"#;

fn flipper(actor: &str) -> String {
    format!(
        r#"{{"environment":"staging","flags":{{"source":"flipper","names":["feat"],"bootstrap":{FLIPPER_DOC}}}{actor}}}"#
    )
}

fn clear_storage() {
    let w = web_sys::window().expect("window");
    w.local_storage().ok().flatten().map(|s| s.clear());
    w.session_storage().ok().flatten().map(|s| s.clear());
}

#[wasm_bindgen_test]
fn agrees_with_a_rollout_started_for_each_actor_and_leaves_the_own_decision_alone() {
    clear_storage();
    let anonymous = start(&flipper(""));
    assert!(
        !anonymous.is_enabled("feat"),
        "no actor: a percentage gate cannot open"
    );
    assert!(anonymous.evaluate_for("feat", "vip"), "actors gate");
    let (mut on, mut off) = (0, 0);
    for i in 0..200 {
        let id = format!("user-{i}@example.com");
        let own = start(&flipper(&format!(r#","actor":{{"id":"{id}"}}"#)));
        assert_eq!(
            anonymous.evaluate_for("feat", &id),
            own.is_enabled("feat"),
            "{id}"
        );
        if own.is_enabled("feat") {
            on += 1
        } else {
            off += 1
        }
    }
    assert!(
        on > 0 && off > 0,
        "a 50% gate splits 200 actors both ways ({on} on, {off} off)"
    );
    assert!(
        !anonymous.is_enabled("feat"),
        "the rollout's own decision is unchanged"
    );
    assert!(!anonymous.evaluate_for("unknown", "vip"));
}

#[wasm_bindgen_test]
fn vets_api_values_are_not_per_actor() {
    clear_storage();
    let r = start(
        r#"{"environment":"staging","flags":{"source":"vets-api","names":["feat"],"bootstrap":{"data":{"features":[{"name":"feat","value":true}]}}}}"#,
    );
    assert!(r.is_enabled("feat"));
    assert!(!r.evaluate_for("feat", "anyone"));
}
