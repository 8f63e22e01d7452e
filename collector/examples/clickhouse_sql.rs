//! Writes the report's ClickHouse queries (collector/src/clickhouse/queries.rs) into a folder,
//! one `<name>.sql` each (with their `{name:Type}` query parameters), for
//! tests/clickhouse/bench_dedup.py and for reading.
//!   cargo run -p va-rollout-collector --example clickhouse_sql -- OUT_DIR

use va_rollout_collector::clickhouse::queries;

fn main() -> Result<(), String> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: clickhouse_sql OUT_DIR")?;
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    for (name, sql) in queries::all() {
        std::fs::write(format!("{dir}/{name}.sql"), sql.text()).map_err(|e| e.to_string())?;
    }
    println!("wrote {} queries to {dir}", queries::all().len());
    Ok(())
}
