//! The ingest writer's cheaper insert keeps what is stored and what the report reads: rows go in
//! 50 to a statement (`store::events::insert`) and are stored as one at a time stores them; the
//! report's partial indexes on one event kind (`store` migration 6: `events_calls`,
//! `events_clicks`, `events_moves` in place of `events_kind`) serve every query on one kind,
//! and a database of migration 5 migrates in place to the report of the same events stored fresh.

use std::path::Path;

use rusqlite::Connection;
use serde_json::{json, Value};
use va_rollout_collector::ingest::otlp;
use va_rollout_collector::report::sqlite::queries;
use va_rollout_collector::store::{self, events};

mod common;
use common::{attr, record, report_json, request, s};

/// `events_kind` as migration 2 made it: the database of migration 5.
const MIGRATION_5: &str =
    "DROP INDEX events_calls; DROP INDEX events_clicks; DROP INDEX events_moves;
CREATE INDEX events_kind ON events(event_name, time_ns, variant, flow, session_id, name,
  action_name, duration_ms, page_from, page_to);
PRAGMA user_version = 5;";

/// Events of every kind the report reads, and `va_rollout.action` (in no kind's index), over
/// two flows and both variants, with pages, durations and statuses.
fn rows(n: usize) -> Vec<va_rollout_collector::ingest::row::EventRow> {
    const PAGE: &str = "/my-health/secure-messages/new-message/";
    const STATUSES: [i64; 3] = [200, 500, 503];
    let pages = [
        "recent/",
        "select-care-team/",
        "start-message/",
        "care-team-help/",
    ];
    let kinds = [
        "va_rollout.click",
        "va_rollout.transition",
        "va_rollout.timing",
        "va_rollout.error",
        "va_rollout.action",
    ];
    let records = (0..n)
        .map(|i| {
            let kind = kinds[i % kinds.len()];
            record(
                &format!("id-{i}"),
                1_767_225_600_000 + (i as i64) * 7_919,
                kind,
                if i % 3 == 0 { "GET /x" } else { "Send" },
                vec![
                    attr("session.id", s(&format!("s{}", i % 7))),
                    attr("va_rollout.flow", s(["curated", "legacy"][i % 2])),
                    attr(
                        "va_rollout.flag.mhv_secure_messaging_curated_list_flow",
                        json!({ "boolValue": i % 3 == 1 }),
                    ),
                    attr("va_rollout.action.name", s(["breaker", "send"][i % 2])),
                    attr(
                        "va_rollout.transition.from",
                        s(&format!("{PAGE}{}", pages[i % 4])),
                    ),
                    attr(
                        "va_rollout.transition.to",
                        s(&format!("{PAGE}{}", pages[(i / 4) % 4])),
                    ),
                    attr(
                        "va_rollout.duration_ms",
                        json!({ "doubleValue": (i * 37 % 900) as f64 }),
                    ),
                    attr(
                        "http.response.status_code",
                        json!({ "intValue": STATUSES[i % 3] }),
                    ),
                ],
            )
        })
        .collect::<Vec<Value>>();
    otlp::parse_request(request(records).to_string().as_bytes(), 1)
        .unwrap()
        .rows
}

fn store_rows(path: &Path, n: usize) -> Connection {
    let mut conn = store::init(path).unwrap();
    let tx = conn.transaction().unwrap();
    assert_eq!(events::insert(&tx, &rows(n)).unwrap(), n);
    tx.commit().unwrap();
    conn
}

#[test]
fn a_database_of_migration_5_migrates_to_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old.db"), dir.path().join("new.db"));
    store_rows(&old, 400).execute_batch(MIGRATION_5).unwrap();
    let migrated = store::init(&old).unwrap();
    let version: i64 = migrated
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, store::SCHEMA_VERSION);
    let indexes: Vec<String> = migrated
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'events_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        indexes,
        [
            "events_calls",
            "events_clicks",
            "events_latency",
            "events_moves",
            "events_scope",
            "events_time"
        ]
    );
    store_rows(&new, 400);
    let after = report_json(&old);
    assert!(after.contains("\"clicks\""), "{after}");
    assert_eq!(
        after,
        report_json(&new),
        "the report of the same events stored fresh"
    );
}

#[test]
fn each_query_on_one_kind_reads_its_kinds_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    drop(store_rows(&path, 200));
    let c = Connection::open(&path).unwrap();
    va_rollout_collector::report::sqlite::functions::register(&c).unwrap();
    let plan = |sql: &str| -> Vec<String> {
        let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let nulls = vec![rusqlite::types::Value::Null; stmt.parameter_count()];
        let rows = stmt
            .query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
            .unwrap();
        rows.map(Result::unwrap).collect()
    };
    let query_plan = |q: &va_rollout_collector::clickhouse::sql::Sql| plan(q.text());
    // Each query on one event kind reads its kind's partial index (migration 6), and no table
    // row without the flag filter (the index holds every other column it reads).
    for (q, index) in [
        (&queries::ERROR_TIMES, "events_calls"),
        (&queries::ERRORS_PER_BUCKET, "events_calls"),
        (&queries::LATENCY_RANGE, "events_calls"),
        (&queries::LATENCY_HISTOGRAM, "events_calls"),
        (&queries::ENDPOINTS, "events_calls"),
        (&queries::CLICKS, "events_clicks"),
        (&queries::PATHS, "events_moves"),
        (&queries::FUNNEL, "events_moves"),
    ] {
        let p = query_plan(q);
        assert!(
            p.iter()
                .any(|l| l.contains(&format!("USING INDEX {index} "))
                    || l.contains(&format!("COVERING INDEX {index} "))),
            "{index}: {p:?}"
        );
        assert!(!p.iter().any(|l| l.contains("SCAN events")), "{p:?}");
    }
    for (sql, index) in [
        ("SELECT COUNT(*), SUM(duration_ms) FROM events WHERE event_name IN ('va_rollout.timing', 'va_rollout.error') AND time_ns >= ?1 AND time_ns < ?2", "events_calls"),
        ("SELECT COUNT(*), SUM(variant) FROM events WHERE event_name = 'va_rollout.click' AND time_ns >= ?1 AND time_ns < ?2", "events_clicks"),
        ("SELECT COUNT(*), SUM(page_to) FROM events WHERE event_name = 'va_rollout.transition' AND time_ns >= ?1 AND time_ns < ?2", "events_moves"),
    ] {
        let p = plan(sql).join("; ");
        assert!(p.contains(&format!("COVERING INDEX {index}")), "{p}");
    }
}

/// Every stored column but the rowid, by event id.
fn stored(c: &Connection) -> Vec<Vec<rusqlite::types::Value>> {
    let mut stmt = c.prepare("SELECT * FROM events ORDER BY event_id").unwrap();
    let n = stmt.column_count();
    let rows = stmt.query_map([], |r| (1..n).map(|i| r.get(i)).collect());
    rows.unwrap().map(Result::unwrap).collect()
}

#[test]
fn rows_in_groups_are_stored_as_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let all = rows(137);
    let mut grouped = store::init(&dir.path().join("grouped.db")).unwrap();
    let tx = grouped.transaction().unwrap();
    assert_eq!(
        events::insert(&tx, &all[..60]).unwrap(),
        60,
        "a group and 10 rows"
    );
    let again = [&all[30..], &all[100..105], &all[..50]].concat();
    assert_eq!(
        events::insert(&tx, &again).unwrap(),
        77,
        "only the new ids count"
    );
    tx.commit().unwrap();
    let mut single = store::init(&dir.path().join("single.db")).unwrap();
    let tx = single.transaction().unwrap();
    for r in &all {
        assert_eq!(events::insert(&tx, std::slice::from_ref(r)).unwrap(), 1);
    }
    tx.commit().unwrap();
    let (g, s) = (stored(&grouped), stored(&single));
    assert_eq!(g.len(), 137);
    assert_eq!(g, s, "the same rows, column for column");
}
