//! OTLP/HTTP JSON encoding (`ExportLogsServiceRequest`): one log record per event, encoded once at
//! flush; records are plain strings that can be persisted and re-sent unchanged inside a fresh
//! envelope ([`encode_request`]).

use super::catalogue::keys;
use super::event::{AttrValue, Event, EventKind};
use crate::json::write::{write_f64, write_i64, write_u64, Seq};

pub const SDK_NAME: &str = "va-rollout";
pub const SDK_LANGUAGE: &str = "webjs";
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The instrumentation scope of every record.
pub const SCOPE_NAME: &str = "va-rollout";
/// OTLP severity numbers and texts.
pub const SEVERITY_INFO: (u8, &str) = (9, "INFO");
pub const SEVERITY_ERROR: (u8, &str) = (17, "ERROR");

/// Resource attributes of every request.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    pub service_name: String,
    pub service_version: Option<String>,
    /// `deployment.environment.name` (`production`, `staging`...).
    pub environment: Option<String>,
    pub sdk_version: String,
}

impl Resource {
    pub fn new(
        service_name: &str,
        service_version: Option<&str>,
        environment: Option<&str>,
    ) -> Self {
        Resource {
            service_name: service_name.to_string(),
            service_version: service_version.map(str::to_string),
            environment: environment.map(str::to_string),
            sdk_version: SDK_VERSION.to_string(),
        }
    }
}

/// Unix milliseconds as OTLP's nanoseconds (0 for negative or non-finite).
fn nanos(ms: f64) -> u64 {
    if !ms.is_finite() || ms <= 0.0 {
        return 0;
    }
    let whole = ms.trunc();
    let whole_ns = (whole as u64).saturating_mul(1_000_000);
    let frac_ns = ((ms - whole) * 1e6).round() as u64;
    whole_ns.saturating_add(frac_ns)
}

/// Unix milliseconds as OTLP's decimal-string nanoseconds (`"0"` for negative or non-finite).
pub fn unix_nanos(ms: f64) -> String {
    let mut out = String::new();
    write_u64(&mut out, nanos(ms));
    out
}

/// `"<digits>"`: OTLP JSON writes 64-bit integers as strings.
fn quoted_i64(out: &mut String, n: i64) {
    out.push('"');
    write_i64(out, n);
    out.push('"');
}

/// An OTLP `AnyValue`. A non-finite double becomes the empty AnyValue (no value): JSON has no
/// NaN or infinity, and `{"doubleValue":null}` made receivers refuse the whole record.
fn write_value(out: &mut String, value: &AttrValue) {
    let mut v = Seq::object(out);
    match value {
        AttrValue::Str(s) => v.str("stringValue", s),
        AttrValue::Int(i) => quoted_i64(v.key("intValue"), *i),
        AttrValue::Float(f) if f.is_finite() => write_f64(v.key("doubleValue"), *f),
        AttrValue::Float(_) => {}
        AttrValue::Bool(b) => v.raw("boolValue", if *b { "true" } else { "false" }),
    }
    v.end();
}

fn write_attr(attrs: &mut Seq, key: &str, value: &AttrValue) {
    let mut kv = Seq::object(attrs.item());
    kv.str("key", key);
    write_value(kv.key("value"), value);
    kv.end();
}

fn str_attr(attrs: &mut Seq, key: &str, value: &str) {
    let mut kv = Seq::object(attrs.item());
    kv.str("key", key);
    let mut v = Seq::object(kv.key("value"));
    v.str("stringValue", value);
    v.end();
    kv.end();
}

/// One OTLP JSON `logRecord` for `event`.
pub fn encode_record(event: &Event) -> String {
    let mut out = String::with_capacity(512);
    let time = unix_nanos(event.time_ms);
    let (severity, severity_text) = if event.kind == EventKind::Error {
        SEVERITY_ERROR
    } else {
        SEVERITY_INFO
    };
    let mut rec = Seq::object(&mut out);
    rec.str("timeUnixNano", &time);
    rec.str("observedTimeUnixNano", &time);
    write_u64(rec.key("severityNumber"), u64::from(severity));
    rec.str("severityText", severity_text);
    rec.str("eventName", event.kind.event_name());
    let mut body = Seq::object(rec.key("body"));
    body.str("stringValue", &event.name);
    body.end();
    let mut attrs = Seq::array(rec.key("attributes"));
    str_attr(&mut attrs, keys::EVENT_NAME, event.kind.event_name());
    str_attr(&mut attrs, keys::EVENT_ID, &event.id);
    str_attr(&mut attrs, keys::SESSION_ID, &event.session_id);
    str_attr(&mut attrs, keys::URL_PATH, &event.path);
    if let Some(flow) = &event.flow {
        str_attr(&mut attrs, keys::FLOW, flow);
    }
    for (flag, value) in &event.context_flags {
        let mut key = String::with_capacity(keys::FLAG_PREFIX.len() + flag.len());
        key.push_str(keys::FLAG_PREFIX);
        key.push_str(flag);
        write_attr(&mut attrs, &key, &AttrValue::Bool(*value));
    }
    for (key, value) in &event.attrs {
        write_attr(&mut attrs, key, value);
    }
    attrs.end();
    rec.end();
    out
}

/// The `ExportLogsServiceRequest` body wrapping pre-encoded `records` (one resource, one scope).
pub fn encode_request(resource: &Resource, records: &[String]) -> String {
    let body_len: usize = records.iter().map(|r| r.len() + 1).sum();
    let mut out = String::with_capacity(body_len + 512);
    let mut root = Seq::object(&mut out);
    let mut resource_logs = Seq::array(root.key("resourceLogs"));
    let mut rl = Seq::object(resource_logs.item());
    let mut res = Seq::object(rl.key("resource"));
    let mut attrs = Seq::array(res.key("attributes"));
    str_attr(&mut attrs, "service.name", &resource.service_name);
    if let Some(version) = &resource.service_version {
        str_attr(&mut attrs, "service.version", version);
    }
    if let Some(env) = &resource.environment {
        str_attr(&mut attrs, "deployment.environment.name", env);
    }
    str_attr(&mut attrs, "telemetry.sdk.name", SDK_NAME);
    str_attr(&mut attrs, "telemetry.sdk.language", SDK_LANGUAGE);
    str_attr(&mut attrs, "telemetry.sdk.version", &resource.sdk_version);
    attrs.end();
    res.end();
    let mut scope_logs = Seq::array(rl.key("scopeLogs"));
    let mut sl = Seq::object(scope_logs.item());
    let mut scope = Seq::object(sl.key("scope"));
    scope.str("name", SCOPE_NAME);
    scope.str("version", &resource.sdk_version);
    scope.end();
    let mut log_records = Seq::array(sl.key("logRecords"));
    for record in records {
        log_records.item().push_str(record);
    }
    log_records.end();
    sl.end();
    scope_logs.end();
    rl.end();
    resource_logs.end();
    root.end();
    out
}

/// Bytes the envelope adds around the records of a request (plus one comma per extra record).
pub fn envelope_len(resource: &Resource) -> usize {
    encode_request(resource, &[]).len()
}

/// Size of a request body holding records of these byte lengths.
pub fn request_len(envelope: usize, record_lens: impl IntoIterator<Item = usize>) -> usize {
    let (sum, n) = record_lens
        .into_iter()
        .fold((0usize, 0usize), |(s, n), len| (s + len, n + 1));
    envelope + sum + n.saturating_sub(1)
}

#[cfg(test)]
mod tests;
