//! Writes the report's ClickHouse queries (collector/src/clickhouse/queries.rs) for a window
//! into a folder, one `<name>.sql` each, for tests/clickhouse/bench_dedup.py and for reading.
//!   cargo run -p va-rollout-collector --example clickhouse_sql -- OUT_DIR [FROM_MS TO_MS]

use va_rollout_collector::clickhouse::{queries, sql::Span};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .first()
        .ok_or("usage: clickhouse_sql OUT_DIR [FROM_MS TO_MS]")?;
    let num = |i: usize, d: i64| -> Result<i64, String> {
        args.get(i)
            .map_or(Ok(d), |s| s.parse().map_err(|e| format!("{s}: {e}")))
    };
    let w = Span {
        from_ms: num(1, 0)?,
        to_ms: num(2, i64::MAX / 1_000_000)?,
    };
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    for (name, sql) in queries::all("`default`.`otel_logs`", w) {
        std::fs::write(format!("{dir}/{name}.sql"), sql).map_err(|e| e.to_string())?;
    }
    println!("wrote {} queries to {dir}", queries::all("t", w).len());
    Ok(())
}
