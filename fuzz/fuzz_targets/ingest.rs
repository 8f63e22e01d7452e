//! The collector's `POST /v1/logs` through the real router (CORS, gzip decoding layer, body limit,
//! handler, SQLite writer): arbitrary bodies, optionally gzip. The status is the one the decoded
//! body calls for (200 with the right counts, 400, 413, 415), never 5xx; errors are small JSON;
//! the server keeps serving (`/healthz` answers 200 after every request).
//! Input: one mode byte (bits 0-1 content type: json, text/plain, protobuf, none; bits 2-3
//! encoding: none, gzip compressed here, "gzip" label on raw bytes, "br"), then the body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use va_rollout_fuzz::server::{harness, Encoding, Expect, Shot};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let content_type = [
        Some("application/json"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-protobuf"),
        None,
    ][usize::from(mode & 3)];
    let encoding = [
        Encoding::Identity,
        Encoding::Gzip,
        Encoding::RawLabeledGzip,
        Encoding::Brotli,
    ][usize::from(mode >> 2 & 3)];
    let shot = Shot {
        content_type,
        encoding,
        body,
    };
    let h = harness();
    let expect = Expect::of(&shot, h.max_body_bytes);
    let got = h.post_logs(&shot);
    expect.check(&got);
    assert_eq!(
        h.health(),
        200,
        "the collector stopped serving after {shot:?}"
    );
});
