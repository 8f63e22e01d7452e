//! The collector's OTLP/HTTP JSON decoder alone, on arbitrary bytes: never panics; every log
//! record it finds is either a row or counted as rejected; rows hold only validated values.
#![no_main]
use libfuzzer_sys::fuzz_target;
use va_rollout_fuzz::ingest::check_decoded;

fuzz_target!(|data: &[u8]| {
    let _ = check_decoded(data);
});
