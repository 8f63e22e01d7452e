//! One builder per event kind, from the typed inputs of that kind. The shell fills [`Common`];
//! builders never scrub (see [`super::scrub_event`], run on every event before it is queued).

use super::catalogue::keys;
use super::event::{AttrValue, Common, Event, EventKind};
use super::scrub::app_attrs;
use crate::flags::Reason;

/// Longest element tag name kept on clicks.
pub const MAX_TAG_LEN: usize = 32;
/// Most group members listed on a `group_mixed` event.
pub const MAX_GROUP_MEMBERS: usize = 16;

fn s(key: &str, value: &str) -> (String, AttrValue) {
    (key.to_string(), AttrValue::Str(value.to_string()))
}

fn f(key: &str, value: f64) -> (String, AttrValue) {
    (key.to_string(), AttrValue::Float(value))
}

fn status_attr(status: u16) -> (String, AttrValue) {
    (
        keys::HTTP_STATUS.to_string(),
        AttrValue::Int(i64::from(status)),
    )
}

/// A click (or radio/select change) on an element carrying `data-rum-action` or
/// `data-dd-action-name`; `action_name` is that attribute's value, never typed text.
pub fn click(common: Common, action_name: &str, element_tag: &str) -> Event {
    let tag: String = element_tag
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(MAX_TAG_LEN)
        .collect::<String>()
        .to_ascii_lowercase();
    common.event(
        EventKind::Click,
        action_name,
        vec![s(keys::ACTION_NAME, action_name), s(keys::ELEMENT, &tag)],
    )
}

/// An SPA page view of `common.path`, with the previous path and the time spent on it.
pub fn page_view(
    common: Common,
    previous_path: Option<&str>,
    time_on_previous_ms: Option<f64>,
) -> Event {
    let mut attrs = Vec::new();
    if let Some(prev) = previous_path {
        attrs.push(s(keys::PREVIOUS_PATH, prev));
    }
    if let Some(ms) = time_on_previous_ms {
        attrs.push(f(keys::TIME_ON_PREVIOUS_MS, ms));
    }
    let path = common.path.clone();
    common.event(EventKind::PageView, &path, attrs)
}

/// A router transition. `flow`, when given, replaces `common.flow`. The body is the target path.
pub fn transition(
    mut common: Common,
    from: &str,
    to: &str,
    trigger: &str,
    flow: Option<&str>,
) -> Event {
    if let Some(flow) = flow {
        common.flow = Some(flow.to_string());
    }
    let attrs = vec![
        s(keys::TRANSITION_FROM, from),
        s(keys::TRANSITION_TO, to),
        s(keys::TRANSITION_TRIGGER, trigger),
    ];
    common.event(EventKind::Transition, to, attrs)
}

/// A measured duration (`track.timing`). App attributes go through [`with_app_attrs`].
pub fn timing(
    common: Common,
    name: &str,
    ms: f64,
    system: Option<&str>,
    status: Option<u16>,
) -> Event {
    let mut attrs = vec![f(keys::DURATION_MS, ms)];
    attrs.extend(system.map(|sys| s(keys::SYSTEM, sys)));
    attrs.extend(status.map(status_attr));
    common.event(EventKind::Timing, name, attrs)
}

/// A tracked request: a `timing` when it answered below 400, else an `error` carrying the status,
/// or `error.type = network` when it failed without a response (`status` is `None`).
pub fn request(
    common: Common,
    name: &str,
    duration_ms: f64,
    status: Option<u16>,
    method: &str,
    system: &str,
) -> Event {
    let method = method.to_ascii_uppercase();
    let mut attrs = vec![
        f(keys::DURATION_MS, duration_ms),
        s(keys::SYSTEM, system),
        s(keys::HTTP_METHOD, &method),
    ];
    let kind = match status {
        Some(code) if code < 400 => EventKind::Timing,
        _ => EventKind::Error,
    };
    match status {
        Some(code) => attrs.push(status_attr(code)),
        None => attrs.push(s(keys::ERROR_TYPE, "network")),
    }
    common.event(kind, name, attrs)
}

/// An app-reported error (`track.error`), with the response status when there was one.
pub fn error(common: Common, name: &str, status: Option<u16>) -> Event {
    common.event(
        EventKind::Error,
        name,
        status.map(status_attr).into_iter().collect(),
    )
}

/// The OpenFeature-style reason string for a decision reason.
pub fn reason_str(reason: Reason) -> &'static str {
    match reason {
        Reason::Static => "static",
        Reason::TargetingMatch => "targeting_match",
        Reason::Split => "split",
        Reason::Disabled => "disabled",
        Reason::Default => "default",
        Reason::Cached => "cached",
        Reason::Error => "error",
        Reason::Override => "override",
        Reason::Pinned => "pinned",
    }
}

/// The first decision of `flag` in this session (deduplicate with [`super::ExposureSet`]).
pub fn exposure(common: Common, flag: &str, value: bool, reason: Reason) -> Event {
    let attrs = vec![
        s(keys::FLAG_KEY, flag),
        (keys::FLAG_VALUE.to_string(), AttrValue::Bool(value)),
        s(keys::FLAG_REASON, reason_str(reason)),
    ];
    common.event(EventKind::Exposure, flag, attrs)
}

/// `track.action(name, attrs)`, the shape of Datadog's `addAction`.
pub fn action(common: Common, name: &str, attrs: Vec<(String, AttrValue)>) -> Event {
    with_app_attrs(
        common.event(EventKind::Action, name, vec![s(keys::ACTION_NAME, name)]),
        attrs,
    )
}

/// A routing group whose member flags disagree for this user.
pub fn group_mixed(common: Common, group: &str, members: &[(String, bool)]) -> Event {
    let listed: Vec<String> = members
        .iter()
        .take(MAX_GROUP_MEMBERS)
        .map(|(n, v)| [n.as_str(), if *v { ":true" } else { ":false" }].concat())
        .collect();
    let attrs = vec![
        s(keys::GROUP, group),
        s(keys::GROUP_MEMBERS, &listed.join(",")),
    ];
    common.event(EventKind::GroupMixed, group, attrs)
}

/// A loss record: `dropped` events given up for `reason` (see [`super::queue::LossReason`]).
pub fn loss(common: Common, dropped: u64, reason: &str) -> Event {
    let n = i64::try_from(dropped).unwrap_or(i64::MAX);
    let attrs = vec![
        (keys::DROPPED.to_string(), AttrValue::Int(n)),
        s(keys::LOSS_REASON, reason),
    ];
    common.event(EventKind::Loss, reason, attrs)
}

/// Adds app attributes (namespaced `va_rollout.attr.<key>`) to `event`, e.g. the `attrs` of
/// `track.timing` / `track.error`. The scrubber later keeps only what the policy allows.
pub fn with_app_attrs(mut event: Event, attrs: Vec<(String, AttrValue)>) -> Event {
    event.attrs.extend(app_attrs(attrs));
    event
}

#[cfg(test)]
mod tests;
