//! The hand-built messages against the `format!` texts they replaced.

use super::FlagError;

/// The `Display` text before `message` existed (format strings as they were).
fn formatted(e: &FlagError) -> String {
    match e {
        FlagError::Parse(msg) => format!("va-rollout: flag document rejected: {msg}"),
        FlagError::TooManyFeatures { count, max } => {
            format!("va-rollout: flag document lists {count} features, more than the maximum {max}")
        }
        FlagError::NameTooLong { len, max } => format!(
            "va-rollout: a name or value in the flag document is {len} bytes long, more than the maximum {max}"
        ),
        FlagError::TooManySetEntries { feature, count, max } if feature.is_empty() => format!(
            "va-rollout: a feature has a gate with {count} entries, more than the maximum {max}"
        ),
        FlagError::TooManySetEntries { feature, count, max } => format!(
            "va-rollout: feature `{feature}` has a gate with {count} entries, more than the maximum {max}"
        ),
        FlagError::DuplicateFeature(name) => {
            format!("va-rollout: flag document lists feature `{name}` more than once")
        }
        FlagError::BodyTooLarge { bytes, max } => {
            format!("va-rollout: flag response is {bytes} bytes, more than the maximum {max}")
        }
        FlagError::Http { status } => {
            format!("va-rollout: flag request failed with HTTP status {status}")
        }
        FlagError::Network(msg) => format!("va-rollout: flag request failed: {msg}"),
        FlagError::Timeout { after_ms } => {
            format!("va-rollout: flag request timed out after {after_ms} ms")
        }
    }
}

#[test]
fn messages_are_the_formatted_texts() {
    let errors = [
        FlagError::Parse("invalid type: map, expected a string".into()),
        FlagError::TooManyFeatures {
            count: 10_001,
            max: 10_000,
        },
        FlagError::NameTooLong { len: 0, max: 200 },
        FlagError::TooManySetEntries {
            feature: String::new(),
            count: 50_001,
            max: 50_000,
        },
        FlagError::TooManySetEntries {
            feature: "f`x".into(),
            count: 7,
            max: 5,
        },
        FlagError::DuplicateFeature("日本".into()),
        FlagError::BodyTooLarge {
            bytes: usize::MAX,
            max: 2_097_152,
        },
        FlagError::Http { status: 503 },
        FlagError::Network("TypeError: Failed to fetch".into()),
        FlagError::Timeout { after_ms: u64::MAX },
    ];
    for e in &errors {
        assert_eq!(e.message(), formatted(e));
        assert_eq!(e.to_string(), formatted(e));
    }
}
