//! Reading Flipper API features with serde: `{"key","state","gates":[{"key","name","value"}]}`
//! (serde_json in the collector and the tests; the browser reads them with `read`). Gate values
//! may be strings or native JSON values; see [`RawValue`].

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::super::error::FlagError;
use super::super::flipper::{Feature, Gates, MAX_GATES};
use super::de::{capped_seq, seed_via_any, Ctx};
use super::read::{
    self, apply_gate, gate_key, list, number, set_entry, too_many_gates, unique, Parts, RawValue,
};
use super::{MAX_FEATURES, MAX_SET_ENTRIES};

/// `{"features":[…]}`'s array.
pub(super) struct FeatureListSeed<'c>(pub(super) &'c Ctx);

impl<'de> Visitor<'de> for FeatureListSeed<'_> {
    type Value = Vec<Feature>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(read::FEATURE_LIST)
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
        unique(features).map_err(|e| ctx.fail(e))
    }
}

struct FeatureSeed<'c>(&'c Ctx);

impl<'de> Visitor<'de> for FeatureSeed<'_> {
    type Value = Feature;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(read::FEATURE)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Feature, A::Error> {
        let mut parts = FeatureParts::default();
        while let Some(key) = map.next_key::<String>()? {
            if !parts.read_field(&key, &mut map, self.0)? {
                map.next_value::<IgnoredAny>()?;
            }
        }
        parts.finish()
    }
}

/// The fields of one feature, collected in whatever order they arrive.
#[derive(Default)]
pub(super) struct FeatureParts(Parts);

impl FeatureParts {
    /// Reads the value of `field` if it is a feature field; `false` leaves the value unread.
    pub(super) fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        field: &str,
        map: &mut A,
        ctx: &Ctx,
    ) -> Result<bool, A::Error> {
        let parts = &mut self.0;
        match field {
            "key" => {
                let key = map.next_value_seed(TextSeed(ctx))?;
                parts.key = Some(key.ok_or_else(|| de::Error::custom(read::NULL_KEY))?);
            }
            "state" => parts.state = map.next_value_seed(TextSeed(ctx))?,
            "gates" => {
                let feature = parts.key.clone().unwrap_or_default();
                parts.gates = Some(map.next_value_seed(GatesSeed { ctx, feature })?);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    pub(super) fn is_present(&self) -> bool {
        self.0.is_present()
    }

    /// The feature, or an error when it has no usable key.
    pub(super) fn finish<E: de::Error>(self) -> Result<Feature, E> {
        self.0.finish().map_err(E::custom)
    }
}

/// A string (capped) or null.
struct TextSeed<'c>(&'c Ctx);

impl<'de> Visitor<'de> for TextSeed<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(read::TEXT)
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
        f.write_str(read::GATES)
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
                return Err(de::Error::custom(too_many_gates(&self.feature)));
            }
            apply_gate(&mut gates, &key, value, &self.feature).map_err(de::Error::custom)?;
        }
        Ok(gates)
    }
}

/// One `{"key","name","value"}` gate: its key (falling back to the name) and its raw value.
struct GateSeed<'a, 'c>(&'a GatesSeed<'c>);

impl<'de> Visitor<'de> for GateSeed<'_, '_> {
    type Value = (String, RawValue);

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(read::GATE)
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
        let key = gate_key(key, name.as_deref(), &self.0.feature).map_err(de::Error::custom)?;
        Ok((key, value))
    }
}

struct RawValueSeed<'a, 'c> {
    ctx: &'c Ctx,
    feature: &'a str,
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
        number(v).map_err(E::custom)
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
        Ok(list(items))
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
        Ok(set_entry(raw))
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
