//! The event model: what the shell captures, before scrubbing, sampling and encoding.

#[cfg(feature = "serde")]
use serde::Deserialize;

/// The kind of a telemetry event. Rules name kinds in snake case (`"page_view"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum EventKind {
    Click,
    PageView,
    Transition,
    Timing,
    Error,
    Exposure,
    Action,
    GroupMixed,
    /// Events lost locally or refused for good (`va_rollout.dropped`, `va_rollout.loss.reason`).
    Loss,
}

impl EventKind {
    pub const ALL: [EventKind; 9] = [
        EventKind::Click,
        EventKind::PageView,
        EventKind::Transition,
        EventKind::Timing,
        EventKind::Error,
        EventKind::Exposure,
        EventKind::Action,
        EventKind::GroupMixed,
        EventKind::Loss,
    ];

    /// The snake-case kind, as written in sampling rules.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Click => "click",
            EventKind::PageView => "page_view",
            EventKind::Transition => "transition",
            EventKind::Timing => "timing",
            EventKind::Error => "error",
            EventKind::Exposure => "exposure",
            EventKind::Action => "action",
            EventKind::GroupMixed => "group_mixed",
            EventKind::Loss => "loss",
        }
    }

    /// The OTLP `eventName` and `event.name` attribute: `va_rollout.<kind>`.
    pub fn event_name(self) -> &'static str {
        match self {
            EventKind::Click => "va_rollout.click",
            EventKind::PageView => "va_rollout.page_view",
            EventKind::Transition => "va_rollout.transition",
            EventKind::Timing => "va_rollout.timing",
            EventKind::Error => "va_rollout.error",
            EventKind::Exposure => "va_rollout.exposure",
            EventKind::Action => "va_rollout.action",
            EventKind::GroupMixed => "va_rollout.group_mixed",
            EventKind::Loss => "va_rollout.loss",
        }
    }
}

/// An attribute value. Integers travel as OTLP `intValue`, floats as `doubleValue`.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// One captured event. `path` is the scrubbed `url.path`; `attrs` are the kind's own attributes
/// (keys from the catalogue in [`super::catalogue`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Caller-supplied unique id (the collector deduplicates on it: delivery is at-least-once).
    pub id: String,
    pub kind: EventKind,
    /// The OTLP body: action name, page path, timing name, flag key...
    pub name: String,
    /// Unix milliseconds.
    pub time_ms: f64,
    pub session_id: String,
    pub path: String,
    pub flow: Option<String>,
    /// Values of the configured context flags at capture time (`va_rollout.flag.<name>`).
    pub context_flags: Vec<(String, bool)>,
    pub attrs: Vec<(String, AttrValue)>,
}

impl Event {
    /// The value of attribute `key`, if present.
    pub fn attr(&self, key: &str) -> Option<&AttrValue> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// The fields every event shares, filled by the shell at capture time.
#[derive(Clone, Debug, PartialEq)]
pub struct Common {
    pub id: String,
    pub time_ms: f64,
    pub session_id: String,
    /// Already scrubbed by [`super::scrub_path`] (scrubbing again is harmless: it is idempotent).
    pub path: String,
    pub flow: Option<String>,
    pub context_flags: Vec<(String, bool)>,
}

impl Common {
    /// An event of `kind` named `name` carrying these common fields and `attrs`.
    pub fn event(self, kind: EventKind, name: &str, attrs: Vec<(String, AttrValue)>) -> Event {
        Event {
            id: self.id,
            kind,
            name: name.to_string(),
            time_ms: self.time_ms,
            session_id: self.session_id,
            path: self.path,
            flow: self.flow,
            context_flags: self.context_flags,
            attrs,
        }
    }
}
