//! serde reading of a `FlagDocument` (serde_json in the collector and the tests; the browser
//! runs `read`): the visitors of `parse_vets_api` / `parse_flipper`, with the messages and caps of
//! `read`, which the browser runs.

use core::cell::Cell;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use super::super::error::FlagError;
use super::parse_flipper::{FeatureListSeed, FeatureParts};
use super::parse_vets_api::VetsDataSeed;
use super::{read, FlagDocument, MAX_NAME_LEN};

impl FlagDocument {
    /// Parses a document, reporting cap violations as their own `FlagError` variants and
    /// everything else (syntax, shape, types) as `FlagError::Parse`.
    pub fn parse<'de, D: Deserializer<'de>>(deserializer: D) -> Result<FlagDocument, FlagError> {
        let ctx = Ctx::default();
        DocumentSeed(&ctx).deserialize(deserializer).map_err(|e| {
            ctx.take()
                .unwrap_or_else(|| FlagError::Parse(e.to_string()))
        })
    }
}

impl<'de> Deserialize<'de> for FlagDocument {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        DocumentSeed(&Ctx::default()).deserialize(deserializer)
    }
}

/// Parse context: remembers the first typed (cap) error so `FlagDocument::parse` can return it.
#[derive(Default)]
pub(super) struct Ctx {
    error: Cell<Option<FlagError>>,
}

impl Ctx {
    /// Records `err` (the first one wins) and turns it into the deserializer's error.
    pub(super) fn fail<E: de::Error>(&self, err: FlagError) -> E {
        let msg = err.to_string();
        let first = self.error.take().unwrap_or(err);
        self.error.set(Some(first));
        E::custom(msg)
    }

    fn take(&self) -> Option<FlagError> {
        self.error.take()
    }

    /// A string no longer than [`MAX_NAME_LEN`].
    pub(super) fn capped<E: de::Error>(&self, s: &str) -> Result<String, E> {
        if s.len() > MAX_NAME_LEN {
            return Err(self.fail(FlagError::NameTooLong {
                len: s.len(),
                max: MAX_NAME_LEN,
            }));
        }
        Ok(s.to_owned())
    }
}

/// Reads at most `max` elements with `seed`, then counts the rest and fails with `overflow(count)`.
pub(super) fn capped_seq<'de, A, S>(
    ctx: &Ctx,
    mut seq: A,
    max: usize,
    seed: impl Fn() -> S,
    overflow: impl FnOnce(usize) -> FlagError,
) -> Result<Vec<S::Value>, A::Error>
where
    A: de::SeqAccess<'de>,
    S: DeserializeSeed<'de>,
{
    let mut out = Vec::new();
    while let Some(item) = seq.next_element_seed(seed())? {
        if out.len() == max {
            let mut count = max + 1;
            while seq.next_element::<IgnoredAny>()?.is_some() {
                count += 1;
            }
            return Err(ctx.fail(overflow(count)));
        }
        out.push(item);
    }
    Ok(out)
}

struct DocumentSeed<'c>(&'c Ctx);

seed_via_any!(DocumentSeed<'_> => FlagDocument);

impl<'de> Visitor<'de> for DocumentSeed<'_> {
    type Value = FlagDocument;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(read::DOCUMENT)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FlagDocument, A::Error> {
        let (mut data, mut features, mut single) = (None, None, FeatureParts::default());
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "data" => data = Some(map.next_value_seed(VetsDataSeed(self.0))?),
                "features" => features = Some(map.next_value_seed(FeatureListSeed(self.0))?),
                other => {
                    if !single.read_field(other, &mut map, self.0)? {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
        }
        match (data, features, single.is_present()) {
            (Some(entries), None, false) => Ok(FlagDocument::VetsApi(entries)),
            (None, Some(list), false) => Ok(FlagDocument::Flipper(list)),
            (None, None, true) => Ok(FlagDocument::Flipper(vec![single.finish::<A::Error>()?])),
            (None, None, false) => Err(de::Error::custom(read::NOT_A_DOCUMENT)),
            _ => Err(de::Error::custom(read::AMBIGUOUS)),
        }
    }
}

/// `DeserializeSeed` for visitors that are their own seed (`deserialize_any(self)`), the only
/// entry point both serde_json and serde-wasm-bindgen support for every shape.
macro_rules! seed_via_any {
    ($($seed:ty => $value:ty),* $(,)?) => {$(
        impl<'de> serde::de::DeserializeSeed<'de> for $seed {
            type Value = $value;

            fn deserialize<D: serde::de::Deserializer<'de>>(self, deserializer: D) -> Result<$value, D::Error> {
                deserializer.deserialize_any(self)
            }
        }
    )*};
}
pub(super) use seed_via_any;
