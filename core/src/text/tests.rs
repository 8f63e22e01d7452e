use super::{D, F, Q};
use proptest::prelude::*;

#[test]
fn pieces_join_as_format_writes_them() {
    let name = String::from("a\"b\nc");
    let n: usize = 12;
    assert_eq!(
        text![
            "name ",
            Q(&name),
            " is ",
            n,
            " bytes, ",
            -3i64,
            ' ',
            F(0.5),
            " ",
            D(2.0)
        ],
        format!("name {name:?} is {n} bytes, {} {} {:?}", -3, 0.5, 2.0)
    );
    let mut out = String::from(">");
    push_text!(&mut out, "\n  - ", &name, u64::MAX);
    assert_eq!(out, format!(">\n  - {name}{}", u64::MAX));
}

#[test]
fn quoted_strings_escape_as_debug_does() {
    for s in [
        "",
        "plain",
        "q\"uote",
        "back\\slash",
        "it's",
        "tab\tnl\nc\r",
        "\u{0}\u{7f}",
        "é\u{301}",
        "\u{200b}\u{2028}",
        "😀",
    ] {
        assert_eq!(text![Q(s)], format!("{s:?}"), "{s:?}");
    }
}

proptest! {
    #[test]
    fn quoted_matches_debug(s in any::<String>()) {
        prop_assert_eq!(text![Q(&s)], format!("{s:?}"));
    }

    #[test]
    fn integers_match_display(a in any::<u64>(), b in any::<i64>(), c in any::<i32>(), d in any::<usize>()) {
        prop_assert_eq!(text![a, ' ', b, ' ', c, ' ', d], format!("{a} {b} {c} {d}"));
    }
}
