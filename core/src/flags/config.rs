//! The `flags` part of `Rollout.start({...})`: raw input (serde, camelCase, unknown fields
//! refused) and `validate`, which collects every semantic problem into one error.

use crate::text::{F, Q};
use crate::vecmap::{VecMap, VecSet};
use crate::{push_text, text};
use core::fmt;

#[cfg(feature = "serde")]
use serde::Deserialize;

use super::document::{FlagDocument, MAX_FEATURES, MAX_NAME_LEN};
use super::layers::ActorType;
use super::names::underscore;
use super::store::{FlagConfig, DEFAULT_MAX_AGE_MS, DEFAULT_STALE_AFTER_MS};

/// Default request timeout.
pub const DEFAULT_TIMEOUT_MS: u64 = 3_000;
/// Longest accepted request timeout.
pub const MAX_TIMEOUT_MS: f64 = 120_000.0;
/// Shortest accepted refresh interval (0 turns interval refresh off).
pub const MIN_REFRESH_INTERVAL_MS: f64 = 1_000.0;

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct FlagsConfigInput {
    pub source: String,
    #[cfg_attr(feature = "serde", serde(default))]
    pub url: Option<String>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub names: Option<Vec<String>>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub defaults: Option<VecMap<String, bool>>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub bootstrap: Option<FlagDocument>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub actor_types: Option<VecMap<String, String>>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub bucket_keys: Option<VecMap<String, String>>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub timeout_ms: Option<f64>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub refresh_interval_ms: Option<f64>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub max_age_ms: Option<f64>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub stale_after_ms: Option<f64>,
    /// vets-api's CSRF handshake (`X-CSRF-Token`); default: on for the vets-api source.
    #[cfg_attr(feature = "serde", serde(default))]
    pub csrf: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    VetsApi,
    Flipper,
}

/// How the shell fetches flags.
#[derive(Clone, Debug, PartialEq)]
pub struct DeliveryConfig {
    pub source: SourceKind,
    /// `None`: bootstrap/defaults only, no network.
    pub url: Option<String>,
    pub timeout_ms: u64,
    /// 0: no interval refresh.
    pub refresh_interval_ms: u64,
    /// The bootstrap document, for `FlagStore::load_bootstrap`.
    pub bootstrap: Option<FlagDocument>,
    /// Send `X-CSRF-Token` and keep a rotated token (see `flags::csrf`).
    pub csrf: bool,
}

/// Every problem found in the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<String>);

impl ConfigErrors {
    /// The `Display` text, without `core::fmt`.
    pub fn message(&self) -> String {
        let mut m = String::from("va-rollout: invalid flags configuration:");
        for problem in &self.0 {
            push_text!(&mut m, "\n  - ", problem);
        }
        m
    }
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ConfigErrors {}

struct Checker {
    problems: Vec<String>,
    snake_only: bool,
}

impl Checker {
    fn name(&mut self, field: &str, name: &str) -> bool {
        let problem = if name.is_empty() {
            Some("is empty".to_owned())
        } else if name.len() > MAX_NAME_LEN {
            Some(text!["is longer than ", MAX_NAME_LEN, " bytes"])
        } else if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Some("contains whitespace or control characters".to_owned())
        } else if self.snake_only && underscore(name) != name {
            Some(text![
                "is not snake_case (vets-api expects ",
                Q(&underscore(name)),
                ")"
            ])
        } else {
            None
        };
        if let Some(p) = &problem {
            self.problems.push(text![field, ": name ", Q(name), " ", p]);
        }
        problem.is_none()
    }

    /// A finite, non-negative number of milliseconds, or `default`.
    fn millis(&mut self, field: &str, value: Option<f64>, default: f64) -> f64 {
        match value {
            None => default,
            Some(v) if v.is_finite() && v >= 0.0 => v,
            Some(v) => {
                self.problems.push(text![
                    field,
                    ": ",
                    F(v),
                    " is not a non-negative number of milliseconds"
                ]);
                default
            }
        }
    }
}

impl FlagsConfigInput {
    pub fn validate(self) -> Result<(FlagConfig, DeliveryConfig), ConfigErrors> {
        let source = match self.source.as_str() {
            "vets-api" => Some(SourceKind::VetsApi),
            "flipper" => Some(SourceKind::Flipper),
            _ => None,
        };
        let mut c = Checker {
            problems: Vec::new(),
            snake_only: source == Some(SourceKind::VetsApi),
        };
        if source.is_none() {
            c.problems.push(text![
                "source: unknown source ",
                Q(&self.source),
                "; expected 'vets-api' or 'flipper'"
            ]);
        }
        let url = self.url.filter(|u| {
            let ok = !u.trim().is_empty();
            if !ok {
                c.problems
                    .push("url: is empty (omit it for bootstrap-only use)".to_owned());
            }
            ok
        });

        let mut names = VecSet::new();
        for name in self.names.unwrap_or_default() {
            if c.name("names", &name) {
                names.insert(name);
            }
        }
        let mut defaults = VecMap::new();
        for (name, value) in self.defaults.unwrap_or_default() {
            if c.name("defaults", &name) {
                names.insert(name.clone());
                defaults.insert(name, value);
            }
        }
        let mut actor_types = VecMap::new();
        for (name, kind) in self.actor_types.unwrap_or_default() {
            let kind = match kind.as_str() {
                "user" => Some(ActorType::User),
                "cookie_id" => Some(ActorType::CookieId),
                other => {
                    c.problems.push(text![
                        "actorTypes: ",
                        Q(&name),
                        " has type ",
                        Q(other),
                        "; expected 'user' or 'cookie_id'"
                    ]);
                    None
                }
            };
            if let (true, Some(kind)) = (c.name("actorTypes", &name), kind) {
                names.insert(name.clone());
                actor_types.insert(name, kind);
            }
        }
        let mut bucket_keys = VecMap::new();
        for (name, group) in self.bucket_keys.unwrap_or_default() {
            if group.is_empty() || group.len() > MAX_NAME_LEN {
                c.problems.push(text![
                    "bucketKeys: group name for ",
                    Q(&name),
                    " must be 1 to ",
                    MAX_NAME_LEN,
                    " bytes"
                ]);
            } else if c.name("bucketKeys", &name) {
                bucket_keys.insert(name, group);
            }
        }
        if names.len() > MAX_FEATURES {
            c.problems.push(text![
                "names: ",
                names.len(),
                " flags declared, more than the maximum ",
                MAX_FEATURES
            ]);
        }

        let timeout = c.millis("timeoutMs", self.timeout_ms, DEFAULT_TIMEOUT_MS as f64);
        if !(1.0..=MAX_TIMEOUT_MS).contains(&timeout) {
            c.problems.push(text![
                "timeoutMs: ",
                F(timeout),
                " is outside 1..=",
                F(MAX_TIMEOUT_MS)
            ]);
        }
        let interval = c.millis("refreshIntervalMs", self.refresh_interval_ms, 0.0);
        if interval > 0.0 && interval < MIN_REFRESH_INTERVAL_MS {
            c.problems.push(text![
                "refreshIntervalMs: ",
                F(interval),
                " is below the minimum ",
                F(MIN_REFRESH_INTERVAL_MS),
                " (0 turns it off)"
            ]);
        }
        let max_age_ms = c.millis("maxAgeMs", self.max_age_ms, DEFAULT_MAX_AGE_MS);
        let stale_after_ms = c.millis("staleAfterMs", self.stale_after_ms, DEFAULT_STALE_AFTER_MS);

        match source {
            Some(source) if c.problems.is_empty() => Ok((
                FlagConfig {
                    names: names.into_iter().collect(),
                    defaults,
                    actor_types,
                    bucket_keys,
                    max_age_ms,
                    stale_after_ms,
                },
                DeliveryConfig {
                    source,
                    url,
                    timeout_ms: timeout as u64,
                    refresh_interval_ms: interval as u64,
                    bootstrap: self.bootstrap,
                    csrf: self.csrf.unwrap_or(source == SourceKind::VetsApi),
                },
            )),
            _ => Err(ConfigErrors(c.problems)),
        }
    }
}

pub(crate) mod read;
pub use read::FLAGS_KEYS;

#[cfg(test)]
mod tests;
