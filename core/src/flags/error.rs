//! The one typed error the flag engine reports through `lastError()`.

use core::fmt;

use crate::json::write::write_u64;

/// Why a flag document could not be used, or why the last refresh failed.
#[derive(Clone, Debug, PartialEq)]
pub enum FlagError {
    /// Malformed JSON, an unrecognised document shape or a value of the wrong type.
    Parse(String),
    /// The document lists more features than [`crate::flags::MAX_FEATURES`].
    TooManyFeatures { count: usize, max: usize },
    /// A feature name, actor id, group name or gate value is longer than [`crate::flags::MAX_NAME_LEN`].
    NameTooLong { len: usize, max: usize },
    /// An actors/groups gate holds more entries than [`crate::flags::MAX_SET_ENTRIES`]
    /// (`feature` is empty when the gates came before the feature's key).
    TooManySetEntries {
        feature: String,
        count: usize,
        max: usize,
    },
    /// A Flipper document names the same feature twice.
    DuplicateFeature(String),
    /// The response body is larger than [`crate::flags::MAX_BODY_BYTES`].
    BodyTooLarge { bytes: usize, max: usize },
    /// The server answered with an HTTP status the engine cannot use.
    Http { status: u16 },
    /// The request failed before a response arrived (offline, CORS, DNS...).
    Network(String),
    /// No response within the configured timeout.
    Timeout { after_ms: u64 },
}

impl FlagError {
    /// The message `lastError().message` shows, built without `core::fmt` (numbers by hand).
    pub fn message(&self) -> String {
        let mut m = String::from("va-rollout: ");
        let num = |m: &mut String, n: usize| write_u64(m, n as u64);
        match self {
            FlagError::Parse(msg) => {
                m.push_str("flag document rejected: ");
                m.push_str(msg);
            }
            FlagError::TooManyFeatures { count, max } => {
                m.push_str("flag document lists ");
                num(&mut m, *count);
                m.push_str(" features, more than the maximum ");
                num(&mut m, *max);
            }
            FlagError::NameTooLong { len, max } => {
                m.push_str("a name or value in the flag document is ");
                num(&mut m, *len);
                m.push_str(" bytes long, more than the maximum ");
                num(&mut m, *max);
            }
            FlagError::TooManySetEntries {
                feature,
                count,
                max,
            } => {
                if feature.is_empty() {
                    m.push_str("a feature");
                } else {
                    m.push_str("feature `");
                    m.push_str(feature);
                    m.push('`');
                }
                m.push_str(" has a gate with ");
                num(&mut m, *count);
                m.push_str(" entries, more than the maximum ");
                num(&mut m, *max);
            }
            FlagError::DuplicateFeature(name) => {
                m.push_str("flag document lists feature `");
                m.push_str(name);
                m.push_str("` more than once");
            }
            FlagError::BodyTooLarge { bytes, max } => {
                m.push_str("flag response is ");
                num(&mut m, *bytes);
                m.push_str(" bytes, more than the maximum ");
                num(&mut m, *max);
            }
            FlagError::Http { status } => {
                m.push_str("flag request failed with HTTP status ");
                write_u64(&mut m, u64::from(*status));
            }
            FlagError::Network(msg) => {
                m.push_str("flag request failed: ");
                m.push_str(msg);
            }
            FlagError::Timeout { after_ms } => {
                m.push_str("flag request timed out after ");
                write_u64(&mut m, *after_ms);
                m.push_str(" ms");
            }
        }
        m
    }
}

impl fmt::Display for FlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for FlagError {}

#[cfg(test)]
mod tests;
