//! Reading Flipper API features: `{"key","state","gates":[{"key","name","value"}]}`. Gate values
//! may be strings or native JSON values; see [`RawValue`].

use std::collections::BTreeSet;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::super::error::FlagError;
use super::super::flipper::{Feature, GateNumber, Gates, MAX_GATES, MAX_UNKNOWN_GATES};
use super::seed_via_any;
use super::{capped_seq, Ctx, MAX_FEATURES, MAX_SET_ENTRIES};

/// `{"features":[…]}`'s array.
pub(super) struct FeatureListSeed<'c>(pub(super) &'c Ctx);

impl<'de> Visitor<'de> for FeatureListSeed<'_> {
    type Value = Vec<Feature>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("an array of Flipper features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Vec<Feature>, A::Error> {
        let ctx = self.0;
        let features = capped_seq(
            ctx,
            seq,
            MAX_FEATURES,
            || FeatureSeed(ctx),
            |count| FlagError::TooManyFeatures {
                count,
                max: MAX_FEATURES,
            },
        )?;
        let mut seen = BTreeSet::new();
        for feature in &features {
            if !seen.insert(feature.key.as_str()) {
                return Err(ctx.fail(FlagError::DuplicateFeature(feature.key.clone())));
            }
        }
        Ok(features)
    }
}

struct FeatureSeed<'c>(&'c Ctx);

impl<'de> Visitor<'de> for FeatureSeed<'_> {
    type Value = Feature;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a Flipper feature {\"key\",\"state\",\"gates\"}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Feature, A::Error> {
        let mut parts = FeatureParts::default();
        while let Some(key) = map.next_key::<String>()? {
            if !parts.read_field(&key, &mut map, self.0)? {
                map.next_value::<IgnoredAny>()?;
            }
        }
        parts.finish(0)
    }
}

/// The fields of one feature, collected in whatever order they arrive.
#[derive(Default)]
pub(super) struct FeatureParts {
    key: Option<String>,
    state: Option<String>,
    gates: Option<Gates>,
}

impl FeatureParts {
    /// Reads the value of `field` if it is a feature field; `false` leaves the value unread.
    pub(super) fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        field: &str,
        map: &mut A,
        ctx: &Ctx,
    ) -> Result<bool, A::Error> {
        match field {
            "key" => {
                let key = map.next_value_seed(TextSeed(ctx))?;
                self.key =
                    Some(key.ok_or_else(|| de::Error::custom("Flipper feature \"key\" is null"))?);
            }
            "state" => self.state = map.next_value_seed(TextSeed(ctx))?,
            "gates" => {
                let feature = self.key.clone().unwrap_or_default();
                self.gates = Some(map.next_value_seed(GatesSeed { ctx, feature })?);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    pub(super) fn is_present(&self) -> bool {
        self.key.is_some() || self.gates.is_some() || self.state.is_some()
    }

    /// The feature, or an error when it has no usable key. `_index` is reserved for messages.
    pub(super) fn finish<E: de::Error>(self, _index: usize) -> Result<Feature, E> {
        let key = self
            .key
            .ok_or_else(|| E::custom("Flipper feature has no \"key\""))?;
        if key.is_empty() {
            return Err(E::custom("Flipper feature has an empty \"key\""));
        }
        Ok(Feature {
            key,
            state: self.state,
            gates: self.gates.unwrap_or_default(),
        })
    }
}

/// A string (capped) or null.
struct TextSeed<'c>(&'c Ctx);

impl<'de> Visitor<'de> for TextSeed<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a string or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.capped(v).map(Some)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// The `gates` array (or null).
struct GatesSeed<'c> {
    ctx: &'c Ctx,
    feature: String,
}

impl<'de> Visitor<'de> for GatesSeed<'_> {
    type Value = Gates;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("an array of Flipper gates {\"key\",\"name\",\"value\"}")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Gates, E> {
        Ok(Gates::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<Gates, E> {
        Ok(Gates::default())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Gates, A::Error> {
        let mut gates = Gates::default();
        let mut seen = 0usize;
        while let Some((key, value)) = seq.next_element_seed(GateSeed(&self))? {
            seen += 1;
            if seen > MAX_GATES {
                return Err(de::Error::custom(format!(
                    "feature {:?} lists more than {MAX_GATES} gates",
                    self.feature
                )));
            }
            apply_gate(&mut gates, &key, value, &self.feature)?;
        }
        Ok(gates)
    }
}

/// One `{"key","name","value"}` gate: its key (falling back to the name) and its raw value.
struct GateSeed<'a, 'c>(&'a GatesSeed<'c>);

impl<'de> Visitor<'de> for GateSeed<'_, '_> {
    type Value = (String, RawValue);

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a Flipper gate {\"key\",\"name\",\"value\"}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let ctx = self.0.ctx;
        let (mut key, mut name, mut value) = (None, None, RawValue::Null);
        while let Some(field) = map.next_key::<String>()? {
            match field.as_str() {
                "key" => key = map.next_value_seed(TextSeed(ctx))?,
                "name" => name = map.next_value_seed(TextSeed(ctx))?,
                "value" => {
                    value = map.next_value_seed(RawValueSeed {
                        ctx,
                        feature: &self.0.feature,
                    })?
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let key = match (key, name.as_deref()) {
            (Some(k), _) => k,
            (None, Some("actor")) => "actors".into(),
            (None, Some("group")) => "groups".into(),
            (None, Some(n)) => n.into(),
            (None, None) => {
                return Err(de::Error::custom(format!(
                    "a gate of feature {:?} has neither \"key\" nor \"name\"",
                    self.0.feature
                )))
            }
        };
        Ok((key, value))
    }
}

/// A gate value before its gate is known.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum RawValue {
    Null,
    Bool(bool),
    Text(String),
    Int(i64),
    Float(f64),
    /// Strings, with numbers in their string form; `mixed` when other kinds were present too.
    List {
        items: Vec<String>,
        mixed: bool,
    },
    Object,
}

fn apply_gate<E: de::Error>(
    gates: &mut Gates,
    key: &str,
    value: RawValue,
    feature: &str,
) -> Result<(), E> {
    let wrong = |what: &str| E::custom(format!("gate {key:?} of feature {feature:?}: {what}"));
    match key {
        "boolean" => {
            gates.boolean = match value {
                RawValue::Null => false,
                RawValue::Bool(b) => b,
                // Flipper `Typecast.to_boolean`: true, 1, "1" and "true" are true.
                RawValue::Text(t) => t == "true" || t == "1",
                RawValue::Int(i) => i == 1,
                RawValue::Float(_) => false,
                RawValue::List { .. } | RawValue::Object => {
                    return Err(wrong("expected true, \"true\" or null"))
                }
            }
        }
        "actors" | "groups" => {
            let set: BTreeSet<String> = match value {
                RawValue::Null => BTreeSet::new(),
                RawValue::List {
                    items,
                    mixed: false,
                } => items.into_iter().collect(),
                _ => return Err(wrong("expected an array of strings")),
            };
            if key == "actors" {
                gates.actors = set
            } else {
                gates.groups = set
            }
        }
        "percentage_of_actors" | "percentage_of_time" => {
            let number = match value {
                RawValue::Null => GateNumber::Null,
                RawValue::Text(t) => GateNumber::Text(t),
                RawValue::Int(i) => GateNumber::Int(i),
                RawValue::Float(f) => GateNumber::Float(f),
                _ => return Err(wrong("expected a number, a numeric string or null")),
            };
            if key == "percentage_of_actors" {
                gates.percentage_of_actors = number
            } else {
                gates.percentage_of_time = number
            }
        }
        "expression" => gates.expression = value != RawValue::Null,
        unknown => {
            if gates.unknown.len() < MAX_UNKNOWN_GATES
                && !gates.unknown.iter().any(|u| u == unknown)
            {
                gates.unknown.push(unknown.to_owned());
            }
        }
    }
    Ok(())
}

struct RawValueSeed<'a, 'c> {
    ctx: &'c Ctx,
    feature: &'a str,
}

/// An integral JS/JSON number within ±2^53 is an integer whatever the source reported, so
/// serde_json (`25.0`) and serde-wasm-bindgen (`25`) read the same document alike.
fn number<E: de::Error>(v: f64) -> Result<RawValue, E> {
    const SAFE: f64 = 9_007_199_254_740_992.0;
    if !v.is_finite() {
        return Err(E::custom("gate value is not a finite number"));
    }
    Ok(if v.fract() == 0.0 && v.abs() <= SAFE {
        RawValue::Int(v as i64)
    } else {
        RawValue::Float(v)
    })
}

impl<'de> Visitor<'de> for RawValueSeed<'_, '_> {
    type Value = RawValue;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a gate value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawValue, E> {
        Ok(RawValue::Bool(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
        self.ctx.capped(v).map(RawValue::Text)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
        Ok(RawValue::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
        Ok(RawValue::Int(i64::try_from(v).unwrap_or(i64::MAX)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
        number(v)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(RawValue::Object)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawValue, A::Error> {
        let (ctx, feature) = (self.ctx, self.feature);
        let items = capped_seq(
            ctx,
            seq,
            MAX_SET_ENTRIES,
            || ListItemSeed(ctx),
            |count| FlagError::TooManySetEntries {
                feature: feature.to_owned(),
                count,
                max: MAX_SET_ENTRIES,
            },
        )?;
        let mixed = items.iter().any(Option::is_none);
        Ok(RawValue::List {
            items: items.into_iter().flatten().collect(),
            mixed,
        })
    }
}

/// One entry of a set gate: a string, or a number in its string form; `None` for anything else.
struct ListItemSeed<'c>(&'c Ctx);

impl<'de> DeserializeSeed<'de> for ListItemSeed<'_> {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let raw = deserializer.deserialize_any(RawValueSeed {
            ctx: self.0,
            feature: "",
        })?;
        Ok(match raw {
            RawValue::Text(t) => Some(t),
            RawValue::Int(i) => Some(i.to_string()),
            RawValue::Float(f) => Some(format!("{f:?}")),
            _ => None,
        })
    }
}

seed_via_any!(
    FeatureListSeed<'_> => Vec<Feature>,
    FeatureSeed<'_> => Feature,
    TextSeed<'_> => Option<String>,
    GatesSeed<'_> => Gates,
    GateSeed<'_, '_> => (String, RawValue),
    RawValueSeed<'_, '_> => RawValue,
);
