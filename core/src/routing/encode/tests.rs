use super::*;
use proptest::prelude::*;

#[test]
fn encodes_everything_but_unreserved() {
    assert_eq!(percent_encode("aZ09-._~"), "aZ09-._~");
    assert_eq!(
        percent_encode("a/b?c#d&e=f g%"),
        "a%2Fb%3Fc%23d%26e%3Df%20g%25"
    );
    assert_eq!(percent_encode("é"), "%C3%A9");
    assert_eq!(percent_encode(""), "");
}

#[test]
fn decodes_leniently() {
    assert_eq!(percent_decode("%2e%2E"), "..");
    assert_eq!(percent_decode("%zz%2"), "%zz%2");
    assert_eq!(percent_decode("%C3%A9x"), "éx");
}

#[test]
fn finds_dot_segments_through_encoding() {
    for bad in [
        ".",
        "..",
        "%2e",
        "%2e%2e",
        "%2E.",
        "%252e%252e",
        "../x",
        "a/..",
        "..\\x",
        "x%2f..",
        "%25252e%25252e",
    ] {
        assert!(hides_dot_segment(bad), "{bad}");
    }
    for good in ["...", "a.b", "983", "a/b", "%2e%2e%2e", "x..", ".hidden"] {
        assert!(!hides_dot_segment(good), "{good}");
    }
}

proptest! {
    #[test]
    fn encode_then_decode_round_trips(s in "\\PC*") {
        let encoded = percent_encode(&s);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        prop_assert_eq!(percent_decode(&encoded), s);
    }
}
