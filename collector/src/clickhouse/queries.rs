//! The rollout report's metrics as ClickHouse SQL over the exporter's `otel_logs`, each for a
//! window `[from, to)` bound as query parameters (`sql::Span::params`), each counting every
//! `va_rollout.event.id` once (`sql::SCOPED`), each grouped by `scope, key`: (`all`, ''),
//! (`variant`, new|base|unknown), (`flow`, name|none). The definitions are those of
//! `report::stats` / `report::paths` (docs/collector.md, "The rollout report: definitions");
//! docs/clickhouse.md maps each query to the report's fields.

use super::sql::{Sql, IS_BREAKER, IS_MESSAGE_SENT, LABEL, SCOPED};
use crate::report::model::histogram_arms;
use crate::report::stats::{
    ERROR_WINDOW_MS, EVENT_CLICK, EVENT_ERROR, EVENT_TIMING, EVENT_TRANSITION,
};

/// Sessions, events, errors, breaker events, messages sent, events lost, first and last event
/// time. Columns: scope, key, sessions, events, errors, breaker_events, messages_sent,
/// events_lost, first_ms, last_ms.
pub static TOTALS: Sql = Sql::new(|| {
    format!(
        "SELECT scope, key,
    uniqExact(session_id) AS sessions,
    count() AS events,
    countIf(is_error) AS errors,
    countIf({IS_BREAKER}) AS breaker_events,
    countIf({IS_MESSAGE_SENT}) AS messages_sent,
    sum(lost) AS events_lost,
    min(t) AS first_ms,
    max(t) AS last_ms
FROM ({SCOPED})
GROUP BY scope, key
ORDER BY scope, key"
    )
});

/// Events by event name. Columns: scope, key, event_name, n.
pub static EVENTS_BY_NAME: Sql = Sql::new(|| {
    format!(
        "SELECT scope, key, event_name, count() AS n FROM ({SCOPED})
GROUP BY scope, key, event_name ORDER BY scope, key, event_name"
    )
});

/// Error events by status (`none` without one). Columns: scope, key, status, n.
pub static ERRORS_BY_STATUS: Sql = Sql::new(|| {
    format!(
        "SELECT scope, key, ifNull(toString(status), 'none') AS status, count() AS n
FROM ({SCOPED}) WHERE is_error GROUP BY scope, key, status ORDER BY scope, key, status"
    )
});

/// Clicks by action name (else the body, else `(unnamed)`). Columns: scope, key, label, n.
pub static CLICKS: Sql = Sql::new(|| {
    format!(
        "SELECT scope, key, ifNull({LABEL}, '(unnamed)') AS label, count() AS n
FROM ({SCOPED}) WHERE event_name = '{EVENT_CLICK}'
GROUP BY scope, key, label ORDER BY scope, key, label"
    )
});

/// A RANGE frame of `W - 1` ms before the current row, peers included: the errors in
/// (t - W, t], i.e. every window [s, s + W) that ends with this error.
const WINDOW_BEFORE_MS: i64 = ERROR_WINDOW_MS - 1;

/// The most errors in any half-open window `[t, t + 10 min)` sliding over event times, and
/// the time of the first error of the earliest such window (`stats::max_in_window`).
/// Columns: scope, key, count, start_ms. Scopes without errors have no row (count 0).
pub static MAX_ERRORS_IN_WINDOW: Sql = Sql::new(|| {
    format!(
        "SELECT scope, key, max(n) AS count, argMin(start, (-toInt64(n), t)) AS start_ms
FROM (
    SELECT scope, key, t,
        count() OVER win AS n,
        min(t) OVER win AS start
    FROM ({SCOPED})
    WHERE is_error
    WINDOW win AS (PARTITION BY scope, key ORDER BY t
                   RANGE BETWEEN {WINDOW_BEFORE_MS} PRECEDING AND CURRENT ROW)
)
GROUP BY scope, key
ORDER BY scope, key"
    )
});

/// Latency per tracked request name over timing and error events with a duration: count,
/// average (the sum taken in ascending order, as `stats::latency` sums its sorted samples),
/// nearest-rank p95 (`ceil(0.95 n)`-th smallest, as `stats::percentile`), max.
/// Columns: scope, key, name, count, avg_ms, p95_ms, max_ms.
pub static LATENCY: Sql = Sql::new(|| {
    format!(
        "SELECT scope, key, name, count, avg_ms, p95_ms, max_ms FROM (
    SELECT scope, key, name,
        count() AS count,
        arraySort(groupArray(assumeNotNull(duration_ms))) AS ds,
        arrayFold((acc, x) -> acc + x, ds, toFloat64(0)) / count AS avg_ms,
        ds[toUInt64(greatest(ceil(0.95 * count), 1))] AS p95_ms,
        ds[length(ds)] AS max_ms
    FROM ({SCOPED})
    WHERE event_name IN ('{EVENT_TIMING}', '{EVENT_ERROR}')
      AND duration_ms IS NOT NULL AND name IS NOT NULL
    GROUP BY scope, key, name
)
ORDER BY scope, key, name"
    )
});

/// `multiIf` of the bins of `model::HISTOGRAM_EDGES_MS`, highest first.
static BINS: Sql = Sql::new(|| {
    let arms = histogram_arms(|i, from| format!("duration_ms >= {from:?}, {i}"), ", ");
    ["multiIf(", &arms, ", -1)"].concat()
});

/// Latency samples (all tracked requests, named or not) per bin of
/// `model::HISTOGRAM_EDGES_MS`. Columns: scope, key, bin (index), n.
pub static LATENCY_HISTOGRAM: Sql = Sql::new(|| {
    format!(
        "SELECT scope, key, {BINS} AS bin, count() AS n
FROM ({SCOPED})
WHERE event_name IN ('{EVENT_TIMING}', '{EVENT_ERROR}') AND duration_ms IS NOT NULL
GROUP BY scope, key, bin
HAVING bin >= 0
ORDER BY scope, key, bin"
    )
});

/// Errors per 10-minute bucket (bucket start = t rounded down to 10 minutes), buckets with
/// errors only. Columns: scope, key, start_ms, errors.
pub static ERRORS_PER_BUCKET: Sql = Sql::new(|| {
    format!(
        "SELECT scope, key, intDiv(t, {ERROR_WINDOW_MS}) * {ERROR_WINDOW_MS} AS start_ms,
    count() AS errors
FROM ({SCOPED})
WHERE is_error
GROUP BY scope, key, start_ms
ORDER BY scope, key, start_ms"
    )
});

/// The new-message flow from transition events (`paths::compute`): a transition between the
/// same page (or between two non-pages) is ignored. Columns: scope, key, entries_recent,
/// entries_select_care_team, from_recent, recent_to_start_message,
/// recent_to_select_care_team, flow_sessions, and the funnel's sessions per page:
/// s_new_message, s_recent, s_select_care_team, s_start_message, s_care_team_help.
pub static PATHS: Sql = Sql::new(|| {
    format!(
        "SELECT scope, key,
    countIf(to_page = 'recent') AS entries_recent,
    countIf(to_page = 'select-care-team') AS entries_select_care_team,
    countIf(from_page = 'recent') AS from_recent,
    countIf(from_page = 'recent' AND to_page = 'start-message') AS recent_to_start_message,
    countIf(from_page = 'recent' AND to_page = 'select-care-team') AS recent_to_select_care_team,
    uniqExactIf(session_id, to_page != '') AS flow_sessions,
    uniqExactIf(session_id, to_page = 'new-message') AS s_new_message,
    uniqExactIf(session_id, to_page = 'recent') AS s_recent,
    uniqExactIf(session_id, to_page = 'select-care-team') AS s_select_care_team,
    uniqExactIf(session_id, to_page = 'start-message') AS s_start_message,
    uniqExactIf(session_id, to_page = 'care-team-help') AS s_care_team_help
FROM ({SCOPED})
WHERE event_name = '{EVENT_TRANSITION}' AND from_page != to_page
GROUP BY scope, key
ORDER BY scope, key"
    )
});

/// Calls (timing and error events) and errors per tracked request name, for the plan
/// guardrails (`plans::metrics::endpoint_rates`). Columns: scope, key, name, calls, errors.
pub static ENDPOINTS: Sql = Sql::new(|| {
    format!(
        "SELECT scope, key, name, count() AS calls, countIf(is_error) AS errors
FROM ({SCOPED})
WHERE event_name IN ('{EVENT_TIMING}', '{EVENT_ERROR}') AND name IS NOT NULL
GROUP BY scope, key, name
ORDER BY scope, key, name"
    )
});

/// Every query of the report, by name, in the order `report::fetch` runs them.
pub fn all() -> [(&'static str, &'static Sql); 9] {
    [
        ("totals", &TOTALS),
        ("events_by_name", &EVENTS_BY_NAME),
        ("errors_by_status", &ERRORS_BY_STATUS),
        ("max_errors_in_window", &MAX_ERRORS_IN_WINDOW),
        ("latency", &LATENCY),
        ("latency_histogram", &LATENCY_HISTOGRAM),
        ("errors_per_bucket", &ERRORS_PER_BUCKET),
        ("clicks", &CLICKS),
        ("paths", &PATHS),
    ]
}
