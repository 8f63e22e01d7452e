//! The narrower row (`store` migration 5): a stored row's `attributes` leaves out the string
//! attributes a column holds and the boolean flags of `flag_context` (`ingest::row::ELIDED`),
//! and `EventRow::sent_attributes` and the view `events_sent` give back every attribute as
//! received; a database stored before the migration reads the same through the view, and the
//! report over it is the report over the same events stored narrow.

use rusqlite::Connection;
use serde_json::{json, Map, Value};
use va_rollout_collector::ingest::otlp::{self, any_value};
use va_rollout_collector::ingest::row::{EventRow, ELIDED};
use va_rollout_collector::store::{self, events};

mod common;
use common::{attr, report_json, s};

/// Records of every case: the SDK's shape; an elided key with a non-string value, or twice
/// (the last wins); `event.name` equal to `eventName`, different, alone, absent; a session id
/// too long for its column; flags all booleans, or one not; escapes in values.
fn records(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let kind = ["va_rollout.click", "va_rollout.transition", "va_rollout.timing", "va_rollout.error"][i % 4];
            let mut attrs = vec![
                attr("va_rollout.event.id", s(&format!("id-{i:03}"))),
                attr("session.id", s(&format!("sess-{}", i % 3))),
                attr("url.path", s(&format!("/my-health/secure-messages/new-message/p{i}/\"q\"\n"))),
                attr("va_rollout.flag.mhv_secure_messaging_curated_list_flow", json!({ "boolValue": i % 2 == 0 })),
                attr("va_rollout.flag.other", json!({ "boolValue": true })),
                attr("http.response.status_code", json!({ "intValue": "503" })),
                attr("va_rollout.duration_ms", json!({ "doubleValue": 0.1 + i as f64 })),
                attr("va_rollout.dropped", json!({ "intValue": i % 5 })),
            ];
            match i % 9 {
                0 => attrs.push(attr("va_rollout.flow", json!({ "intValue": 7 }))),
                1 => attrs.push(attr("va_rollout.flow", s("curated"))),
                2 => attrs.extend([attr("va_rollout.flow", s("a")), attr("va_rollout.flow", s("b"))]),
                3 => attrs.push(attr("session.id", s(&"x".repeat(300)))),
                4 => attrs.push(attr("va_rollout.flag.str", s("true"))),
                5 => attrs.push(attr("va_rollout.action.name", s("Send é 😀"))),
                6 => attrs.extend([
                    attr("va_rollout.transition.from", s("/a")),
                    attr("va_rollout.transition.to", json!({ "boolValue": false })),
                ]),
                7 => attrs.push(attr("va_rollout.flag.n", json!({}))),
                _ => attrs.push(attr("nested", json!({ "kvlistValue": { "values": [attr("a", s("b"))] } }))),
            }
            let mut r = json!({
                "timeUnixNano": (1_767_225_600_000_000_000u64 + i as u64 * 1_000_000_000).to_string(),
                "body": s("sm.messages.send"),
            });
            match i % 4 {
                0 => attrs.push(attr("event.name", s(kind))),
                1 => attrs.push(attr("event.name", s("va_rollout.other"))),
                _ => {}
            }
            if i % 4 != 3 {
                r["eventName"] = json!(kind);
            } else {
                attrs.push(attr("event.name", s(kind)));
            }
            r["attributes"] = Value::Array(attrs);
            r
        })
        .collect()
}

fn body(records: &[Value]) -> Vec<u8> {
    json!({ "resourceLogs": [{ "resource": { "attributes": [attr("service.name", s("svc"))] },
        "scopeLogs": [{ "logRecords": records }] }] })
    .to_string()
    .into_bytes()
}

/// A record's attributes as received, repeated keys merged (the last wins): the tree reader's.
fn received(record: &Value) -> Map<String, Value> {
    let mut all = Map::new();
    for kv in record["attributes"].as_array().unwrap() {
        let v = any_value(&kv["value"], 0).unwrap();
        all.insert(kv["key"].as_str().unwrap().to_string(), v);
    }
    all
}

fn parsed(records: &[Value]) -> Vec<EventRow> {
    otlp::rows_of_both_readers(&body(records), 1).expect("both readers give the same rows")
}

fn sent(conn: &Connection) -> Vec<(String, Map<String, Value>)> {
    let mut stmt = conn
        .prepare("SELECT event_id, attributes FROM events_sent ORDER BY event_id")
        .unwrap();
    let rows = stmt.query_map([], |r| {
        let text: String = r.get(1)?;
        Ok((r.get(0)?, serde_json::from_str(&text).unwrap()))
    });
    rows.unwrap().map(Result::unwrap).collect()
}

fn store_rows(path: &std::path::Path, rows: &[EventRow]) -> Connection {
    let mut conn = store::init(path).unwrap();
    let tx = conn.transaction().unwrap();
    events::insert(&tx, rows).unwrap();
    tx.commit().unwrap();
    conn
}

#[test]
fn stored_attributes_leave_out_what_a_column_holds_and_the_view_gives_them_back() {
    let recs = records(90);
    let rows = parsed(&recs);
    let want: Vec<(String, Map<String, Value>)> = rows
        .iter()
        .zip(&recs)
        .map(|(r, rec)| (r.event_id.clone(), received(rec)))
        .collect();
    for ((r, rec), (_, all)) in rows.iter().zip(&recs).zip(&want) {
        assert_eq!(&r.sent_attributes(), all, "{rec}");
        let stored: Map<String, Value> = serde_json::from_str(&r.attributes).unwrap();
        assert!(
            !stored.contains_key("va_rollout.event.id"),
            "{}",
            r.attributes
        );
        for (key, v) in &stored {
            // What stays is what no column holds as the same string.
            let column_holds = ELIDED.iter().any(|(_, k)| k == key)
                && v.as_str().is_some_and(|text| match key.as_str() {
                    "event.name" => text == r.event_name,
                    "session.id" => r.session_id.as_deref() == Some(text),
                    "va_rollout.flow" => r.flow.as_deref() == Some(text),
                    _ => true,
                });
            assert!(!column_holds, "{key} kept in {}", r.attributes);
        }
        let flags_kept = stored.keys().any(|k| k.starts_with(otlp::FLAG_PREFIX));
        let all_booleans = all
            .iter()
            .all(|(k, v)| !k.starts_with(otlp::FLAG_PREFIX) || v.is_boolean());
        assert_eq!(flags_kept, !all_booleans, "{}", r.attributes);
    }
    // Record 28: the SDK's shape (`event.name` = `eventName`, a string flow, boolean flags).
    let sdk = &rows[28];
    assert_eq!(
        serde_json::from_str::<Value>(&sdk.attributes).unwrap(),
        json!({"http.response.status_code": 503, "va_rollout.duration_ms": sdk.duration_ms,
            "va_rollout.dropped": 3}),
        "the SDK's shape keeps only what no column holds"
    );
    let dir = tempfile::tempdir().unwrap();
    let conn = store_rows(&dir.path().join("n.db"), &rows);
    let mut want = want;
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(sent(&conn), want, "the view gives every attribute back");
}

/// A database stored before migration 5 (every attribute in `attributes`, no `elided`, no view)
/// migrates in place: the same attributes through the view, and the same report as the same
/// events stored narrow.
#[test]
fn a_database_stored_before_reads_the_same() {
    let recs = records(90);
    let narrow = parsed(&recs);
    let wide: Vec<EventRow> = narrow
        .iter()
        .map(|r| EventRow {
            attributes: Value::Object(r.sent_attributes()).to_string(),
            elided: 0,
            ..r.clone()
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old.db"), dir.path().join("new.db"));
    store_rows(&old, &wide)
        .execute_batch(
            "DROP VIEW events_sent; ALTER TABLE events DROP COLUMN elided;
             PRAGMA user_version = 4;",
        )
        .unwrap();
    let migrated = store::init(&old).unwrap();
    let version: i64 = migrated
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, store::SCHEMA_VERSION);
    let fresh = store_rows(&new, &narrow);
    assert_eq!(sent(&migrated), sent(&fresh), "the same attributes");
    let narrower: i64 = fresh
        .query_row("SELECT SUM(length(attributes)) FROM events", [], |r| {
            r.get(0)
        })
        .unwrap();
    let before: i64 = migrated
        .query_row("SELECT SUM(length(attributes)) FROM events", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(narrower * 2 < before, "{narrower} of {before} bytes");
    let (a, b) = (report_json(&old), report_json(&new));
    assert!(a.contains("\"eventsLost\":"), "{a}");
    assert_eq!(a, b, "the same report");
}
