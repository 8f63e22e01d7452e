//! The report of every event of a store computed the previous way, in memory (load the window's
//! events, then `report::model::build`, kept as the SQL engine's test oracle), for
//! `scripts/collector-bench.sh` to compare with the SQL engine. Prints the seconds it took and
//! writes the report's JSON to OUT. Usage: bench_oracle DB OUT

use std::time::Instant;

use va_rollout_collector::report::model::{self, Window};
use va_rollout_collector::store::{self, events};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(db), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: bench_oracle DB OUT");
        std::process::exit(2);
    };
    let conn = store::open(std::path::Path::new(db))?;
    let w = Window {
        from_ms: 0,
        to_ms: i64::MAX / 1_000_000,
        stage: None,
    };
    let t = Instant::now();
    let rows = events::load_window(&conn, w.from_ms, w.to_ms)?;
    let report = model::build(&rows, w);
    let secs = t.elapsed().as_secs_f64();
    std::fs::write(out, serde_json::to_string(&report)?)?;
    println!("{secs:.3}");
    Ok(())
}
