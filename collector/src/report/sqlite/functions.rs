//! The application-defined SQL functions the SQLite report queries call, so that the
//! engine computes exactly what `report::stats` defines: `va_p95_rank(n)`
//! (`stats::nearest_rank` of `stats::P95`, once per latency row) and `va_sum_asc(x ORDER BY x)`
//! (a plain left-to-right f64 sum, as `stats::latency` sums its sorted samples; SQLite's own
//! `sum()` compensates rounding and so can differ in the last bit). What the definitions
//! derive from one event is a column computed at insert (`store::derived`).

use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use rusqlite::Connection;

use crate::report::stats::{nearest_rank, P95};

const FLAGS: FunctionFlags = FunctionFlags::SQLITE_UTF8.union(FunctionFlags::SQLITE_DETERMINISTIC);

/// Registers the functions on `conn` (idempotent: a second call replaces them).
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function("va_p95_rank", 1, FLAGS, |ctx| {
        let n = usize::try_from(ctx.get::<i64>(0)?).unwrap_or(0);
        Ok(i64::try_from(nearest_rank(P95, n)).unwrap_or(i64::MAX))
    })?;
    conn.create_aggregate_function("va_sum_asc", 1, FLAGS, SumInOrder)
}

/// `va_sum_asc`: the sum of the non-NULL arguments in the order SQLite feeds them.
struct SumInOrder;

impl Aggregate<f64, f64> for SumInOrder {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<f64> {
        // The neutral element of Rust's `Sum for f64`.
        Ok(-0.0)
    }

    fn step(&self, ctx: &mut Context<'_>, acc: &mut f64) -> rusqlite::Result<()> {
        if let Some(x) = ctx.get::<Option<f64>>(0)? {
            *acc += x;
        }
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, acc: Option<f64>) -> rusqlite::Result<f64> {
        Ok(acc.unwrap_or(0.0))
    }
}
