use super::*;
use proptest::prelude::*;

proptest! {
    #[test]
    fn underscore_is_idempotent_and_total(name in "\\PC{0,40}") {
        let once = underscore(&name);
        prop_assert_eq!(underscore(&once), once.clone());
        prop_assert!(!once.bytes().any(|b| b.is_ascii_uppercase() || b == b'-'));
    }

    /// Words of two or more letters survive camelCase → snake_case. (Single letters do not,
    /// in Rails either: `"aAA".underscore == "a_aa"`.)
    #[test]
    fn camel_and_snake_forms_meet(words in proptest::collection::vec("[a-z]{2,6}[0-9]?", 1..5)) {
        let snake = words.join("_");
        let camel: String = words.iter().enumerate().map(|(i, w)| {
            if i == 0 { w.clone() } else { w[..1].to_ascii_uppercase() + &w[1..] }
        }).collect();
        prop_assert_eq!(underscore(&camel), underscore(&snake));
    }
}

#[test]
fn rails_underscore_examples() {
    assert_eq!(
        underscore("vaOnlineSchedulingVAOSServiceVAAppointments"),
        "va_online_scheduling_vaos_service_va_appointments"
    );
    assert_eq!(
        underscore("vaOnlineSchedulingVaosServiceVaAppointments"),
        "va_online_scheduling_vaos_service_va_appointments"
    );
    assert_eq!(underscore("facilitiesServiceV2"), "facilities_service_v2");
    assert_eq!(
        underscore("vaOnlineSchedulingFacilitiesServiceV2"),
        "va_online_scheduling_facilities_service_v2"
    );
    assert_eq!(
        underscore("va_online_scheduling_booking_exclusion\t"),
        "va_online_scheduling_booking_exclusion"
    );
    assert_eq!(underscore("HTMLParser"), "html_parser");
    assert_eq!(underscore("a1Bc"), "a1_bc");
    assert_eq!(underscore("already_snake"), "already_snake");
    assert_eq!(underscore("aBC"), "a_bc");
    assert_eq!(underscore("aB1C"), "a_b1_c");
    assert_eq!(underscore("ABCDef1GHi"), "abc_def1_g_hi");
    assert_eq!(underscore("my-flag"), "my_flag");
    assert_eq!(underscore(""), "");
    // Ruby's `[a-z]` is ASCII only: `é` before `F` is not a split point.
    assert_eq!(underscore("ÉtéFlag"), "étéflag");
}

#[test]
fn snake_names() {
    assert!(is_snake_name("mhv_secure_messaging_2"));
    assert!(!is_snake_name(""));
    assert!(!is_snake_name("Camel"));
    assert!(!is_snake_name("with space"));
    assert!(!is_snake_name(&"a".repeat(101)));
}
