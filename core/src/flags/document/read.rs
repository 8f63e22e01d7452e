//! Reading a flag document by hand from a parsed [`Value`]: what the browser runs (the serde
//! visitors of `parse_vets_api` / `parse_flipper` stay for serde_json, in the collector and the
//! tests). Same shapes, same caps, same messages as those visitors reading the same `Value`
//! (tested against them in `tests/read.rs`), the first problem in document order.

use crate::json::read::fields::{boolean, debug_str, invalid_type, string};
use crate::json::Value;
use crate::vecmap::{VecMap, VecSet};

use super::super::error::FlagError;
use super::super::flipper::{Feature, Gates};
use super::super::names::underscore;
use super::{FlagDocument, MAX_FEATURES, MAX_NAME_LEN};

/// What the document visitor says it expects (its `expecting`).
pub(super) const DOCUMENT: &str = "a vets-api response {\"data\":{\"features\":[…]}}, a Flipper \
    features document {\"features\":[…]} or a Flipper feature {\"key\",\"gates\"}";
pub(super) const VETS_DATA: &str =
    "a vets-api \"data\" object {\"type\":\"feature_toggles\",\"features\":[…]}";
pub(super) const VETS_LIST: &str = "an array of {\"name\":string,\"value\":boolean}";
pub(super) const VETS_ENTRY: &str = "a vets-api feature {\"name\":string,\"value\":boolean}";
pub(super) const FEATURE_LIST: &str = "an array of Flipper features";
pub(super) const FEATURE: &str = "a Flipper feature {\"key\",\"state\",\"gates\"}";
pub(super) const TEXT: &str = "a string or null";
pub(super) const GATES: &str = "an array of Flipper gates {\"key\",\"name\",\"value\"}";
pub(super) const GATE: &str = "a Flipper gate {\"key\",\"name\",\"value\"}";
pub(super) const NOT_A_DOCUMENT: &str = "not a flag document: expected a \"data\" (vets-api), \
    \"features\" (Flipper) or \"key\" (Flipper feature) field";
pub(super) const AMBIGUOUS: &str = "ambiguous flag document: it mixes vets-api \"data\", Flipper \
    \"features\" and Flipper feature fields";

type Read<T> = Result<T, FlagError>;

mod gates;
use gates::gates;
#[cfg(feature = "serde")]
pub(super) use gates::{apply_gate, gate_key, list, number, set_entry, too_many_gates, RawValue};

fn parse_error(msg: String) -> FlagError {
    FlagError::Parse(msg)
}

fn wrong_type(v: &Value, expected: &str) -> FlagError {
    FlagError::Parse(invalid_type(v, expected))
}

/// Reads a flag document from `v`.
pub fn document(v: Value) -> Read<FlagDocument> {
    let Value::Obj(entries) = v else {
        return Err(wrong_type(&v, DOCUMENT));
    };
    let (mut data, mut features, mut single) = (None, None, Parts::default());
    for (key, value) in entries {
        match key.as_str() {
            "data" => data = Some(vets_data(value)?),
            "features" => features = Some(feature_list(value)?),
            other => {
                single.field(other, value)?;
            }
        }
    }
    match (data, features, single.is_present()) {
        (Some(entries), None, false) => Ok(FlagDocument::VetsApi(entries)),
        (None, Some(list), false) => Ok(FlagDocument::Flipper(list)),
        (None, None, true) => Ok(FlagDocument::Flipper(vec![single
            .finish()
            .map_err(parse_error)?])),
        (None, None, false) => Err(parse_error(NOT_A_DOCUMENT.to_owned())),
        _ => Err(parse_error(AMBIGUOUS.to_owned())),
    }
}

/// A string no longer than [`MAX_NAME_LEN`].
pub(super) fn capped(s: String) -> Read<String> {
    if s.len() > MAX_NAME_LEN {
        return Err(FlagError::NameTooLong {
            len: s.len(),
            max: MAX_NAME_LEN,
        });
    }
    Ok(s)
}

/// Reads every item (up to `max` + 1, whose error still counts), then fails with
/// `overflow(total)` when there are more than `max`.
fn capped_list<T>(
    items: Vec<Value>,
    max: usize,
    mut read: impl FnMut(Value) -> Read<T>,
    overflow: impl FnOnce(usize) -> FlagError,
) -> Read<Vec<T>> {
    let total = items.len();
    let mut out = Vec::new();
    for item in items {
        let t = read(item)?;
        if out.len() == max {
            return Err(overflow(total));
        }
        out.push(t);
    }
    Ok(out)
}

fn vets_data(v: Value) -> Read<Vec<(String, bool)>> {
    let Value::Obj(entries) = v else {
        return Err(wrong_type(&v, VETS_DATA));
    };
    let mut features = None;
    for (key, value) in entries {
        match key.as_str() {
            "type" => {
                let kind = string(value).map_err(parse_error)?;
                if kind != "feature_toggles" {
                    return Err(parse_error(wrong_kind(&kind)));
                }
            }
            "features" => features = Some(vets_list(value)?),
            _ => {}
        }
    }
    let raw = features.ok_or_else(|| parse_error(NO_FEATURES.to_owned()))?;
    vets_entries(raw)
}

pub(super) const NO_FEATURES: &str = "vets-api data has no \"features\" array";

/// `vets-api data.type is "<kind>", expected "feature_toggles"`.
pub(super) fn wrong_kind(kind: &str) -> String {
    let mut msg = "vets-api data.type is ".to_owned();
    debug_str(&mut msg, kind);
    msg.push_str(", expected \"feature_toggles\"");
    msg
}

/// The normalised entries; the cap holds for the stored (snake_case) name too, which can be
/// longer than the one sent (`aB` → `a_b`): otherwise the cache written from them would not load.
pub(super) fn vets_entries(raw: Vec<(String, bool)>) -> Read<Vec<(String, bool)>> {
    let entries = normalise(raw);
    if let Some((name, _)) = entries.iter().find(|(name, _)| name.len() > MAX_NAME_LEN) {
        return Err(FlagError::NameTooLong {
            len: name.len(),
            max: MAX_NAME_LEN,
        });
    }
    Ok(entries)
}

fn vets_list(v: Value) -> Read<Vec<(String, bool)>> {
    let Value::Arr(items) = v else {
        return Err(wrong_type(&v, VETS_LIST));
    };
    capped_list(items, MAX_FEATURES, vets_entry, |count| {
        FlagError::TooManyFeatures {
            count,
            max: MAX_FEATURES,
        }
    })
}

fn vets_entry(v: Value) -> Read<(String, bool)> {
    let Value::Obj(entries) = v else {
        return Err(wrong_type(&v, VETS_ENTRY));
    };
    let (mut name, mut value) = (None, None);
    for (key, v) in entries {
        match key.as_str() {
            "name" => name = Some(capped(string(v).map_err(parse_error)?)?),
            "value" => value = Some(boolean(v).map_err(parse_error)?),
            _ => {}
        }
    }
    vets_checked(name, value).map_err(parse_error)
}

/// A vets-api entry's name and value, both present and the name not blank.
pub(super) fn vets_checked(
    name: Option<String>,
    value: Option<bool>,
) -> Result<(String, bool), String> {
    let name = name.ok_or("vets-api feature has no \"name\"")?;
    if name.trim().is_empty() {
        return Err("vets-api feature has an empty \"name\"".to_owned());
    }
    let Some(value) = value else {
        let mut msg = "vets-api feature ".to_owned();
        debug_str(&mut msg, &name);
        msg.push_str(" has no boolean \"value\"");
        return Err(msg);
    };
    Ok((name, value))
}

/// Snake-cases every name; when several entries share a snake name, the entry that was already
/// written in snake_case wins, otherwise the first one. Output sorted by name.
pub fn normalise(raw: Vec<(String, bool)>) -> Vec<(String, bool)> {
    let mut by_name: VecMap<String, (bool, bool)> = VecMap::new();
    for (raw_name, value) in raw {
        let trimmed = raw_name.trim();
        let name = underscore(trimmed);
        let was_snake = trimmed == name;
        match by_name.get_mut(&name) {
            None => {
                by_name.insert(name, (value, was_snake));
            }
            Some(slot) => {
                if was_snake && !slot.1 {
                    *slot = (value, true);
                }
            }
        }
    }
    by_name
        .into_iter()
        .map(|(name, (value, _))| (name, value))
        .collect()
}

fn feature_list(v: Value) -> Read<Vec<Feature>> {
    let Value::Arr(items) = v else {
        return Err(wrong_type(&v, FEATURE_LIST));
    };
    let features = capped_list(items, MAX_FEATURES, feature, |count| {
        FlagError::TooManyFeatures {
            count,
            max: MAX_FEATURES,
        }
    })?;
    unique(features)
}

/// The features, or the first name listed twice.
pub(super) fn unique(features: Vec<Feature>) -> Read<Vec<Feature>> {
    let mut seen = VecSet::new();
    for feature in &features {
        if !seen.insert(feature.key.as_str()) {
            return Err(FlagError::DuplicateFeature(feature.key.clone()));
        }
    }
    Ok(features)
}

fn feature(v: Value) -> Read<Feature> {
    let Value::Obj(entries) = v else {
        return Err(wrong_type(&v, FEATURE));
    };
    let mut parts = Parts::default();
    for (key, value) in entries {
        parts.field(&key, value)?;
    }
    parts.finish().map_err(parse_error)
}

/// The fields of one feature, collected in whatever order they arrive.
#[derive(Default)]
pub(super) struct Parts {
    pub(super) key: Option<String>,
    pub(super) state: Option<String>,
    pub(super) gates: Option<Gates>,
}

pub(super) const NULL_KEY: &str = "Flipper feature \"key\" is null";

impl Parts {
    /// Reads `value` if `field` is a feature field (other fields are ignored).
    fn field(&mut self, field: &str, value: Value) -> Read<()> {
        match field {
            "key" => self.key = Some(text(value)?.ok_or_else(|| parse_error(NULL_KEY.to_owned()))?),
            "state" => self.state = text(value)?,
            "gates" => {
                let feature = self.key.clone().unwrap_or_default();
                self.gates = Some(gates(value, &feature)?);
            }
            _ => {}
        }
        Ok(())
    }

    pub(super) fn is_present(&self) -> bool {
        self.key.is_some() || self.gates.is_some() || self.state.is_some()
    }

    /// The feature, or why it has no usable key.
    pub(super) fn finish(self) -> Result<Feature, String> {
        let key = self.key.ok_or("Flipper feature has no \"key\"")?;
        if key.is_empty() {
            return Err("Flipper feature has an empty \"key\"".to_owned());
        }
        Ok(Feature {
            key,
            state: self.state,
            gates: self.gates.unwrap_or_default(),
        })
    }
}

/// A string (capped) or null.
fn text(v: Value) -> Read<Option<String>> {
    match v {
        Value::Str(s) => capped(s).map(Some),
        Value::Null => Ok(None),
        other => Err(wrong_type(&other, TEXT)),
    }
}

#[cfg(test)]
mod tests;
