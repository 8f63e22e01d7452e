//! The collector's ingest path for an OTLP/HTTP body, without HTTP and SQLite (the parser
//! target, run to 10^7 executions): content type and encoding from the headers, the body cap,
//! gzip decoding with its cap (bodies compressed here, and raw bytes labelled gzip: corrupt
//! streams, bombs), then the OTLP decode with every invariant of `otlp_decode`. The status is the
//! one the request calls for (415, 413, 400, or 200 with the decoded rows); a body compressed here
//! decodes to exactly the bytes sent. `ingest_http` sends the same inputs through the router and
//! SQLite (time-based).
//! Input: one mode byte (bits 0-1 content type: json, text/plain, protobuf, none; bits 2-3
//! encoding: none, gzip compressed here, "gzip" label on raw bytes, "br"), then the body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use va_rollout_fuzz::decode_path::decode_as_handler;
use va_rollout_fuzz::server::{Expect, Shot, FUZZ_MAX_BODY_BYTES};

fuzz_target!(|data: &[u8]| {
    let Some(shot) = Shot::from_fuzz(data) else {
        return;
    };
    let got = decode_as_handler(&shot, FUZZ_MAX_BODY_BYTES);
    match Expect::before_body(&shot, FUZZ_MAX_BODY_BYTES) {
        Some(expect) => assert!(
            expect.allows(got.status, got.stored),
            "{got:?} for {shot:?}: expected {expect:?}"
        ),
        // The body decides (its status is the decoded body's, checked as `otlp_decode` checks
        // it): the handler parsed exactly the body sent (the gzip round trip is lossless).
        None => assert_eq!(
            got.plain.as_deref(),
            Some(shot.body),
            "decoded body differs"
        ),
    }
});
