//! The single catalogue of attribute keys: the per-kind allow-list the scrubber enforces and
//! the event catalogue in docs/telemetry.md ([`markdown`]). A key ending in `*` is a prefix.

use super::event::EventKind;

/// Attribute key names. OpenTelemetry semantic conventions where one exists, `va_rollout.*` otherwise.
pub mod keys {
    pub const EVENT_NAME: &str = "event.name";
    pub const EVENT_ID: &str = "va_rollout.event.id";
    pub const SESSION_ID: &str = "session.id";
    pub const URL_PATH: &str = "url.path";
    pub const FLOW: &str = "va_rollout.flow";
    pub const FLAG_PREFIX: &str = "va_rollout.flag.";
    pub const DROPPED: &str = "va_rollout.dropped";
    pub const LOSS_REASON: &str = "va_rollout.loss.reason";
    pub const ACTION_NAME: &str = "va_rollout.action.name";
    pub const ELEMENT: &str = "va_rollout.element";
    pub const PREVIOUS_PATH: &str = "va_rollout.previous_path";
    pub const TIME_ON_PREVIOUS_MS: &str = "va_rollout.time_on_previous_ms";
    pub const TRANSITION_FROM: &str = "va_rollout.transition.from";
    pub const TRANSITION_TO: &str = "va_rollout.transition.to";
    pub const TRANSITION_TRIGGER: &str = "va_rollout.transition.trigger";
    pub const DURATION_MS: &str = "va_rollout.duration_ms";
    pub const SYSTEM: &str = "va_rollout.system";
    pub const HTTP_METHOD: &str = "http.request.method";
    pub const HTTP_STATUS: &str = "http.response.status_code";
    pub const ERROR_TYPE: &str = "error.type";
    pub const FLAG_KEY: &str = "feature_flag.key";
    pub const FLAG_VALUE: &str = "feature_flag.result.value";
    pub const FLAG_REASON: &str = "feature_flag.result.reason";
    pub const APP_ATTR_PREFIX: &str = "va_rollout.attr.";
    pub const GROUP: &str = "va_rollout.group";
    pub const GROUP_MEMBERS: &str = "va_rollout.group.members";
}

/// One catalogue row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttrSpec {
    pub key: &'static str,
    pub ty: &'static str,
    pub meaning: &'static str,
}

const fn spec(key: &'static str, ty: &'static str, meaning: &'static str) -> AttrSpec {
    AttrSpec { key, ty, meaning }
}

/// Carried by every record.
pub const COMMON_ATTRS: &[AttrSpec] = &[
    spec(keys::EVENT_NAME, "string", "`va_rollout.<kind>`, same as the record's `eventName`"),
    spec(keys::EVENT_ID, "string", "unique event id (`<page-load UUID>.<counter>`); the collector counts each id once"),
    spec(keys::SESSION_ID, "string", "browser session id"),
    spec(keys::URL_PATH, "string", "scrubbed page path (ids become `:id`, query dropped except allow-listed keys)"),
    spec(keys::FLOW, "string", "current routing flow, when one is set"),
    spec("va_rollout.flag.*", "bool", "value of each configured context flag (absent while it has no data: default or failed source)"),
];

pub const CLICK_ATTRS: &[AttrSpec] = &[
    spec(
        keys::ACTION_NAME,
        "string",
        "from `data-rum-action` / `data-dd-action-name` only, never typed text",
    ),
    spec(
        keys::ELEMENT,
        "string",
        "lower-case tag name of the element (`button`, `a`, `va-radio-option`)",
    ),
];

pub const PAGE_VIEW_ATTRS: &[AttrSpec] = &[
    spec(
        keys::PREVIOUS_PATH,
        "string",
        "scrubbed path of the previous page view",
    ),
    spec(
        keys::TIME_ON_PREVIOUS_MS,
        "double",
        "milliseconds spent on the previous path",
    ),
];

pub const TRANSITION_ATTRS: &[AttrSpec] = &[
    spec(
        keys::TRANSITION_FROM,
        "string",
        "scrubbed path the router left",
    ),
    spec(
        keys::TRANSITION_TO,
        "string",
        "scrubbed path the router entered",
    ),
    spec(
        keys::TRANSITION_TRIGGER,
        "string",
        "what caused it (`continue`, `redirect`, `back`...)",
    ),
];

pub const TIMING_ATTRS: &[AttrSpec] = &[
    spec(
        keys::DURATION_MS,
        "double",
        "measured duration in milliseconds",
    ),
    spec(
        keys::SYSTEM,
        "string",
        "backend or subsystem (`vets-api`, `mhv`)",
    ),
    spec(
        keys::HTTP_METHOD,
        "string",
        "request method, for tracked requests",
    ),
    spec(
        keys::HTTP_STATUS,
        "int",
        "response status, for tracked requests",
    ),
    spec(
        "va_rollout.attr.*",
        "any",
        "app attributes passed to `track.timing` (allow-listed)",
    ),
];

pub const ERROR_ATTRS: &[AttrSpec] = &[
    spec(
        keys::HTTP_STATUS,
        "int",
        "response status code, when there was a response",
    ),
    spec(
        keys::ERROR_TYPE,
        "string",
        "`network` when a tracked request failed without a response",
    ),
    spec(
        keys::DURATION_MS,
        "double",
        "duration of the failed request",
    ),
    spec(keys::SYSTEM, "string", "backend or subsystem"),
    spec(
        keys::HTTP_METHOD,
        "string",
        "request method, for tracked requests",
    ),
    spec(
        "va_rollout.attr.*",
        "any",
        "app attributes passed to `track.error` (allow-listed)",
    ),
];

pub const EXPOSURE_ATTRS: &[AttrSpec] = &[
    spec(keys::FLAG_KEY, "string", "flag name"),
    spec(keys::FLAG_VALUE, "bool", "the decided value"),
    spec(
        keys::FLAG_REASON,
        "string",
        "decision reason (`static`, `split`, `targeting_match`, `default`...)",
    ),
];

pub const ACTION_ATTRS: &[AttrSpec] = &[
    spec(
        keys::ACTION_NAME,
        "string",
        "the action name passed to `track.action`",
    ),
    spec(
        "va_rollout.attr.*",
        "any",
        "app attributes: numbers and booleans always, strings only for allow-listed keys",
    ),
];

pub const GROUP_MIXED_ATTRS: &[AttrSpec] = &[
    spec(
        keys::GROUP,
        "string",
        "routing group whose member flags disagree",
    ),
    spec(
        keys::GROUP_MEMBERS,
        "string",
        "`flag:true,flag:false` values seen",
    ),
];

pub const LOSS_ATTRS: &[AttrSpec] = &[
    spec(
        keys::DROPPED,
        "int",
        "events given up since the previous loss record of this reason",
    ),
    spec(
        keys::LOSS_REASON,
        "string",
        "`overflow` (memory and storage full), `expired` (older than `maxAgeMs`), `refused` (a 4xx other than 408/429), `malformed` (unreadable stored record or one too large to send)",
    ),
];

/// The kind's own attributes (not including [`COMMON_ATTRS`]).
pub fn kind_attrs(kind: EventKind) -> &'static [AttrSpec] {
    match kind {
        EventKind::Click => CLICK_ATTRS,
        EventKind::PageView => PAGE_VIEW_ATTRS,
        EventKind::Transition => TRANSITION_ATTRS,
        EventKind::Timing => TIMING_ATTRS,
        EventKind::Error => ERROR_ATTRS,
        EventKind::Exposure => EXPOSURE_ATTRS,
        EventKind::Action => ACTION_ATTRS,
        EventKind::GroupMixed => GROUP_MIXED_ATTRS,
        EventKind::Loss => LOSS_ATTRS,
    }
}

fn matches(spec_key: &str, key: &str) -> bool {
    match spec_key.strip_suffix('*') {
        Some(prefix) => key.len() > prefix.len() && key.starts_with(prefix),
        None => spec_key == key,
    }
}

/// True when `key` may appear as an attribute of a `kind` event's `attrs`.
pub fn allowed(kind: EventKind, key: &str) -> bool {
    kind_attrs(kind).iter().any(|s| matches(s.key, key))
}

/// True when `key` may appear anywhere in an encoded `kind` record (common or kind attribute).
pub fn allowed_in_record(kind: EventKind, key: &str) -> bool {
    COMMON_ATTRS.iter().any(|s| matches(s.key, key)) || allowed(kind, key)
}

/// The catalogue as a Markdown table, for docs/telemetry.md.
pub fn markdown() -> String {
    let mut out =
        String::from("| Event | Attribute | Type | Meaning |\n| --- | --- | --- | --- |\n");
    let rows = core::iter::once(("every event", COMMON_ATTRS)).chain(
        EventKind::ALL
            .iter()
            .map(|k| (k.event_name(), kind_attrs(*k))),
    );
    for (event, specs) in rows {
        for s in specs {
            out.push_str(&format!(
                "| `{event}` | `{}` | {} | {} |\n",
                s.key, s.ty, s.meaning
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests;
