//! `bench_load stages BATCHES`: the cost of each ingest stage per event, in one thread, without
//! HTTP: gzip decode, JSON scan, OTLP parse (tree and fast path), SQLite insert + commit.
//! Prints microseconds per event; for profiling, not a pass/fail test.

use std::io::Read;
use std::time::Instant;

use va_rollout_collector::ingest::otlp;
use va_rollout_collector::store;

use crate::batch::{self, EVENTS_PER_BATCH};

fn per_event(label: &str, started: Instant, events: usize) {
    let us = started.elapsed().as_secs_f64() * 1e6 / events as f64;
    println!("stage {label:<28} {us:>7.2} µs/event");
}

pub fn run(batches: usize) -> Result<(), String> {
    let events = batches * EVENTS_PER_BATCH;
    let t = Instant::now();
    let bodies = batch::bodies("st", 0, batches, 1_700_000_000_000);
    per_event("build + gzip (client side)", t, events);
    let raw: usize = bodies.iter().map(Vec::len).sum();
    println!("gzip bytes per event: {:.1}", raw as f64 / events as f64);

    let t = Instant::now();
    let mut plain = Vec::with_capacity(batches);
    for b in &bodies {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(b.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| e.to_string())?;
        plain.push(out);
    }
    per_event("gzip decode", t, events);
    let json_bytes: usize = plain.iter().map(Vec::len).sum();
    println!(
        "JSON bytes per event: {:.1}",
        json_bytes as f64 / events as f64
    );

    let t = Instant::now();
    for p in &plain {
        serde_json::from_slice::<serde::de::IgnoredAny>(p).map_err(|e| e.to_string())?;
    }
    per_event("JSON scan only (IgnoredAny)", t, events);
    let t = Instant::now();
    for p in &plain {
        otlp::parse_tree(p, 0).map_err(|e| e.to_string())?;
    }
    per_event("OTLP parse, tree reader", t, events);

    let t = Instant::now();
    let mut parsed = Vec::with_capacity(batches);
    for p in &plain {
        parsed.push(otlp::parse_request(p, 0).map_err(|e| e.to_string())?);
    }
    per_event("OTLP parse (fast path)", t, events);

    // The writer's cost per event, each on a fresh database: transactions of 8 batches (what 8
    // closed-loop clients give it) synced at each commit as before the syncer thread
    // (`synchronous=FULL`), and as the writer commits now (the sync is the syncer's); then
    // transactions of 400 batches (a backlog under overload).
    for (label, batches_per_tx, sync) in [
        ("SQLite 8 batches/tx, FULL", 8, "FULL"),
        ("SQLite 8 batches/tx, NORMAL", 8, "NORMAL"),
        ("SQLite 400 batches/tx, NORMAL", 400, "NORMAL"),
    ] {
        insert_stage(label, &parsed, batches_per_tx, sync)?;
    }
    Ok(())
}

fn insert_stage(
    label: &str,
    parsed: &[otlp::Parsed],
    batches_per_tx: usize,
    sync: &str,
) -> Result<(), String> {
    let events: usize = parsed.iter().map(|p| p.rows.len()).sum();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = dir.path().join("stages.db");
    store::init(&db).map_err(|e| e.to_string())?;
    let mut conn = store::open_writer(&db).map_err(|e| e.to_string())?;
    conn.pragma_update(None, "synchronous", sync)
        .map_err(|e| e.to_string())?;
    let t = Instant::now();
    for chunk in parsed.chunks(batches_per_tx) {
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        for p in chunk {
            store::events::insert(&tx, &p.rows).map_err(|e| e.to_string())?;
        }
        tx.commit().map_err(|e| e.to_string())?;
    }
    per_event(label, t, events);
    Ok(())
}
