//! The base of every report query: the window's events from `otel_logs`, each
//! `va_rollout.event.id` once, with the report's fields extracted from the exporter's columns
//! the way the SQLite ingest extracts them (collector/src/ingest/otlp.rs). See
//! `docs/clickhouse.md` ("Mapping") for the one difference that cannot be undone (types).

use crate::ingest::otlp::{FLAG_PREFIX, VARIANT_FLAG};
use crate::report::stats::{EVENT_ERROR, MESSAGE_SEND_NAME};

/// A report window `[from_ms, to_ms)` in Unix milliseconds (as `report::model::Window`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from_ms: i64,
    pub to_ms: i64,
}

/// Latest second a ClickHouse `DateTime` holds (2106-02-07).
const MAX_DATETIME_S: i64 = u32::MAX as i64;
/// Longest session id kept (the SQLite ingest's MAX_KEY_BYTES).
const MAX_SESSION_BYTES: usize = crate::ingest::otlp::MAX_KEY_BYTES;

/// `LogAttributes['k']`, NULL when the key is absent (an empty value stays '').
pub fn attr(key: &str) -> String {
    format!("if(mapContains(LogAttributes, '{key}'), LogAttributes['{key}'], NULL)")
}

/// The deduplicated events of the window, one row per `va_rollout.event.id`, with columns
/// t (ms), event_name, session_id, name, action_name, flow, transition_from, transition_to,
/// status, duration_ms, variant (`new`/`base`/`unknown`), flow_key (`none` when absent).
///
/// Dedup: `LIMIT 1 BY` the event id. The SDK resends a record unchanged (same time, same
/// attributes), so any copy is the record; the cost is a hash set of the window's event ids.
pub fn events(table: &str, w: Span) -> String {
    let from_ns = w.from_ms.saturating_mul(1_000_000);
    let to_ns = w.to_ms.saturating_mul(1_000_000);
    let from_s = (w.from_ms.div_euclid(1000)).clamp(0, MAX_DATETIME_S);
    let to_s = (w.to_ms.div_euclid(1000)).clamp(0, MAX_DATETIME_S);
    let variant_key = format!("{FLAG_PREFIX}{VARIANT_FLAG}");
    format!(
        "SELECT
    intDiv(toUnixTimestamp64Nano(Timestamp), 1000000) AS t,
    if(EventName != '', EventName, LogAttributes['event.name']) AS event_name,
    if(length(LogAttributes['session.id']) <= {MAX_SESSION_BYTES}, {session}, NULL) AS session_id,
    nullIf(Body, '') AS name,
    {action} AS action_name,
    {flow} AS flow,
    {from} AS transition_from,
    {to} AS transition_to,
    toFloat64OrNull(LogAttributes['http.response.status_code']) AS status_raw,
    if(status_raw = floor(status_raw) AND status_raw >= 0 AND status_raw < 1000,
       toInt64(status_raw), NULL) AS status,
    toFloat64OrNull(LogAttributes['va_rollout.duration_ms']) AS duration_raw,
    if(isFinite(duration_raw) AND duration_raw >= 0, duration_raw, NULL) AS duration_ms,
    multiIf(LogAttributes['{variant_key}'] = 'true', 'new',
            LogAttributes['{variant_key}'] = 'false', 'base', 'unknown') AS variant,
    ifNull(flow, 'none') AS flow_key,
    event_name = '{EVENT_ERROR}' AS is_error
FROM {table}
WHERE TimestampTime >= toDateTime({from_s}) AND TimestampTime <= toDateTime({to_s})
  AND Timestamp >= fromUnixTimestamp64Nano(toInt64({from_ns}))
  AND Timestamp < fromUnixTimestamp64Nano(toInt64({to_ns}))
  AND LogAttributes['va_rollout.event.id'] != ''
  AND event_name != ''
LIMIT 1 BY LogAttributes['va_rollout.event.id']",
        session = attr("session.id"),
        action = attr("va_rollout.action.name"),
        flow = attr("va_rollout.flow"),
        from = attr("va_rollout.transition.from"),
        to = attr("va_rollout.transition.to"),
    )
}

/// The events of the window, each once per scope: (`all`, ''), (`variant`, new|base|unknown)
/// and (`flow`, the flow or `none`). Group by `scope, key` to get every split in one pass.
pub fn scoped(table: &str, w: Span) -> String {
    format!(
        "SELECT g.1 AS scope, g.2 AS key, e.*
FROM ({events}) AS e
ARRAY JOIN [('all', ''), ('variant', e.variant), ('flow', e.flow_key)] AS g",
        events = events(table, w)
    )
}

/// The event's own label: the action name, else the body (`stats::event_label`).
pub const LABEL: &str = "coalesce(action_name, name)";

/// `stats::is_breaker`: an error with status 503, or `breaker` (ASCII case-insensitive) in the
/// name or action name.
pub const IS_BREAKER: &str = "(is_error AND ifNull(status = 503, 0))
    OR positionCaseInsensitive(ifNull(name, ''), 'breaker') > 0
    OR positionCaseInsensitive(ifNull(action_name, ''), 'breaker') > 0";

/// `stats::is_message_sent`.
pub fn is_message_sent() -> String {
    format!(
        "(event_name IN ('va_rollout.timing', 'va_rollout.action')
     AND ifNull({LABEL} = '{MESSAGE_SEND_NAME}' OR endsWith({LABEL}, '.messages.send'), 0)
     AND (status IS NULL OR status < 400))"
    )
}

/// `paths::page_of` on a nullable path column: '' when it is no new-message page.
pub fn page_of(col: &str) -> String {
    let p = format!("trimRight(splitByRegexp('[?#]', ifNull({col}, ''))[1], '/')");
    format!(
        "multiIf(endsWith({p}, '/new-message/recent'), 'recent',
        endsWith({p}, '/new-message/select-care-team'), 'select-care-team',
        endsWith({p}, '/new-message/start-message'), 'start-message',
        endsWith({p}, '/new-message/care-team-help'), 'care-team-help',
        endsWith({p}, '/new-message'), 'new-message', '')"
    )
}
