//! The collector's OTLP decoder: the invariants of a decoded request, checked against an
//! independent count of the log records in the JSON.

use crate::OrCrash;
use serde_json::Value;
use va_rollout_collector::ingest::otlp::{
    parse_request, readers_agree, Parsed, RequestError, MAX_KEY_BYTES, MAX_RECORDS_PER_REQUEST,
};

/// Number of `resourceLogs[].scopeLogs[].logRecords[]` entries, when the shape is an object tree.
/// (Borrows the tree: the oracle copies nothing.)
pub fn count_records(root: &Value) -> usize {
    fn arr<'a>(v: &'a Value, k: &str) -> &'a [Value] {
        v.get(k)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }
    arr(root, "resourceLogs")
        .iter()
        .flat_map(|rl| arr(rl, "scopeLogs"))
        .map(|sl| arr(sl, "logRecords").len())
        .sum()
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_KEY_BYTES && s.bytes().all(|b| b.is_ascii_graphic())
}

/// Decodes `body` as the handler does and checks the result. Returns it for further checks.
pub fn check_decoded(body: &[u8]) -> Result<Parsed, RequestError> {
    let result = parse_request(body, 1_000);
    // The scanner and the fast path, wherever they answer, answer as the tree reader.
    readers_agree(body, 1_000).or_crash("a faster reader differs from the tree reader");
    let json = serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object);
    let parsed = match &result {
        Err(RequestError::Malformed(m)) => {
            assert!(!m.is_empty(), "empty malformed message");
            return result;
        }
        Err(RequestError::TooManyRecords) => {
            let n = json
                .as_ref()
                .map(count_records)
                .or_crash("too many records in a non-object");
            assert!(
                n > MAX_RECORDS_PER_REQUEST,
                "TooManyRecords for {n} records"
            );
            return result;
        }
        Ok(p) => p,
    };
    let root = json.or_crash("a request that is not a JSON object was accepted");
    assert_eq!(
        parsed.rows.len() + parsed.rejected,
        count_records(&root),
        "records lost or invented"
    );
    assert_eq!(parsed.error_message().is_empty(), parsed.rejected == 0);
    for row in &parsed.rows {
        assert!(
            is_token(&row.event_id),
            "bad event id stored: {:?}",
            row.event_id
        );
        assert!(
            is_token(&row.event_name),
            "bad event name stored: {:?}",
            row.event_name
        );
        assert!(row.time_ns > 0, "non-positive time stored");
        assert!(serde_json::from_str::<Value>(&row.attributes).is_ok_and(|v| v.is_object()));
        assert!(serde_json::from_str::<Value>(&row.flag_context).is_ok_and(|v| v.is_object()));
        assert!(
            row.status.is_none_or(|s| (0..1000).contains(&s)),
            "status {:?}",
            row.status
        );
        assert!(
            row.duration_ms.is_none_or(|d| d.is_finite() && d >= 0.0),
            "duration {:?}",
            row.duration_ms
        );
        assert!(row
            .session_id
            .as_ref()
            .is_none_or(|s| s.len() <= MAX_KEY_BYTES));
    }
    result
}
