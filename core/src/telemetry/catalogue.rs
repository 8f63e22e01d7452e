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

/// One list of `(key, type, meaning)` rows makes two tables: `$specs`, the documented rows
/// ([`markdown`]), and `$keys`, the keys alone, which is all the scrubber reads at run time: the
/// shipped module then holds no meaning texts (docs/performance-history.md "Size levers").
macro_rules! catalogue {
    ($(#[$doc:meta])* $specs:ident, $keys:ident = [$(($key:expr, $ty:expr, $meaning:expr $(,)?)),* $(,)?]) => {
        $(#[$doc])*
        pub const $specs: &[AttrSpec] = &[$(AttrSpec { key: $key, ty: $ty, meaning: $meaning }),*];
        const $keys: &[&str] = &[$($key),*];
    };
}

catalogue! {
    /// Carried by every record.
    COMMON_ATTRS, COMMON_KEYS = [
    (keys::EVENT_NAME, "string", "`va_rollout.<kind>`, same as the record's `eventName`"),
    (keys::EVENT_ID, "string", "unique event id (`<page-load UUID>.<counter>`); the collector counts each id once"),
    (keys::SESSION_ID, "string", "browser session id"),
    (keys::URL_PATH, "string", "scrubbed page path (ids become `:id`, query dropped except allow-listed keys)"),
    (keys::FLOW, "string", "current routing flow, when one is set"),
    ("va_rollout.flag.*", "bool", "value of each configured context flag (absent while it has no data: default or failed source)"),]
}

catalogue! {
    CLICK_ATTRS, CLICK_KEYS = [
    (
        keys::ACTION_NAME,
        "string",
        "from `data-rum-action` / `data-dd-action-name` only, never typed text",
    ),
    (
        keys::ELEMENT,
        "string",
        "lower-case tag name of the element (`button`, `a`, `va-radio-option`)",
    ),]
}

catalogue! {
    PAGE_VIEW_ATTRS, PAGE_VIEW_KEYS = [
    (
        keys::PREVIOUS_PATH,
        "string",
        "scrubbed path of the previous page view",
    ),
    (
        keys::TIME_ON_PREVIOUS_MS,
        "double",
        "milliseconds spent on the previous path",
    ),]
}

catalogue! {
    TRANSITION_ATTRS, TRANSITION_KEYS = [
    (
        keys::TRANSITION_FROM,
        "string",
        "scrubbed path the router left",
    ),
    (
        keys::TRANSITION_TO,
        "string",
        "scrubbed path the router entered",
    ),
    (
        keys::TRANSITION_TRIGGER,
        "string",
        "what caused it (`continue`, `redirect`, `back`...)",
    ),]
}

catalogue! {
    TIMING_ATTRS, TIMING_KEYS = [
    (
        keys::DURATION_MS,
        "double",
        "measured duration in milliseconds",
    ),
    (
        keys::SYSTEM,
        "string",
        "backend or subsystem (`vets-api`, `mhv`)",
    ),
    (
        keys::HTTP_METHOD,
        "string",
        "request method, for tracked requests",
    ),
    (
        keys::HTTP_STATUS,
        "int",
        "response status, for tracked requests",
    ),
    (
        "va_rollout.attr.*",
        "any",
        "app attributes passed to `track.timing` (allow-listed)",
    ),]
}

catalogue! {
    ERROR_ATTRS, ERROR_KEYS = [
    (
        keys::HTTP_STATUS,
        "int",
        "response status code, when there was a response",
    ),
    (
        keys::ERROR_TYPE,
        "string",
        "`network` when a tracked request failed without a response",
    ),
    (
        keys::DURATION_MS,
        "double",
        "duration of the failed request",
    ),
    (keys::SYSTEM, "string", "backend or subsystem"),
    (
        keys::HTTP_METHOD,
        "string",
        "request method, for tracked requests",
    ),
    (
        "va_rollout.attr.*",
        "any",
        "app attributes passed to `track.error` (allow-listed)",
    ),]
}

catalogue! {
    EXPOSURE_ATTRS, EXPOSURE_KEYS = [
    (keys::FLAG_KEY, "string", "flag name"),
    (keys::FLAG_VALUE, "bool", "the decided value"),
    (
        keys::FLAG_REASON,
        "string",
        "decision reason (`static`, `split`, `targeting_match`, `default`...)",
    ),]
}

catalogue! {
    ACTION_ATTRS, ACTION_KEYS = [
    (
        keys::ACTION_NAME,
        "string",
        "the action name passed to `track.action`",
    ),
    (
        "va_rollout.attr.*",
        "any",
        "app attributes: numbers and booleans always, strings only for allow-listed keys",
    ),]
}

catalogue! {
    GROUP_MIXED_ATTRS, GROUP_MIXED_KEYS = [
    (
        keys::GROUP,
        "string",
        "routing group whose member flags disagree",
    ),
    (
        keys::GROUP_MEMBERS,
        "string",
        "`flag:true,flag:false` values seen",
    ),]
}

catalogue! {
    LOSS_ATTRS, LOSS_KEYS = [
    (
        keys::DROPPED,
        "int",
        "events given up since the previous loss record of this reason",
    ),
    (
        keys::LOSS_REASON,
        "string",
        "`overflow` (memory and storage full), `expired` (older than `maxAgeMs`), `refused` (a 4xx other than 408/429), `malformed` (unreadable stored record or one too large to send)",
    ),]
}

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

/// The keys of [`kind_attrs`] (what the scrubber checks).
fn kind_keys(kind: EventKind) -> &'static [&'static str] {
    match kind {
        EventKind::Click => CLICK_KEYS,
        EventKind::PageView => PAGE_VIEW_KEYS,
        EventKind::Transition => TRANSITION_KEYS,
        EventKind::Timing => TIMING_KEYS,
        EventKind::Error => ERROR_KEYS,
        EventKind::Exposure => EXPOSURE_KEYS,
        EventKind::Action => ACTION_KEYS,
        EventKind::GroupMixed => GROUP_MIXED_KEYS,
        EventKind::Loss => LOSS_KEYS,
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
    kind_keys(kind).iter().any(|k| matches(k, key))
}

/// True when `key` may appear anywhere in an encoded `kind` record (common or kind attribute).
pub fn allowed_in_record(kind: EventKind, key: &str) -> bool {
    COMMON_KEYS.iter().any(|k| matches(k, key)) || allowed(kind, key)
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
