use super::*;

#[test]
fn content_types() {
    let mut h = HeaderMap::new();
    assert!(!accepted_content_type(&h));
    for (ct, ok) in [
        ("application/json", true),
        ("application/json; charset=utf-8", true),
        ("text/plain;charset=UTF-8", true),
        ("Application/JSON", true),
        ("application/x-protobuf", false),
        ("multipart/form-data", false),
    ] {
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
        assert_eq!(accepted_content_type(&h), ok, "{ct}");
    }
}

/// Found by fuzz/ingest: an unsupported encoding was refused by the decompression layer with
/// an empty 415 body; the handler now refuses it with the JSON error (see tests/ingest.rs).
#[test]
fn content_encodings() {
    let mut h = HeaderMap::new();
    assert!(accepted_content_encoding(&h));
    for (enc, ok) in [
        ("identity", true),
        ("br", false),
        ("deflate", false),
        ("gzip", false),
        ("x", false),
    ] {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(enc));
        assert_eq!(accepted_content_encoding(&h), ok, "{enc}");
    }
}
