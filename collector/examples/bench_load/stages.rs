//! `bench_load stages BATCHES`: the cost of each ingest stage per event, in one thread, without
//! HTTP: gzip decode, OTLP parse, SQLite insert + commit (one transaction per 400 batches, as
//! the writer under load). Prints microseconds per event; for profiling, not a pass/fail test.

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
    let mut parsed = Vec::with_capacity(batches);
    for p in &plain {
        parsed.push(otlp::parse_request(p, 0).map_err(|e| e.to_string())?);
    }
    per_event("OTLP parse", t, events);

    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = dir.path().join("stages.db");
    store::init(&db).map_err(|e| e.to_string())?;
    let mut conn = store::open_writer(&db).map_err(|e| e.to_string())?;
    let t = Instant::now();
    for chunk in parsed.chunks(400) {
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        for p in chunk {
            store::events::insert(&tx, &p.rows).map_err(|e| e.to_string())?;
        }
        tx.commit().map_err(|e| e.to_string())?;
    }
    per_event("SQLite insert + commit", t, events);
    Ok(())
}
