//! Which indexes the SQLite report reads a window through, chosen by how much of the stored
//! time span the window covers (issue 16: a plan guardrail's last 10 minutes, `report
//! --from/--to`).

use rusqlite::Connection;

use super::Select;
use crate::clickhouse::sql::Sql;

/// How the queries over all events (totals, sessions) and latency read the window; both give
/// the same answers (collector/tests/report_sql.rs), at a cost that differs by the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Every stored event in the order of `events_scope` / `events_latency` (no sorter), the
    /// window filtered: the cost of the whole store, for a window that covers much of it.
    Scan,
    /// The window's time range of `events_time` / the partial index of one kind, each row looked up in the
    /// table: the cost of the window's events, for one that covers a small part of the store.
    Range,
}

/// A window is small ([`Plan::Range`]) when it covers at most 1 / `RANGE_SHARE` of the stored
/// time span: through the range an event costs about 5 times what it costs in the ordered scan
/// (`bench_sql` at 1 M, all time: totals 315 ms CPU in `events_scope`, 1,691 ms through
/// `events_time`), so the range wins below about a fifth of the span.
const RANGE_SHARE: i64 = 8;

impl Plan {
    /// The plan for `sel` by the share of the stored time span (the first and last stored
    /// event times, two seeks in `events_time`) that its window covers.
    pub fn choose(conn: &Connection, sel: &Select<'_>) -> rusqlite::Result<Plan> {
        let (first, last): (Option<i64>, Option<i64>) = conn.query_row(
            "SELECT (SELECT MIN(time_ns) FROM events), (SELECT MAX(time_ns) FROM events)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (Some(first), Some(last)) = (first, last) else {
            return Ok(Plan::Range);
        };
        let ns = |ms: i64| ms.saturating_mul(1_000_000);
        let from = ns(sel.from_ms).max(first);
        let to = ns(sel.to_ms).min(last.saturating_add(1));
        let covered = to.saturating_sub(from).max(0);
        let span = last.saturating_sub(first).saturating_add(1);
        Ok(if covered <= span / RANGE_SHARE {
            Plan::Range
        } else {
            Plan::Scan
        })
    }

    pub(super) fn pick(self, scan: &'static Sql, range: &'static Sql) -> &'static Sql {
        match self {
            Plan::Scan => scan,
            Plan::Range => range,
        }
    }
}
