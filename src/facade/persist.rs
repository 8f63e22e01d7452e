//! Where the SDK keeps things in the browser, and in what shape. Every read tolerates garbage
//! and older formats (they deserialize to `None`); every write tolerates a full or disabled store.

use serde::{Deserialize, Serialize};

use crate::browser::storage::{self, Area};
use va_rollout_core::flags::{crc32::crc32_parts, CacheEntry, OverrideSet};
#[cfg(feature = "routing")]
use va_rollout_core::routing::Pins;

pub const CACHE_KEY: &str = "va-rollout:flags:v1";
pub const OVERRIDES_KEY: &str = "va-rollout:overrides:v1";
#[cfg(feature = "routing")]
pub const PINS_KEY: &str = "va-rollout:pins:v1";
#[cfg(feature = "telemetry")]
pub const SESSION_KEY: &str = "va-rollout:session:v1";
#[cfg(feature = "telemetry")]
pub const EXPOSURES_KEY: &str = "va-rollout:exposures:v1";
#[cfg(feature = "telemetry")]
pub const OUTBOX_KEY: &str = "va-rollout:outbox:v1";

/// The flag cache, tagged with whose flags they are (vets-api values are per user).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CachedFlags {
    owner: u32,
    entry: CacheEntry,
}

/// A short fingerprint of the actor and cookie id; a cache written for someone else is ignored.
pub fn owner_key(actor_ids: &[String], cookie_id: Option<&str>) -> u32 {
    let mut parts: Vec<&str> = actor_ids.iter().map(String::as_str).collect();
    parts.push("\u{1f}");
    parts.push(cookie_id.unwrap_or(""));
    crc32_parts(&parts)
}

pub fn load_cache(owner: u32) -> Option<CacheEntry> {
    let cached: CachedFlags = storage::get_json(Area::Local, CACHE_KEY)?;
    (cached.owner == owner).then_some(cached.entry)
}

pub fn save_cache(owner: u32, entry: CacheEntry) {
    let _ = storage::set_json(Area::Local, CACHE_KEY, &CachedFlags { owner, entry });
}

pub fn load_overrides() -> Option<OverrideSet> {
    storage::get_json(Area::Local, OVERRIDES_KEY)
}

pub fn save_overrides(set: &OverrideSet) {
    if set.is_empty() {
        storage::remove(Area::Local, OVERRIDES_KEY);
    } else {
        let _ = storage::set_json(Area::Local, OVERRIDES_KEY, set);
    }
}

#[cfg(feature = "routing")]
pub fn load_pins() -> Pins {
    storage::get_json(Area::Session, PINS_KEY)
        .map(Pins::restore)
        .unwrap_or_default()
}

/// Writes the pins if they changed since the last write.
#[cfg(feature = "routing")]
pub fn save_pins(pins: &mut Pins) {
    if pins.changed() && storage::set_json(Area::Session, PINS_KEY, pins).is_ok() {
        pins.mark_saved();
    }
}
