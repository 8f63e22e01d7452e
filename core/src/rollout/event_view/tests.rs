use super::*;
use std::collections::BTreeMap;

#[test]
fn primitives_deserialize_and_everything_else_is_refused() {
    let m: BTreeMap<String, ViewValue> =
        serde_json::from_str(r#"{"b":true,"i":3,"n":-2,"f":1.5,"s":"x"}"#).unwrap();
    let want = [
        ("b", ViewValue::Bool(true)),
        ("f", ViewValue::Num(1.5)),
        ("i", ViewValue::Num(3.0)),
        ("n", ViewValue::Num(-2.0)),
        ("s", ViewValue::Str("x".into())),
    ];
    assert_eq!(
        m.into_iter().collect::<Vec<_>>(),
        want.map(|(k, v)| (k.to_string(), v)).to_vec()
    );
    for bad in [
        r#"{"a":null}"#,
        r#"{"a":{}}"#,
        r#"{"a":[1]}"#,
        r#"{"a":1,"b":{"c":2}}"#,
    ] {
        assert!(
            serde_json::from_str::<BTreeMap<String, ViewValue>>(bad).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn serializes_as_the_bare_value() {
    let v = [
        ViewValue::Bool(false),
        ViewValue::Num(2.5),
        ViewValue::Str("y".into()),
    ];
    assert_eq!(serde_json::to_string(&v).unwrap(), r#"[false,2.5,"y"]"#);
}
