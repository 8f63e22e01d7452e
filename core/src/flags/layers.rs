//! Evaluating one data layer (a vets-api or Flipper document) for the current actor.

use crate::vecmap::VecMap;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use super::decision::{Reason, Source};
use super::document::FlagDocument;
use super::evaluate::{evaluate, explain_gates, ActorContext, Gate, GateCheck};
use super::flipper::Feature;

/// Whose id a feature's Flipper actor is (vets-api `features.yml` `actor_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum ActorType {
    User,
    CookieId,
}

/// The signed-in user as Flipper sees it: usually one id (lowercase email or account UUID) and
/// the group names the app says the user belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Actor {
    pub ids: Vec<String>,
    pub groups: Vec<String>,
}

/// A layer's verdict for one flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayerValue {
    pub value: bool,
    pub reason: Reason,
    pub fully_off: bool,
    pub gate: Option<Gate>,
}

/// Everything evaluation needs besides the document.
pub(super) struct EvalContext<'a> {
    pub actor_types: &'a VecMap<String, ActorType>,
    pub bucket_keys: &'a VecMap<String, String>,
    pub actor: Option<&'a Actor>,
    /// `[cookie_id]` when there is a cookie id.
    pub cookie_ids: &'a [String],
    pub random: f64,
}

impl EvalContext<'_> {
    /// The actor a feature is checked for: the cookie actor for `cookie_id` features (none
    /// without a cookie id), else the user actor; `None` when there are no ids.
    pub fn actor_for(&self, name: &str) -> Option<ActorContext<'_>> {
        let ctx = match self.actor_types.get(name) {
            Some(ActorType::CookieId) => ActorContext {
                ids: self.cookie_ids,
                groups: &[],
            },
            _ => {
                let actor = self.actor?;
                ActorContext {
                    ids: &actor.ids,
                    groups: &actor.groups,
                }
            }
        };
        (!ctx.ids.is_empty()).then_some(ctx)
    }

    /// The string `percentage_of_actors` hashes: the shared group name, else the feature key.
    pub fn bucket_key<'n>(&'n self, name: &'n str) -> &'n str {
        self.bucket_keys.get(name).map_or(name, String::as_str)
    }

    fn feature_value(&self, feature: &Feature) -> LayerValue {
        let key = feature.key.as_str();
        let e = evaluate(
            feature,
            self.bucket_key(key),
            self.actor_for(key),
            self.random,
        );
        LayerValue {
            value: e.value,
            reason: e.reason,
            fully_off: feature.gates.fully_off(),
            gate: e.gate,
        }
    }

    /// Every flag of `doc` with this layer's verdict.
    pub fn evaluate_doc(&self, doc: &FlagDocument) -> Vec<(String, LayerValue)> {
        match doc {
            FlagDocument::VetsApi(entries) => entries
                .iter()
                .map(|(n, v)| (n.clone(), server_value(*v)))
                .collect(),
            FlagDocument::Flipper(features) => features
                .iter()
                .map(|f| (f.key.clone(), self.feature_value(f)))
                .collect(),
        }
    }

    /// One flag of `doc`, with the gate checks for Flipper documents.
    pub fn explain_in(
        &self,
        doc: &FlagDocument,
        name: &str,
    ) -> Option<(LayerValue, Option<FeatureChecks>)> {
        match doc {
            FlagDocument::VetsApi(entries) => entries
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| (server_value(*v), None)),
            FlagDocument::Flipper(features) => features.iter().find(|f| f.key == name).map(|f| {
                let actor = self.actor_for(name);
                let checks = FeatureChecks {
                    bucket_key: self.bucket_key(name).to_owned(),
                    actor_ids: actor.map(|a| a.ids.to_vec()).unwrap_or_default(),
                    gates: explain_gates(f, self.bucket_key(name), actor, self.random),
                    unknown_gates: f.gates.unknown.clone(),
                };
                (self.feature_value(f), Some(checks))
            }),
        }
    }
}

/// The Flipper gate checks behind a layer's verdict, for `explain`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "camelCase"))]
pub struct FeatureChecks {
    pub bucket_key: String,
    pub actor_ids: Vec<String>,
    pub gates: Vec<GateCheck>,
    pub unknown_gates: Vec<String>,
}

/// A server-evaluated (vets-api) value: true is `STATIC`, false is `DISABLED`.
fn server_value(value: bool) -> LayerValue {
    LayerValue {
        value,
        reason: if value {
            Reason::Static
        } else {
            Reason::Disabled
        },
        fully_off: !value,
        gate: None,
    }
}

/// The decision source for freshly fetched data of this kind.
pub(super) fn fresh_source(doc: &FlagDocument) -> Source {
    match doc {
        FlagDocument::VetsApi(_) => Source::VetsApi,
        FlagDocument::Flipper(_) => Source::Flipper,
    }
}
