//! Each reader against serde's derive-side reading of the same `Value` (`json::from_value`):
//! the same values, the same messages.
use super::*;
use crate::json::{from_value, parse};
use serde::Deserialize;

const VALUES: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-0",
    "3",
    "3.0",
    "-3",
    "1.5",
    "-2.25",
    "1e300",
    "9007199254740993",
    "4294967296",
    "18446744073709551616",
    "\"a\"",
    "\"\\u0000function\"",
    "\"x\\\"y\"",
    "[]",
    "[\"a\",\"b\"]",
    "[1]",
    "{}",
    "{\"a\":true}",
    "{\"a\":1}",
    "{\"all-or-none\":null}",
    "{\"all-or-none\":1}",
    "{\"other\":null}",
    "\"all-or-none\"",
    "\"x\"",
];

/// `ours` and serde's reading of `T` agree on every value of [`VALUES`].
fn agree<T: for<'de> Deserialize<'de> + PartialEq + core::fmt::Debug>(ours: fn(Value) -> Read<T>) {
    for text in VALUES {
        let v = parse(text).unwrap();
        let reference = from_value::<T>(v.clone());
        assert_eq!(ours(v), reference, "{text}");
    }
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Policy {
    AllOrNone,
}

/// NaN is not equal to itself: compare it as 0.
fn number_not_nan(v: Value) -> Read<f64> {
    number(v).map(|n| if n.is_nan() { 0.0 } else { n })
}

#[test]
fn maps_read_as_serde_reads_them() {
    for text in VALUES {
        let v = parse(text).unwrap();
        let ours =
            map(v.clone(), boolean).map(|m| m.into_iter().collect::<crate::vecmap::VecMap<_, _>>());
        assert_eq!(ours, from_value(v), "{text}");
    }
}

#[test]
fn scalars_lists_maps_and_variants_read_as_serde_reads_them() {
    agree::<String>(string);
    agree::<bool>(boolean);
    agree::<f64>(number_not_nan);
    agree::<usize>(usize);
    agree::<u64>(|v| unsigned(v, u64::MAX, "u64"));
    agree::<Vec<String>>(strings);
    agree::<Option<String>>(|v| opt(v, string));
    agree::<Policy>(|v| variant(v, "Policy", &["all-or-none"]).map(|_| Policy::AllOrNone));
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Two {
    first: String,
    #[serde(default)]
    second_one: Option<bool>,
}

fn read_two(v: Value) -> Read<Two> {
    let mut f = Fields::of(v, "struct Two", &["first", "secondOne"], true)?;
    let (mut first, mut second_one) = (None, None);
    while let Some((i, v)) = f.next()? {
        match i {
            0 => first = Some(string(v)?),
            _ => second_one = opt(v, boolean)?,
        }
    }
    Ok(Two {
        first: first.ok_or_else(|| missing("first"))?,
        second_one,
    })
}

#[test]
fn structs_refuse_unknown_keys_and_report_the_first_problem_in_document_order() {
    for text in [
        r#"{"first":"a"}"#,
        r#"{"first":"a","secondOne":null}"#,
        r#"{"secondOne":true}"#,
        r#"{"first":"a","third":1}"#,
        r#"{"third":1,"first":2}"#,
        r#"{"first":2,"third":1}"#,
        r#"{"first":"a","first":"b"}"#,
        r#"[]"#,
        r#"null"#,
    ] {
        let v = parse(text).unwrap();
        assert_eq!(read_two(v.clone()), from_value::<Two>(v), "{text}");
    }
}
