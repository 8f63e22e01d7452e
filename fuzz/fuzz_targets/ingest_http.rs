//! The collector's `POST /v1/logs` through the real router (CORS, gzip decoding layer, body limit,
//! handler, SQLite writer): arbitrary bodies, optionally gzip. The status is the one the decoded
//! body calls for (200 with the right counts, 400, 413, 415), never 5xx; errors are small JSON;
//! the server keeps serving (`/healthz` answers 200 after every request). The whole stack, so
//! time-based in scripts/fuzz.sh; the `ingest` target runs the same bodies through the handler's
//! decode path alone (no HTTP, no SQLite) to 10^7 executions.
//! Input (the `ingest` seeds): one mode byte (bits 0-1 content type: json, text/plain, protobuf, none; bits 2-3
//! encoding: none, gzip compressed here, "gzip" label on raw bytes, "br"), then the body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use va_rollout_fuzz::server::{harness, Expect, Shot};

fuzz_target!(|data: &[u8]| {
    let Some(shot) = Shot::from_fuzz(data) else {
        return;
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
