//! Privacy pass over a whole event, default on: paths through [`scrub_path`], every other string
//! through [`scrub_text`], attribute keys through the kind's allow-list, app attributes through
//! the configured allow-list, and every list capped.

use super::catalogue::{allowed, keys};
use super::event::{AttrValue, Event, EventKind};
use path::scrub_path;
use text::{scrub_text, truncate_chars};

pub mod path;
pub mod text;

/// Longest event id or session id kept (they come from the SDK, not from users).
pub const MAX_ID_LEN: usize = 128;
/// Longest flag, attribute or app-key name kept.
pub const MAX_KEY_LEN: usize = 64;
/// Most attributes kept per event (kind attributes and app attributes together).
pub const MAX_ATTRS: usize = 48;
/// Most context flags carried per event.
pub const MAX_CONTEXT_FLAGS: usize = 16;

/// What the app allows through, from the telemetry config.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScrubPolicy {
    /// Query keys kept in paths (values still scrubbed).
    pub query_allow: Vec<String>,
    /// App attribute keys whose string values are kept (scrubbed). Numbers and booleans are
    /// kept under any valid key.
    pub attribute_allow: Vec<String>,
}

/// Attributes whose values are paths.
const PATH_KEYS: [&str; 3] = [
    keys::PREVIOUS_PATH,
    keys::TRANSITION_FROM,
    keys::TRANSITION_TO,
];

/// The key made safe for the wire: `[A-Za-z0-9_.-]` only, at most [`MAX_KEY_LEN`]; `None` if empty.
pub fn sanitize_key(key: &str) -> Option<String> {
    let clean: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .take(MAX_KEY_LEN)
        .collect();
    (!clean.is_empty()).then_some(clean)
}

/// Namespaces app attributes as `va_rollout.attr.<key>` (keys sanitized, invalid keys dropped).
pub fn app_attrs(attrs: Vec<(String, AttrValue)>) -> Vec<(String, AttrValue)> {
    attrs
        .into_iter()
        .filter_map(|(k, v)| sanitize_key(&k).map(|k| ([keys::APP_ATTR_PREFIX, &k].concat(), v)))
        .collect()
}

/// The scrubbed event. Idempotent.
pub fn scrub_event(event: Event, policy: &ScrubPolicy) -> Event {
    scrub_event_with(event, policy, false)
}

/// [`scrub_event`], when `event.path` is known to be the output of [`scrub_path`] with this
/// policy (the page's path, scrubbed once per page view): the same result, without scrubbing the
/// path again.
pub fn scrub_event_known_path(event: Event, policy: &ScrubPolicy) -> Event {
    scrub_event_with(event, policy, true)
}

fn scrub_event_with(event: Event, policy: &ScrubPolicy, path_scrubbed: bool) -> Event {
    let path_like = matches!(event.kind, EventKind::PageView | EventKind::Transition);
    let kind = event.kind;
    let name = if path_like {
        scrub_path(&event.name, &policy.query_allow)
    } else {
        scrub_text(&event.name)
    };
    // An attribute repeating the name (`va_rollout.action.name`) is scrubbed the same way: reuse it.
    let text = |s: String| {
        if !path_like && s == event.name {
            name.clone()
        } else {
            scrub_text(&s)
        }
    };
    Event {
        id: truncate_chars(&event.id, MAX_ID_LEN).to_string(),
        kind,
        time_ms: event.time_ms,
        session_id: truncate_chars(&event.session_id, MAX_ID_LEN).to_string(),
        path: if path_scrubbed {
            event.path
        } else {
            scrub_path(&event.path, &policy.query_allow)
        },
        flow: event.flow.map(|f| scrub_text(&f)),
        context_flags: event
            .context_flags
            .into_iter()
            .filter_map(|(k, v)| sanitize_key(&k).map(|k| (k, v)))
            .take(MAX_CONTEXT_FLAGS)
            .collect(),
        attrs: event
            .attrs
            .into_iter()
            .filter_map(|(k, v)| scrub_attr(kind, k, v, policy, &text))
            .take(MAX_ATTRS)
            .collect(),
        name,
    }
}

fn scrub_attr(
    kind: EventKind,
    key: String,
    value: AttrValue,
    policy: &ScrubPolicy,
    text: &dyn Fn(String) -> String,
) -> Option<(String, AttrValue)> {
    if !allowed(kind, &key) {
        return None;
    }
    if let Some(app_key) = key.strip_prefix(keys::APP_ATTR_PREFIX) {
        if sanitize_key(app_key).as_deref() != Some(app_key) {
            return None;
        }
        if matches!(value, AttrValue::Str(_))
            && !policy.attribute_allow.iter().any(|k| k == app_key)
        {
            return None;
        }
    }
    let value = match value {
        AttrValue::Str(s) if PATH_KEYS.contains(&key.as_str()) => {
            AttrValue::Str(scrub_path(&s, &policy.query_allow))
        }
        AttrValue::Str(s) => AttrValue::Str(text(s)),
        other => other,
    };
    Some((key, value))
}

#[cfg(test)]
mod tests;
