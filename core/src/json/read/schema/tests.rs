//! The table-driven reader on its own: document order, `null` handling, required keys,
//! unknown keys, and a builder's defaults.
use super::*;
use crate::json::parse;

static INNER: Struct = Struct {
    name: "struct Inner",
    keys: &["n"],
    deny: false,
    fields: &[Field::req(Shape::Usize)],
};

static OUTER: Struct = Struct {
    name: "struct Outer",
    keys: &["s", "inner", "list", "map", "flag", "kind"],
    deny: true,
    fields: &[
        Field::opt(Shape::Str),
        Field::val(Shape::Obj(&INNER)),
        Field::opt(Shape::List(&Shape::U64)),
        Field::opt(Shape::Map(&Shape::Bool)),
        Field::req(Shape::Bool),
        Field::opt(Shape::Variant(&Enum {
            name: "Kind",
            names: &["a", "b", "c"],
        })),
    ],
};

fn read_text(text: &str) -> Read<Slots> {
    read(parse(text).unwrap(), &OUTER, &no_custom)
}

fn err(text: &str) -> String {
    read_text(text).err().unwrap_or_default()
}

#[test]
fn reads_each_shape_into_its_slot() {
    let mut s = read_text(
        r#"{"s":"x","inner":{"n":3,"other":1},"list":[1,2],"map":{"b":true,"a":false},"flag":false,"kind":"c"}"#,
    )
    .unwrap();
    assert_eq!(s.take(0).str().as_deref(), Some("x"));
    assert_eq!(s.take(1).obj().unwrap().take(0).usize(), Some(3));
    assert_eq!(s.take(2).items(|v| v.int().unwrap()), Some(vec![1, 2]));
    assert_eq!(
        s.take(3).entries(|v| v.bool().unwrap()),
        Some(vec![("b".to_owned(), true), ("a".to_owned(), false)])
    );
    assert_eq!(s.take(4).bool(), Some(false));
    assert_eq!(s.take(5).index(), Some(2));
    // Taken once; out of range is absent.
    assert!(!s.take(0).present());
    assert!(!s.take(99).present());
}

#[test]
fn null_is_absent_only_where_the_field_is_optional() {
    let mut s = read_text(r#"{"s":null,"flag":true,"list":null}"#).unwrap();
    assert!(!s.take(0).present());
    assert!(!s.take(1).present());
    assert!(!s.take(2).present());
    assert_eq!(
        err(r#"{"flag":null}"#),
        "invalid type: unit value, expected a boolean"
    );
    assert_eq!(
        err(r#"{"flag":true,"inner":null}"#),
        "invalid type: unit value, expected struct Inner"
    );
}

#[test]
fn the_first_problem_in_document_order_is_the_error() {
    // An unknown key before a bad value, a bad value before a missing key.
    assert_eq!(
        err(r#"{"x":1,"s":2}"#),
        "unknown field `x`, expected one of `s`, `inner`, `list`, `map`, `flag`, `kind`"
    );
    assert_eq!(
        err(r#"{"s":2,"x":1}"#),
        "invalid type: integer `2`, expected a string"
    );
    assert_eq!(err(r#"{"s":"a"}"#), "missing field `flag`");
    // A nested object's missing key is reported when that object ends, before later siblings.
    assert_eq!(err(r#"{"inner":{},"x":1}"#), "missing field `n`");
    assert_eq!(
        err(r#"{"flag":true,"list":[1,-1]}"#),
        "invalid value: integer `-1`, expected u64"
    );
    assert_eq!(
        err(r#"{"flag":true,"map":{"a":1}}"#),
        "invalid type: integer `1`, expected a boolean"
    );
    assert_eq!(
        err(r#"{"flag":true,"kind":"d"}"#),
        "unknown variant `d`, expected one of `a`, `b`, `c`"
    );
    assert_eq!(err("[]"), "invalid type: sequence, expected struct Outer");
}

#[test]
fn a_custom_reader_keeps_its_value_and_its_error() {
    fn even(_: u8, v: Value) -> Read<Box<dyn Any>> {
        match v {
            Value::Num(n) if n % 2.0 == 0.0 => Ok(Box::new(n as u32)),
            _ => Err("not even".to_owned()),
        }
    }
    static EVEN: Struct = Struct {
        name: "struct Even",
        keys: &["n"],
        deny: true,
        fields: &[Field::opt(Shape::Custom(0))],
    };
    let mut s = read(parse(r#"{"n":4}"#).unwrap(), &EVEN, &even).unwrap();
    assert_eq!(s.take(0).custom::<u32>(), Some(4));
    let mut s = read(parse(r#"{"n":4}"#).unwrap(), &EVEN, &even).unwrap();
    assert_eq!(s.take(0).custom::<String>(), None);
    assert_eq!(
        read(parse(r#"{"n":3}"#).unwrap(), &EVEN, &even)
            .err()
            .as_deref(),
        Some("not even")
    );
}
