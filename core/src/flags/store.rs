//! `FlagStore`: the flag state the facade holds. Every change rebuilds the precomputed decision
//! map, so `decision(name)` is a lookup. Precedence per flag (highest first): QA override (where
//! the environment allows, unexpired) > fresh server state > cached state (within max age) >
//! bootstrap > declared default > `false`.

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use super::decision::Decision;
use super::document::FlagDocument;
use super::environment::Environment;
use super::error::FlagError;
use super::layers::{Actor, ActorType, EvalContext};
use super::overrides::{
    normalise_name, OverrideEntry, OverrideError, OverrideSet, MAX_OVERRIDES, OVERRIDE_TTL_MS,
};
use super::FlagView;
use crate::stored::StoredVersion;
use crate::vecmap::VecMap;

/// Default cache max age: 24 h.
pub const DEFAULT_MAX_AGE_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;
/// Default age after which cached data is marked stale: 5 min.
pub const DEFAULT_STALE_AFTER_MS: f64 = 5.0 * 60.0 * 1000.0;
/// `random` used for `percentage_of_time` until the shell supplies one: the largest double
/// below 1, so only a 100 % gate opens (never a false "on").
pub const NO_RANDOM: f64 = 1.0 - f64::EPSILON / 2.0;

/// What the app declared about its flags (validated by `FlagsConfigInput::validate`).
#[derive(Clone, Debug, PartialEq)]
pub struct FlagConfig {
    /// The flags to request and report, snake_case, sorted, unique.
    pub names: Vec<String>,
    pub defaults: VecMap<String, bool>,
    pub actor_types: VecMap<String, ActorType>,
    /// feature → rollout-group name hashed instead of the feature key (all-or-none groups).
    pub bucket_keys: VecMap<String, String>,
    pub max_age_ms: f64,
    pub stale_after_ms: f64,
}

impl Default for FlagConfig {
    fn default() -> Self {
        FlagConfig {
            names: Vec::new(),
            defaults: VecMap::new(),
            actor_types: VecMap::new(),
            bucket_keys: VecMap::new(),
            max_age_ms: DEFAULT_MAX_AGE_MS,
            stale_after_ms: DEFAULT_STALE_AFTER_MS,
        }
    }
}

/// What the shell persists after a fresh load (`{"version":1,"doc",…,"fetchedAtMs","etag"}`).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "camelCase")
)]
pub struct CacheEntry {
    pub version: StoredVersion,
    pub doc: FlagDocument,
    pub fetched_at_ms: f64,
    pub etag: Option<String>,
}

/// Names whose value changed, sorted (what `onChange` listeners receive).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Changes {
    pub names: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Server data with its fetch time.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ServerLayer {
    pub doc: FlagDocument,
    pub fetched_at_ms: f64,
    pub etag: Option<String>,
}

pub struct FlagStore {
    pub(super) config: FlagConfig,
    pub(super) env: Environment,
    pub(super) actor: Option<Actor>,
    pub(super) cookie_ids: Vec<String>,
    pub(super) random: f64,
    pub(super) fresh: Option<ServerLayer>,
    pub(super) cached: Option<ServerLayer>,
    pub(super) bootstrap: Option<FlagDocument>,
    pub(super) overrides: OverrideSet,
    pub(super) now_ms: f64,
    /// The last refresh failed (cleared by a fresh load or a 304).
    pub(super) failed: bool,
    pub(super) last_error: Option<FlagError>,
    /// Counts rebuilds: a change of it may change the actor plans (`actor_plan.rs`).
    pub(super) revision: u32,
    decisions: VecMap<String, Decision>,
}

impl FlagStore {
    pub fn new(
        config: FlagConfig,
        env: Environment,
        actor: Option<Actor>,
        cookie_id: Option<String>,
    ) -> Self {
        let mut store = FlagStore {
            config,
            env,
            actor,
            cookie_ids: cookie_id.into_iter().collect(),
            random: NO_RANDOM,
            fresh: None,
            cached: None,
            bootstrap: None,
            overrides: OverrideSet::default(),
            now_ms: 0.0,
            failed: false,
            last_error: None,
            revision: 0,
            decisions: VecMap::new(),
        };
        store.rebuild();
        store
    }

    pub fn load_bootstrap(&mut self, doc: FlagDocument) -> Changes {
        self.bootstrap = Some(doc);
        self.rebuild()
    }

    /// Uses a stored cache entry unless it is older than `max_age_ms` or fresh data is loaded.
    pub fn load_cached(&mut self, entry: CacheEntry, now_ms: f64) -> Changes {
        self.now_ms = now_ms;
        if self.fresh.is_none() && self.within_max_age(entry.fetched_at_ms) {
            self.cached = Some(ServerLayer {
                doc: entry.doc,
                fetched_at_ms: entry.fetched_at_ms,
                etag: entry.etag,
            });
        }
        self.rebuild()
    }

    /// A successful fetch: replaces the cached document and clears the failure state.
    pub fn apply_fresh(&mut self, doc: FlagDocument, etag: Option<String>, now_ms: f64) -> Changes {
        self.now_ms = now_ms;
        self.fresh = Some(ServerLayer {
            doc,
            fetched_at_ms: now_ms,
            etag,
        });
        self.cached = None;
        self.failed = false;
        self.last_error = None;
        self.rebuild()
    }

    /// A 304: the document we hold (fresh, or cached) is current as of `now_ms`.
    pub fn apply_not_modified(&mut self, now_ms: f64) -> Changes {
        self.now_ms = now_ms;
        match self.fresh.take().or_else(|| self.cached.take()) {
            Some(mut layer) => {
                layer.fetched_at_ms = now_ms;
                self.fresh = Some(layer);
                self.failed = false;
                self.last_error = None;
                self.rebuild()
            }
            None => self.apply_failure(FlagError::Http { status: 304 }),
        }
    }

    /// A failed refresh: keeps the last good data (marked `CACHED`, stale) and records `err`.
    pub fn apply_failure(&mut self, err: FlagError) -> Changes {
        self.failed = true;
        self.last_error = Some(err);
        self.rebuild()
    }

    /// A new (or no) user actor; `random` in [0, 1) is the `percentage_of_time` draw.
    pub fn set_actor(&mut self, actor: Option<Actor>, random: f64) -> Changes {
        self.actor = actor;
        self.random = random;
        self.rebuild()
    }

    /// Only the `percentage_of_time` draw.
    pub fn set_random(&mut self, random: f64) -> Changes {
        self.random = random;
        self.rebuild()
    }

    /// Re-checks expiry (overrides, cache age) and staleness at `now_ms`.
    pub fn tick(&mut self, now_ms: f64) -> Changes {
        self.now_ms = now_ms;
        self.overrides.prune(now_ms);
        self.rebuild()
    }

    /// A QA override for 24 h. Refused in production (nothing is stored).
    pub fn set_override(
        &mut self,
        name: &str,
        value: bool,
        now_ms: f64,
    ) -> Result<Changes, OverrideError> {
        if !self.env.allows_overrides() {
            return Err(OverrideError::RefusedInProduction);
        }
        let name = normalise_name(name)?;
        self.now_ms = now_ms;
        self.overrides.prune(now_ms);
        if !self.overrides.entries.contains_key(&name)
            && self.overrides.entries.len() >= MAX_OVERRIDES
        {
            return Err(OverrideError::TooMany { max: MAX_OVERRIDES });
        }
        self.overrides.entries.insert(
            name,
            OverrideEntry {
                value,
                expires_at_ms: now_ms + OVERRIDE_TTL_MS,
            },
        );
        Ok(self.rebuild())
    }

    pub fn clear_overrides(&mut self) -> Changes {
        self.overrides.entries.clear();
        self.rebuild()
    }

    /// Overrides from storage: all ignored in production, expired and invalid ones dropped.
    pub fn load_overrides(&mut self, stored: OverrideSet, now_ms: f64) -> Changes {
        self.now_ms = now_ms;
        self.overrides = if self.env.allows_overrides() {
            stored
        } else {
            OverrideSet::default()
        };
        self.overrides.prune(now_ms);
        self.rebuild()
    }

    /// What the shell persists (empty in production).
    pub fn overrides(&self) -> &OverrideSet {
        &self.overrides
    }

    /// What the shell persists after a fresh load or a 304.
    pub fn cache_entry(&self) -> Option<CacheEntry> {
        self.fresh.as_ref().map(|l| CacheEntry {
            version: StoredVersion,
            doc: l.doc.clone(),
            fetched_at_ms: l.fetched_at_ms,
            etag: l.etag.clone(),
        })
    }

    /// The decision for `name`; a `DEFAULT` false for names unknown everywhere.
    pub fn decision(&self, name: &str) -> Decision {
        self.decisions
            .get(name)
            .cloned()
            .unwrap_or_else(|| Decision::default_value(false))
    }

    pub fn decisions(&self) -> impl Iterator<Item = (&str, &Decision)> {
        self.decisions.iter().map(|(n, d)| (n.as_str(), d))
    }

    pub fn snapshot(&self) -> VecMap<String, bool> {
        self.decisions
            .iter()
            .map(|(n, d)| (n.clone(), d.value))
            .collect()
    }

    pub fn last_error(&self) -> Option<&FlagError> {
        self.last_error.as_ref()
    }

    /// The names for `?features=` (empty: request every flag).
    pub fn request_names(&self) -> Vec<String> {
        self.config.names.clone()
    }

    /// The ETag for `If-None-Match`.
    pub fn etag(&self) -> Option<&str> {
        self.fresh
            .as_ref()
            .or(self.cached.as_ref())
            .and_then(|l| l.etag.as_deref())
    }

    pub fn environment(&self) -> Environment {
        self.env
    }

    pub fn config(&self) -> &FlagConfig {
        &self.config
    }

    /// Overrides in force now (what the console announces).
    pub fn active_overrides(&self) -> Vec<(String, bool)> {
        if !self.env.allows_overrides() {
            return Vec::new();
        }
        let now = self.now_ms;
        self.overrides
            .entries
            .keys()
            .filter_map(|n| self.overrides.active(n, now).map(|v| (n.clone(), v)))
            .collect()
    }

    pub(super) fn within_max_age(&self, fetched_at_ms: f64) -> bool {
        fetched_at_ms.is_finite() && self.now_ms - fetched_at_ms <= self.config.max_age_ms
    }

    pub(super) fn eval_context(&self) -> EvalContext<'_> {
        EvalContext {
            actor_types: &self.config.actor_types,
            bucket_keys: &self.config.bucket_keys,
            actor: self.actor.as_ref(),
            cookie_ids: &self.cookie_ids,
            random: self.random,
        }
    }

    /// The cached layer if it is in use: no fresh data and within max age.
    pub(super) fn usable_cache(&self) -> Option<&ServerLayer> {
        self.cached
            .as_ref()
            .filter(|c| self.fresh.is_none() && self.within_max_age(c.fetched_at_ms))
    }
}

impl FlagView for FlagStore {
    fn decision(&self, name: &str) -> Option<&Decision> {
        self.decisions.get(name)
    }
}

mod rebuild;
#[cfg(test)]
mod tests;
