//! The flag engine: parsing flag sources, Flipper-exact evaluation, precedence and decisions.
//! Pure Rust: no web-sys, no clock, no randomness except what the caller passes in.

pub mod actor_plan;
pub mod config;
pub mod crc32;
pub mod csrf;
pub mod decision;
pub mod document;
pub mod environment;
pub mod error;
pub mod evaluate;
mod evaluate_for;
pub mod explain;
pub mod flipper;
pub mod groups;
pub mod layers;
pub mod mirror;
pub mod names;
pub mod out;
pub mod overrides;
pub mod persisted;
pub mod request;
pub mod store;

pub use config::{ConfigErrors, DeliveryConfig, FlagsConfigInput, SourceKind, FLAGS_KEYS};
pub use decision::{Decision, Reason, Source};
pub use document::{FlagDocument, MAX_BODY_BYTES, MAX_FEATURES, MAX_NAME_LEN, MAX_SET_ENTRIES};
pub use environment::{Environment, UnknownEnvironment};
pub use error::FlagError;
pub use evaluate::{evaluate, fully_off, ActorContext, Evaluation, Gate, GateCheck};
pub use explain::{Explanation, LayerExplanation, OverrideExplanation};
pub use flipper::{Feature, GateNumber, Gates, Number};
pub use groups::{
    bucket_keys, group_of, groups_from_map, pin_key, resolve, vaos_preset, GroupConfig, GroupError,
    GroupResolution, Policy, MAX_GROUPS, MAX_GROUP_MEMBERS, MAX_GROUP_NAME_LEN, VAOS_GROUP,
    VAOS_TOGGLES,
};
pub use layers::{Actor, ActorType, FeatureChecks};
pub use overrides::{
    parse_url_param, OverrideEntry, OverrideError, OverrideSet, MAX_OVERRIDES, OVERRIDE_TTL_MS,
};
pub use request::{build_url, classify, parse_cookie, Outcome, RefreshPolicy, FLIPPER_ID_COOKIE};
pub use store::{
    CacheEntry, Changes, FlagConfig, FlagStore, DEFAULT_MAX_AGE_MS, DEFAULT_STALE_AFTER_MS,
    NO_RANDOM,
};

/// Read access to the current decisions, as routing and telemetry see them.
pub trait FlagView {
    /// The precomputed decision for `name`, or `None` when the name is unknown everywhere.
    fn decision(&self, name: &str) -> Option<&Decision>;

    /// The value a page should act on: the decision's value, `false` for unknown names.
    fn is_enabled(&self, name: &str) -> bool {
        self.decision(name).is_some_and(|d| d.value)
    }
}

#[cfg(test)]
pub(crate) mod test_support;
