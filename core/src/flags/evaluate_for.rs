//! `FlagStore::evaluate_for`: a Flipper feature's verdict for an arbitrary actor id, without
//! changing the store's actor — for pages that decide for several actors (and for the
//! benchmark of local percentage evaluation).

use super::document::FlagDocument;
use super::evaluate::{evaluate, ActorContext};
use super::flipper::Feature;
use super::store::FlagStore;

impl FlagStore {
    /// Flipper's `enabled?(actor)` for `name` with one actor id (no groups), from the
    /// highest-precedence Flipper layer in use (fresh, then usable cache, then bootstrap), hashing
    /// on the store's bucket key (the shared group name when configured). Overrides and declared
    /// defaults do not apply; `false` when no Flipper layer has the feature.
    pub fn evaluate_for(&self, name: &str, actor_id: &str) -> bool {
        let Some(feature) = self.flipper_feature(name) else {
            return false;
        };
        let ids = [actor_id.to_owned()];
        let ctx = self.eval_context();
        evaluate(
            feature,
            ctx.bucket_key(name),
            Some(ActorContext {
                ids: &ids,
                groups: &[],
            }),
            self.random,
        )
        .value
    }

    fn flipper_feature(&self, name: &str) -> Option<&Feature> {
        self.flipper_layers()
            .into_iter()
            .find_map(|features| features.iter().find(|f| f.key == name))
    }

    /// The features of the Flipper layers `evaluate_for` reads, highest precedence first (fresh,
    /// then usable cache, then bootstrap); a vets-api document or an absent layer has none.
    pub(super) fn flipper_layers(&self) -> [&[Feature]; 3] {
        fn features(doc: Option<&FlagDocument>) -> &[Feature] {
            match doc {
                Some(FlagDocument::Flipper(features)) => features,
                _ => &[],
            }
        }
        [
            features(self.fresh.as_ref().map(|l| &l.doc)),
            features(self.usable_cache().map(|l| &l.doc)),
            features(self.bootstrap.as_ref()),
        ]
    }
}

#[cfg(test)]
mod tests;
