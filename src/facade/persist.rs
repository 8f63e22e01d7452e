//! Where the SDK keeps things in the browser, and in what shape. Every read tolerates garbage
//! and older formats (they read as `None`); every write tolerates a full or disabled store. The
//! flag cache and the overrides are read and written by hand (`flags::persisted`, no serde).

use crate::browser::storage::{self, Area};
use va_rollout_core::flags::persisted;
use va_rollout_core::flags::{crc32::crc32_parts, CacheEntry, OverrideSet};
use va_rollout_core::json::read::fields::Read;
use va_rollout_core::json::read::schema::{self, Field, Shape, Struct};
use va_rollout_core::json::write::{write_u64, Seq};
use va_rollout_core::json::{self, Value};
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

/// The flag cache, tagged with whose flags they are (vets-api values are per user):
/// `{"owner":u32,"entry":CacheEntry}`, unknown keys ignored.
static CACHED: Struct = Struct {
    name: "struct CachedFlags",
    keys: &["owner", "entry"],
    deny: false,
    fields: &[
        Field::req(Shape::U32),
        Field::req(Shape::Obj(&persisted::CACHE)),
    ],
};

fn read_cached(v: Value) -> Read<(u32, CacheEntry)> {
    let mut s = schema::read(v, &CACHED, &persisted::stored_part)?;
    let owner = s.take(0).u32().unwrap_or_default();
    Ok((
        owner,
        CacheEntry::build(s.take(1).obj().unwrap_or_default())?,
    ))
}

/// A stored JSON value; garbage or a missing key is `None`.
fn get_value(which: Area, key: &str) -> Option<Value> {
    json::parse(&storage::get(which, key)?).ok()
}

/// A short fingerprint of the actor and cookie id; a cache written for someone else is ignored.
pub fn owner_key(actor_ids: &[String], cookie_id: Option<&str>) -> u32 {
    let mut parts: Vec<&str> = actor_ids.iter().map(String::as_str).collect();
    parts.push("\u{1f}");
    parts.push(cookie_id.unwrap_or(""));
    crc32_parts(&parts)
}

pub fn load_cache(owner: u32) -> Option<CacheEntry> {
    let (stored_owner, entry) = read_cached(get_value(Area::Local, CACHE_KEY)?).ok()?;
    (stored_owner == owner).then_some(entry)
}

pub fn save_cache(owner: u32, entry: CacheEntry) {
    let mut text = String::new();
    let mut o = Seq::object(&mut text);
    write_u64(o.key("owner"), u64::from(owner));
    entry.write_json(o.key("entry"));
    o.end();
    let _ = storage::set(Area::Local, CACHE_KEY, &text);
}

pub fn load_overrides() -> Option<OverrideSet> {
    OverrideSet::read(get_value(Area::Local, OVERRIDES_KEY)?).ok()
}

pub fn save_overrides(set: &OverrideSet) {
    if set.is_empty() {
        storage::remove(Area::Local, OVERRIDES_KEY);
    } else {
        let mut text = String::new();
        set.write_json(&mut text);
        let _ = storage::set(Area::Local, OVERRIDES_KEY, &text);
    }
}

#[cfg(feature = "routing")]
pub fn load_pins() -> Pins {
    super::wire::stored(Area::Session, PINS_KEY, Pins::read)
        .map(Pins::restore)
        .unwrap_or_default()
}

/// Writes the pins if they changed since the last write.
#[cfg(feature = "routing")]
pub fn save_pins(pins: &mut Pins) {
    if pins.changed() && storage::set(Area::Session, PINS_KEY, &pins.to_json()).is_ok() {
        pins.mark_saved();
    }
}
