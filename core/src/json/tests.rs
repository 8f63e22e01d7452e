//! The reader against serde_json (the reference) on hand-written cases and generated values,
//! and `Value` as a deserializer for the crate's configuration types.

use proptest::prelude::*;
use serde_json::Value as J;

use super::{from_str, parse, restore_non_finite, Value, MAX_DEPTH};

/// serde_json's value as ours (the reference conversion).
fn from_serde(v: &J) -> Value {
    match v {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => Value::Num(n.as_f64().unwrap()),
        J::String(s) => Value::Str(s.clone()),
        J::Array(a) => Value::Arr(a.iter().map(from_serde).collect()),
        J::Object(o) => Value::Obj(o.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect()),
    }
}

#[test]
fn reads_what_serde_json_reads() {
    for text in [
        "null",
        " true ",
        "false",
        "0",
        "-0",
        "12",
        "-3.25",
        "1e3",
        "1E-2",
        "2.5e+10",
        r#""a\"b\\c\/\b\f\n\r\t""#,
        r#""\u00e9\u20ac\ud83d\ude00""#,
        "\"ünï\"",
        "[]",
        "[1,[2,[3]]]",
        r#"{"a":1,"b":[true,null],"c":{"d":"e"}}"#,
        " { } ",
    ] {
        let want: J = serde_json::from_str(text).unwrap();
        let got = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(got, from_serde(&want), "{text}");
    }
}

#[test]
fn out_of_range_numbers_are_infinite_like_json_parse() {
    // serde_json refuses these; JSON.parse (what the browser did before) gives ±Infinity.
    assert_eq!(parse("1e400").unwrap(), Value::Num(f64::INFINITY));
    assert_eq!(parse("-1e400").unwrap(), Value::Num(f64::NEG_INFINITY));
}

#[test]
fn refuses_what_serde_json_refuses() {
    for text in [
        "",
        " ",
        "nul",
        "tru",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "+1",
        "NaN",
        "[1,]",
        "[1 2]",
        "{\"a\"}",
        "{\"a\":1,}",
        "{a:1}",
        "'a'",
        "\"abc",
        "\"\\x\"",
        "\"\\u12\"",
        "\"a\u{1}b\"",
        "[",
        "{",
        "1 2",
        "[1]]",
        "\u{feff}1",
    ] {
        assert!(
            serde_json::from_str::<J>(text).is_err(),
            "serde_json accepts {text:?}"
        );
        let e = parse(text).expect_err(text);
        assert!(e.to_string().starts_with("invalid JSON: "), "{e}");
    }
}

#[test]
fn a_repeated_key_keeps_the_last_value_at_the_first_position_like_json_parse() {
    let v = parse(r#"{"a":1,"b":2,"a":3,"c":4,"b":5,"a":6}"#).unwrap();
    let want = Value::Obj(vec![
        ("a".into(), Value::Num(6.0)),
        ("b".into(), Value::Num(5.0)),
        ("c".into(), Value::Num(4.0)),
    ]);
    assert_eq!(v, want);
}

#[test]
fn lone_surrogates_become_replacement_characters() {
    assert_eq!(
        parse(r#""a\ud800b""#).unwrap(),
        Value::Str("a\u{FFFD}b".into())
    );
    assert_eq!(parse(r#""\udc00""#).unwrap(), Value::Str("\u{FFFD}".into()));
    assert_eq!(
        parse(r#""\ud800\u0041""#).unwrap(),
        Value::Str("\u{FFFD}A".into())
    );
}

#[test]
fn nesting_is_capped() {
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&ok).is_ok());
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert!(parse(&deep)
        .unwrap_err()
        .to_string()
        .contains("nesting too deep"));
}

#[test]
fn deserializes_configuration_with_serde_json_messages() {
    use crate::rollout::RolloutConfigInput;
    let text = r#"{"environment":"staging","flags":{"source":"vets-api","names":["a"],"timeoutMs":3000.0},"actor":null}"#;
    let ours: RolloutConfigInput = from_str(text).unwrap();
    let reference: RolloutConfigInput = serde_json::from_str(text).unwrap();
    assert_eq!(ours, reference);
    for bad in [
        r#"{"flags":{"source":"vets-api"},"flagz":{}}"#,
        r#"{"flags":{"source":"vets-api","names":"a"}}"#,
        r#"{"flags":{"source":"vets-api","timeoutMs":"soon"}}"#,
        r#"{"flags":{"source":"vets-api","names":[1]}}"#,
    ] {
        let ours = from_str::<RolloutConfigInput>(bad).unwrap_err();
        let reference = serde_json::from_str::<RolloutConfigInput>(bad)
            .unwrap_err()
            .to_string();
        assert!(
            reference.starts_with(&ours),
            "ours: {ours}\nserde_json: {reference}"
        );
    }
}

#[test]
fn flag_documents_parse_as_with_serde_json() {
    use crate::flags::FlagDocument;
    for text in [
        include_str!("../../../tests/browser-support/fixtures/vets-api-sm.json"),
        r#"{"features":[{"key":"a","state":"on","gates":[{"key":"boolean","name":"boolean","value":"true"}]}]}"#,
        r#"{"features":[{"key":"a","gates":[{"key":"percentage_of_actors","value":"12.5"}]}]}"#,
        r#"{"data":{"features":[{"name":"a","value":"yes"}]}}"#,
        r#"[1,2]"#,
    ] {
        let ours = FlagDocument::parse(parse(text).unwrap());
        let reference = FlagDocument::parse(&mut serde_json::Deserializer::from_str(text));
        match (&ours, &reference) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => assert!(b.to_string().starts_with(&a.to_string()), "{a} / {b}"),
            _ => panic!("{text}: ours {ours:?}, serde_json {reference:?}"),
        }
    }
}

fn json_value() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(J::from),
        (-1e300f64..1e300).prop_map(J::from),
        ".{0,12}".prop_map(J::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
            prop::collection::btree_map("[a-z\u{e9}]{0,4}", inner, 0..6)
                .prop_map(|m| J::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn generated_values_read_back_as_serde_json_wrote_them(v in json_value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&v).unwrap() } else { serde_json::to_string(&v).unwrap() };
        prop_assert_eq!(parse(&text).unwrap(), from_serde(&v));
    }

    #[test]
    fn arbitrary_text_never_panics_and_agrees_on_validity(text in ".{0,40}") {
        let ours = parse(&text).is_ok();
        let reference = serde_json::from_str::<J>(&text).is_ok();
        prop_assert_eq!(ours, reference, "{:?}", text);
    }
}

#[test]
fn non_finite_markers_become_numbers_again() {
    let mut v =
        parse(r#"{"a":"\u0000NaN","b":["\u0000Infinity","\u0000-Infinity","\u0000other","NaN"]}"#)
            .unwrap();
    restore_non_finite(&mut v);
    let Value::Obj(entries) = &v else {
        panic!("{v:?}")
    };
    assert!(matches!(entries[0].1, Value::Num(n) if n.is_nan()));
    let want = Value::Arr(vec![
        Value::Num(f64::INFINITY),
        Value::Num(f64::NEG_INFINITY),
        Value::Str("\u{0}other".into()),
        Value::Str("NaN".into()),
    ]);
    assert_eq!(entries[1].1, want);
}
