//! QA overrides: name → value with an expiry, persisted by the shell, never honoured in production.

use core::fmt;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use super::names::{is_snake_name, MAX_OVERRIDE_NAME_LEN};
use crate::json::read::fields::debug_str;
use crate::json::write::write_u64;
use crate::stored::StoredVersion;
use crate::vecmap::VecMap;

/// How long an override lasts.
pub const OVERRIDE_TTL_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;
/// Most overrides kept at once.
pub const MAX_OVERRIDES: usize = 200;
/// Longest `?va-rollout=` value parsed.
pub const MAX_URL_PARAM_LEN: usize = 8 * 1024;

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "camelCase")
)]
pub struct OverrideEntry {
    pub value: bool,
    pub expires_at_ms: f64,
}

/// The overrides the shell persists in localStorage (`{"version":1,"entries":{…}}`).
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "camelCase")
)]
pub struct OverrideSet {
    pub version: StoredVersion,
    pub entries: VecMap<String, OverrideEntry>,
}

impl OverrideSet {
    /// The override for `name` if it has not expired at `now_ms`.
    pub fn active(&self, name: &str, now_ms: f64) -> Option<bool> {
        self.entries
            .get(name)
            .filter(|e| e.expires_at_ms > now_ms)
            .map(|e| e.value)
    }

    /// Drops expired entries and entries with invalid names; keeps at most [`MAX_OVERRIDES`]
    /// (those expiring last).
    pub fn prune(&mut self, now_ms: f64) {
        self.entries.retain(|name, e| {
            is_snake_name(name) && e.expires_at_ms > now_ms && e.expires_at_ms.is_finite()
        });
        while self.entries.len() > MAX_OVERRIDES {
            let soonest = self
                .entries
                .iter()
                .min_by(|a, b| a.1.expires_at_ms.total_cmp(&b.1.expires_at_ms))
                .map(|(name, _)| name.clone());
            match soonest {
                Some(name) => self.entries.remove(&name),
                None => break,
            };
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OverrideError {
    /// Any override path in production.
    RefusedInProduction,
    /// A name outside `[a-z0-9_]{1,100}` (after lowercasing).
    InvalidName(String),
    /// A value other than on/off/true/false/1/0.
    InvalidValue { name: String, value: String },
    /// A `?va-rollout=` part without `name:value`.
    Malformed(String),
    /// More than [`MAX_OVERRIDES`] overrides.
    TooMany { max: usize },
}

impl fmt::Display for OverrideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl OverrideError {
    /// The console message, built without `core::fmt` (`{:?}` by `debug_str`).
    pub fn message(&self) -> String {
        let mut m = String::from("va-rollout: ");
        match self {
            OverrideError::RefusedInProduction => {
                m.push_str("overrides are disabled in production")
            }
            OverrideError::InvalidName(name) => {
                m.push_str("override name ");
                debug_str(&mut m, name);
                m.push_str(" is invalid: use 1 to ");
                write_u64(&mut m, MAX_OVERRIDE_NAME_LEN as u64);
                m.push_str(" characters a-z, 0-9, _");
            }
            OverrideError::InvalidValue { name, value } => {
                m.push_str("override value ");
                debug_str(&mut m, value);
                m.push_str(" for ");
                debug_str(&mut m, name);
                m.push_str(" is invalid: use on, off, true, false, 1 or 0");
            }
            OverrideError::Malformed(part) => {
                m.push_str("override ");
                debug_str(&mut m, part);
                m.push_str(" is malformed: expected name:on or name:off");
            }
            OverrideError::TooMany { max } => {
                m.push_str("at most ");
                write_u64(&mut m, *max as u64);
                m.push_str(" overrides can be active");
            }
        }
        m
    }
}

impl std::error::Error for OverrideError {}

/// Lowercases and validates an override name.
pub fn normalise_name(name: &str) -> Result<String, OverrideError> {
    let lower = name.trim().to_ascii_lowercase();
    if is_snake_name(&lower) {
        Ok(lower)
    } else {
        Err(OverrideError::InvalidName(
            name.chars().take(MAX_OVERRIDE_NAME_LEN + 20).collect(),
        ))
    }
}

fn parse_value(name: &str, value: &str) -> Result<bool, OverrideError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "1" => Ok(true),
        "off" | "false" | "0" => Ok(false),
        _ => Err(OverrideError::InvalidValue {
            name: name.to_owned(),
            value: value.chars().take(40).collect(),
        }),
    }
}

/// Parses the (already URL-decoded) `?va-rollout=name:on,other:off` value.
pub fn parse_url_param(param: &str) -> Result<Vec<(String, bool)>, OverrideError> {
    if param.len() > MAX_URL_PARAM_LEN {
        let mut part: String = param.chars().take(40).collect();
        part.push('…');
        return Err(OverrideError::Malformed(part));
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    for part in param.split(',').filter(|p| !p.trim().is_empty()) {
        let (name, value) = part
            .split_once(':')
            .ok_or_else(|| OverrideError::Malformed(part.chars().take(60).collect()))?;
        let name = normalise_name(name)?;
        let value = parse_value(&name, value)?;
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some(existing) => existing.1 = value,
            None => out.push((name, value)),
        }
        if out.len() > MAX_OVERRIDES {
            return Err(OverrideError::TooMany { max: MAX_OVERRIDES });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
