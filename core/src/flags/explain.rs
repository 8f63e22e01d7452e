//! `FlagStore::explain`: every layer's view of one flag and why, for `vaRollout.explain(name)`.

#[cfg(feature = "serde")]
use serde::Serialize;

use super::decision::{Decision, Reason, Source};
use super::document::FlagDocument;
use super::environment::Environment;
use super::layers::{fresh_source, FeatureChecks};
use super::store::{FlagStore, ServerLayer};

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "camelCase"))]
pub struct Explanation {
    pub name: String,
    /// The decision `isEnabled` uses.
    pub decision: Decision,
    pub environment: Environment,
    pub overrides_allowed: bool,
    #[cfg_attr(feature = "serde", serde(rename = "override"))]
    pub override_: Option<OverrideExplanation>,
    pub fresh: Option<LayerExplanation>,
    pub cached: Option<LayerExplanation>,
    pub bootstrap: Option<LayerExplanation>,
    /// The app's declared default, if any.
    pub default: Option<bool>,
    pub last_error: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "camelCase"))]
pub struct OverrideExplanation {
    pub value: bool,
    pub expires_at_ms: f64,
    /// In force now (unexpired, environment allows overrides).
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "camelCase"))]
pub struct LayerExplanation {
    pub source: Source,
    pub value: bool,
    /// The reason this layer alone would give.
    pub reason: Reason,
    pub fetched_at_ms: Option<f64>,
    pub age_ms: Option<f64>,
    /// False when a higher layer or the cache max age excludes this layer.
    pub in_use: bool,
    /// Flipper documents: each gate, open or not, and why.
    pub flipper: Option<FeatureChecks>,
}

impl FlagStore {
    pub fn explain(&self, name: &str) -> Explanation {
        let ctx = self.eval_context();
        let layer =
            |source: Source, doc: &FlagDocument, fetched_at_ms: Option<f64>, in_use: bool| {
                ctx.explain_in(doc, name)
                    .map(|(v, flipper)| LayerExplanation {
                        source,
                        value: v.value,
                        reason: v.reason,
                        fetched_at_ms,
                        age_ms: fetched_at_ms.map(|t| self.now_ms - t),
                        in_use,
                        flipper,
                    })
            };
        let server = |l: &ServerLayer, source: Source, in_use: bool| {
            layer(source, &l.doc, Some(l.fetched_at_ms), in_use)
        };
        let usable_cache = self.usable_cache().is_some();
        Explanation {
            name: name.to_owned(),
            decision: self.decision(name),
            environment: self.env,
            overrides_allowed: self.env.allows_overrides(),
            override_: self
                .overrides
                .entries
                .get(name)
                .map(|e| OverrideExplanation {
                    value: e.value,
                    expires_at_ms: e.expires_at_ms,
                    active: self.env.allows_overrides() && e.expires_at_ms > self.now_ms,
                }),
            fresh: self
                .fresh
                .as_ref()
                .and_then(|l| server(l, fresh_source(&l.doc), true)),
            cached: self
                .cached
                .as_ref()
                .and_then(|l| server(l, Source::Cache, usable_cache)),
            bootstrap: self
                .bootstrap
                .as_ref()
                .and_then(|d| layer(Source::Bootstrap, d, None, true)),
            default: self.config.defaults.get(name).copied(),
            last_error: self.last_error.as_ref().map(ToString::to_string),
        }
    }
}
