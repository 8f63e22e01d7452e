//! One stored telemetry event, as extracted from an OTLP log record.

use std::ops::Deref;

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
    /// All attributes as a JSON object.
    pub attributes: String,
    pub received_at_ms: i64,
}

impl Deref for EventRow {
    type Target = EventFields;

    fn deref(&self) -> &EventFields {
        &self.fields
    }
}
