//! The base of every report query: the window's events from `otel_logs`, each
//! `va_rollout.event.id` once, with the report's fields extracted from the exporter's columns
//! the way the SQLite ingest extracts them (collector/src/ingest/otlp.rs).
//!
//! No value is ever written into the SQL text: the table and the window are ClickHouse query
//! parameters (`{db:Identifier}`, `{table:Identifier}`, `{from_ns:Int64}` ...), bound by
//! [`Span::params`] and the client (`param_<name>` in the URL). Every SQL text here is a
//! literal or a `format!` of SCREAMING_CASE constants ([`Sql`] statics), as the collector's
//! security test requires of all its SQL.

use std::fmt;
use std::sync::LazyLock;

use crate::ingest::otlp::{FLAG_PREFIX, MAX_KEY_BYTES, VARIANT_FLAG};
use crate::report::stats::{EVENT_ERROR, EVENT_TRANSITION, MESSAGE_SEND_NAME};
use crate::store::events::MAX_LOST_PER_RECORD;

/// An SQL text built once from constants.
pub struct Sql(LazyLock<String>);

impl Sql {
    pub const fn new(build: fn() -> String) -> Self {
        Sql(LazyLock::new(build))
    }

    pub fn text(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sql {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A report window `[from_ms, to_ms)` in Unix milliseconds (as `report::model::Window`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from_ms: i64,
    pub to_ms: i64,
}

/// Latest second a ClickHouse `DateTime` holds (2106-02-07).
const MAX_DATETIME_S: i64 = u32::MAX as i64;

impl Span {
    /// The window's query parameters: nanoseconds for `Timestamp`, seconds for the partition
    /// and primary-key column `TimestampTime`.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let s = |ms: i64| ms.div_euclid(1000).clamp(0, MAX_DATETIME_S).to_string();
        vec![
            (
                "from_ns",
                self.from_ms.saturating_mul(1_000_000).to_string(),
            ),
            ("to_ns", self.to_ms.saturating_mul(1_000_000).to_string()),
            ("from_s", s(self.from_ms)),
            ("to_s", s(self.to_ms)),
        ]
    }
}

/// The attribute that splits the `variant` scope: `va_rollout.flag.<flag>`, the report's
/// [`VARIANT_FLAG`] unless a release plan asks for its own flag (`param_variant_attr`).
pub fn variant_attr(flag: &str) -> String {
    format!("{FLAG_PREFIX}{flag}")
}

/// The report's variant attribute.
pub fn default_variant_attr() -> String {
    variant_attr(VARIANT_FLAG)
}

/// The table, bound from the client's configuration (`param_db`, `param_table`).
pub const TABLE: &str = "{db:Identifier}.{table:Identifier}";
/// The window, bound from [`Span::params`].
const WINDOW_FILTER: &str = "TimestampTime >= toDateTime({from_s:Int64})
  AND TimestampTime <= toDateTime({to_s:Int64})
  AND Timestamp >= fromUnixTimestamp64Nano({from_ns:Int64})
  AND Timestamp < fromUnixTimestamp64Nano({to_ns:Int64})";

/// `LogAttributes['k']`, NULL when the key is absent (an empty value stays '').
macro_rules! attr {
    ($k:literal) => {
        concat!(
            "if(mapContains(LogAttributes, '",
            $k,
            "'), LogAttributes['",
            $k,
            "'], NULL)"
        )
    };
}

/// `endsWith(path, '/new-message/<page>'), '<page>'`: one arm of [`page_of!`].
macro_rules! page_arm {
    ($path:expr, $page:literal) => {
        concat!(
            "endsWith(",
            $path,
            ", '/new-message/",
            $page,
            "'), '",
            $page,
            "', "
        )
    };
}

/// `paths::page_of` on a nullable path column (query and fragment cut, trailing slashes
/// trimmed): the page's name, '' when it is no new-message page. Longest suffixes first.
macro_rules! page_of {
    ($col:literal) => {
        page_of!(@ concat!("trimRight(splitByRegexp('[?#]', ifNull(", $col, ", ''))[1], '/')"))
    };
    (@ $path:expr) => {
        concat!(
            "multiIf(",
            page_arm!($path, "recent"),
            page_arm!($path, "select-care-team"),
            page_arm!($path, "start-message"),
            page_arm!($path, "care-team-help"),
            "endsWith(", $path, ", '/new-message'), 'new-message', '')"
        )
    };
}

const SESSION: &str = attr!("session.id");
const ACTION: &str = attr!("va_rollout.action.name");
const FLOW: &str = attr!("va_rollout.flow");
const FROM: &str = attr!("va_rollout.transition.from");
const TO: &str = attr!("va_rollout.transition.to");
const FROM_PAGE: &str = page_of!("transition_from");
const TO_PAGE: &str = page_of!("transition_to");

/// The deduplicated events of the window, each once per scope: (`all`, ''), (`variant`,
/// new|base|unknown) and (`flow`, the flow or `none`); group by `scope, key` to get every
/// split in one pass. Columns: scope, key, t (ms), event_name, session_id, name, action_name,
/// flow, transition_from, transition_to, status, duration_ms, lost (`va_rollout.dropped`,
/// as `store::events::lost_of`), variant, flow_key, is_error,
/// from_page, to_page (transitions only; '' for no new-message page).
///
/// Dedup: `LIMIT 1 BY` the event id. The SDK resends a record unchanged (same time, same
/// attributes), so any copy is the record; the cost is a hash set of the window's event ids.
pub static SCOPED: Sql = Sql::new(|| {
    format!(
        "SELECT g.1 AS scope, g.2 AS key, e.*
FROM (SELECT
    intDiv(toUnixTimestamp64Nano(Timestamp), 1000000) AS t,
    if(EventName != '', EventName, LogAttributes['event.name']) AS event_name,
    if(length(LogAttributes['session.id']) <= {MAX_KEY_BYTES}, {SESSION}, NULL) AS session_id,
    nullIf(Body, '') AS name,
    {ACTION} AS action_name,
    {FLOW} AS flow,
    {FROM} AS transition_from,
    {TO} AS transition_to,
    toFloat64OrNull(LogAttributes['http.response.status_code']) AS status_raw,
    if(status_raw = floor(status_raw) AND status_raw >= 0 AND status_raw < 1000,
       toInt64(status_raw), NULL) AS status,
    toFloat64OrNull(LogAttributes['va_rollout.duration_ms']) AS duration_raw,
    if(isFinite(duration_raw) AND duration_raw >= 0, duration_raw, NULL) AS duration_ms,
    multiIf(LogAttributes[{{variant_attr:String}}] = 'true', 'new',
            LogAttributes[{{variant_attr:String}}] = 'false', 'base', 'unknown') AS variant,
    least(greatest(toInt64OrZero(LogAttributes['va_rollout.dropped']), 0), {MAX_LOST_PER_RECORD}) AS lost,
    ifNull(flow, 'none') AS flow_key,
    event_name = '{EVENT_ERROR}' AS is_error,
    if(event_name = '{EVENT_TRANSITION}', {FROM_PAGE}, '') AS from_page,
    if(event_name = '{EVENT_TRANSITION}', {TO_PAGE}, '') AS to_page
  FROM {TABLE}
  WHERE {WINDOW_FILTER}
    AND LogAttributes['va_rollout.event.id'] != ''
    AND event_name != ''
  LIMIT 1 BY LogAttributes['va_rollout.event.id']) AS e
ARRAY JOIN [('all', ''), ('variant', e.variant), ('flow', e.flow_key)] AS g"
    )
});

/// The event's own label: the action name, else the body (`stats::event_label`).
pub const LABEL: &str = "coalesce(action_name, name)";

/// `stats::is_breaker`: an error with status 503, or `breaker` (ASCII case-insensitive) in the
/// name or action name.
pub const IS_BREAKER: &str = "(is_error AND ifNull(status = 503, 0))
    OR positionCaseInsensitive(ifNull(name, ''), 'breaker') > 0
    OR positionCaseInsensitive(ifNull(action_name, ''), 'breaker') > 0";

/// `stats::is_message_sent`.
pub static IS_MESSAGE_SENT: Sql = Sql::new(|| {
    format!(
        "(event_name IN ('va_rollout.timing', 'va_rollout.action')
     AND ifNull({LABEL} = '{MESSAGE_SEND_NAME}' OR endsWith({LABEL}, '.messages.send'), 0)
     AND (status IS NULL OR status < 400))"
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_is_bound_not_written() {
        let p = Span {
            from_ms: 1_500,
            to_ms: i64::MAX / 1_000_000,
        }
        .params();
        assert_eq!(p[0], ("from_ns", "1500000000".to_string()));
        assert_eq!(p[2], ("from_s", "1".to_string()));
        assert_eq!(p[3], ("to_s", MAX_DATETIME_S.to_string()));
        for name in [
            "from_ns",
            "to_ns",
            "from_s",
            "to_s",
            "db",
            "table",
            "variant_attr",
        ] {
            assert!(SCOPED.text().contains(&format!("{{{name}:")), "{name}");
        }
    }
}
