//! Times each query of the SQLite report engine (`report::sqlite::queries::all`) on its own
//! over every event of a store, best of REPEAT, for docs/performance-report.md "The report at scale".
//! Prints one line per query: name, milliseconds (wall clock, and the CPU time of this thread from
//! /proc/thread-self/schedstat, which a loaded machine inflates less), rows. Usage: bench_sql DB [REPEAT] [FILE]
//! (FILE: other statements to time instead, separated by lines `-- name`, with the same
//! parameters and functions.)

use std::time::Instant;

use rusqlite::types::Value;
use va_rollout_collector::report::sqlite::{functions, queries};
use va_rollout_collector::store;

/// CPU time of this thread in ms (0 where /proc does not tell).
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e6)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let Some(db) = args.get(1) else {
        eprintln!("usage: bench_sql DB [REPEAT]");
        std::process::exit(2);
    };
    let repeat: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let conn = store::open(std::path::Path::new(db))?;
    functions::register(&conn)?;
    // All time, no flag filter: the parameters `Select::params` binds for the whole report.
    let params = [
        Value::Integer(0),
        Value::Integer(i64::MAX / 1_000_000 * 1_000_000),
        Value::Null,
        Value::Null,
        Value::Null,
    ];
    let own: Vec<(String, String)> = match args.get(3) {
        None => queries::all()
            .into_iter()
            .map(|(n, q)| (n.to_string(), q.text().to_string()))
            .collect(),
        Some(f) => std::fs::read_to_string(f)?
            .split("\n-- ")
            .filter_map(|part| {
                let (name, sql) = part.trim_start_matches("-- ").split_once('\n')?;
                Some((name.trim().to_string(), sql.to_string()))
            })
            .collect(),
    };
    let (mut total, mut total_cpu) = (0.0, 0.0);
    for (name, sql) in &own {
        let mut stmt = conn.prepare(sql)?;
        let (mut best, mut best_cpu, mut rows) = (f64::MAX, f64::MAX, 0);
        for _ in 0..repeat.max(1) {
            let (t, c) = (Instant::now(), cpu_ms());
            let n = stmt.parameter_count();
            let mut r = stmt.query(rusqlite::params_from_iter(params.iter().take(n)))?;
            rows = 0;
            while r.next()?.is_some() {
                rows += 1;
            }
            best = best.min(t.elapsed().as_secs_f64() * 1000.0);
            best_cpu = best_cpu.min(cpu_ms() - c);
        }
        total += best;
        total_cpu += best_cpu;
        println!("{name:<22} {best:>9.1} ms (CPU {best_cpu:>8.1} ms) {rows:>6} rows");
    }
    println!("{:<22} {total:>9.1} ms (CPU {total_cpu:>8.1} ms)", "sum");
    Ok(())
}
