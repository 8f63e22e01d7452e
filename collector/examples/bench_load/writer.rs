//! `bench_load writer BATCHES VARIANT [PRELOAD]`: the ingest writer's cost per event, one thread,
//! no HTTP: PRELOAD batches stored first (not timed), then BATCHES batches in transactions of 8
//! (what 8 closed-loop clients give the writer), `synchronous=NORMAL` as the writer runs. VARIANT
//! changes one thing, to read what each part of the row costs:
//! - `all`: the schema and rows as stored;
//! - `no-<index>`: that index dropped (`events_time`, `events_scope`, `events_calls`,
//!   `events_clicks`, `events_moves`, `events_latency`); `no-indexes`: all six;
//! - `empty-attributes`: every row's `attributes` stored as `{}` (the floor of a narrower row);
//! - `one-by-one`: each row inserted by a statement of its own (`store::events::insert` of one
//!   row), where `all` inserts a batch of 50 rows in one statement;
//! - `sql:STATEMENTS`: those statements run on the new database first (another index in place of
//!   one, e.g. `sql:DROP INDEX events_scope; CREATE INDEX …`).
//!
//! Prints microseconds per event; under `valgrind --tool=callgrind --toggle-collect='*timed*'`
//! the instruction count of the timed part (repeatable under load).

use std::time::Instant;

use va_rollout_collector::ingest::otlp;
use va_rollout_collector::store;

use crate::batch::{self, EVENTS_PER_BATCH};

const BATCHES_PER_TX: usize = 8;
const INDEXES: [&str; 6] = [
    "events_time",
    "events_scope",
    "events_calls",
    "events_clicks",
    "events_moves",
    "events_latency",
];

fn parsed(prefix: &str, batches: usize, start_ms: i64) -> Result<Vec<otlp::Parsed>, String> {
    (0..batches)
        .map(|b| {
            let body = batch::json(&format!("{prefix}x{b}"), start_ms + (b as i64) * 50);
            otlp::parse_request(body.as_bytes(), 0).map_err(|e| e.to_string())
        })
        .collect()
}

fn store_all(
    conn: &mut rusqlite::Connection,
    parsed: &[otlp::Parsed],
    rows_per_call: usize,
) -> Result<(), String> {
    for chunk in parsed.chunks(BATCHES_PER_TX) {
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        // As the writer does: the statements kept for the whole transaction.
        let mut inserter = store::events::Inserter::new(&tx);
        for rows in chunk.iter().flat_map(|p| p.rows.chunks(rows_per_call)) {
            inserter.insert(rows).map_err(|e| e.to_string())?;
        }
        drop(inserter);
        tx.commit().map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[inline(never)]
fn timed(
    conn: &mut rusqlite::Connection,
    parsed: &[otlp::Parsed],
    rows_per_call: usize,
) -> Result<(), String> {
    store_all(conn, parsed, rows_per_call)
}

pub fn run(batches: usize, variant: &str, preload: usize) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = dir.path().join("writer.db");
    store::init(&db).map_err(|e| e.to_string())?;
    let mut conn = store::open_writer(&db).map_err(|e| e.to_string())?;
    if let Some(sql) = variant.strip_prefix("sql:") {
        conn.execute_batch(sql).map_err(|e| e.to_string())?;
    }
    let drop: Vec<&str> = match variant {
        "all" | "empty-attributes" | "one-by-one" => vec![],
        v if v.starts_with("sql:") => vec![],
        "no-indexes" => INDEXES.to_vec(),
        v => match INDEXES.iter().find(|i| v.strip_prefix("no-") == Some(**i)) {
            Some(i) => vec![*i],
            None => return Err(format!("unknown variant {v}")),
        },
    };
    for i in drop {
        conn.execute_batch(&["DROP INDEX ", i].concat())
            .map_err(|e| e.to_string())?;
    }
    let t0 = 1_700_000_000_000;
    store_all(&mut conn, &parsed("pre", preload, t0)?, EVENTS_PER_BATCH)?;
    let mut rows = parsed("w", batches, t0 + preload as i64 * 50)?;
    if variant == "empty-attributes" {
        for r in rows.iter_mut().flat_map(|p| p.rows.iter_mut()) {
            r.attributes = "{}".into();
        }
    }
    let t = Instant::now();
    let rows_per_call = if variant == "one-by-one" {
        1
    } else {
        EVENTS_PER_BATCH
    };
    timed(&mut conn, &rows, rows_per_call)?;
    let us = t.elapsed().as_secs_f64() * 1e6 / (batches * EVENTS_PER_BATCH) as f64;
    let bytes = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(store::wal_path(&db)).map_or(0, |m| m.len());
    println!(
        "writer {:<18} {us:>7.2} µs/event ({} + {} batches; database + WAL {:.1} MB)",
        variant.split(':').next().unwrap_or(variant),
        preload,
        batches,
        bytes as f64 / 1e6
    );
    Ok(())
}
