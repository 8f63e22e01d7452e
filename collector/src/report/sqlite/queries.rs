//! The report's metrics as SQLite SQL over the collector's `events` table, each for a window
//! `[?1, ?2)` in nanoseconds, optionally restricted to the events whose flag context has flag
//! `?3` (a JSON path) equal to `?4` / `?5` (1 / 'true' or 0 / 'false'; all NULL: no filter).
//! The definitions are those of `report::stats` / `report::paths` and of the ClickHouse SQL
//! (`clickhouse::queries`), docs/collector.md "The rollout report: definitions".
//!
//! Additive metrics are grouped by (variant key, flow key) and summed into the scopes by the
//! caller (a few rows); distinct counts and the sliding error window need every scope: their
//! queries return the window's rows with their (vkey, fkey), in index order, and
//! `scopes` adds each row to its group in one pass (the scopes are unions of groups); the
//! percentiles are `va_latency`, one `GROUP BY` per scope.
//!
//! No function and no JSON parser runs per row: what the definitions derive from an event
//! (lost count, breaker and message-sent marks, a transition's pages) is computed once when it
//! is stored (`store::derived`), and every query reads one covering index: the queries over
//! all events `events_scope (variant, flow, event_name, ...)` for a large window and the range
//! of `events_time (time_ns)` for a small one (`super::Plan`), those on one event kind the
//! partial index of that kind (`store::MIGRATIONS` 6): [`CALLS`] `events_calls (event_name,
//! time_ns, ...)`, the clicks `events_clicks (time_ns, ...)` and the transitions `events_moves
//! (time_ns, ...)`, each query repeating its index's `WHERE` word for word (SQLite reads a
//! partial index only for a query whose `WHERE` holds the index's terms). Only the flag filter reads
//! the table's `flag_context` (SQLite then seeks each row of the window: slower, same answers).

use crate::clickhouse::sql::Sql;
use crate::report::model::{histogram_arms, CHART_BUCKET_MS};
use crate::report::stats::{EVENT_CLICK, EVENT_ERROR, EVENT_TRANSITION};
use crate::store::derived::{BREAKER, MESSAGE_SENT};

/// The window and the optional flag filter (bound, never written).
const WINDOW: &str = "time_ns >= ?1 AND time_ns < ?2
  AND (?3 IS NULL OR json_extract(flag_context, ?3) IN (?4, ?5))";
/// new | base | unknown from the `variant` column.
const VKEY: &str = "CASE variant WHEN 1 THEN 'new' WHEN 0 THEN 'base' ELSE 'unknown' END";
/// The flow, `none` when absent.
const FKEY: &str = "COALESCE(flow, 'none')";
/// The event's own label (`stats::event_label`).
const LABEL: &str = "COALESCE(action_name, name)";
/// Where the queries over all events read a large window: the whole of `events_scope` in its
/// order (no sorter; named, as the planner would take the range of `events_time`).
const SCOPE_ORDER: &str = "events INDEXED BY events_scope";
/// The timing and error events: the `WHERE` of the partial index `events_calls`
/// (`store::MIGRATIONS` 6), word for word, in every query on them.
const CALLS: &str = "event_name IN ('va_rollout.timing', 'va_rollout.error')";
/// Where they read a small window (`super::Plan::Range`): the range of `events_time`, each
/// row of it looked up in the table (a sorter for the few groups).
const TIME_RANGE: &str = "events INDEXED BY events_time";

/// Counts by (variant, flow, event_name, status), in the order of the index `events_scope` over
/// `from` = [`SCOPE_ORDER`] (no sorter), each row with its keys: vkey, fkey, st (an error's
/// status, `none` without one, NULL for other events); the caller adds up the rows of one key
/// (NULL and `none` flows, the statuses of other events). Columns: vkey, fkey, event_name, st,
/// n, breaker, sent, lost, first_ms, last_ms.
fn totals(from: &str) -> String {
    format!(
        "SELECT {VKEY} AS vkey, {FKEY} AS fkey, event_name,
    CASE WHEN event_name = '{EVENT_ERROR}' THEN COALESCE(CAST(status AS TEXT), 'none') END AS st,
    COUNT(*), SUM(marks & {BREAKER}), SUM(marks & {MESSAGE_SENT}) / {MESSAGE_SENT}, SUM(lost),
    MIN(time_ns) / 1000000, MAX(time_ns) / 1000000
FROM {from} WHERE {WINDOW}
GROUP BY variant, flow, event_name, status"
    )
}

pub static TOTALS: Sql = Sql::new(|| totals(SCOPE_ORDER));
pub static TOTALS_RANGE: Sql = Sql::new(|| totals(TIME_RANGE));

/// The sessions of the window by (vkey, fkey), over `from` ([`SCOPE_ORDER`]: grouped in its
/// order; [`TIME_RANGE`]); `scopes::sessions` counts them per scope. Columns: vkey, fkey,
/// session_id.
fn sessions(from: &str) -> String {
    format!(
        "SELECT {VKEY} AS vkey, {FKEY} AS fkey, session_id
FROM {from} WHERE {WINDOW} AND session_id IS NOT NULL"
    )
}

pub static SESSIONS: Sql = Sql::new(|| sessions(SCOPE_ORDER));
pub static SESSIONS_RANGE: Sql = Sql::new(|| sessions(TIME_RANGE));

/// The window's error times by (vkey, fkey), in time order (`events_calls`);
/// `scopes::error_window` slides the 10-minute window (`stats::max_in_window`).
/// Columns: vkey, fkey, t (ms).
pub static ERROR_TIMES: Sql = Sql::new(|| {
    format!(
        "SELECT {VKEY} AS vkey, {FKEY} AS fkey, time_ns / 1000000 AS t
FROM events WHERE {CALLS} AND event_name = '{EVENT_ERROR}' AND {WINDOW} ORDER BY time_ns"
    )
});

/// Errors per chart bucket (all events of the window), buckets with errors only (`events_calls`).
/// Columns: start_ms, errors.
pub static ERRORS_PER_BUCKET: Sql = Sql::new(|| {
    format!(
        "SELECT time_ns / 1000000 / {CHART_BUCKET_MS} * {CHART_BUCKET_MS} AS b, COUNT(*)
FROM events WHERE {CALLS} AND event_name = '{EVENT_ERROR}' AND {WINDOW} GROUP BY b ORDER BY b"
    )
});

/// The latency samples: timing and error events with a name and a duration, all in the partial
/// index `events_latency (name, COALESCE(flow, 'none'), variant, time_ns, duration_ms)`
/// (`store::MIGRATIONS` 3, reordered in 4; `store::init` creates it before any report), whose
/// `WHERE` this repeats word for word so SQLite may read it: named, as the planner would take
/// `events_calls`.
const LATENCY_ROWS: &str =
    "FROM events INDEXED BY events_latency WHERE event_name IN ('va_rollout.timing', 'va_rollout.error')
  AND duration_ms IS NOT NULL AND name IS NOT NULL";
/// The same samples of a small window: the two event kinds' time ranges of `events_calls`
/// (its `WHERE`, [`CALLS`], word for word).
const LATENCY_RANGE_ROWS: &str =
    "FROM events INDEXED BY events_calls WHERE event_name IN ('va_rollout.timing', 'va_rollout.error')
  AND duration_ms IS NOT NULL AND name IS NOT NULL";

/// Latency per scope and tracked request name over `rows`: count, the ascending sum and the
/// nearest-rank p95 (`va_latency`, one blob), max. Each scope is its own `GROUP BY`: over
/// [`LATENCY_ROWS`] `all` and `flow` in the index's order (no sorter), `variant` sorts its rows
/// once; only the few result rows are ordered. Columns: scope, key, name, n, va_latency blob,
/// max.
/// `rows` is one of the two constants above (`'static`: never a value), named `ROWS` in the
/// text so that `tests/security.rs` sees only constant holes.
fn latency(rows: &'static str) -> String {
    const COLS: &str = "name, COUNT(*), va_latency(duration_ms), MAX(duration_ms)";
    format!(
        "SELECT 'all' AS scope, '' AS key, {COLS} {ROWS} AND {WINDOW} GROUP BY name
UNION ALL SELECT 'flow', {FKEY} AS fkey, {COLS} {ROWS} AND {WINDOW} GROUP BY name, fkey
UNION ALL SELECT 'variant', {VKEY}, {COLS} {ROWS} AND {WINDOW} GROUP BY variant, name
ORDER BY scope, key, name",
        ROWS = rows
    )
}

pub static LATENCY: Sql = Sql::new(|| latency(LATENCY_ROWS));
pub static LATENCY_RANGE: Sql = Sql::new(|| latency(LATENCY_RANGE_ROWS));

/// `CASE` of the bins of `model::HISTOGRAM_EDGES_MS`, highest first (NULL below the first).
static BINS: Sql = Sql::new(|| {
    let arms = histogram_arms(
        |i, from| format!("WHEN duration_ms >= {from:?} THEN {i}"),
        " ",
    );
    ["CASE ", &arms, " END"].concat()
});

/// Latency samples (named or not) per bin, all events of the window (`events_calls`).
/// Columns: bin, n.
pub static LATENCY_HISTOGRAM: Sql = Sql::new(|| {
    format!(
        "SELECT {BINS} AS bin, COUNT(*) FROM events
WHERE {CALLS} AND {WINDOW} AND duration_ms IS NOT NULL
GROUP BY bin HAVING bin IS NOT NULL"
    )
});

/// Clicks by label (`(unnamed)` without one), from `events_clicks`. Columns: vkey, fkey, label, n.
pub static CLICKS: Sql = Sql::new(|| {
    format!(
        "SELECT {VKEY} AS vkey, {FKEY} AS fkey, COALESCE({LABEL}, '(unnamed)') AS label, COUNT(*)
FROM events WHERE event_name = '{EVENT_CLICK}' AND {WINDOW} GROUP BY vkey, fkey, label"
    )
});

/// The window's transitions between two different pages (`paths::compute` ignores the rest),
/// with their pages (`page_from`, `page_to`: `paths::page_of` at insert), from `events_moves`.
static TRANSITIONS: Sql = Sql::new(|| {
    format!(
        "WITH t AS MATERIALIZED (SELECT {VKEY} AS vkey, {FKEY} AS fkey, session_id,
    page_from AS fp, page_to AS tp
    FROM events WHERE event_name = '{EVENT_TRANSITION}' AND {WINDOW} AND page_from IS NOT page_to)"
    )
});

/// Transitions by (vkey, fkey, from page, to page). Columns: vkey, fkey, fp, tp, n.
pub static PATHS: Sql = Sql::new(|| {
    format!("{TRANSITIONS} SELECT vkey, fkey, fp, tp, COUNT(*) FROM t GROUP BY vkey, fkey, fp, tp")
});

/// The sessions entering each page (tp), by (vkey, fkey); `scopes::funnel` counts the distinct
/// sessions per scope and page, and per scope entering any. Columns: vkey, fkey, session_id, tp.
pub static FUNNEL: Sql = Sql::new(|| {
    format!(
        "{TRANSITIONS} SELECT vkey, fkey, session_id, tp FROM t
WHERE tp IS NOT NULL AND session_id IS NOT NULL"
    )
});

/// Calls (timing and error events) and errors per tracked request name, for the plan
/// guardrails (`events_calls`). Columns: name, calls, errors.
pub static ENDPOINTS: Sql = Sql::new(|| {
    format!(
        "SELECT name, COUNT(*), SUM(event_name = '{EVENT_ERROR}') FROM events
WHERE {CALLS} AND {WINDOW} AND name IS NOT NULL
GROUP BY name"
    )
});

/// Every query by name, for `examples/bench_sql.rs` (each timed on its own).
pub fn all() -> [(&'static str, &'static Sql); 13] {
    [
        ("totals", &TOTALS),
        ("totals_range", &TOTALS_RANGE),
        ("sessions", &SESSIONS),
        ("sessions_range", &SESSIONS_RANGE),
        ("error_times", &ERROR_TIMES),
        ("errors_per_bucket", &ERRORS_PER_BUCKET),
        ("latency", &LATENCY),
        ("latency_range", &LATENCY_RANGE),
        ("latency_histogram", &LATENCY_HISTOGRAM),
        ("clicks", &CLICKS),
        ("paths", &PATHS),
        ("funnel", &FUNNEL),
        ("endpoints", &ENDPOINTS),
    ]
}

#[cfg(test)]
mod tests {
    use crate::report::stats::{EVENT_ERROR, EVENT_TIMING};

    #[test]
    fn calls_are_the_timing_and_error_events() {
        let expected = format!("event_name IN ('{EVENT_TIMING}', '{EVENT_ERROR}')");
        assert_eq!(super::CALLS, expected);
        assert!(super::LATENCY_RANGE_ROWS.contains(&expected));
    }
}
