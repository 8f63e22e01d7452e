use super::*;
use proptest::prelude::*;

fn enc(s: &str) -> String {
    let mut out = String::new();
    write_str(&mut out, s);
    out
}

#[test]
fn escapes() {
    assert_eq!(
        enc("a\"b\\c\n\u{1}\u{7f}é\u{2028}"),
        "\"a\\\"b\\\\c\\n\\u0001\u{7f}é\\u2028\""
    );
    let mut out = String::new();
    for v in [1.5, -0.0, 1e300, f64::NAN, f64::INFINITY] {
        write_f64(&mut out, v);
        out.push(' ');
    }
    assert_eq!(out, "1.5 -0.0 1e300 null null ");
}

#[test]
fn sequences() {
    let mut out = String::new();
    let mut o = Seq::object(&mut out);
    o.str("a", "x");
    let mut arr = Seq::array(o.key("b"));
    arr.item().push('1');
    arr.item().push('2');
    arr.end();
    o.raw("c", "true");
    o.end();
    assert_eq!(out, r#"{"a":"x","b":[1,2],"c":true}"#);
}

#[test]
fn integers() {
    let mut out = String::new();
    for n in [0, 7, -7, 1_000_000, i64::MIN, i64::MAX] {
        write_i64(&mut out, n);
        out.push(' ');
    }
    write_u64(&mut out, u64::MAX);
    assert_eq!(
        out,
        format!("0 7 -7 1000000 {} {} {}", i64::MIN, i64::MAX, u64::MAX)
    );
}

proptest! {
    #[test]
    fn any_integer_is_its_decimal(n in any::<i64>()) {
        let mut out = String::new();
        write_i64(&mut out, n);
        prop_assert_eq!(out, n.to_string());
    }

    #[test]
    fn any_string_survives(s in any::<String>()) {
        let parsed: String = serde_json::from_str(&enc(&s)).unwrap();
        prop_assert_eq!(parsed, s);
    }

    #[test]
    fn any_float_parses(v in any::<f64>()) {
        let mut out = String::new();
        write_f64(&mut out, v);
        let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
        // serde_json (without float_roundtrip) may be off by an ulp; Rust's parser is exact.
        if v.is_finite() { prop_assert!(parsed.is_number()); prop_assert_eq!(out.parse::<f64>().ok(), Some(v)); } else { prop_assert!(parsed.is_null()); }
    }
}
