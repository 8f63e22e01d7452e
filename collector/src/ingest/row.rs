//! One stored telemetry event, as extracted from an OTLP log record, and which of its attributes
//! the stored `attributes` JSON leaves out because a column holds them ([`ELIDED`]).

use std::ops::Deref;

use serde_json::{Map, Value};

use super::otlp::FLAG_PREFIX;

/// The attributes a row's `attributes` JSON leaves out when the attribute is a string equal to
/// the column beside it, each with its bit in the row's `elided` (so that the row does not hold
/// them twice): `va_rollout.event.id` (`event_id`), `event.name` (`event_name`), `session.id`,
/// `url.path`, `va_rollout.flow`, `va_rollout.action.name`, `va_rollout.transition.from` / `.to`.
/// [`EventRow::sent_attributes`] and the view `events_sent` (`store` migration 5) put them back;
/// a row stored before migration 5 has `elided` 0 and every attribute in its JSON.
pub const ELIDED: [(i64, &str); 8] = [
    (1, "va_rollout.event.id"),
    (2, "event.name"),
    (4, "session.id"),
    (8, "url.path"),
    (16, "va_rollout.flow"),
    (32, "va_rollout.action.name"),
    (64, "va_rollout.transition.from"),
    (128, "va_rollout.transition.to"),
];
/// `elided` bit: the `va_rollout.flag.*` attributes are left out (each a boolean; `flag_context`
/// holds them by flag name).
pub const ELIDED_FLAGS: i64 = 256;

/// Whether `key` is left out of a row's `attributes` under the `elided` bits.
pub fn is_elided(key: &str, elided: i64) -> bool {
    if key.starts_with(FLAG_PREFIX) {
        return elided & ELIDED_FLAGS != 0;
    }
    ELIDED.iter().any(|(bit, k)| elided & bit != 0 && *k == key)
}

/// The column that holds the attribute of `ELIDED` bit `bit`.
pub fn elided_column<'r>(event_id: &'r str, f: &'r EventFields, bit: i64) -> Option<&'r str> {
    match bit {
        1 => Some(event_id),
        2 => Some(&f.event_name),
        4 => f.session_id.as_deref(),
        8 => f.path.as_deref(),
        16 => f.flow.as_deref(),
        32 => f.action_name.as_deref(),
        64 => f.transition_from.as_deref(),
        128 => f.transition_to.as_deref(),
        _ => None,
    }
}

/// The columns the report reads; part of every stored row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventFields {
    /// `session.id`.
    pub session_id: Option<String>,
    /// `eventName` (or the `event.name` attribute), e.g. `va_rollout.click`.
    pub event_name: String,
    /// The body's string: the event's own name (action name, request name, ...).
    pub name: Option<String>,
    /// `va_rollout.flow`.
    pub flow: Option<String>,
    /// `url.path` (scrubbed full path).
    pub path: Option<String>,
    /// `http.response.status_code`.
    pub status: Option<i64>,
    /// `va_rollout.duration_ms`.
    pub duration_ms: Option<f64>,
    /// `va_rollout.action.name`.
    pub action_name: Option<String>,
    /// `va_rollout.transition.from` / `.to`.
    pub transition_from: Option<String>,
    pub transition_to: Option<String>,
    /// The curated-list flag from the flag context: Some(true) = new, Some(false) = base.
    pub variant: Option<bool>,
}

/// The columns of the `events` table (see `store::SCHEMA`).
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// `va_rollout.event.id`: unique; a retried batch is stored once.
    pub event_id: String,
    /// `timeUnixNano`.
    pub time_ns: i64,
    pub fields: EventFields,
    /// Resource `service.name`.
    pub service: Option<String>,
    /// The `va_rollout.flag.*` attributes as a JSON object keyed by flag name.
    pub flag_context: String,
    /// The attributes as a JSON object, less those [`ELIDED`] (see `elided`).
    pub attributes: String,
    /// The [`ELIDED`] bits (and [`ELIDED_FLAGS`]) of the attributes `attributes` leaves out.
    pub elided: i64,
    pub received_at_ms: i64,
}

impl EventRow {
    /// Every attribute as received (repeated keys merged): `attributes` with the [`ELIDED`] ones
    /// put back from their columns and flag context. What the view `events_sent` gives in SQL.
    pub fn sent_attributes(&self) -> Map<String, Value> {
        let mut all: Map<String, Value> =
            serde_json::from_str(&self.attributes).unwrap_or_default();
        for (bit, key) in ELIDED {
            if self.elided & bit != 0 {
                if let Some(v) = elided_column(&self.event_id, &self.fields, bit) {
                    all.insert(key.to_string(), Value::String(v.to_string()));
                }
            }
        }
        if self.elided & ELIDED_FLAGS != 0 {
            let flags: Map<String, Value> =
                serde_json::from_str(&self.flag_context).unwrap_or_default();
            for (name, v) in flags {
                all.insert([FLAG_PREFIX, &name].concat(), v);
            }
        }
        all
    }
}

impl Deref for EventRow {
    type Target = EventFields;

    fn deref(&self) -> &EventFields {
        &self.fields
    }
}
