//! Reading the vets-api `{"data":{"type":"feature_toggles","features":[{"name","value"}]}}` body
//! with serde (serde_json in the collector and the tests; the browser reads it with `read`).

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::super::error::FlagError;
use super::de::{capped_seq, seed_via_any, Ctx};
use super::read::{self, vets_checked, vets_entries, wrong_kind, NO_FEATURES};
use super::MAX_FEATURES;

/// The `data` object; yields normalised, unique, sorted `(snake_name, value)` pairs.
pub(super) struct VetsDataSeed<'c>(pub(super) &'c Ctx);

impl<'de> Visitor<'de> for VetsDataSeed<'_> {
    type Value = Vec<(String, bool)>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(read::VETS_DATA)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut features = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => {
                    let kind: String = map.next_value()?;
                    if kind != "feature_toggles" {
                        return Err(de::Error::custom(wrong_kind(&kind)));
                    }
                }
                "features" => features = Some(map.next_value_seed(EntryListSeed(self.0))?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let raw = features.ok_or_else(|| de::Error::custom(NO_FEATURES))?;
        vets_entries(raw).map_err(|e| self.0.fail(e))
    }
}

struct EntryListSeed<'c>(&'c Ctx);

impl<'de> Visitor<'de> for EntryListSeed<'_> {
    type Value = Vec<(String, bool)>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(read::VETS_LIST)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        capped_seq(
            self.0,
            seq,
            MAX_FEATURES,
            || EntrySeed(self.0),
            |count| FlagError::TooManyFeatures {
                count,
                max: MAX_FEATURES,
            },
        )
    }
}

struct EntrySeed<'c>(&'c Ctx);

impl<'de> Visitor<'de> for EntrySeed<'_> {
    type Value = (String, bool);

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(read::VETS_ENTRY)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut name, mut value) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "name" => {
                    let raw: String = map.next_value()?;
                    name = Some(self.0.capped(&raw)?);
                }
                "value" => value = Some(map.next_value::<bool>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        vets_checked(name, value).map_err(de::Error::custom)
    }
}

seed_via_any!(
    VetsDataSeed<'_> => Vec<(String, bool)>,
    EntryListSeed<'_> => Vec<(String, bool)>,
    EntrySeed<'_> => (String, bool),
);
