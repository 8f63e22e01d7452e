//! OTLP/HTTP JSON logs → rows. Pure: no I/O. Validates structure (400 on a malformed request)
//! and each record (a bad record is rejected into `partialSuccess`, the others are kept).

use serde_json::{Map, Value};

use super::row::{is_elided, EventRow};
use build::{bool_text, build_row, Attrs, Body};

mod build;
mod fast;
mod scan;
mod skip;
mod sorted;
mod text;

/// Most log records accepted in one request (more: the request is refused as too large).
pub const MAX_RECORDS_PER_REQUEST: usize = 10_000;
/// Most attributes kept per record (more: the record is rejected).
pub const MAX_ATTRIBUTES_PER_RECORD: usize = 128;
/// Longest attribute key, event id, event name or session id accepted.
pub const MAX_KEY_BYTES: usize = 256;
/// Longest string value accepted in an attribute or body.
pub const MAX_STRING_BYTES: usize = 8 * 1024;
/// Deepest nesting of array/kvlist values accepted.
pub const MAX_VALUE_DEPTH: usize = 4;
/// How many rejection reasons the `errorMessage` lists.
const MAX_REASONS_LISTED: usize = 5;

/// The attribute that carries the flag context (`va_rollout.flag.<name>`).
pub const FLAG_PREFIX: &str = "va_rollout.flag.";
/// The flag that splits the report into new (true) and base (false).
pub const VARIANT_FLAG: &str = "mhv_secure_messaging_curated_list_flow";
/// The attribute of [`VARIANT_FLAG`].
const VARIANT_ATTRIBUTE: &str = "va_rollout.flag.mhv_secure_messaging_curated_list_flow";

#[derive(Debug, PartialEq)]
pub enum RequestError {
    /// Not JSON, or not the ExportLogsServiceRequest shape.
    Malformed(String),
    TooManyRecords,
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestError::Malformed(m) => write!(f, "malformed OTLP logs request: {m}"),
            RequestError::TooManyRecords => write!(
                f,
                "more than {MAX_RECORDS_PER_REQUEST} log records in one request"
            ),
        }
    }
}

/// The outcome of parsing one request: rows to store and the records refused.
#[derive(Debug, Default)]
pub struct Parsed {
    pub rows: Vec<EventRow>,
    pub rejected: usize,
    pub reasons: Vec<String>,
}

impl Parsed {
    /// The `errorMessage` for `partialSuccess` (empty when nothing was rejected).
    pub fn error_message(&self) -> String {
        if self.rejected == 0 {
            return String::new();
        }
        let mut m = format!(
            "{} log record(s) rejected: {}",
            self.rejected,
            self.reasons.join("; ")
        );
        if self.rejected > self.reasons.len() {
            m.push_str("; ...");
        }
        m
    }

    fn reject(&mut self, index: usize, why: &str) {
        self.rejected += 1;
        if self.reasons.len() < MAX_REASONS_LISTED {
            self.reasons.push(format!("record {index}: {why}"));
        }
    }
}

fn malformed(m: &str) -> RequestError {
    RequestError::Malformed(m.to_string())
}

/// An optional array field: absent or null is empty; anything else but an array is malformed.
fn array_field<'a>(obj: &'a Value, key: &str) -> Result<&'a [Value], RequestError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a.as_slice()),
        Some(_) => Err(malformed(&format!("`{key}` must be an array"))),
    }
}

/// Parses an ExportLogsServiceRequest JSON body received at `received_at_ms`: the SDK's shape
/// by the scanner, else the common case by the fast path, else (exact errors) the tree reader.
pub fn parse_request(body: &[u8], received_at_ms: i64) -> Result<Parsed, RequestError> {
    if let Some(parsed) = scan::parse(body, received_at_ms) {
        return Ok(parsed);
    }
    if let Some(parsed) = fast::parse(body, received_at_ms) {
        return Ok(parsed);
    }
    parse_tree(body, received_at_ms)
}

type Outcome = Result<(Vec<EventRow>, usize, Vec<String>), RequestError>;
/// One of the faster readers: the rows of a body it takes whole, or `None`.
type Reader = fn(&[u8], i64) -> Option<Parsed>;

/// Whether the scanner and the fast path, each where it answers, answer as the tree reader (for
/// the tests and the fuzz oracle): `Ok((scanner took it, fast path took it))`, or which differs.
#[doc(hidden)]
pub fn readers_agree(body: &[u8], received_at_ms: i64) -> Result<(bool, bool), String> {
    let outcome = |p: Parsed| -> Outcome { Ok((p.rows, p.rejected, p.reasons)) };
    let tree = parse_tree(body, received_at_ms).and_then(outcome);
    let readers: [(&str, Reader); 2] = [("scanner", scan::parse), ("fast path", fast::parse)];
    let mut took = [false; 2];
    for (i, (name, read)) in readers.into_iter().enumerate() {
        if let Some(p) = read(body, received_at_ms) {
            took[i] = true;
            let got = outcome(p);
            if got != tree {
                return Err(format!("the {name} differs:\n{got:?}\ntree {tree:?}"));
            }
        }
    }
    Ok((took[0], took[1]))
}

/// The rows of a request every record of which is valid, read by every reader that answers
/// (the fast path must) when their rows are equal, byte for byte: for the tests that compare
/// them. `Err` says which reader declined or rejected, or shows the rows that differ.
#[doc(hidden)]
pub fn rows_of_both_readers(body: &[u8], received_at_ms: i64) -> Result<Vec<EventRow>, String> {
    readers_agree(body, received_at_ms)?;
    let fast = fast::parse(body, received_at_ms).ok_or("the fast path declined the request")?;
    Ok(fast.rows)
}

/// The tree reader: the body as a `serde_json::Value`, every error and rejection exact. Also
/// what a request the fast path does not take goes through.
pub fn parse_tree(body: &[u8], received_at_ms: i64) -> Result<Parsed, RequestError> {
    let root: Value = serde_json::from_slice(body).map_err(|e| {
        malformed(&format!(
            "invalid JSON at line {} column {}",
            e.line(),
            e.column()
        ))
    })?;
    if !root.is_object() {
        return Err(malformed("top level must be an object"));
    }
    let mut parsed = Parsed::default();
    let mut index = 0usize;
    for rl in array_field(&root, "resourceLogs")? {
        if !rl.is_object() {
            return Err(malformed("resourceLogs entries must be objects"));
        }
        let service = rl
            .get("resource")
            .map(|r| array_field(r, "attributes"))
            .transpose()?
            .and_then(|attrs| {
                attrs
                    .iter()
                    .find(|kv| kv.get("key").and_then(Value::as_str) == Some("service.name"))
            })
            .and_then(|kv| kv.get("value"))
            .and_then(|v| v.get("stringValue"))
            .and_then(Value::as_str)
            .filter(|s| s.len() <= MAX_KEY_BYTES)
            .map(str::to_string);
        for sl in array_field(rl, "scopeLogs")? {
            if !sl.is_object() {
                return Err(malformed("scopeLogs entries must be objects"));
            }
            for rec in array_field(sl, "logRecords")? {
                if index >= MAX_RECORDS_PER_REQUEST {
                    return Err(RequestError::TooManyRecords);
                }
                match parse_record(rec, service.as_deref(), received_at_ms) {
                    Ok(row) => parsed.rows.push(row),
                    Err(why) => parsed.reject(index, &why),
                }
                index += 1;
            }
        }
    }
    Ok(parsed)
}

/// Converts an OTLP AnyValue to plain JSON. `None` when it is not a valid AnyValue.
pub fn any_value(v: &Value, depth: usize) -> Option<Value> {
    let obj = v.as_object()?;
    if depth > MAX_VALUE_DEPTH {
        return None;
    }
    if obj.is_empty() {
        return Some(Value::Null);
    }
    if let Some(s) = obj.get("stringValue") {
        let s = s.as_str()?;
        return (s.len() <= MAX_STRING_BYTES).then(|| Value::String(s.to_string()));
    }
    if let Some(b) = obj.get("boolValue") {
        return b.as_bool().map(Value::Bool);
    }
    if let Some(i) = obj.get("intValue") {
        return int_of(i).map(Value::from);
    }
    if let Some(d) = obj.get("doubleValue") {
        return d.as_f64().map(Value::from);
    }
    if let Some(b) = obj.get("bytesValue") {
        let s = b.as_str()?;
        return (s.len() <= MAX_STRING_BYTES).then(|| Value::String(s.to_string()));
    }
    if let Some(a) = obj.get("arrayValue") {
        let items = array_field(a, "values").ok()?;
        return items
            .iter()
            .map(|x| any_value(x, depth + 1))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array);
    }
    if let Some(kv) = obj.get("kvlistValue") {
        let items = array_field(kv, "values").ok()?;
        let mut m = Map::new();
        for item in items {
            let (k, v) = key_value(item, depth + 1)?;
            m.insert(k, v);
        }
        return Some(Value::Object(m));
    }
    None
}

/// An int64 as OTLP JSON writes it: a decimal string, or a JSON integer.
fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

fn key_value(kv: &Value, depth: usize) -> Option<(String, Value)> {
    let key = kv.get("key")?.as_str()?;
    if key.is_empty() || key.len() > MAX_KEY_BYTES {
        return None;
    }
    let value = match kv.get("value") {
        None | Some(Value::Null) => Value::Null,
        Some(v) => any_value(v, depth)?,
    };
    Some((key.to_string(), value))
}

fn parse_record(
    rec: &Value,
    service: Option<&str>,
    received_at_ms: i64,
) -> Result<EventRow, String> {
    if !rec.is_object() {
        return Err("not an object".into());
    }
    let time_ns = rec
        .get("timeUnixNano")
        .and_then(|t| match t {
            Value::String(s) => s.parse::<u64>().ok(),
            Value::Number(n) => n.as_u64(),
            _ => None,
        })
        .filter(|t| *t > 0)
        .and_then(|t| i64::try_from(t).ok())
        .ok_or("missing or unparseable timeUnixNano")?;
    let raw_attrs =
        array_field(rec, "attributes").map_err(|_| "attributes must be an array".to_string())?;
    if raw_attrs.len() > MAX_ATTRIBUTES_PER_RECORD {
        return Err(format!("more than {MAX_ATTRIBUTES_PER_RECORD} attributes"));
    }
    let mut attrs = Map::new();
    for kv in raw_attrs {
        let (k, v) = key_value(kv, 0).ok_or("invalid attribute")?;
        attrs.insert(k, v);
    }
    let body = match rec.get("body") {
        None | Some(Value::Null) => Body::Absent,
        Some(b) => any_value(b, 0).map_or(Body::Invalid, Body::Value),
    };
    let event_name = rec.get("eventName").and_then(Value::as_str);
    build_row(time_ns, event_name, body, attrs, service, received_at_ms)
}

impl Attrs for Map<String, Value> {
    fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    fn number(&self, key: &str) -> Option<f64> {
        self.get(key).and_then(|v| {
            v.as_f64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
    }

    fn boolean(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => bool_text(s),
            _ => None,
        }
    }

    fn flags_are_booleans(&self) -> bool {
        self.iter()
            .all(|(k, v)| !k.starts_with(FLAG_PREFIX) || v.is_boolean())
    }

    fn json_texts(mut self, elided: i64) -> (String, String) {
        let mut flags = Map::new();
        for (k, v) in &self {
            if let Some(name) = k.strip_prefix(FLAG_PREFIX) {
                flags.insert(name.to_string(), v.clone());
            }
        }
        self.retain(|k, _| !is_elided(k, elided));
        (
            Value::Object(flags).to_string(),
            Value::Object(self).to_string(),
        )
    }
}

#[cfg(test)]
mod tests;
