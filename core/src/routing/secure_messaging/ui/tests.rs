use super::*;

#[test]
fn care_system_picker_thresholds() {
    for (n, want) in [
        (0, Picker::Auto),
        (1, Picker::Auto),
        (2, Picker::Radio),
        (5, Picker::Radio),
        (6, Picker::Dropdown),
        (40, Picker::Dropdown),
    ] {
        assert_eq!(care_system_picker(n), want, "{n}");
    }
    assert_eq!(
        serde_json::to_string(&Picker::Dropdown).unwrap(),
        "\"dropdown\""
    );
}

#[test]
fn update_contact_list_needs_a_vista_system() {
    let oh = CareSystem {
        oracle_health: true,
    };
    let vista = CareSystem {
        oracle_health: false,
    };
    assert!(!show_update_contact_list(&[]));
    assert!(!show_update_contact_list(&[oh, oh]));
    assert!(show_update_contact_list(&[oh, vista]));
    assert!(show_update_contact_list(&[vista]));
    let parsed: Vec<CareSystem> = serde_json::from_str(r#"[{"oracleHealth":true},{}]"#).unwrap();
    assert_eq!(parsed, [oh, vista]);
}
