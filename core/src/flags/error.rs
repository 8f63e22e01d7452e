//! The one typed error the flag engine reports through `lastError()`.

use core::fmt;

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

impl fmt::Display for FlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlagError::Parse(msg) => write!(f, "va-rollout: flag document rejected: {msg}"),
            FlagError::TooManyFeatures { count, max } => {
                write!(f, "va-rollout: flag document lists {count} features, more than the maximum {max}")
            }
            FlagError::NameTooLong { len, max } => {
                write!(f, "va-rollout: a name or value in the flag document is {len} bytes long, more than the maximum {max}")
            }
            FlagError::TooManySetEntries { feature, count, max } if feature.is_empty() => {
                write!(f, "va-rollout: a feature has a gate with {count} entries, more than the maximum {max}")
            }
            FlagError::TooManySetEntries { feature, count, max } => write!(
                f,
                "va-rollout: feature `{feature}` has a gate with {count} entries, more than the maximum {max}"
            ),
            FlagError::DuplicateFeature(name) => {
                write!(f, "va-rollout: flag document lists feature `{name}` more than once")
            }
            FlagError::BodyTooLarge { bytes, max } => {
                write!(f, "va-rollout: flag response is {bytes} bytes, more than the maximum {max}")
            }
            FlagError::Http { status } => write!(f, "va-rollout: flag request failed with HTTP status {status}"),
            FlagError::Network(msg) => write!(f, "va-rollout: flag request failed: {msg}"),
            FlagError::Timeout { after_ms } => write!(f, "va-rollout: flag request timed out after {after_ms} ms"),
        }
    }
}

impl std::error::Error for FlagError {}
