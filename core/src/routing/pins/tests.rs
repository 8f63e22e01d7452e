use super::*;

const K: &str = "group:vaos_service";

#[test]
fn first_boundary_pins_the_live_value_on_or_off() {
    for live in [true, false] {
        let mut pins = Pins::new();
        let out = pins.at_boundary(K, live, false, Reason::Split);
        assert_eq!(
            out,
            PinOutcome {
                value: live,
                reason: Reason::Split,
                dropped: false,
                pinned_now: true
            }
        );
        assert_eq!(pins.peek(K), Some(live));
        assert!(pins.changed());
    }
}

#[test]
fn later_boundaries_keep_the_pin_even_if_live_changes() {
    let mut pins = Pins::new();
    pins.at_boundary(K, true, false, Reason::Split);
    pins.mark_saved();
    let out = pins.at_boundary(K, false, false, Reason::Disabled);
    assert_eq!(
        out,
        PinOutcome {
            value: true,
            reason: Reason::Pinned,
            dropped: false,
            pinned_now: false
        }
    );
    assert!(!pins.changed(), "reading a pin does not dirty storage");
    let mut off = Pins::new();
    off.at_boundary(K, false, false, Reason::Disabled);
    assert!(
        !off.at_boundary(K, true, false, Reason::Split).value,
        "an off pin stays off"
    );
}

#[test]
fn rollback_drops_an_on_pin_and_stays_off() {
    let mut pins = Pins::new();
    pins.at_boundary(K, true, false, Reason::Split);
    pins.mark_saved();
    let out = pins.at_boundary(K, false, true, Reason::Disabled);
    assert_eq!(
        out,
        PinOutcome {
            value: false,
            reason: Reason::Disabled,
            dropped: true,
            pinned_now: true
        }
    );
    assert!(pins.changed());
    assert_eq!(pins.peek(K), Some(false));
    let again = pins.at_boundary(K, true, false, Reason::Split);
    assert_eq!((again.value, again.reason), (false, Reason::Pinned));
}

#[test]
fn rollback_without_pin_pins_off_and_leaves_off_pins_alone() {
    let mut pins = Pins::new();
    let out = pins.at_boundary(K, true, true, Reason::Disabled);
    assert!(!out.value && !out.dropped && out.pinned_now);
    pins.mark_saved();
    let out = pins.at_boundary(K, false, true, Reason::Disabled);
    assert!(!out.value && !out.dropped && !pins.changed());
}

#[test]
fn peek_changes_nothing() {
    let pins = Pins::new();
    assert_eq!(pins.peek(K), None);
    assert!(!pins.changed());
}

#[test]
fn serializes_versioned_and_restores() {
    let mut pins = Pins::new();
    pins.at_boundary(K, true, false, Reason::Split);
    pins.at_boundary("flow:sm_curated", false, false, Reason::Disabled);
    let json = serde_json::to_string(&pins).unwrap();
    assert_eq!(
        json,
        r#"{"version":1,"pins":{"flow:sm_curated":false,"group:vaos_service":true}}"#
    );
    let back = Pins::restore(serde_json::from_str(&json).unwrap());
    assert_eq!(back.peek(K), Some(true));
    assert!(!back.changed());
}

#[test]
fn restore_discards_other_versions_and_oversized_documents() {
    let v2 =
        Pins::restore(serde_json::from_str(r#"{"version":2,"pins":{"group:x":true}}"#).unwrap());
    assert_eq!(v2.peek("group:x"), None);
    assert!(v2.changed(), "the bad document gets overwritten");
    let long = format!(
        r#"{{"version":1,"pins":{{"{}":true}}}}"#,
        "k".repeat(MAX_PIN_KEY_LEN + 1)
    );
    assert!(Pins::restore(serde_json::from_str(&long).unwrap())
        .pins
        .is_empty());
    assert!(serde_json::from_str::<Pins>(r#"{"version":1,"pins":{"a":"yes"}}"#).is_err());
}

#[test]
fn pin_count_is_capped() {
    let mut pins = Pins::new();
    for i in 0..MAX_PINS {
        assert!(
            pins.at_boundary(&format!("k{i}"), true, false, Reason::Split)
                .pinned_now
        );
    }
    let out = pins.at_boundary("one-too-many", true, false, Reason::Split);
    assert!(out.value && !out.pinned_now);
    assert_eq!(pins.pins.len(), MAX_PINS);
}

/// The hand-written reader and writer against the derives, and the stored document as the
/// previous release wrote it (serde-wasm-bindgen + `JSON.stringify`, keys in order).
#[test]
fn stored_pins_read_and_write_as_the_derives() {
    const STORED: &str =
        r#"{"version":1,"pins":{"flow:sm_curated":true,"group:vaos_service":false}}"#;
    let cases = [
        STORED,
        r#"{"version":1,"pins":{}}"#,
        r#"{"version":2,"pins":{},"other":1}"#,
        r#"{"version":1}"#,
        r#"{"pins":{}}"#,
        r#"{"version":1,"pins":{"a":1}}"#,
        r#"{"version":1,"pins":[]}"#,
        r#"{"version":-1,"pins":{}}"#,
        r#"{"version":1,"pins":{"b":true,"a":false}}"#,
        "null",
        "[]",
    ];
    for text in cases {
        let derived: Result<Pins, String> = crate::json::from_str(text);
        let ours = Pins::read(crate::json::parse(text).expect("json"));
        assert_eq!(ours, derived, "{text}");
    }
    let stored =
        Pins::restore(Pins::read(crate::json::parse(STORED).expect("json")).expect("pins"));
    assert_eq!(stored.peek("flow:sm_curated"), Some(true));
    assert!(!stored.changed());
    assert_eq!(stored.to_json(), STORED);
    assert_eq!(serde_json::to_string(&stored).expect("serde"), STORED);
}
