//! OTLP/HTTP JSON: an event built from fuzzed fields (optionally scrubbed first, as the pipeline
//! does), encoded by the SDK and decoded by the collector, comes back field for field, or is
//! rejected only for a documented collector limit.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use va_rollout_collector::ingest::otlp::{
    parse_request, MAX_ATTRIBUTES_PER_RECORD, MAX_KEY_BYTES, MAX_STRING_BYTES,
};
use va_rollout_core::telemetry::catalogue::{keys, kind_attrs};
use va_rollout_core::telemetry::otlp::unix_nanos;
use va_rollout_core::telemetry::{
    encode_record, encode_request, scrub_event, AttrValue, Event, EventKind, Resource, ScrubPolicy,
};

#[derive(Arbitrary, Debug)]
enum Val {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

#[derive(Arbitrary, Debug)]
struct Input {
    kind: u8,
    id: String,
    name: String,
    time_ms: f64,
    session: String,
    path: String,
    flow: Option<String>,
    flags: Vec<(String, bool)>,
    /// (index into the kind's catalogue keys, or an app key when out of range, value)
    attrs: Vec<(u8, String, Val)>,
    service: String,
    version: Option<String>,
    env: Option<String>,
    scrub: bool,
}

fn event(input: &Input) -> Event {
    let kind = EventKind::ALL[usize::from(input.kind) % EventKind::ALL.len()];
    let catalogue: Vec<&str> = kind_attrs(kind)
        .iter()
        .map(|s| s.key)
        .filter(|k| !k.ends_with('*'))
        .collect();
    let attrs = input
        .attrs
        .iter()
        .map(|(i, app, v)| {
            let key = match catalogue.get(usize::from(*i)) {
                Some(k) => k.to_string(),
                None => format!("{}{app}", keys::APP_ATTR_PREFIX),
            };
            let value = match v {
                Val::Str(s) => AttrValue::Str(s.clone()),
                Val::Int(i) => AttrValue::Int(*i),
                Val::Float(f) => AttrValue::Float(*f),
                Val::Bool(b) => AttrValue::Bool(*b),
            };
            (key, value)
        })
        .collect();
    Event {
        id: input.id.clone(),
        kind,
        name: input.name.clone(),
        time_ms: input.time_ms,
        session_id: input.session.clone(),
        path: input.path.clone(),
        flow: input.flow.clone(),
        context_flags: input.flags.clone(),
        attrs,
    }
}

/// The last value written for each key wins (a JSON object keeps one).
fn last<'a, T>(pairs: &'a [(String, T)], key: &str) -> Option<&'a T> {
    pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Why the collector may refuse this record: its documented per-record limits.
fn over_limits(e: &Event) -> Option<&'static str> {
    let token = |s: &str| {
        !s.is_empty() && s.len() <= MAX_KEY_BYTES && s.bytes().all(|b| b.is_ascii_graphic())
    };
    let strings = [&e.name, &e.session_id, &e.path]
        .into_iter()
        .chain(e.flow.as_ref())
        .chain(e.attrs.iter().filter_map(|(_, v)| {
            if let AttrValue::Str(s) = v {
                Some(s)
            } else {
                None
            }
        }));
    let attr_count = 4 + usize::from(e.flow.is_some()) + e.context_flags.len() + e.attrs.len();
    let keys_ok = e
        .attrs
        .iter()
        .map(|(k, _)| k.len())
        .chain(e.context_flags.iter().map(|(k, _)| k.len() + 16))
        .all(|n| n <= MAX_KEY_BYTES);
    if !token(&e.id) {
        Some("event id not a token")
    } else if unix_nanos(e.time_ms) == "0" {
        Some("no time")
    } else if unix_nanos(e.time_ms)
        .parse::<u64>()
        .map_or(true, |ns| ns > i64::MAX as u64)
    {
        // The SDK writes OTLP's fixed64; the collector stores i64 nanoseconds (until year 2262).
        Some("time past year 2262")
    } else if strings.into_iter().any(|s| s.len() > MAX_STRING_BYTES) {
        Some("string over 8 KiB")
    } else if attr_count > MAX_ATTRIBUTES_PER_RECORD {
        Some("too many attributes")
    } else if !keys_ok {
        Some("key too long")
    } else {
        None
    }
}

fn check_value(key: &str, got: Option<&Value>, want: &AttrValue) {
    let ok = match (got, want) {
        (Some(Value::String(g)), AttrValue::Str(w)) => g == w,
        (Some(g), AttrValue::Int(w)) => g.as_i64() == Some(*w),
        // Exact: the SDK writes the shortest round-trip form, the collector parses correctly rounded.
        (Some(g), AttrValue::Float(w)) if w.is_finite() => {
            g.as_f64().map(f64::to_bits) == Some(w.to_bits())
        }
        // JSON has no NaN or infinity: the SDK sends an empty AnyValue, stored as null.
        (Some(g), AttrValue::Float(_)) => g.is_null(),
        (Some(Value::Bool(g)), AttrValue::Bool(w)) => g == w,
        _ => false,
    };
    assert!(ok, "attribute {key:?}: sent {want:?}, stored {got:?}");
}

fuzz_target!(|input: Input| {
    let mut ev = event(&input);
    if input.scrub {
        ev = scrub_event(
            ev,
            &ScrubPolicy {
                query_allow: vec!["q".into()],
                attribute_allow: vec!["a".into()],
            },
        );
    }
    let resource = Resource::new(
        &input.service,
        input.version.as_deref(),
        input.env.as_deref(),
    );
    let record = encode_record(&ev);
    assert!(
        serde_json::from_str::<Value>(&record).is_ok_and(|v| v.is_object()),
        "record is not a JSON object: {record}"
    );
    let body = encode_request(&resource, &[record]);
    let parsed = parse_request(body.as_bytes(), 7)
        .unwrap_or_else(|e| panic!("collector refused the SDK's body: {e}\n{body}"));
    assert_eq!(parsed.rows.len() + parsed.rejected, 1);
    let Some(row) = parsed.rows.first() else {
        assert!(
            over_limits(&ev).is_some(),
            "record rejected within limits: {}\n{body}",
            parsed.error_message()
        );
        return;
    };
    assert_eq!(
        over_limits(&ev),
        None,
        "a record over the collector's limits was accepted"
    );
    assert_eq!(row.event_id, ev.id);
    assert_eq!(row.time_ns.to_string(), unix_nanos(ev.time_ms));
    assert_eq!(row.event_name, ev.kind.event_name());
    assert_eq!(row.name.as_deref(), Some(ev.name.as_str()), "body");
    let session = (ev.session_id.len() <= MAX_KEY_BYTES).then_some(ev.session_id.as_str());
    assert_eq!(row.session_id.as_deref(), session);
    assert_eq!(row.path.as_deref(), Some(ev.path.as_str()));
    assert_eq!(row.flow, ev.flow);
    let stored = (input.service.len() <= MAX_KEY_BYTES).then_some(input.service.as_str());
    assert_eq!(row.service.as_deref(), stored);
    serde_json::from_str::<serde_json::Map<String, Value>>(&row.attributes)
        .expect("attributes JSON");
    let attrs = row.sent_attributes();
    for (key, _) in &ev.attrs {
        check_value(key, attrs.get(key), last(&ev.attrs, key).expect("present"));
    }
    let flags: serde_json::Map<String, Value> =
        serde_json::from_str(&row.flag_context).expect("flag context JSON");
    for (name, _) in &ev.context_flags {
        let want = last(&ev.context_flags, name).expect("present");
        assert_eq!(
            flags.get(name.as_str()),
            Some(&Value::Bool(*want)),
            "context flag {name:?}"
        );
    }
});
