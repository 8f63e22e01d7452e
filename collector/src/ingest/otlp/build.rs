//! The row of a record whose time and attributes have been read, by either reader (the tree
//! reader's `Map`, the fast path's sorted list): the event id and name checks, the body, the
//! report columns, the flag context and which attributes the stored JSON leaves out.

use serde_json::Value;

use super::{MAX_KEY_BYTES, VARIANT_ATTRIBUTE};
use crate::ingest::row::{elided_column, EventFields, EventRow, ELIDED, ELIDED_FLAGS};

/// An identifier-like string: non-empty, bounded, printable ASCII without spaces.
fn is_token(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_KEY_BYTES && s.bytes().all(|b| b.is_ascii_graphic())
}

/// A record's body as read: absent (or null), a valid AnyValue as plain JSON, or invalid.
pub(super) enum Body {
    Absent,
    Value(Value),
    Invalid,
}

/// What `build_row` reads of a record's attributes, repeated keys merged (the last one wins)
/// and keys in byte order: the tree reader's `Map`, the fast path's sorted list.
pub(super) trait Attrs {
    /// The attribute's string value (`None`: absent or not a string).
    fn text(&self, key: &str) -> Option<&str>;
    /// The attribute as a number: an int or double, or a string that parses as one.
    fn number(&self, key: &str) -> Option<f64>;
    /// The attribute as a boolean: `true`/`false`, or the strings `"true"`/`"false"`.
    fn boolean(&self, key: &str) -> Option<bool>;
    /// Whether every `va_rollout.flag.*` attribute is a boolean (true when there is none).
    fn flags_are_booleans(&self) -> bool;
    /// The JSON texts stored: the flag context (the `va_rollout.flag.*` attributes keyed by
    /// flag name) and the attributes less those `row::is_elided` under `elided`.
    fn json_texts(self, elided: i64) -> (String, String);
}

/// A boolean flag sent as a string: `"true"` or `"false"`.
pub(super) fn bool_text(s: &str) -> Option<bool> {
    match s {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The row of a record whose time and attributes have been read (by either reader): the event
/// id and name checks, the body, the report columns and the flag context.
pub(super) fn build_row(
    time_ns: i64,
    event_name: Option<&str>,
    body: Body,
    attrs: impl Attrs,
    service: Option<&str>,
    received_at_ms: i64,
) -> Result<EventRow, String> {
    // The attributes a column holds, each looked up once (in `ELIDED`'s order).
    let sent = ELIDED.map(|(_, key)| attrs.text(key));
    let [id, name_attr, session, path, flow, action, from, to] = sent;
    let event_id = id
        .filter(|s| is_token(s))
        .ok_or("missing or unparseable va_rollout.event.id")?
        .to_string();
    let event_name = event_name
        .filter(|s| !s.is_empty())
        .or(name_attr)
        .filter(|s| is_token(s))
        .ok_or("missing eventName")?
        .to_string();
    let body = match body {
        Body::Absent | Body::Value(Value::Null) => None,
        Body::Invalid => return Err("invalid body".into()),
        Body::Value(Value::String(s)) => Some(s),
        Body::Value(other) => Some(other.to_string()),
    };
    let owned = |s: Option<&str>| s.map(str::to_string);
    let fields = EventFields {
        session_id: owned(session).filter(|s| s.len() <= MAX_KEY_BYTES),
        event_name,
        name: body,
        flow: owned(flow),
        path: owned(path),
        status: attrs
            .number("http.response.status_code")
            .filter(|s| s.fract() == 0.0 && (0.0..1000.0).contains(s))
            .map(|s| s as i64),
        duration_ms: attrs
            .number("va_rollout.duration_ms")
            .filter(|d| d.is_finite() && *d >= 0.0),
        action_name: owned(action),
        transition_from: owned(from),
        transition_to: owned(to),
        variant: attrs.boolean(VARIANT_ATTRIBUTE),
    };
    let mut elided = if attrs.flags_are_booleans() {
        ELIDED_FLAGS
    } else {
        0
    };
    for ((bit, _), value) in ELIDED.into_iter().zip(sent) {
        let held = elided_column(&event_id, &fields, bit);
        if held.is_some() && value == held {
            elided |= bit;
        }
    }
    let (flag_context, attributes) = attrs.json_texts(elided);
    Ok(EventRow {
        event_id,
        time_ns,
        fields,
        service: service.map(str::to_string),
        flag_context,
        attributes,
        elided,
        received_at_ms,
    })
}
