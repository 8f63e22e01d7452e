//! The report's per-event values computed once, when the event is stored, into columns of
//! `events` (migration 2 in `store::MIGRATIONS`), so that the report's queries read plain
//! columns of one covering index and call no function and no JSON parser per row:
//! - `lost`: the record's `va_rollout.dropped` as `events::lost_of` counts it,
//! - `marks`: [`BREAKER`] | [`MESSAGE_SENT`] (`report::stats::is_breaker` / `is_message_sent`),
//! - `page_from` / `page_to`: a transition's pages (`report::paths::page_of`, `SmPage as i64`).
//!
//! One definition each: [`of`] computes them at insert, and the SQL functions [`register`]
//! adds (calling the same Rust) backfill a database file stored before the columns existed.

use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use super::events::lost_of;
use crate::ingest::row::{EventFields, EventRow};
use crate::report::paths::page_of;
use crate::report::stats::{is_breaker, is_message_sent, EVENT_TRANSITION};

/// `marks` bit: a breaker/outage event.
pub const BREAKER: i64 = 1;
/// `marks` bit: a sent secure message.
pub const MESSAGE_SENT: i64 = 2;

/// The derived columns of one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Derived {
    pub lost: i64,
    pub marks: i64,
    pub page_from: Option<i64>,
    pub page_to: Option<i64>,
}

/// The `va_rollout.dropped` counted of an attributes object (JSON text): an integer, clamped;
/// anything else 0. The text is parsed only when it names the key.
pub fn lost_in(attributes: &str) -> i64 {
    if !attributes.contains("\"va_rollout.dropped\"") {
        return 0;
    }
    let dropped = serde_json::from_str::<serde_json::Value>(attributes)
        .ok()
        .and_then(|v| {
            v.get("va_rollout.dropped")
                .and_then(serde_json::Value::as_i64)
        });
    lost_of(dropped) as i64
}

/// The `marks` of an event's fields.
pub fn marks(f: &EventFields) -> i64 {
    let bit = |on: bool, b: i64| if on { b } else { 0 };
    bit(is_breaker(f), BREAKER) | bit(is_message_sent(f), MESSAGE_SENT)
}

/// A transition's page (`None` for other events and for paths of no new-message page).
fn page(f: &EventFields, path: Option<&str>) -> Option<i64> {
    (f.event_name == EVENT_TRANSITION)
        .then_some(path)
        .flatten()
        .and_then(page_of)
        .map(|p| p as i64)
}

/// The derived columns of a row about to be stored.
pub fn of(r: &EventRow) -> Derived {
    let f = &r.fields;
    Derived {
        lost: lost_in(&r.attributes),
        marks: marks(f),
        page_from: page(f, f.transition_from.as_deref()),
        page_to: page(f, f.transition_to.as_deref()),
    }
}

const FLAGS: FunctionFlags = FunctionFlags::SQLITE_UTF8.union(FunctionFlags::SQLITE_DETERMINISTIC);

fn text(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Text(t) => std::str::from_utf8(t).ok().map(str::to_string),
        _ => None,
    }
}

/// `va_derived_lost(attributes)`, `va_derived_marks(event_name, name, action_name, status)`
/// and `va_derived_page(event_name, path)`: [`lost_in`], [`marks`] and a transition's page,
/// for the backfill of migration 2.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function("va_derived_lost", 1, FLAGS, |ctx| {
        Ok(text(ctx.get_raw(0)).map_or(0, |a| lost_in(&a)))
    })?;
    conn.create_scalar_function("va_derived_marks", 4, FLAGS, |ctx| {
        let f = EventFields {
            event_name: text(ctx.get_raw(0)).unwrap_or_default(),
            name: text(ctx.get_raw(1)),
            action_name: text(ctx.get_raw(2)),
            status: ctx.get::<Option<i64>>(3).ok().flatten(),
            ..Default::default()
        };
        Ok(marks(&f))
    })?;
    conn.create_scalar_function("va_derived_page", 2, FLAGS, |ctx| {
        let f = EventFields {
            event_name: text(ctx.get_raw(0)).unwrap_or_default(),
            ..Default::default()
        };
        Ok(page(&f, text(ctx.get_raw(1)).as_deref()))
    })
}
