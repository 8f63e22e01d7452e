//! The collector's ingest path without HTTP or SQLite, for the `ingest` target: the handler's
//! public pieces in the handler's order (content type and encoding from the headers, the body
//! cap, gzip decoding with its cap, the OTLP parse with every invariant of
//! [`check_decoded`](crate::ingest::check_decoded)). `ingest_http` sends the same requests
//! through the whole stack.

use crate::server::Shot;
use axum::http::{header, HeaderMap, HeaderValue};
use va_rollout_collector::ingest::handler::{accepted_content_type, body_encoding, gunzip};
use va_rollout_collector::ingest::otlp::RequestError;

/// What the handler's decode path made of a request.
#[derive(Debug)]
pub struct Handled {
    /// The status the handler answers with (before storing: 200 once the body parsed).
    pub status: u16,
    /// For a 200: the request's rows and rejected records.
    pub stored: Option<(usize, usize)>,
    /// The bytes handed to the OTLP parser, if it got that far (after gzip decoding).
    pub plain: Option<Vec<u8>>,
}

fn refused(status: u16) -> Handled {
    Handled {
        status,
        stored: None,
        plain: None,
    }
}

/// The headers `shot` is sent with.
pub fn headers(shot: &Shot<'_>) -> HeaderMap {
    let mut h = HeaderMap::new();
    if let Some(ct) = shot.content_type {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(ct_static(ct)),
        );
    }
    if let Some(enc) = shot.content_encoding() {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(enc));
    }
    h
}

/// The content types of [`Shot::from_fuzz`] are constants; anything else is sent as none.
fn ct_static(ct: &str) -> &'static str {
    [
        "application/json",
        "text/plain;charset=UTF-8",
        "application/x-protobuf",
    ]
    .into_iter()
    .find(|c| *c == ct)
    .unwrap_or("")
}

/// `shot` through the handler's decode path with a body cap of `limit` bytes.
pub fn decode_as_handler(shot: &Shot<'_>, limit: usize) -> Handled {
    let h = headers(shot);
    let gzip = match body_encoding(&h) {
        Some(gzip) if accepted_content_type(&h) => gzip,
        _ => return refused(415),
    };
    let raw = shot.wire_body();
    if raw.len() > limit {
        return refused(413);
    }
    let plain = if gzip {
        match gunzip(&raw, limit) {
            Ok(plain) => plain,
            Err(e) => return refused(e.status().as_u16()),
        }
    } else {
        raw
    };
    assert!(plain.len() <= limit, "gunzip passed its cap");
    let (status, stored) = match crate::ingest::check_decoded(&plain) {
        Ok(p) => (200, Some((p.rows.len(), p.rejected))),
        Err(RequestError::TooManyRecords) => (413, None),
        Err(RequestError::Malformed(_)) => (400, None),
    };
    Handled {
        status,
        stored,
        plain: Some(plain),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::{Expect, FUZZ_MAX_BODY_BYTES};

    fn handled(data: &[u8]) -> Handled {
        decode_as_handler(&Shot::from_fuzz(data).unwrap(), FUZZ_MAX_BODY_BYTES)
    }

    #[test]
    fn seeds_get_the_status_their_mode_and_body_call_for() {
        // An SDK batch as JSON, and the same body gzip-compressed by the harness as text/plain.
        let batch = include_bytes!("../corpus/ingest/sdk-batch-json");
        let plain = handled(batch);
        assert_eq!(plain.status, 200, "{plain:?}");
        let (rows, rejected) = plain.stored.unwrap();
        assert!(rows > 1 && rejected == 0, "{plain:?}");
        let mut gz = batch.to_vec();
        gz[0] = 5;
        let zipped = handled(&gz);
        assert_eq!((zipped.status, zipped.stored), (200, Some((rows, 0))));
        assert_eq!(zipped.plain.as_deref(), Some(&batch[1..]));
        // Raw bytes labelled gzip: not a gzip stream.
        assert_eq!(handled(b"\x08{\"resourceLogs\":[]}").status, 400);
        // Brotli, protobuf and no content type: 415; a body over the cap: 413; not JSON: 400.
        for mode in [12u8, 2, 3] {
            assert_eq!(handled(&[mode, b'{', b'}']).status, 415, "mode {mode}");
        }
        let mut big = vec![0u8; FUZZ_MAX_BODY_BYTES + 2];
        big[1] = b' ';
        assert_eq!(handled(&big).status, 413);
        assert_eq!(handled(b"\x00{nope").status, 400);
    }

    #[test]
    fn a_gzip_bomb_is_too_large() {
        let zeros = vec![b' '; FUZZ_MAX_BODY_BYTES * 4];
        let mut enc = flate2::write::GzEncoder::new(vec![8u8], flate2::Compression::best());
        std::io::Write::write_all(&mut enc, &zeros).unwrap();
        let data = enc.finish().unwrap();
        let shot = Shot::from_fuzz(&data).unwrap();
        let got = decode_as_handler(&shot, FUZZ_MAX_BODY_BYTES);
        assert_eq!(got.status, 413, "{got:?}");
        let expect = Expect::before_body(&shot, FUZZ_MAX_BODY_BYTES).unwrap();
        assert!(expect.allows(got.status, got.stored));
    }
}
