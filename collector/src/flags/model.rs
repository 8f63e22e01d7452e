//! The collector's stored shape of a Flipper feature (one row of `features`), its Flipper API
//! decorator JSON, and the gate edits the Flipper API performs. Evaluation is NOT here: it is
//! the SDK's engine (`va_rollout_core::flags`), see `flags::engine`.

use std::collections::BTreeSet;

use serde_json::{json, Value};

/// Longest feature key, actor id or group name accepted.
pub const MAX_NAME_BYTES: usize = va_rollout_core::flags::MAX_NAME_LEN;
/// Most actors one feature may list.
pub const MAX_ACTORS: usize = 10_000;
/// Most groups one feature may list.
pub const MAX_GROUPS: usize = 100;
/// Most features in the store (seed file or API creation).
pub const MAX_FEATURES: usize = 2_000;

/// vets-api `actor_type` (config/features.yml): who the actor is for `/v0/feature_toggles`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ActorType {
    /// The logged-in user (`User#flipper_id`); here the dev user.
    #[default]
    User,
    /// The `cookie_id` query parameter (`FLIPPER_ID` cookie).
    CookieId,
}

impl ActorType {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorType::User => "user",
            ActorType::CookieId => "cookie_id",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "user" => Some(ActorType::User),
            "cookie_id" => Some(ActorType::CookieId),
            _ => None,
        }
    }
}

/// One feature's gate values, as Flipper's adapters keep them (percentages as strings).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredFeature {
    pub key: String,
    pub boolean: bool,
    pub actors: BTreeSet<String>,
    pub groups: BTreeSet<String>,
    pub percentage_of_actors: Option<String>,
    pub percentage_of_time: Option<String>,
    pub expression: Option<Value>,
    pub actor_type: ActorType,
    pub description: Option<String>,
}

#[derive(Debug, PartialEq)]
pub enum GateError {
    BadName,
    BadPercentage,
    TooMany,
}

impl std::fmt::Display for GateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GateError::BadName => write!(
                f,
                "name must be 1..={MAX_NAME_BYTES} bytes without control characters"
            ),
            GateError::BadPercentage => write!(
                f,
                "Percentage must be a positive number less than or equal to 100."
            ),
            GateError::TooMany => write!(f, "too many actors or groups on this feature"),
        }
    }
}

/// A name (feature key, actor id, group) the store accepts.
pub fn valid_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_NAME_BYTES && !s.chars().any(char::is_control)
}

/// Flipper's `Typecast.to_number` on a percentage, validated to 0..=100; returns the string stored.
pub fn normalize_percentage(v: &Value) -> Result<String, GateError> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return Err(GateError::BadPercentage),
    };
    let n: f64 = s.parse().map_err(|_| GateError::BadPercentage)?;
    if !n.is_finite() || !(0.0..=100.0).contains(&n) {
        return Err(GateError::BadPercentage);
    }
    Ok(s)
}

fn pct_value(s: &Option<String>) -> f64 {
    s.as_deref()
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0)
}

/// A Flipper gate edit (one Flipper API write).
#[derive(Debug, Clone, PartialEq)]
pub enum GateEdit {
    /// No change; creates the feature when it does not exist (`POST /features`).
    Touch,
    EnableBoolean,
    /// Flipper's `disable` on the boolean gate clears every gate.
    DisableBoolean,
    AddActor(String),
    RemoveActor(String),
    AddGroup(String),
    RemoveGroup(String),
    PercentageOfActors(String),
    PercentageOfTime(String),
    ClearAll,
}

impl StoredFeature {
    pub fn new(key: &str) -> Self {
        StoredFeature {
            key: key.to_string(),
            ..Default::default()
        }
    }

    /// Flipper `Feature#state`.
    pub fn state(&self) -> &'static str {
        if self.boolean || pct_value(&self.percentage_of_time) >= 100.0 {
            "on"
        } else if !self.actors.is_empty()
            || !self.groups.is_empty()
            || pct_value(&self.percentage_of_actors) > 0.0
            || pct_value(&self.percentage_of_time) > 0.0
            || self.expression.is_some()
        {
            "conditional"
        } else {
            "off"
        }
    }

    /// Off for everyone: no gate can open.
    pub fn fully_off(&self) -> bool {
        self.state() == "off"
    }

    pub fn apply(&mut self, edit: GateEdit) -> Result<(), GateError> {
        let check = |s: &str| {
            if valid_name(s) {
                Ok(())
            } else {
                Err(GateError::BadName)
            }
        };
        match edit {
            GateEdit::Touch => {}
            GateEdit::EnableBoolean => self.boolean = true,
            GateEdit::DisableBoolean | GateEdit::ClearAll => {
                let keep = (self.key.clone(), self.actor_type, self.description.clone());
                *self = StoredFeature {
                    key: keep.0,
                    actor_type: keep.1,
                    description: keep.2,
                    ..Default::default()
                };
            }
            GateEdit::AddActor(a) => {
                check(&a)?;
                if self.actors.len() >= MAX_ACTORS && !self.actors.contains(&a) {
                    return Err(GateError::TooMany);
                }
                self.actors.insert(a);
            }
            GateEdit::RemoveActor(a) => {
                self.actors.remove(&a);
            }
            GateEdit::AddGroup(g) => {
                check(&g)?;
                if self.groups.len() >= MAX_GROUPS && !self.groups.contains(&g) {
                    return Err(GateError::TooMany);
                }
                self.groups.insert(g);
            }
            GateEdit::RemoveGroup(g) => {
                self.groups.remove(&g);
            }
            GateEdit::PercentageOfActors(p) => self.percentage_of_actors = Some(p),
            GateEdit::PercentageOfTime(p) => self.percentage_of_time = Some(p),
        }
        Ok(())
    }

    /// The Flipper API v1 feature decorator (`lib/flipper/api/v1/decorators/feature.rb`).
    pub fn decorate(&self, exclude_gates: bool, exclude_gate_names: bool) -> Value {
        let mut out = json!({ "key": self.key, "state": self.state() });
        if exclude_gates {
            return out;
        }
        let gate = |key: &str, name: &str, value: Value| {
            if exclude_gate_names {
                json!({ "key": key, "value": value })
            } else {
                json!({ "key": key, "name": name, "value": value })
            }
        };
        let opt = |s: &Option<String>| s.as_ref().map_or(Value::Null, |v| Value::String(v.clone()));
        out["gates"] = json!([
            gate(
                "boolean",
                "boolean",
                if self.boolean {
                    json!("true")
                } else {
                    Value::Null
                }
            ),
            gate(
                "expression",
                "expression",
                self.expression.clone().unwrap_or(Value::Null)
            ),
            gate("actors", "actor", json!(self.actors)),
            gate(
                "percentage_of_actors",
                "percentage_of_actors",
                opt(&self.percentage_of_actors)
            ),
            gate(
                "percentage_of_time",
                "percentage_of_time",
                opt(&self.percentage_of_time)
            ),
            gate("groups", "group", json!(self.groups)),
        ]);
        out
    }

    /// Reads one feature of a Flipper API features document (the decorator shape), plus the
    /// collector's optional extras `actor_type` and `description` (ignored by Flipper).
    pub fn from_decorated(v: &Value) -> Result<Self, String> {
        let key = v
            .get("key")
            .and_then(Value::as_str)
            .filter(|k| valid_name(k))
            .ok_or("feature without a valid key")?;
        let mut f = StoredFeature::new(key);
        if let Some(t) = v.get("actor_type").and_then(Value::as_str) {
            f.actor_type = ActorType::parse(t)
                .ok_or_else(|| format!("{key}: actor_type must be user or cookie_id"))?;
        }
        f.description = v
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string);
        let gates = match v.get("gates") {
            None | Some(Value::Null) => return Ok(f),
            Some(Value::Array(g)) => g,
            Some(_) => return Err(format!("{key}: gates must be an array")),
        };
        for g in gates {
            let gkey = g
                .get("key")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("{key}: gate without key"))?;
            let value = g.get("value").unwrap_or(&Value::Null);
            let bad = |what: &str| format!("{key}: bad {what} gate value");
            match gkey {
                "boolean" => {
                    f.boolean = matches!(value, Value::Bool(true)) || value.as_str() == Some("true")
                }
                "expression" => f.expression = (!value.is_null()).then(|| value.clone()),
                "actors" | "groups" => {
                    let items = value.as_array().ok_or_else(|| bad(gkey))?;
                    for item in items {
                        let s = item.as_str().ok_or_else(|| bad(gkey))?.to_string();
                        let edit = if gkey == "actors" {
                            GateEdit::AddActor(s)
                        } else {
                            GateEdit::AddGroup(s)
                        };
                        f.apply(edit).map_err(|e| format!("{key}: {e}"))?;
                    }
                }
                "percentage_of_actors" | "percentage_of_time" if !value.is_null() => {
                    let p = normalize_percentage(value).map_err(|_| bad(gkey))?;
                    if gkey == "percentage_of_actors" {
                        f.percentage_of_actors = Some(p);
                    } else {
                        f.percentage_of_time = Some(p);
                    }
                }
                "percentage_of_actors" | "percentage_of_time" => {}
                other => return Err(format!("{key}: unknown gate {other}")),
            }
        }
        Ok(f)
    }
}

/// Parses a Flipper API features document `{"features":[<feature>...]}` (the seed file).
pub fn parse_document(doc: &Value) -> Result<Vec<StoredFeature>, String> {
    let list = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or("document must be {\"features\": [...]}")?;
    if list.len() > MAX_FEATURES {
        return Err(format!("more than {MAX_FEATURES} features"));
    }
    list.iter().map(StoredFeature::from_decorated).collect()
}

#[cfg(test)]
mod tests;
