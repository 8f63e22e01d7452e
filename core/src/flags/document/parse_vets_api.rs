//! Reading the vets-api `{"data":{"type":"feature_toggles","features":[{"name","value"}]}}` body.

use std::collections::btree_map::{BTreeMap, Entry};

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::super::error::FlagError;
use super::super::names::underscore;
use super::seed_via_any;
use super::{capped_seq, Ctx, MAX_FEATURES, MAX_NAME_LEN};

/// The `data` object; yields normalised, unique, sorted `(snake_name, value)` pairs.
pub(super) struct VetsDataSeed<'c>(pub(super) &'c Ctx);

impl<'de> Visitor<'de> for VetsDataSeed<'_> {
    type Value = Vec<(String, bool)>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a vets-api \"data\" object {\"type\":\"feature_toggles\",\"features\":[…]}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut features = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => {
                    let kind: String = map.next_value()?;
                    if kind != "feature_toggles" {
                        return Err(de::Error::custom(format!(
                            "vets-api data.type is {kind:?}, expected \"feature_toggles\""
                        )));
                    }
                }
                "features" => features = Some(map.next_value_seed(EntryListSeed(self.0))?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let raw =
            features.ok_or_else(|| de::Error::custom("vets-api data has no \"features\" array"))?;
        let entries = normalise(raw);
        // The cap holds for the stored (snake_case) name too, which can be longer than the one
        // sent (`aB` → `a_b`): otherwise the cache written from this document would not load.
        if let Some((name, _)) = entries.iter().find(|(name, _)| name.len() > MAX_NAME_LEN) {
            return Err(self.0.fail(FlagError::NameTooLong {
                len: name.len(),
                max: MAX_NAME_LEN,
            }));
        }
        Ok(entries)
    }
}

/// Snake-cases every name; when several entries share a snake name, the entry that was already
/// written in snake_case wins, otherwise the first one. Output sorted by name.
pub fn normalise(raw: Vec<(String, bool)>) -> Vec<(String, bool)> {
    let mut by_name: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    for (raw_name, value) in raw {
        let trimmed = raw_name.trim();
        let name = underscore(trimmed);
        let was_snake = trimmed == name;
        match by_name.entry(name) {
            Entry::Vacant(slot) => {
                slot.insert((value, was_snake));
            }
            Entry::Occupied(mut slot) => {
                if was_snake && !slot.get().1 {
                    slot.insert((value, true));
                }
            }
        }
    }
    by_name
        .into_iter()
        .map(|(name, (value, _))| (name, value))
        .collect()
}

struct EntryListSeed<'c>(&'c Ctx);

impl<'de> Visitor<'de> for EntryListSeed<'_> {
    type Value = Vec<(String, bool)>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("an array of {\"name\":string,\"value\":boolean}")
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
        f.write_str("a vets-api feature {\"name\":string,\"value\":boolean}")
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
        let name = name.ok_or_else(|| de::Error::custom("vets-api feature has no \"name\""))?;
        if name.trim().is_empty() {
            return Err(de::Error::custom("vets-api feature has an empty \"name\""));
        }
        let value = value.ok_or_else(|| {
            de::Error::custom(format!(
                "vets-api feature {name:?} has no boolean \"value\""
            ))
        })?;
        Ok((name, value))
    }
}

seed_via_any!(
    VetsDataSeed<'_> => Vec<(String, bool)>,
    EntryListSeed<'_> => Vec<(String, bool)>,
    EntrySeed<'_> => (String, bool),
);
