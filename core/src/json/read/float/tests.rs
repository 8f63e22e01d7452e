use super::parse_f64;
use proptest::prelude::*;

fn same(text: &str) {
    let want = text.parse::<f64>().ok().map(f64::to_bits);
    assert_eq!(parse_f64(text).map(f64::to_bits), want, "{text}");
}

#[test]
fn edge_cases_match_std() {
    for t in [
        "0",
        "-0",
        "+0",
        "0.0",
        "-0.0",
        "1",
        "-1",
        "+1",
        ".5",
        "5.",
        "+.5",
        "-.5",
        "0.1",
        "0.2",
        "0.3",
        "1e22",
        "1e23",
        "9007199254740993",
        "9007199254740992.5",
        "123456789012345678",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "1e309",
        "2.2250738585072014e-308",
        "2.2250738585072011e-308",
        "4.9e-324",
        "5e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "1e-324",
        "3e-324",
        "1e-400",
        "1e99999999999",
        "0e99999999999",
        "1e-99999999999",
        "0.000001",
        "123.456e-7",
        "2.2250738585072012e-308",
        "8.98846567431158e307",
        "1.00000000000000011102230246251565",
        "1.00000000000000011102230246251566",
        "0.1000000000000000055511151231257827",
        "7.2057594037927933e16",
        "4503599627370496.5",
        "4503599627370497.5",
        "1E5",
        "1e+5",
        "1e-5",
        "00012",
        "0.00000",
        "179769313486231580793728971405301e276",
    ] {
        same(t);
    }
    // A halfway point spelled with more digits than MAX_DIGITS, then a non-zero tail.
    let half = format!(
        "1.00000000000000011102230246251565404236316680908203125{}",
        "0".repeat(900)
    );
    same(&half);
    same(&format!("{half}1"));
    same(&format!("{}e-1200", "1".repeat(1000)));
    same(&format!("{}e-500", "9".repeat(850)));
}

#[test]
fn refuses_what_is_not_a_decimal() {
    for t in [
        "", "-", "+", ".", "e5", "1e", "1e+", "1.-5", "1_0", "inf", "NaN", "1.2.3", " 1", "1 ",
    ] {
        assert_eq!(parse_f64(t), None, "{t}");
    }
}

proptest! {
    #[test]
    fn matches_std_on_random_decimals(
        int in "[0-9]{0,25}",
        frac in proptest::option::of("[0-9]{0,25}"),
        exp in proptest::option::of(-350i32..350),
        neg in any::<bool>(),
    ) {
        let mut t = String::from(if neg { "-" } else { "" });
        t.push_str(&int);
        if let Some(f) = &frac {
            t.push('.');
            t.push_str(f);
        }
        if let Some(e) = exp {
            t.push_str(&format!("e{e}"));
        }
        same(&t);
    }

    #[test]
    fn matches_std_on_random_doubles(bits in any::<u64>()) {
        let v = f64::from_bits(bits);
        prop_assume!(v.is_finite());
        same(&format!("{v:e}"));
        same(&format!("{v}"));
        same(&format!("{:.17e}", v));
    }
}
