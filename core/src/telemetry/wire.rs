//! Telemetry's formats at the JS boundary, without serde: the `track.*` attributes read from the
//! page, `telemetryStats()` written as JSON text, and what the shell keeps in storage (the
//! page-exit outbox in localStorage, the exposure set in sessionStorage), read and written by
//! hand. The stored formats are exactly those the derives wrote and read (tested against them
//! and against stored samples), so a visitor's storage from an earlier release still loads.

use crate::json::read::fields::{self, Read};
use crate::json::write::{write_f64, write_i64, write_u64, Seq};
use crate::json::Value;
use crate::rollout::ViewValue;
use crate::stored;
use crate::vecmap::VecMap;
use crate::wire::{one_field, two_fields};

use super::exposure::Seen;
use super::{AttrValue, ExposureSet, Persisted, PersistedRecord, Stats};

/// `track.*` attributes: an object of strings, numbers and booleans, by key. Anything else (a
/// nested value, a non-object) gives no attributes at all, as the derive it replaces did.
pub fn read_attrs(v: Value) -> Vec<(String, AttrValue)> {
    let Value::Obj(entries) = v else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        let v = match v {
            Value::Bool(b) => ViewValue::Bool(b),
            Value::Num(n) => ViewValue::Num(n),
            Value::Str(s) => ViewValue::Str(s),
            _ => return Vec::new(),
        };
        out.push((k, AttrValue::from(v)));
    }
    let sorted: VecMap<String, AttrValue> = out.into_iter().collect();
    sorted.into_iter().collect()
}

/// `telemetryStats()`: the counters, whether the session is sampled in, and its id.
pub fn stats_json(s: &Stats, sampled: bool, session_id: &str) -> String {
    let mut out = String::new();
    let mut o = Seq::object(&mut out);
    for (key, n) in [
        ("queued", s.queued),
        ("sent", s.sent),
        ("retried", s.retried),
        ("dropped", s.dropped),
        ("failed", s.failed),
        ("pending", s.pending()),
    ] {
        write_u64(o.key(key), n);
    }
    o.raw("sampled", crate::json::write::bool_text(sampled));
    o.str("sessionId", session_id);
    o.end();
    out
}

/// A time in ms as `JSON.stringify` writes a JS number: whole numbers without a fraction.
fn write_ms(out: &mut String, t: f64) {
    if t.fract() == 0.0 && t.abs() < 9.0e15 {
        write_i64(out, t as i64);
    } else {
        write_f64(out, t);
    }
}

impl Persisted {
    /// `{"version":1,"records":[{"r":…,"t":…}]}`.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut o = Seq::object(&mut out);
        write_u64(o.key("version"), self.version.into());
        let mut list = Seq::array(o.key("records"));
        for rec in &self.records {
            let mut r = Seq::object(list.item());
            r.str("r", &rec.r);
            write_ms(r.key("t"), rec.t);
            r.end();
        }
        list.end();
        o.end();
        out
    }

    /// The stored outbox; another version, an unknown key or a wrong type is an error.
    pub fn read(v: Value) -> Read<Persisted> {
        let (version, records) = two_fields(
            v,
            "struct RawPersisted",
            &["version", "records"],
            true,
            crate::wire::u32_field,
            |v| fields::list(v, read_record),
        )?;
        stored::check("persisted telemetry", version).map_err(|e| e.message())?;
        Ok(Persisted { version, records })
    }
}

fn read_record(v: Value) -> Read<PersistedRecord> {
    let read = two_fields(
        v,
        "struct PersistedRecord",
        &["r", "t"],
        true,
        fields::string,
        fields::number,
    );
    read.map(|(r, t)| PersistedRecord { r, t })
}

impl ExposureSet {
    /// `{"seen":[{"flag":…,"value":…}]}`.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut o = Seq::object(&mut out);
        let mut list = Seq::array(o.key("seen"));
        for s in self.seen() {
            let mut item = Seq::object(list.item());
            item.str("flag", &s.flag);
            item.raw("value", crate::json::write::bool_text(s.value));
            item.end();
        }
        list.end();
        o.end();
        out
    }

    /// The stored set, capped as [`ExposureSet::record`] caps it; unknown keys are ignored.
    pub fn read(v: Value) -> Read<ExposureSet> {
        let seen = one_field(v, "struct RawExposureSet", &["seen"], |v| {
            fields::list(v, read_seen)
        })?;
        let mut set = ExposureSet::default();
        for s in seen.ok_or_else(|| fields::missing("seen"))? {
            set.record(&s.flag, s.value);
        }
        Ok(set)
    }
}

fn read_seen(v: Value) -> Read<Seen> {
    let read = two_fields(
        v,
        "struct Seen",
        &["flag", "value"],
        false,
        fields::string,
        fields::boolean,
    );
    read.map(|(flag, value)| Seen { flag, value })
}

#[cfg(test)]
mod tests;
