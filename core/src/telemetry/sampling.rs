//! Sampling, deterministic so that tests and collectors can reproduce it:
//! - a session is in or out for all its events: `crc32(session_id) % 10_000 < rate × 100`
//!   (rate in percent, 0–100, two decimals of resolution);
//! - each event then goes through the rules: the first rule whose kind and conditions match gives
//!   the rate (0–1), default 1; the event is kept when `crc32(event_id) % 10_000 < rate × 10_000`.
//!
//! **Path conditions** compare the event's scrubbed `url.path`, *relative to the configured base
//! path* (stripped when the path starts with it), for equality, ignoring a trailing slash. With
//! base `/my-health/secure-messages`, rule path `/new-message/select-care-team/` matches
//! `/my-health/secure-messages/new-message/select-care-team/` (and `.../select-care-team`) but not
//! `/other-app/new-message/select-care-team/`. Id segments in rule paths are written `:id`.

use crate::vecmap::VecMap;

#[cfg(feature = "serde")]
use serde::Deserialize;

use super::event::{Event, EventKind};
use crate::flags::crc32::crc32;

/// Resolution of both sampling decisions.
pub const SAMPLING_BUCKETS: u32 = 10_000;

/// Conditions of a rule; all that are set must hold.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct When {
    pub flow: Option<String>,
    pub path: Option<String>,
    /// Context flag values the event must carry (`{ "mhv_x": true }`); a flag the event does not
    /// carry does not match.
    pub flags: Option<VecMap<String, bool>>,
}

/// `{ kind: 'timing', when: { flow: 'curated', path: '/new-message/select-care-team/' }, rate: 1 }`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct Rule {
    pub kind: EventKind,
    #[cfg_attr(feature = "serde", serde(default))]
    pub when: When,
    /// Share of matching events kept, 0–1.
    pub rate: f64,
}

/// True when the session is sampled in, with `rate_percent` in 0–100.
pub fn session_sampled(session_id: &str, rate_percent: f64) -> bool {
    bucket(session_id) < threshold(rate_percent / 100.0)
}

fn bucket(id: &str) -> u32 {
    crc32(id.as_bytes()) % SAMPLING_BUCKETS
}

fn threshold(rate: f64) -> u32 {
    if rate.is_nan() {
        return 0;
    }
    (rate.clamp(0.0, 1.0) * f64::from(SAMPLING_BUCKETS)).round() as u32
}

fn trim_slash(p: &str) -> &str {
    p.strip_suffix('/').unwrap_or(p)
}

/// `path` relative to `base_path` (when it starts with it at a segment boundary).
fn relative<'a>(path: &'a str, base_path: &str) -> &'a str {
    let base = trim_slash(base_path);
    match path.strip_prefix(base) {
        Some(rest) if !base.is_empty() && (rest.is_empty() || rest.starts_with('/')) => rest,
        _ => path,
    }
}

/// True when the rule's path condition holds for `path` (see the module docs).
pub fn path_matches(rule_path: &str, path: &str, base_path: &str) -> bool {
    trim_slash(relative(path, base_path)) == trim_slash(rule_path)
}

impl Rule {
    pub fn matches(&self, event: &Event, base_path: &str) -> bool {
        let w = &self.when;
        self.kind == event.kind
            && w.flow
                .as_ref()
                .map_or(true, |f| event.flow.as_ref() == Some(f))
            && w.path
                .as_ref()
                .map_or(true, |p| path_matches(p, &event.path, base_path))
            && w.flags.as_ref().map_or(true, |flags| {
                flags.iter().all(|(name, want)| {
                    event
                        .context_flags
                        .iter()
                        .any(|(n, v)| n == name && v == want)
                })
            })
    }
}

/// The session rate and the event rules, as configured.
#[derive(Clone, Debug, PartialEq)]
pub struct Sampler {
    /// Percent of sessions kept, 0–100.
    pub session_rate: f64,
    pub rules: Vec<Rule>,
    pub base_path: String,
}

impl Sampler {
    pub fn keep_session(&self, session_id: &str) -> bool {
        session_sampled(session_id, self.session_rate)
    }

    /// The rate of the first matching rule, else 1.
    pub fn event_rate(&self, event: &Event) -> f64 {
        self.rules
            .iter()
            .find(|r| r.matches(event, &self.base_path))
            .map_or(1.0, |r| r.rate)
    }

    /// True when `event` is kept: its session is sampled in and its rule admits it.
    pub fn keep(&self, event: &Event) -> bool {
        self.keep_session(&event.session_id) && self.keep_event(event)
    }

    /// The per-event half of [`Self::keep`], for a caller that already knows the session is in.
    pub fn keep_event(&self, event: &Event) -> bool {
        bucket(&event.id) < threshold(self.event_rate(event))
    }
}

#[cfg(test)]
mod tests;
