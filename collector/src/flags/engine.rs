//! The bridge to the SDK's own flag engine (`va_rollout_core::flags`): conversion between the
//! stored shape and the engine's Flipper `Feature` model, seed documents parsed by the engine,
//! and evaluation. The collector has no evaluation logic of its own.

use std::collections::BTreeSet;

use serde_json::Value;
use va_rollout_core::flags::{
    evaluate, ActorContext, Evaluation, Feature, FlagDocument, GateNumber, Gates,
};

use super::model::{ActorType, StoredFeature, MAX_FEATURES};

fn gate_number(s: &Option<String>) -> GateNumber {
    s.as_ref()
        .map_or(GateNumber::Null, |v| GateNumber::Text(v.clone()))
}

fn gate_text(n: &GateNumber) -> Option<String> {
    match n {
        GateNumber::Null => None,
        GateNumber::Text(s) => Some(s.clone()),
        GateNumber::Int(i) => Some(i.to_string()),
        GateNumber::Float(f) => Some(f.to_string()),
    }
}

impl StoredFeature {
    /// The engine's model of this feature.
    pub fn to_engine(&self) -> Feature {
        Feature {
            key: self.key.clone(),
            state: Some(self.state().to_string()),
            gates: Gates {
                boolean: self.boolean,
                expression: self.expression.is_some(),
                actors: self.actors.clone(),
                groups: self.groups.clone(),
                percentage_of_actors: gate_number(&self.percentage_of_actors),
                percentage_of_time: gate_number(&self.percentage_of_time),
                unknown: Vec::new(),
            },
        }
    }

    /// The stored shape of an engine feature (expression content and vets-api config are not
    /// part of the engine model: see `parse_seed`).
    pub fn from_engine(f: &Feature) -> StoredFeature {
        StoredFeature {
            key: f.key.clone(),
            boolean: f.gates.boolean,
            actors: f.gates.actors.clone(),
            groups: f.gates.groups.clone(),
            percentage_of_actors: gate_text(&f.gates.percentage_of_actors),
            percentage_of_time: gate_text(&f.gates.percentage_of_time),
            expression: f
                .gates
                .expression
                .then(|| Value::Object(Default::default())),
            actor_type: ActorType::User,
            description: None,
        }
    }
}

/// Parses a seed: a Flipper API features document, read by the engine's parser; the
/// collector's extras per feature (`actor_type`, `description`, the expression's content)
/// are read from the same JSON.
pub fn parse_seed(bytes: &[u8]) -> Result<Vec<StoredFeature>, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let doc = FlagDocument::parse(&mut de).map_err(|e| e.to_string())?;
    let FlagDocument::Flipper(features) = doc else {
        return Err(
            "the flags file must be a Flipper features document, not a vets-api response".into(),
        );
    };
    if features.len() > MAX_FEATURES {
        return Err(format!("more than {MAX_FEATURES} features"));
    }
    let raw: Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let raw_list = raw
        .get("features")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    features
        .iter()
        .map(|f| {
            let mut stored = StoredFeature::from_engine(f);
            let extra = raw_list
                .iter()
                .find(|r| r.get("key").and_then(Value::as_str) == Some(f.key.as_str()));
            if let Some(extra) = extra {
                let parsed = StoredFeature::from_decorated(extra)?;
                stored.actor_type = parsed.actor_type;
                stored.description = parsed.description;
                stored.expression = parsed.expression;
            }
            Ok(stored)
        })
        .collect()
}

/// Who a feature is checked for, in vets-api's terms.
#[derive(Debug, Clone, Default)]
pub struct Requester {
    /// `cookie_id` query parameter; vets-api turns a missing one into the actor id `""`.
    pub cookie_id: Option<String>,
    /// The dev user's flipper id (lowercase email or UUID); `None` = logged out.
    pub user: Option<String>,
    /// Groups the dev user belongs to (for Flipper group gates).
    pub groups: Vec<String>,
}

/// Evaluates `feature` with the SDK engine for the actor vets-api would use: the cookie actor
/// for `actor_type`, else the user (no actor when logged out). `random` ∈ [0,1) feeds
/// percentage_of_time. The bucket key is the feature key (vets-api evaluates each feature alone).
pub fn evaluate_for(
    feature: &StoredFeature,
    actor_type: ActorType,
    who: &Requester,
    random: f64,
) -> Evaluation {
    let engine = feature.to_engine();
    match actor_type {
        ActorType::CookieId => {
            let ids = [who.cookie_id.clone().unwrap_or_default()];
            evaluate(
                &engine,
                &engine.key,
                Some(ActorContext {
                    ids: &ids,
                    groups: &[],
                }),
                random,
            )
        }
        ActorType::User => match &who.user {
            Some(u) => {
                let ids = [u.clone()];
                evaluate(
                    &engine,
                    &engine.key,
                    Some(ActorContext {
                        ids: &ids,
                        groups: &who.groups,
                    }),
                    random,
                )
            }
            None => evaluate(&engine, &engine.key, None, random),
        },
    }
}

/// The set of names as a sorted set (used by tests and the seed).
pub fn names(features: &[StoredFeature]) -> BTreeSet<&str> {
    features.iter().map(|f| f.key.as_str()).collect()
}

#[cfg(test)]
mod tests;
