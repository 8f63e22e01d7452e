//! Telemetry's formats at the JS boundary, without serde: the `track.*` attributes read from the
//! page, `telemetryStats()` written as JSON text, and what the shell keeps in storage (the
//! page-exit outbox in localStorage, the exposure set in sessionStorage), read and written by
//! hand. The stored formats are exactly those the derives wrote and read (tested against them
//! and against stored samples), so a visitor's storage from an earlier release still loads.

use crate::json::read::fields::Read;
use crate::json::read::schema::{self, Field, Shape, Slot, Struct};
use crate::json::write::{write_f64, write_i64, write_u64, Seq};
use crate::json::Value;
use crate::rollout::ViewValue;
use crate::stored;
use crate::vecmap::VecMap;

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
        static RECORD: Struct = Struct {
            name: "struct PersistedRecord",
            keys: &["r", "t"],
            deny: true,
            fields: &[Field::req(Shape::Str), Field::req(Shape::Num)],
        };
        static PERSISTED: Struct = Struct {
            name: "struct RawPersisted",
            keys: &["version", "records"],
            deny: true,
            fields: &[
                Field::req(Shape::U32),
                Field::req(Shape::List(&Shape::Obj(&RECORD))),
            ],
        };
        let mut s = schema::read(v, &PERSISTED, &schema::no_custom)?;
        let version = s.take(0).u32().unwrap_or_default();
        stored::check("persisted telemetry", version).map_err(|e| e.message())?;
        let records = s.take(1).items(|r| {
            let mut r = r.obj().unwrap_or_default();
            PersistedRecord {
                r: r.take(0).str().unwrap_or_default(),
                t: r.take(1).num().unwrap_or_default(),
            }
        });
        Ok(Persisted {
            version,
            records: records.unwrap_or_default(),
        })
    }
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
        static SEEN: Struct = Struct {
            name: "struct Seen",
            keys: &["flag", "value"],
            deny: false,
            fields: &[Field::req(Shape::Str), Field::req(Shape::Bool)],
        };
        static SET: Struct = Struct {
            name: "struct RawExposureSet",
            keys: &["seen"],
            deny: false,
            fields: &[Field::req(Shape::List(&Shape::Obj(&SEEN)))],
        };
        let mut s = schema::read(v, &SET, &schema::no_custom)?;
        let mut set = ExposureSet::default();
        for seen in s.take(0).items(Slot::obj).unwrap_or_default() {
            let mut seen = seen.unwrap_or_default();
            let flag = seen.take(0).str().unwrap_or_default();
            set.record(&flag, seen.take(1).bool().unwrap_or_default());
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests;
