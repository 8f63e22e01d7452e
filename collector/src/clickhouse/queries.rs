//! The rollout report's metrics as ClickHouse SQL over the exporter's `otel_logs`, each for a
//! window `[from, to)`, each counting every `va_rollout.event.id` once (`sql::events`), each
//! grouped by `scope, key`: (`all`, ''), (`variant`, new|base|unknown), (`flow`, name|none).
//! The definitions are those of `report::stats` / `report::paths` (docs/collector.md, "The
//! rollout report: definitions"); docs/clickhouse.md maps each query to the report's fields.

use super::sql::{self, Span, IS_BREAKER, LABEL};
use crate::report::model::HISTOGRAM_EDGES_MS;
use crate::report::stats::{
    ERROR_WINDOW_MS, EVENT_CLICK, EVENT_ERROR, EVENT_TIMING, EVENT_TRANSITION,
};

/// Sessions, events, errors, breaker events, messages sent, first and last event time.
/// Columns: scope, key, sessions, events, errors, breaker_events, messages_sent, first_ms,
/// last_ms.
pub fn totals(table: &str, w: Span) -> String {
    format!(
        "SELECT scope, key,
    uniqExact(session_id) AS sessions,
    count() AS events,
    countIf(is_error) AS errors,
    countIf({IS_BREAKER}) AS breaker_events,
    countIf({sent}) AS messages_sent,
    min(t) AS first_ms,
    max(t) AS last_ms
FROM ({scoped})
GROUP BY scope, key
ORDER BY scope, key",
        sent = sql::is_message_sent(),
        scoped = sql::scoped(table, w),
    )
}

/// Events counted by `expr AS col` under `filter`. Columns: scope, key, col, n.
fn count_by(table: &str, w: Span, expr: &str, col: &str, filter: &str) -> String {
    format!(
        "SELECT scope, key, {expr} AS {col}, count() AS n
FROM ({scoped})
WHERE {filter}
GROUP BY scope, key, {col}
ORDER BY scope, key, {col}",
        scoped = sql::scoped(table, w),
    )
}

/// Events by event name. Columns: scope, key, event_name, n.
pub fn events_by_name(table: &str, w: Span) -> String {
    count_by(table, w, "event_name", "event_name", "1")
}

/// Error events by status (`none` without one). Columns: scope, key, status, n.
pub fn errors_by_status(table: &str, w: Span) -> String {
    count_by(
        table,
        w,
        "ifNull(toString(status), 'none')",
        "status",
        "is_error",
    )
}

/// The most errors in any half-open window `[t, t + 10 min)` sliding over event times, and
/// the time of the first error of the earliest such window (`stats::max_in_window`).
/// Columns: scope, key, count, start_ms. Scopes without errors have no row (count 0).
pub fn max_errors_in_window(table: &str, w: Span) -> String {
    // A RANGE frame of `W - 1` ms before the current row, peers included: the errors in
    // (t - W, t], i.e. every window [s, s + W) that ends with this error.
    let before = ERROR_WINDOW_MS - 1;
    format!(
        "SELECT scope, key, max(n) AS count, argMin(start, (-toInt64(n), t)) AS start_ms
FROM (
    SELECT scope, key, t,
        count() OVER win AS n,
        min(t) OVER win AS start
    FROM ({scoped})
    WHERE is_error
    WINDOW win AS (PARTITION BY scope, key ORDER BY t RANGE BETWEEN {before} PRECEDING AND CURRENT ROW)
)
GROUP BY scope, key
ORDER BY scope, key",
        scoped = sql::scoped(table, w),
    )
}

/// Latency per tracked request name over timing and error events with a duration: count,
/// average (the sum taken in ascending order, as `stats::latency` sums its sorted samples),
/// nearest-rank p95 (`ceil(0.95 n)`-th smallest, as `stats::percentile`), max.
/// Columns: scope, key, name, count, avg_ms, p95_ms, max_ms.
pub fn latency(table: &str, w: Span) -> String {
    format!(
        "SELECT scope, key, name, count, avg_ms, p95_ms, max_ms FROM (
    SELECT scope, key, name,
        count() AS count,
        arraySort(groupArray(assumeNotNull(duration_ms))) AS ds,
        arrayFold((acc, x) -> acc + x, ds, toFloat64(0)) / count AS avg_ms,
        ds[toUInt64(greatest(ceil(0.95 * count), 1))] AS p95_ms,
        ds[length(ds)] AS max_ms
    FROM ({scoped})
    WHERE event_name IN ('{EVENT_TIMING}', '{EVENT_ERROR}')
      AND duration_ms IS NOT NULL AND name IS NOT NULL
    GROUP BY scope, key, name
)
ORDER BY scope, key, name",
        scoped = sql::scoped(table, w),
    )
}

/// Latency samples (all tracked requests, named or not) per bin of
/// `model::HISTOGRAM_EDGES_MS`. Columns: scope, key, bin (index), n.
pub fn latency_histogram(table: &str, w: Span) -> String {
    let bins: Vec<String> = HISTOGRAM_EDGES_MS
        .iter()
        .enumerate()
        .rev()
        .map(|(i, from)| format!("duration_ms >= {from:?}, {i}"))
        .collect();
    format!(
        "SELECT scope, key, multiIf({bins}, -1) AS bin, count() AS n
FROM ({scoped})
WHERE event_name IN ('{EVENT_TIMING}', '{EVENT_ERROR}') AND duration_ms IS NOT NULL
GROUP BY scope, key, bin
HAVING bin >= 0
ORDER BY scope, key, bin",
        bins = bins.join(", "),
        scoped = sql::scoped(table, w),
    )
}

/// Errors per 10-minute bucket (bucket start = t rounded down to 10 minutes), buckets with
/// errors only. Columns: scope, key, start_ms, errors.
pub fn errors_per_bucket(table: &str, w: Span) -> String {
    format!(
        "SELECT scope, key, intDiv(t, {ERROR_WINDOW_MS}) * {ERROR_WINDOW_MS} AS start_ms,
    count() AS errors
FROM ({scoped})
WHERE is_error
GROUP BY scope, key, start_ms
ORDER BY scope, key, start_ms",
        scoped = sql::scoped(table, w),
    )
}

/// Clicks by action name (else the body, else `(unnamed)`). Columns: scope, key, label, n.
pub fn clicks(table: &str, w: Span) -> String {
    let expr = format!("ifNull({LABEL}, '(unnamed)')");
    count_by(
        table,
        w,
        &expr,
        "label",
        &format!("event_name = '{EVENT_CLICK}'"),
    )
}

/// The new-message flow from transition events (`paths::compute`): a transition between the
/// same page (or between two non-pages) is ignored. Columns: scope, key, entries_recent,
/// entries_select_care_team, from_recent, recent_to_start_message,
/// recent_to_select_care_team, flow_sessions, and the funnel's sessions per page:
/// s_new_message, s_recent, s_select_care_team, s_start_message, s_care_team_help.
pub fn paths(table: &str, w: Span) -> String {
    let funnel = [
        "new-message",
        "recent",
        "select-care-team",
        "start-message",
        "care-team-help",
    ]
    .map(|p| {
        format!(
            "uniqExactIf(session_id, to_page = '{p}') AS s_{}",
            p.replace('-', "_")
        )
    })
    .join(",\n    ");
    format!(
        "SELECT scope, key,
    countIf(to_page = 'recent') AS entries_recent,
    countIf(to_page = 'select-care-team') AS entries_select_care_team,
    countIf(from_page = 'recent') AS from_recent,
    countIf(from_page = 'recent' AND to_page = 'start-message') AS recent_to_start_message,
    countIf(from_page = 'recent' AND to_page = 'select-care-team') AS recent_to_select_care_team,
    uniqExactIf(session_id, to_page != '') AS flow_sessions,
    {funnel}
FROM (
    SELECT scope, key, session_id, {from} AS from_page, {to} AS to_page
    FROM ({scoped})
    WHERE event_name = '{EVENT_TRANSITION}'
)
WHERE from_page != to_page
GROUP BY scope, key
ORDER BY scope, key",
        from = sql::page_of("transition_from"),
        to = sql::page_of("transition_to"),
        scoped = sql::scoped(table, w),
    )
}

/// Every query of the report, by name (for tests and the docs' table).
pub fn all(table: &str, w: Span) -> Vec<(&'static str, String)> {
    vec![
        ("totals", totals(table, w)),
        ("events_by_name", events_by_name(table, w)),
        ("errors_by_status", errors_by_status(table, w)),
        ("max_errors_in_window", max_errors_in_window(table, w)),
        ("latency", latency(table, w)),
        ("latency_histogram", latency_histogram(table, w)),
        ("errors_per_bucket", errors_per_bucket(table, w)),
        ("clicks", clicks(table, w)),
        ("paths", paths(table, w)),
    ]
}
