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
/// an empty 415 body; the handler refuses it with the JSON error (see tests/ingest.rs).
#[test]
fn content_encodings() {
    let mut h = HeaderMap::new();
    assert_eq!(body_encoding(&h), Some(false));
    for (enc, want) in [
        ("identity", Some(false)),
        ("gzip", Some(true)),
        ("GZIP", Some(true)),
        ("br", None),
        ("deflate", None),
        ("gzip, br", None),
        ("x", None),
    ] {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(enc));
        assert_eq!(body_encoding(&h), want, "{enc}");
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

#[test]
fn gunzip_is_bounded_by_the_decoded_size() {
    let plain = vec![b'a'; 10_000];
    let packed = gzip(&plain);
    assert_eq!(gunzip(&packed, 10_000).expect("fits"), plain);
    assert!(matches!(
        gunzip(&packed, 9_999),
        Err(ApiError::PayloadTooLarge)
    ));
    assert!(matches!(
        gunzip(b"definitely not gzip", 10_000),
        Err(ApiError::BadRequest(_))
    ));
    assert!(matches!(
        gunzip(&packed[..packed.len() / 2], 10_000),
        Err(ApiError::BadRequest(_))
    ));
}
