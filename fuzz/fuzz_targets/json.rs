//! The core's JSON reader (configuration, flag documents, storage values) on arbitrary text:
//! never panics, accepts and refuses what serde_json does (except where it follows `JSON.parse`
//! on purpose), gives the same values, and reads back what the core's writer writes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    va_rollout_fuzz::json::check_json(data);
});
