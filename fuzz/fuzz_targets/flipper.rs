//! Flipper features documents: the parser target (run to 10^7 executions). Every property of a
//! parsed document (`check_document`: the `vets_api` checks, both deserializers, the cache round
//! trip), then one evaluation per feature, checked against `explain` and the oracles: the actor
//! (or none), bucket key and draw rotate with the feature's index and a hash of the actor lines,
//! so many runs walk what `flipper_eval` checks whole on every input.
//! Input: the JSON document, optionally followed by a 0xFF byte and actor lines
//! (`id1,id2|group1,group2`, `r=<random>`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use va_rollout_core::flags::FlagDocument;
use va_rollout_fuzz::flags::{actors_from, check_document, check_sample};
use va_rollout_fuzz::text::{lossy, split_at_byte};

fuzz_target!(|data: &[u8]| {
    let (doc, spec) = split_at_byte(data, 0xFF);
    if let Some(FlagDocument::Flipper(features)) = check_document(doc) {
        let (actors, randoms) = actors_from(&lossy(spec));
        let seed = spec.iter().fold(data.len(), |h, b| {
            h.wrapping_mul(31).wrapping_add(usize::from(*b))
        });
        for (i, feature) in features.iter().take(64).enumerate() {
            check_sample(feature, &actors, &randoms, seed.wrapping_add(i));
        }
    }
});
