//! The SQLite report aggregated in SQL (`report::sqlite`) against the in-memory definitions
//! kept as the oracle (`store::events::load_window` + `report::model::build` /
//! `report::stats::compute` / `plans::metrics::endpoint_rates`): the report's JSON byte for
//! byte, and the guardrail reads, on generated events with the edge cases (empty window, one
//! event, ties at the p95 rank, events exactly at the window's and the 10-minute window's
//! edges, odd labels, losses); and the schema migration on an existing database file.

mod report_gen;
mod rng;

use std::sync::Arc;

use rusqlite::Connection;
use va_rollout_collector::clickhouse::sql::Sql;
use va_rollout_collector::ingest::row::EventRow;
use va_rollout_collector::plans::format::Scope;
use va_rollout_collector::plans::metrics::{
    endpoint_rates, filter, Metrics, Needs, Read, SqliteMetrics,
};
use va_rollout_collector::report::model::{self, Window};
use va_rollout_collector::report::sqlite::{aggregates_by, queries, Plan, Select};
use va_rollout_collector::report::stats;
use va_rollout_collector::store::{self, events, Pool};

use report_gen::{event, generate, FLAG, MIN, T0};
use rng::Rng;
fn db_with(rows: &[EventRow]) -> (tempfile::TempDir, Arc<Pool>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let mut conn = store::init(&path).unwrap();
    let tx = conn.transaction().unwrap();
    events::insert(&tx, rows).unwrap();
    tx.commit().unwrap();
    (dir, Arc::new(Pool::new(path)))
}

fn window(from_ms: i64, to_ms: i64) -> Window {
    Window {
        from_ms,
        to_ms,
        stage: Some("B-25%".into()),
    }
}

/// The old in-memory report of `w`, as JSON.
fn oracle(pool: &Pool, w: &Window) -> String {
    let rows = pool
        .with(|c| events::load_window(c, w.from_ms, w.to_ms))
        .unwrap();
    serde_json::to_string(&model::build(&rows, w.clone())).unwrap()
}

fn check(pool: &Arc<Pool>, w: Window, what: &str) {
    let m = SqliteMetrics { pool: pool.clone() };
    let sql = serde_json::to_string(&m.report(w.clone()).unwrap()).unwrap();
    assert_eq!(sql, oracle(pool, &w), "{what}: report JSON");
    for flag in [None, filter(FLAG, Scope::New)] {
        let sel = Select {
            from_ms: w.from_ms,
            to_ms: w.to_ms,
            flag,
        };
        let by = |plan| pool.with(|c| aggregates_by(c, &sel, Needs::ALL, plan));
        let scan = by(Plan::Scan).unwrap();
        assert_eq!(scan, by(Plan::Range).unwrap(), "{what}: the two plans");
    }
    for scope in [Scope::All, Scope::New, Scope::Base] {
        let rows = pool
            .with(|c| events::load_window_where(c, w.from_ms, w.to_ms, filter(FLAG, scope)))
            .unwrap();
        let refs: Vec<&events::ReportEvent> = rows.iter().collect();
        let full = m.window(FLAG, scope, w.from_ms, w.to_ms).unwrap();
        assert_eq!(full, stats::compute(&refs), "{what}: {scope:?} window");
        assert_eq!(
            m.endpoints(FLAG, scope, w.from_ms, w.to_ms).unwrap(),
            endpoint_rates(&refs),
            "{what}: {scope:?} endpoints"
        );
        // A guardrail's read: the asked parts equal, the rest left at zero.
        for latency in [false, true] {
            let needs = Needs {
                sessions: !latency,
                latency,
                everything: false,
            };
            let read = Read {
                flag: FLAG,
                scope,
                from_ms: w.from_ms,
                to_ms: w.to_ms,
            };
            let part = m.window_needs(read, needs).unwrap();
            let asked = (
                part.events,
                part.errors,
                part.breaker_events,
                part.messages_sent,
                part.events_lost,
            );
            let want = (
                full.events,
                full.errors,
                full.breaker_events,
                full.messages_sent,
                full.events_lost,
            );
            assert_eq!(asked, want, "{what}: {scope:?} guardrail totals");
            assert_eq!(part.sessions, if latency { 0 } else { full.sessions });
            assert_eq!(
                part.latency,
                if latency {
                    full.latency.clone()
                } else {
                    Vec::new()
                }
            );
            assert_eq!(part.max_errors_in_10_min, stats::ErrorWindow::default());
        }
    }
}

#[test]
fn sql_report_equals_the_in_memory_report() {
    let mut checked = 0;
    for (seed, n) in [
        (1, 0),
        (2, 1),
        (3, 2),
        (4, 7),
        (5, 60),
        (6, 400),
        (7, 2_500),
        (8, 6_000),
    ] {
        let rows = generate(seed, n);
        let (_dir, pool) = db_with(&rows);
        check(
            &pool,
            window(0, i64::MAX / 1_000_000),
            &format!("seed {seed}, all of {n}"),
        );
        // Windows whose edges fall exactly on event times (from inclusive, to exclusive).
        let mut times: Vec<i64> = rows.iter().map(|r| r.time_ns / 1_000_000).collect();
        times.sort_unstable();
        if let (Some(a), Some(b)) = (times.get(times.len() / 4), times.get(times.len() * 3 / 4)) {
            check(&pool, window(*a, *b), &format!("seed {seed}, [{a}, {b})"));
            check(
                &pool,
                window(*a, *a),
                &format!("seed {seed}, empty [{a}, {a})"),
            );
        }
        check(
            &pool,
            window(T0 + 10 * MIN, T0 + 20 * MIN),
            &format!("seed {seed}, on the 10-minute edges"),
        );
        check(
            &pool,
            window(0, T0 - 1),
            &format!("seed {seed}, before every event"),
        );
        checked += 1;
    }
    assert_eq!(checked, 8);
}

#[test]
fn the_plan_follows_the_share_of_the_stored_time_span() {
    let (_dir, pool) = db_with(&generate(10, 500));
    let plan = |from_ms, to_ms| {
        let sel = Select {
            from_ms,
            to_ms,
            flag: None,
        };
        pool.with(|c| Plan::choose(c, &sel)).unwrap()
    };
    // The events span about 120 minutes from T0.
    assert_eq!(plan(0, i64::MAX / 1_000_000), Plan::Scan);
    assert_eq!(plan(T0, T0 + 60 * MIN), Plan::Scan);
    assert_eq!(plan(T0 + 50 * MIN, T0 + 60 * MIN), Plan::Range);
    assert_eq!(plan(0, T0 - 1), Plan::Range, "before every event");
}

#[test]
fn edge_cases_by_hand() {
    // One error; then errors exactly 10 minutes apart (never in one half-open window), then
    // ties at the p95 rank (20 samples: rank 19).
    let mut rng = Rng(7);
    let mut one = event(&mut rng, 0, T0);
    one.fields.event_name = stats::EVENT_ERROR.into();
    let (_d, pool) = db_with(std::slice::from_ref(&one));
    check(&pool, window(T0, T0 + 1), "one event");
    let report = SqliteMetrics { pool }.report(window(T0, T0 + 1)).unwrap();
    assert_eq!(
        (report.all.events, report.all.max_errors_in_10_min.count),
        (1, 1)
    );

    let mut rows = Vec::new();
    for (i, t) in [T0, T0 + 10 * MIN, T0 + 20 * MIN, T0 + 20 * MIN]
        .into_iter()
        .enumerate()
    {
        let mut e = event(&mut rng, i, t);
        e.time_ns = t * 1_000_000;
        e.fields.event_name = stats::EVENT_ERROR.into();
        rows.push(e);
    }
    for i in 0..20 {
        let mut e = event(&mut rng, 100 + i, T0 + 5 * MIN);
        e.fields.event_name = stats::EVENT_TIMING.into();
        e.fields.name = Some("GET /x".into());
        e.fields.duration_ms = Some(if i < 17 { 10.0 } else { 30.0 });
        rows.push(e);
    }
    let (_d, pool) = db_with(&rows);
    check(&pool, window(T0, T0 + 30 * MIN), "edges and ties");
    let r = SqliteMetrics { pool }
        .report(window(T0, T0 + 30 * MIN))
        .unwrap();
    let w = &r.all.max_errors_in_10_min;
    assert_eq!(
        (w.count, w.start_ms),
        (2, Some(T0 + 20 * MIN)),
        "[t, t + 10 min) is half-open"
    );
    let l = r
        .all
        .latency
        .iter()
        .find(|l| l.name == "GET /x")
        .expect("latency");
    assert_eq!((l.count, l.p95_ms, l.max_ms), (20, 30.0, 30.0));
}

/// A database file as the schema before migration 2 left it (user_version 1): no derived
/// columns, the `events_time` and `events_name_time` indexes (and none of migrations 3 to 6).
const BEFORE_MIGRATION_2: &str = "DROP VIEW events_sent; ALTER TABLE events DROP COLUMN elided;
DROP INDEX events_scope; DROP INDEX events_latency;
DROP INDEX events_calls; DROP INDEX events_clicks; DROP INDEX events_moves;
DROP INDEX events_time;
ALTER TABLE events DROP COLUMN lost; ALTER TABLE events DROP COLUMN marks;
ALTER TABLE events DROP COLUMN page_from; ALTER TABLE events DROP COLUMN page_to;
CREATE INDEX events_time ON events(time_ns);
CREATE INDEX events_name_time ON events(event_name, time_ns);
PRAGMA user_version = 1;";

/// Every event's derived columns, by event id.
const DERIVED: &str =
    "SELECT event_id, lost, marks, page_from, page_to FROM events ORDER BY event_id";

type DerivedRow = (String, i64, i64, Option<i64>, Option<i64>);

#[test]
fn migration_backfills_an_existing_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let rows = generate(9, 3_000);
    let derived = |c: &Connection| -> Vec<DerivedRow> {
        let mut stmt = c.prepare(DERIVED).unwrap();
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        });
        rows.unwrap().map(Result::unwrap).collect()
    };
    let at_insert = {
        let mut conn = store::init(&path).unwrap();
        let tx = conn.transaction().unwrap();
        events::insert(&tx, &rows).unwrap();
        tx.commit().unwrap();
        let d = derived(&conn);
        conn.execute_batch(BEFORE_MIGRATION_2).unwrap();
        d
    };
    assert!(at_insert.iter().any(|d| d.1 > 0), "some events lost");
    assert!(
        at_insert.iter().any(|d| d.2 == 3),
        "breaker and sent at once"
    );
    assert!(
        at_insert.iter().any(|d| d.4.is_some()),
        "transitions with a page"
    );
    let version = |c: &Connection| -> i64 {
        c.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version(&Connection::open(&path).unwrap()), 1);
    for _ in 0..2 {
        let conn = store::init(&path).unwrap();
        assert_eq!(version(&conn), store::SCHEMA_VERSION);
        assert_eq!(events::count(&conn).unwrap(), 3_000, "no event lost");
        assert_eq!(
            derived(&conn),
            at_insert,
            "backfilled as the insert computes them"
        );
    }
    let pool = Arc::new(Pool::new(path.clone()));
    check(
        &pool,
        window(0, i64::MAX / 1_000_000),
        "a migrated database",
    );
    let plan = |sql: &str| -> String {
        let c = Connection::open(&path).unwrap();
        let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
    };
    let all = plan("SELECT SUM(marks), SUM(lost) FROM events INDEXED BY events_scope WHERE time_ns >= 0 AND time_ns < 10");
    assert!(all.contains("COVERING INDEX events_scope"), "{all}");
    let range = plan("SELECT SUM(marks) FROM events WHERE time_ns >= 0 AND time_ns < 10");
    assert!(range.contains("INDEX events_time"), "{range}");
    let c = Connection::open(&path).unwrap();
    va_rollout_collector::report::sqlite::functions::register(&c).unwrap();
    let query_plan = |q: &Sql| -> Vec<String> {
        let mut stmt = c
            .prepare(&format!("EXPLAIN QUERY PLAN {}", q.text()))
            .unwrap();
        let nulls = vec![rusqlite::types::Value::Null; stmt.parameter_count()];
        let rows = stmt
            .query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
            .unwrap();
        rows.map(Result::unwrap).collect()
    };
    let totals = query_plan(&queries::TOTALS);
    assert!(
        !totals.iter().any(|l| l.contains("TEMP B-TREE")),
        "{totals:?}"
    );
    let latency = query_plan(&queries::LATENCY);
    // Each scope reads the partial index; only `variant`'s GROUP BY sorts its rows (the
    // ORDER BY sorts each scope's few result rows for the merge).
    let reads = latency
        .iter()
        .filter(|l| l.contains("INDEX events_latency"));
    assert_eq!(reads.count(), 3, "{latency:?}");
    let sorts = latency
        .iter()
        .filter(|l| l.contains("TEMP B-TREE FOR GROUP BY"));
    assert_eq!(sorts.count(), 1, "{latency:?}");
}
