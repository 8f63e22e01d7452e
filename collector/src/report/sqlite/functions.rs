//! The application-defined SQL functions the SQLite report queries call, so that the
//! engine computes exactly what `report::stats` defines: `va_latency(d)`, an aggregate that
//! keeps a group's samples, sorts them once and answers the plain left-to-right f64 sum of the
//! sorted samples (as `stats::latency` sums them; SQLite's own `sum()` compensates rounding and
//! so can differ in the last bit) and the nearest-rank p95 (`stats::nearest_rank` of
//! `stats::P95`), packed as a 16-byte blob that [`latency_parts`] reads. No window function and
//! no `ORDER BY` inside an aggregate: SQLite builds no sorter for them. What the definitions
//! derive from one event is a column computed at insert (`store::derived`).

use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use rusqlite::Connection;

use crate::report::stats::{nearest_rank, P95};

const FLAGS: FunctionFlags = FunctionFlags::SQLITE_UTF8.union(FunctionFlags::SQLITE_DETERMINISTIC);

/// Registers the functions on `conn` (idempotent: a second call replaces them).
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_aggregate_function("va_latency", 1, FLAGS, Latency)
}

/// The (ascending sum, p95) that `va_latency` packed; None for a blob of another length.
pub fn latency_parts(blob: &[u8]) -> Option<(f64, f64)> {
    let (sum, p95) = blob.split_first_chunk::<8>()?;
    Some((
        f64::from_le_bytes(*sum),
        f64::from_le_bytes(p95.try_into().ok()?),
    ))
}

/// `va_latency`: the non-NULL arguments of a group, sorted at the end.
struct Latency;

impl Aggregate<Vec<f64>, Vec<u8>> for Latency {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Vec<f64>> {
        Ok(Vec::new())
    }

    fn step(&self, ctx: &mut Context<'_>, acc: &mut Vec<f64>) -> rusqlite::Result<()> {
        if let Some(x) = ctx.get::<Option<f64>>(0)? {
            acc.push(x);
        }
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, acc: Option<Vec<f64>>) -> rusqlite::Result<Vec<u8>> {
        let mut v = acc.unwrap_or_default();
        // As `stats::latency` sorts and sums (SQLite stores no NaN).
        v.sort_by(f64::total_cmp);
        let sum: f64 = v.iter().sum();
        let p95 = v
            .get(nearest_rank(P95, v.len()) - 1)
            .copied()
            .unwrap_or(0.0);
        Ok([sum.to_le_bytes(), p95.to_le_bytes()].concat())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_is_the_sorted_sum_and_the_nearest_rank_p95() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let blob: Vec<u8> = conn
            .query_row(
                "SELECT va_latency(x) FROM (SELECT 3.0 AS x UNION ALL SELECT 1 UNION ALL
                 SELECT NULL UNION ALL SELECT 2.5)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        // Sorted 1, 2.5, 3: sum 6.5, p95 rank ceil(0.95 * 3) = 3.
        assert_eq!(latency_parts(&blob), Some((6.5, 3.0)));
        assert_eq!(latency_parts(&[0; 15]), None);
    }
}
