//! vets-api `/v0/feature_toggles` bodies (and any JSON): the parser never panics; a parsed
//! document has sorted, unique, normalised names, survives the cache round trip, and two
//! deserializers of the same data agree.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    va_rollout_fuzz::flags::check_document(data);
});
