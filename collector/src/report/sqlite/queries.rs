//! The report's metrics as SQLite SQL over the collector's `events` table, each for a window
//! `[?1, ?2)` in nanoseconds, optionally restricted to the events whose flag context has flag
//! `?3` (a JSON path) equal to `?4` / `?5` (1 / 'true' or 0 / 'false'; all NULL: no filter).
//! The definitions are those of `report::stats` / `report::paths` and of the ClickHouse SQL
//! (`clickhouse::queries`), docs/collector.md "The rollout report: definitions".
//!
//! Additive metrics are grouped by (variant key, flow key) and summed into the scopes by the
//! caller (a few rows); distinct counts, the sliding error window and the percentiles need
//! every scope in SQL: their events are expanded to (`all`, ''), (`variant`, key),
//! (`flow`, key) like ClickHouse's `ARRAY JOIN`, after the rows are reduced as far as the
//! metric allows (distinct sessions per variant × flow first).
//!
//! No function and no JSON parser runs per row: what the definitions derive from an event
//! (lost count, breaker and message-sent marks, a transition's pages) is computed once when it
//! is stored (`store::derived`), and every query reads one covering index: the queries over
//! all events `events_scope (variant, flow, event_name, ...)`, those on one event kind
//! `events_kind (event_name, time_ns, ...)` (`store::MIGRATIONS`). Only the flag filter reads
//! the table's `flag_context` (SQLite then seeks each row of the window: slower, same answers).

use crate::clickhouse::sql::Sql;
use crate::report::model::{histogram_arms, CHART_BUCKET_MS};
use crate::report::stats::{
    ERROR_WINDOW_MS, EVENT_CLICK, EVENT_ERROR, EVENT_TIMING, EVENT_TRANSITION,
};
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
/// Counts by (variant, flow, event_name, status) in the order of the index `events_scope` (no
/// sorter), each row with its keys: vkey, fkey, st (an error's status, `none` without one, NULL
/// for other events); the caller adds up the rows of one key (NULL and `none` flows, the statuses
/// of other events). Columns: vkey, fkey, event_name, st, n, breaker, sent, lost, first_ms,
/// last_ms.
pub static TOTALS: Sql = Sql::new(|| {
    format!(
        "SELECT {VKEY} AS vkey, {FKEY} AS fkey, event_name,
    CASE WHEN event_name = '{EVENT_ERROR}' THEN COALESCE(CAST(status AS TEXT), 'none') END AS st,
    COUNT(*), SUM(marks & {BREAKER}), SUM(marks & {MESSAGE_SENT}) / {MESSAGE_SENT}, SUM(lost),
    MIN(time_ns) / 1000000, MAX(time_ns) / 1000000
FROM events WHERE {WINDOW}
GROUP BY variant, flow, event_name, status"
    )
});

/// `events` with the scope columns, as three copies: (`all`, ''), (`variant`, vkey), (`flow`,
/// fkey). Columns of `CTE` plus scope, key.
macro_rules! scopes {
    ($cte:literal, $cols:literal) => {
        concat!(
            "SELECT 'all' AS scope, '' AS key, ",
            $cols,
            " FROM ",
            $cte,
            " UNION ALL SELECT 'variant', vkey, ",
            $cols,
            " FROM ",
            $cte,
            " UNION ALL SELECT 'flow', fkey, ",
            $cols,
            " FROM ",
            $cte
        )
    };
}

const SESSION_SCOPES: &str = scopes!("d", "session_id");

/// Distinct sessions per scope, from `events_scope` (named: without a time-ordered index the
/// planner scans the table). Columns: scope, key, n.
pub static SESSIONS: Sql = Sql::new(|| {
    format!(
        "WITH d AS MATERIALIZED (SELECT DISTINCT {VKEY} AS vkey, {FKEY} AS fkey, session_id
    FROM events INDEXED BY events_scope WHERE {WINDOW} AND session_id IS NOT NULL)
SELECT scope, key, COUNT(DISTINCT session_id) FROM ({SESSION_SCOPES}) GROUP BY scope, key"
    )
});

/// A RANGE frame of `W - 1` ms before the current row, peers included: the errors in
/// (t - W, t], i.e. every window [s, s + W) that ends with this error.
const WINDOW_BEFORE_MS: i64 = ERROR_WINDOW_MS - 1;
const ERROR_SCOPES: &str = scopes!("e", "t");

/// The most errors in any half-open window `[t, t + 10 min)` and the first error time of the
/// earliest such window (`stats::max_in_window`). Columns: scope, key, n, start_ms.
pub static MAX_ERRORS_IN_WINDOW: Sql = Sql::new(|| {
    format!(
        "WITH e AS MATERIALIZED (SELECT time_ns / 1000000 AS t, {VKEY} AS vkey, {FKEY} AS fkey
    FROM events WHERE event_name = '{EVENT_ERROR}' AND {WINDOW}),
w AS (SELECT scope, key, t, COUNT(*) OVER win AS n, MIN(t) OVER win AS start
    FROM ({ERROR_SCOPES})
    WINDOW win AS (PARTITION BY scope, key ORDER BY t
                   RANGE BETWEEN {WINDOW_BEFORE_MS} PRECEDING AND CURRENT ROW)),
r AS (SELECT scope, key, n, start,
    ROW_NUMBER() OVER (PARTITION BY scope, key ORDER BY n DESC, t) AS rk FROM w)
SELECT scope, key, n, start FROM r WHERE rk = 1"
    )
});

/// Errors per chart bucket (all events of the window), buckets with errors only.
/// Columns: start_ms, errors.
pub static ERRORS_PER_BUCKET: Sql = Sql::new(|| {
    format!(
        "SELECT time_ns / 1000000 / {CHART_BUCKET_MS} * {CHART_BUCKET_MS} AS b, COUNT(*)
FROM events WHERE event_name = '{EVENT_ERROR}' AND {WINDOW} GROUP BY b ORDER BY b"
    )
});

/// The latency samples: timing and error events with a name and a duration, all in the partial
/// index `events_latency (name, COALESCE(flow, 'none'), variant, duration_ms, time_ns)`
/// (`store::MIGRATIONS` 3; `store::init` creates it before any report), whose `WHERE` this
/// repeats word for word so SQLite may read it: named, as the planner would take `events_kind`.
const LATENCY_ROWS: &str =
    "FROM events INDEXED BY events_latency WHERE event_name IN ('va_rollout.timing', 'va_rollout.error')
  AND duration_ms IS NOT NULL AND name IS NOT NULL";

/// Latency per scope and tracked request name: count, the ascending sum and the nearest-rank
/// p95 (`va_latency`, one blob), max. Each scope is its own `GROUP BY`: `all` and `flow` in the
/// index's order (no sorter), `variant` sorts its rows once; only the few result rows are
/// ordered. Columns: scope, key, name, n, va_latency blob, max.
pub static LATENCY: Sql = Sql::new(|| {
    const COLS: &str = "name, COUNT(*), va_latency(duration_ms), MAX(duration_ms)";
    format!(
        "SELECT 'all' AS scope, '' AS key, {COLS} {LATENCY_ROWS} AND {WINDOW} GROUP BY name
UNION ALL SELECT 'flow', {FKEY} AS fkey, {COLS} {LATENCY_ROWS} AND {WINDOW} GROUP BY name, fkey
UNION ALL SELECT 'variant', {VKEY}, {COLS} {LATENCY_ROWS} AND {WINDOW} GROUP BY variant, name
ORDER BY scope, key, name"
    )
});

/// `CASE` of the bins of `model::HISTOGRAM_EDGES_MS`, highest first (NULL below the first).
static BINS: Sql = Sql::new(|| {
    let arms = histogram_arms(
        |i, from| format!("WHEN duration_ms >= {from:?} THEN {i}"),
        " ",
    );
    ["CASE ", &arms, " END"].concat()
});

/// Latency samples (named or not) per bin, all events of the window. Columns: bin, n.
pub static LATENCY_HISTOGRAM: Sql = Sql::new(|| {
    format!(
        "SELECT {BINS} AS bin, COUNT(*) FROM events
WHERE event_name IN ('{EVENT_TIMING}', '{EVENT_ERROR}') AND {WINDOW} AND duration_ms IS NOT NULL
GROUP BY bin HAVING bin IS NOT NULL"
    )
});

/// Clicks by label (`(unnamed)` without one). Columns: vkey, fkey, label, n.
pub static CLICKS: Sql = Sql::new(|| {
    format!(
        "SELECT {VKEY} AS vkey, {FKEY} AS fkey, COALESCE({LABEL}, '(unnamed)') AS label, COUNT(*)
FROM events WHERE event_name = '{EVENT_CLICK}' AND {WINDOW} GROUP BY vkey, fkey, label"
    )
});

/// The window's transitions between two different pages (`paths::compute` ignores the rest),
/// with their pages (`page_from`, `page_to`: `paths::page_of` at insert).
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

const FUNNEL_SCOPES: &str = scopes!("f", "session_id, tp");

/// Distinct sessions per scope entering each page (tp), and entering any (tp NULL).
/// Columns: scope, key, tp, n.
pub static FUNNEL: Sql = Sql::new(|| {
    format!(
        "{TRANSITIONS}, f AS MATERIALIZED (SELECT DISTINCT vkey, fkey, session_id, tp FROM t
    WHERE tp IS NOT NULL AND session_id IS NOT NULL),
s AS MATERIALIZED ({FUNNEL_SCOPES})
SELECT scope, key, tp, COUNT(DISTINCT session_id) FROM s GROUP BY scope, key, tp
UNION ALL SELECT scope, key, NULL, COUNT(DISTINCT session_id) FROM s GROUP BY scope, key"
    )
});

/// Calls (timing and error events) and errors per tracked request name, for the plan
/// guardrails. Columns: name, calls, errors.
pub static ENDPOINTS: Sql = Sql::new(|| {
    format!(
        "SELECT name, COUNT(*), SUM(event_name = '{EVENT_ERROR}') FROM events
WHERE event_name IN ('{EVENT_TIMING}', '{EVENT_ERROR}') AND {WINDOW} AND name IS NOT NULL
GROUP BY name"
    )
});

/// Every query by name, for `examples/bench_sql.rs` (each timed on its own).
pub fn all() -> [(&'static str, &'static Sql); 10] {
    [
        ("totals", &TOTALS),
        ("sessions", &SESSIONS),
        ("max_errors_in_window", &MAX_ERRORS_IN_WINDOW),
        ("errors_per_bucket", &ERRORS_PER_BUCKET),
        ("latency", &LATENCY),
        ("latency_histogram", &LATENCY_HISTOGRAM),
        ("clicks", &CLICKS),
        ("paths", &PATHS),
        ("funnel", &FUNNEL),
        ("endpoints", &ENDPOINTS),
    ]
}
