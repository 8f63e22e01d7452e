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

/// The hand readers against the derives on the same `json::Value`.
#[test]
fn hand_readers_agree_with_the_derives() {
    use crate::json::{from_value, parse};
    use crate::vecmap::VecMap;
    let maps = [
        r#"{"b":true,"i":3,"n":-2,"f":1.5,"s":"x","big":1e300}"#,
        r#"{"a":null}"#,
        r#"{"a":[1]}"#,
        r#"{"a":{"b":1}}"#,
        r#"{}"#,
        r#"[]"#,
        r#""x""#,
        r#"null"#,
    ];
    for text in maps {
        let v = parse(text).unwrap();
        assert_eq!(
            ViewValue::read_map(v.clone()),
            from_value::<VecMap<String, ViewValue>>(v),
            "{text}"
        );
    }
    let views = [
        r#"{"kind":"click","name":"n","path":"/p","flow":"curated","attributes":{"a":1},"extra":2}"#,
        r#"{"kind":"click","name":"n","path":"/p"}"#,
        r#"{"kind":"click","name":"n","path":"/p","flow":null,"attributes":{"a":null}}"#,
        r#"{"kind":"click","name":"n"}"#,
        r#"{"name":"n","path":"/p","kind":1}"#,
        r#"{"kind":"click","name":"n","path":"/p","flow":3}"#,
        r#"[1]"#,
        r#"null"#,
    ];
    for text in views {
        let v = parse(text).unwrap();
        assert_eq!(
            EventView::read(v.clone()),
            from_value::<EventView>(v),
            "{text}"
        );
    }
}

#[test]
fn views_as_json_text_equal_the_serde_derive() {
    let attrs = |pairs: &[(&str, ViewValue)]| -> VecMap<String, ViewValue> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    };
    let views = [
        EventView {
            kind: "click".into(),
            name: "sm.\"send\"\n".into(),
            path: "/my-health/secure-messages/new-message/".into(),
            flow: Some("curated".into()),
            attributes: attrs(&[
                ("b", ViewValue::Bool(false)),
                ("f", ViewValue::Num(1.25)),
                ("i", ViewValue::Num(-3.0)),
                ("big", ViewValue::Num(1.0e300)),
                ("s", ViewValue::Str("é \u{1}".into())),
            ]),
        },
        EventView {
            kind: "page".into(),
            name: String::new(),
            path: "/".into(),
            flow: None,
            attributes: VecMap::default(),
        },
    ];
    for v in views {
        // Numbers compare as JS does (serde_json tells -3 from -3.0; JSON.parse does not).
        let hand: EventView = serde_json::from_str(&v.to_json()).unwrap();
        assert_eq!(hand, v);
        let keys = |text: &str| {
            let o: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text).unwrap();
            o.keys().cloned().collect::<Vec<_>>()
        };
        assert_eq!(
            keys(&v.to_json()),
            keys(&serde_json::to_string(&v).unwrap())
        );
        // And the hook's answer reads back to the same view.
        assert_eq!(
            EventView::read(crate::json::parse(&v.to_json()).unwrap()).unwrap(),
            v
        );
    }
}
