//! `FlagDocument`: the two flag sources the engine reads, recognised by shape. The browser reads
//! a parsed [`crate::json::Value`] by hand ([`FlagDocument::read`], `read`) and writes the cache
//! with `write`; serde users (serde_json in the collector and the tests) read any data format that
//! supports `deserialize_any` through the visitors of `de` (`parse_vets_api`, `parse_flipper`),
//! with the same messages, and write with `ser`. They are compiled with the `serde` feature only, which the shipped module does not enable. Caps are enforced while reading, so oversized input fails before it is stored.

use super::error::FlagError;
use super::flipper::Feature;

#[cfg(feature = "serde")]
mod de;
#[cfg(feature = "serde")]
mod parse_flipper;
#[cfg(feature = "serde")]
mod parse_vets_api;
mod read;
#[cfg(feature = "serde")]
mod ser;
mod write;

pub use read::normalise;

/// Most features (or raw vets-api entries, which come twice per flag) a document may list.
pub const MAX_FEATURES: usize = 10_000;
/// Longest feature name, actor id, group name or textual gate value, in UTF-8 bytes.
pub const MAX_NAME_LEN: usize = 200;
/// Most entries an actors or groups gate may hold.
pub const MAX_SET_ENTRIES: usize = 50_000;
/// Largest response body the shell hands to the parser.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// A parsed flag source.
#[derive(Clone, Debug, PartialEq)]
pub enum FlagDocument {
    /// vets-api `GET /v0/feature_toggles`: values already evaluated for the user. Names are
    /// snake_case (Rails `underscore`), unique, sorted. When a camelCase and a snake_case entry
    /// normalise to the same name the snake_case entry wins; otherwise the first entry wins.
    VetsApi(Vec<(String, bool)>),
    /// A Flipper API features document (or a single feature), evaluated locally. Keys unique.
    Flipper(Vec<Feature>),
}

impl FlagDocument {
    /// Reads a document from a parsed JSON value (what the browser runs): cap violations as
    /// their own `FlagError` variants, everything else as `FlagError::Parse`, with the messages
    /// [`FlagDocument::parse`] gives for the same value.
    pub fn read(value: crate::json::Value) -> Result<FlagDocument, FlagError> {
        read::document(value)
    }

    /// Refuses a body longer than [`MAX_BODY_BYTES`] before it is parsed.
    pub fn check_body_len(bytes: usize) -> Result<(), FlagError> {
        if bytes > MAX_BODY_BYTES {
            return Err(FlagError::BodyTooLarge {
                bytes,
                max: MAX_BODY_BYTES,
            });
        }
        Ok(())
    }

    /// Number of flags in the document.
    pub fn len(&self) -> usize {
        match self {
            FlagDocument::VetsApi(v) => v.len(),
            FlagDocument::Flipper(f) => f.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests;
