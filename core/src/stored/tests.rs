//! Every stored format goes through this module's one version: bytes as older pages wrote them
//! (`"version":1`) still load, another version is refused, and what is written now carries
//! [`VERSION`].

use super::*;
use crate::flags::{CacheEntry, FlagDocument, OverrideSet};

/// A flag cache entry as the shell wrote it to localStorage (a vets-api document).
const OLD_CACHE: &str = r#"{"version":1,"doc":{"data":{"type":"feature_toggles","features":[{"name":"a_flag","value":true}]}},"fetchedAtMs":1700000000000.0,"etag":"W/\"x\""}"#;
/// QA overrides as written to localStorage.
const OLD_OVERRIDES: &str =
    r#"{"version":1,"entries":{"a_flag":{"value":true,"expiresAtMs":1700000000000.0}}}"#;

#[test]
fn the_version_is_one_and_checked_in_one_place() {
    assert_eq!(VERSION, 1);
    assert_eq!(check("x", 1), Ok(()));
    let refused = check("session pins", 2).expect_err("version 2");
    assert_eq!(
        refused.to_string(),
        "session pins version 2 is not supported (expected 1)"
    );
    assert_eq!(serde_json::to_string(&StoredVersion).expect("writes"), "1");
    for ok in ["1", "1.0"] {
        assert!(serde_json::from_str::<StoredVersion>(ok).is_ok(), "{ok}");
    }
    for bad in ["2", "0", "-1", "1.5", "\"1\"", "null", "true"] {
        assert!(serde_json::from_str::<StoredVersion>(bad).is_err(), "{bad}");
    }
}

#[test]
fn flag_cache_and_overrides_written_by_older_pages_still_load() {
    let entry: CacheEntry = serde_json::from_str(OLD_CACHE).expect("old cache entry loads");
    assert_eq!(entry.fetched_at_ms, 1_700_000_000_000.0);
    assert_eq!(entry.etag.as_deref(), Some("W/\"x\""));
    assert!(
        matches!(entry.doc, FlagDocument::VetsApi(_)),
        "{:?}",
        entry.doc
    );
    let written = serde_json::to_string(&entry).expect("writes");
    assert!(written.starts_with("{\"version\":1,"), "{written}");
    assert!(serde_json::from_str::<CacheEntry>(&OLD_CACHE.replacen(":1,", ":2,", 1)).is_err());

    let set: OverrideSet = serde_json::from_str(OLD_OVERRIDES).expect("old overrides load");
    assert_eq!(set.active("a_flag", 0.0), Some(true));
    let written = serde_json::to_string(&set).expect("writes");
    assert!(written.starts_with("{\"version\":1,"), "{written}");
    assert!(serde_json::from_str::<OverrideSet>(&OLD_OVERRIDES.replacen(":1,", ":2,", 1)).is_err());
}

#[cfg(feature = "routing")]
#[test]
fn session_pins_written_by_older_pages_still_load() {
    use crate::routing::Pins;
    let old = r#"{"version":1,"pins":{"flow:sm_curated":false,"group:vaos_service":true}}"#;
    let pins = Pins::restore(serde_json::from_str(old).expect("old pins parse"));
    assert_eq!(pins.pins.get("group:vaos_service"), Some(&true));
    assert_eq!(pins.pins.get("flow:sm_curated"), Some(&false));
    assert!(!pins.changed(), "a current document is kept as is");
    let newer =
        Pins::restore(serde_json::from_str(&old.replacen(":1,", ":2,", 1)).expect("parses"));
    assert!(
        newer.pins.is_empty() && newer.changed(),
        "another version is discarded"
    );
    assert!(serde_json::to_string(&Pins::new())
        .expect("writes")
        .starts_with("{\"version\":1,"));
}

#[cfg(feature = "telemetry")]
#[test]
fn persisted_telemetry_written_by_older_pages_still_loads() {
    use crate::telemetry::Persisted;
    let old = r#"{"version":1,"records":[{"r":"{}","t":5.0}]}"#;
    let p: Persisted = serde_json::from_str(old).expect("old outbox parses");
    assert_eq!(p.version, VERSION);
    assert_eq!(p.records.len(), 1);
    let err = serde_json::from_str::<Persisted>(&old.replacen(":1,", ":2,", 1)).expect_err("v2");
    assert!(
        err.to_string()
            .contains("persisted telemetry version 2 is not supported (expected 1)"),
        "{err}"
    );
}
