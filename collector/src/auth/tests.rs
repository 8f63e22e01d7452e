use super::*;
use axum::http::HeaderValue;

#[test]
fn equality() {
    assert!(constant_time_eq(b"abc", b"abc"));
    assert!(!constant_time_eq(b"abc", b"abd"));
    assert!(!constant_time_eq(b"abc", b"abcd"));
    assert!(!constant_time_eq(b"", b"a"));
    assert!(constant_time_eq(b"", b""));
}

#[test]
fn headers() {
    let mut h = HeaderMap::new();
    assert!(!is_admin(&h, "t0k"));
    h.insert("authorization", HeaderValue::from_static("Bearer t0k"));
    assert!(is_admin(&h, "t0k"));
    assert!(!is_admin(&h, "t0k2"));
    let mut h = HeaderMap::new();
    h.insert(ADMIN_TOKEN_HEADER, HeaderValue::from_static("t0k"));
    assert!(is_admin(&h, "t0k"));
}

#[test]
fn generated_tokens_differ() {
    let a = generate_token();
    assert_eq!(a.len(), 32);
    assert_ne!(a, generate_token());
}
