//! The hand-written reader against the serde visitors reading the same `json::Value`
//! (`FlagDocument::parse`): the same documents, the same errors and messages, on fixed cases and
//! on generated documents (well-formed, perturbed and random).

use proptest::prelude::*;
use serde_json::{json, Value as J};

use crate::flags::{FlagDocument, MAX_FEATURES, MAX_NAME_LEN, MAX_SET_ENTRIES};
use crate::json::{parse, Value};

fn value(j: &J) -> Value {
    parse(&j.to_string()).expect("serde_json writes JSON")
}

/// Both readers on `j`; panics with the document when they differ.
fn agree(j: &J) {
    let v = value(j);
    let old = FlagDocument::parse(v.clone());
    let new = FlagDocument::read(v);
    assert_eq!(new, old, "{j}");
}

#[test]
fn fixed_cases_agree() {
    let long = "n".repeat(MAX_NAME_LEN + 1);
    let cases = [
        json!(null),
        json!(true),
        json!(3),
        json!(-2.5),
        json!("x"),
        json!([]),
        json!({}),
        json!({"data": {"type": "feature_toggles", "features": [{"name": "aB", "value": true}, {"name": "a_b", "value": false}]}}),
        json!({"data": {"type": 3, "features": []}}),
        json!({"data": {"type": "other\n\"'日本\u{301}", "features": []}}),
        json!({"data": {"features": [{"name": "a", "value": "true"}]}}),
        json!({"data": {"features": [{"name": "a"}]}}),
        json!({"data": {"features": [{"name": "x\u{7f}\t", "extra": 1}]}}),
        json!({"data": {"features": [{"value": true}]}}),
        json!({"data": {"features": [{"name": " ", "value": true}]}}),
        json!({"data": {"features": [{"name": long, "value": true}]}}),
        json!({"data": {"features": [{"name": format!("{}B", "a".repeat(MAX_NAME_LEN - 1)), "value": true}]}}),
        json!({"data": {"features": {"a": true}}}),
        json!({"data": {}}),
        json!({"data": []}),
        json!({"data": {"features": []}, "features": []}),
        json!({"data": {"features": []}, "key": "k"}),
        json!({"features": [{"key": "a"}, {"key": "a"}]}),
        json!({"features": [{"key": null}]}),
        json!({"features": [{"key": ""}]}),
        json!({"features": [{"state": "on"}]}),
        json!({"features": [{"key": 1}]}),
        json!({"features": [{"key": "k", "gates": {}}]}),
        json!({"features": [{"key": "k", "gates": null}]}),
        json!({"features": [{"key": "k", "gates": [1]}]}),
        json!({"features": [{"key": "k", "gates": [{"value": 1}]}]}),
        json!({"features": [{"key": "k", "gates": [{"name": "actor", "value": ["a", 1, 2.5, -3]}]}]}),
        json!({"features": [{"key": "k", "gates": [{"name": "group", "value": ["a", null]}]}]}),
        json!({"features": [{"key": "k", "gates": [{"key": "actors", "value": [["x"], {"a": 1}]}]}]}),
        json!({"features": [{"key": "k", "gates": [{"key": "boolean", "value": [1]}]}]}),
        json!({"features": [{"key": "k", "gates": [{"key": "boolean", "value": "1"}, {"key": "expression", "value": {"Any": []}}]}]}),
        json!({"features": [{"key": "k", "gates": [{"key": "percentage_of_actors", "value": true}]}]}),
        json!({"features": [{"key": "k", "gates": [{"key": "percentage_of_time", "value": 9007199254740993.0_f64}]}]}),
        json!({"features": [{"key": "k", "gates": [{"key": "percentage_of_time", "value": 1e300}]}]}),
        json!({"features": [{"key": "k", "gates": [{"key": "percentage_of_time", "value": "12.5"}]}]}),
        json!({"features": [{"key": "k", "gates": [{"key": "mystery", "value": 1}, {"key": "mystery"}, {"name": "other"}]}]}),
        json!({"gates": [{"key": "actors", "value": [long]}], "key": "k"}),
        json!({"key": "k", "state": 5}),
        json!({"key": "k", "gates": (0..65).map(|_| json!({"key": "boolean"})).collect::<Vec<_>>()}),
        json!({"key": "k", "gates": (0..64).map(|_| json!({"key": "boolean"})).collect::<Vec<_>>()}),
        json!({"features": "x"}),
        json!({"other": 1}),
    ];
    for case in &cases {
        agree(case);
    }
}

#[test]
fn caps_agree_at_and_past_the_limits() {
    let vets = |n: usize| {
        (0..n)
            .map(|i| json!({"name": format!("f{i}"), "value": true}))
            .collect::<Vec<_>>()
    };
    agree(&json!({"data": {"features": vets(MAX_FEATURES)}}));
    agree(&json!({"data": {"features": vets(MAX_FEATURES + 3)}}));
    // The item just past the cap is still read: its own error comes first.
    let mut bad_last = vets(MAX_FEATURES);
    bad_last.push(json!({"name": 1}));
    agree(&json!({"data": {"features": bad_last}}));
    let flipper = |n: usize| {
        (0..n)
            .map(|i| json!({"key": format!("f{i}")}))
            .collect::<Vec<_>>()
    };
    agree(&json!({"features": flipper(MAX_FEATURES + 1)}));
    let actors: Vec<J> = (0..MAX_SET_ENTRIES + 2).map(|i| json!(i)).collect();
    agree(&json!({"key": "k", "gates": [{"key": "actors", "value": actors}]}));
    agree(&json!({"gates": [{"key": "groups", "value": [actors]}]}));
}

fn leaf() -> impl Strategy<Value = J> {
    prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::from),
        prop_oneof![
            Just(0.0),
            Just(1.0),
            Just(-1.0),
            Just(25.0),
            Just(12.5),
            Just(-0.25),
            Just(1e300),
            Just(9.007199254740993e15)
        ]
        .prop_map(|n: f64| json!(n)),
        (0i64..200).prop_map(J::from),
        prop_oneof![
            Just("feature_toggles"),
            Just("true"),
            Just("1"),
            Just("aB"),
            Just("a_b"),
            Just(""),
            Just(" "),
            Just("actor"),
            Just("group"),
            Just("actors"),
            Just("groups"),
            Just("boolean"),
            Just("expression"),
            Just("percentage_of_actors"),
            Just("percentage_of_time"),
            Just("日本\n\"'\u{301}"),
            Just("x\u{0}")
        ]
        .prop_map(J::from),
        Just(J::from("z".repeat(MAX_NAME_LEN + 1))),
    ]
}

const KEYS: &[&str] = &[
    "data", "features", "type", "name", "value", "key", "state", "gates", "extra",
];

/// Random JSON whose object keys come from the document's vocabulary.
fn random() -> impl Strategy<Value = J> {
    leaf().prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                J::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

/// A Flipper gate whose key, name and value are drawn from what documents hold, wrong kinds too.
fn gate() -> impl Strategy<Value = J> {
    let names = prop::sample::select(vec![
        "boolean",
        "expression",
        "actors",
        "actor",
        "groups",
        "group",
        "percentage_of_actors",
        "percentage_of_time",
        "mystery",
    ]);
    let value = prop_oneof![
        leaf(),
        prop::collection::vec(leaf(), 0..4).prop_map(J::Array),
        random()
    ];
    (
        prop::option::of(names.clone()),
        prop::option::of(names),
        value,
    )
        .prop_map(|(key, name, value)| {
            let mut g = serde_json::Map::new();
            if let Some(k) = key {
                g.insert("key".into(), k.into());
            }
            if let Some(n) = name {
                g.insert("name".into(), n.into());
            }
            g.insert("value".into(), value);
            J::Object(g)
        })
}

fn feature() -> impl Strategy<Value = J> {
    let key = prop_oneof![
        prop::sample::select(vec!["a", "b", "c", ""]).prop_map(J::from),
        leaf()
    ];
    (
        prop::option::of(key),
        prop::option::of(leaf()),
        prop::collection::vec(gate(), 0..7),
    )
        .prop_map(|(key, state, gates)| {
            let mut f = serde_json::Map::new();
            if let Some(k) = key {
                f.insert("key".into(), k);
            }
            if let Some(s) = state {
                f.insert("state".into(), s);
            }
            f.insert("gates".into(), J::Array(gates));
            J::Object(f)
        })
}

fn vets_entry() -> impl Strategy<Value = J> {
    let name = prop_oneof![
        3 => prop::sample::select(vec!["aB", "a_b", "fooBar", "FooBar", "x", " y "]).prop_map(J::from),
        1 => leaf(),
    ];
    (
        prop::option::of(name),
        prop::option::of(prop_oneof![3 => any::<bool>().prop_map(J::from), 1 => leaf()]),
    )
        .prop_map(|(name, value)| {
            let mut e = serde_json::Map::new();
            if let Some(n) = name {
                e.insert("name".into(), n);
            }
            if let Some(v) = value {
                e.insert("value".into(), v);
            }
            J::Object(e)
        })
}

fn document() -> impl Strategy<Value = J> {
    prop_oneof![
        prop::collection::vec(feature(), 0..5).prop_map(|f| json!({ "features": f })),
        feature(),
        (
            prop::option::of(leaf()),
            prop::collection::vec(vets_entry(), 0..6)
        )
            .prop_map(|(kind, f)| {
                match kind {
                    Some(k) => json!({"data": {"type": k, "features": f}}),
                    None => json!({"data": {"features": f}}),
                }
            }),
        random(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn generated_documents_read_alike(doc in document()) {
        let v = value(&doc);
        prop_assert_eq!(FlagDocument::read(v.clone()), FlagDocument::parse(v), "{}", doc);
    }

    /// What `write_json` writes reads back to the same document, as `ser`'s JSON does.
    #[test]
    fn written_documents_read_back(doc in document()) {
        if let Ok(parsed) = FlagDocument::read(value(&doc)) {
            let mut text = String::new();
            parsed.write_json(&mut text);
            let serde_text = serde_json::to_string(&parsed).expect("serializes");
            // The same JSON (numbers as numbers), so it reads back as `ser`'s does (unknown gate
            // keys are not written by either).
            prop_assert_eq!(parse(&text), parse(&serde_text));
            let back = FlagDocument::read(parse(&text).expect("parses"));
            prop_assert_eq!(back.clone(), FlagDocument::parse(parse(&serde_text).expect("parses")));
            if let (Ok(FlagDocument::Flipper(back)), FlagDocument::Flipper(orig)) = (back, &parsed) {
                prop_assert!(back.iter().zip(orig).all(|(b, o)| b.gates.actors == o.gates.actors && b.key == o.key));
            }
        }
    }
}
