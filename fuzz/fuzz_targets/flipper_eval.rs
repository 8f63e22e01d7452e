//! Flipper features documents, then every feature evaluated for every actor (none, the fixed
//! ones and the fuzzed ones) × 3 bucket keys × every draw, each evaluation checked against
//! `explain` and the oracles (the heavy property; time-based in scripts/fuzz.sh). The `flipper`
//! target checks the same document properties and one such evaluation per feature.
//! Input (the `flipper` seeds): the JSON document, optionally followed by a 0xFF byte and actor
//! lines (`id1,id2|group1,group2`, `r=<random>`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use va_rollout_core::flags::FlagDocument;
use va_rollout_fuzz::flags::{actors_from, check_document, check_feature};
use va_rollout_fuzz::text::{lossy, split_at_byte};

fuzz_target!(|data: &[u8]| {
    let (doc, spec) = split_at_byte(data, 0xFF);
    if let Some(FlagDocument::Flipper(features)) = check_document(doc) {
        let (actors, randoms) = actors_from(&lossy(spec));
        for feature in features.iter().take(64) {
            check_feature(feature, &actors, &randoms);
        }
    }
});
