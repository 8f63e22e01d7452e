//! The `events` table: batch insert (deduplicated by event id) and reads for the report.

use rusqlite::{params, CachedStatement, Connection, Statement, ToSql, Transaction};

use std::ops::Deref;
use std::sync::LazyLock;

use super::derived;
use crate::ingest::row::{EventFields, EventRow};

/// The columns of an insert, in the order [`bind_row`] binds them.
const COLUMNS: &str =
    "event_id, time_ns, session_id, event_name, name, flow, path, status, duration_ms,
  action_name, transition_from, transition_to, variant, service, flag_context, attributes,
  received_at_ms, lost, marks, page_from, page_to, elided";
/// Parameters per row: the number of [`COLUMNS`].
const PER_ROW: usize = 22;
/// Rows per statement of [`insert`] (the SDK's batch): SQLite opens the table's and the indexes'
/// cursors once per 50 rows instead of once per row (measured about even in writer instructions
/// with one row per statement, docs/performance-ingest.md).
pub const ROWS_PER_STATEMENT: usize = 50;

/// `INSERT OR IGNORE` of `rows` rows, each its own `(?, …)` group of parameters.
fn insert_sql(rows: usize) -> String {
    let group = ["(", &vec!["?"; PER_ROW].join(", "), ")"].concat();
    let values = vec![group; rows].join(", ");
    [
        "INSERT OR IGNORE INTO events (",
        COLUMNS,
        ") VALUES ",
        &values,
    ]
    .concat()
}

/// The statements of [`insert`]: a whole group, one row.
static INSERT_GROUP: LazyLock<String> = LazyLock::new(|| insert_sql(ROWS_PER_STATEMENT));
static INSERT_ONE: LazyLock<String> = LazyLock::new(|| insert_sql(1));

/// Binds row `r` to the parameters after the first `offset` of `stmt` (1-based positions).
fn bind_row(stmt: &mut Statement<'_>, offset: usize, r: &EventRow) -> rusqlite::Result<()> {
    let f = &r.fields;
    let d = derived::of(r);
    let values: [&dyn ToSql; PER_ROW] = [
        &r.event_id,
        &r.time_ns,
        &f.session_id,
        &f.event_name,
        &f.name,
        &f.flow,
        &f.path,
        &f.status,
        &f.duration_ms,
        &f.action_name,
        &f.transition_from,
        &f.transition_to,
        &f.variant,
        &r.service,
        &r.flag_context,
        &r.attributes,
        &r.received_at_ms,
        &d.lost,
        &d.marks,
        &d.page_from,
        &d.page_to,
        &r.elided,
    ];
    for (i, v) in values.into_iter().enumerate() {
        stmt.raw_bind_parameter(offset + i + 1, v)?;
    }
    Ok(())
}

/// Inserts rows, ignoring event ids already stored. Returns how many were new. Whole groups
/// of [`ROWS_PER_STATEMENT`] go in one statement each, the rest one row per statement (two
/// cached statements in all). Many calls in one transaction: [`Inserter`].
pub fn insert(tx: &Transaction<'_>, rows: &[EventRow]) -> rusqlite::Result<usize> {
    Inserter::new(tx).insert(rows)
}

/// The insert statements of [`insert`] taken from the connection's cache once and kept for
/// every batch of a transaction (the writer's many batches per commit): taken and given back
/// per batch, the cache hashed the 50-row statement's text and cleared its 1,100 bindings each
/// time, about 6 % of the writer's instructions (docs/performance-ingest.md).
pub struct Inserter<'c> {
    conn: &'c Connection,
    group: Option<CachedStatement<'c>>,
    one: Option<CachedStatement<'c>>,
}

impl<'c> Inserter<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        Inserter {
            conn,
            group: None,
            one: None,
        }
    }

    /// As [`insert`]: how many of `rows` were new.
    pub fn insert(&mut self, rows: &[EventRow]) -> rusqlite::Result<usize> {
        let mut inserted = 0;
        let mut groups = rows.chunks_exact(ROWS_PER_STATEMENT);
        if groups.len() > 0 {
            let mut stmt = take(self.conn, &mut self.group, &INSERT_GROUP)?;
            for group in groups.by_ref() {
                for (i, r) in group.iter().enumerate() {
                    bind_row(&mut stmt, i * PER_ROW, r)?;
                }
                inserted += stmt.raw_execute()?;
            }
            self.group = Some(stmt);
        }
        let rest = groups.remainder();
        if !rest.is_empty() {
            let mut stmt = take(self.conn, &mut self.one, &INSERT_ONE)?;
            for r in rest {
                bind_row(&mut stmt, 0, r)?;
                inserted += stmt.raw_execute()?;
            }
            self.one = Some(stmt);
        }
        Ok(inserted)
    }
}

/// The statement kept in `slot`, or `sql` from the connection's cache.
fn take<'c>(
    conn: &'c Connection,
    slot: &mut Option<CachedStatement<'c>>,
    sql: &str,
) -> rusqlite::Result<CachedStatement<'c>> {
    match slot.take() {
        Some(stmt) => Ok(stmt),
        None => conn.prepare_cached(sql),
    }
}

/// Number of stored events, counted (a scan of the smallest index: seconds on a store of tens
/// of millions; the report and the tests use it).
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
}

/// Number of stored events, read off the row ids in O(log n) for `/healthz`, a probe that must
/// answer at once on any store. Equal to [`count`] because events are only ever inserted (never
/// deleted, never given an explicit `id`), so SQLite numbers them 1, 2, 3, … (an ignored
/// duplicate or a rolled-back batch takes no number); the writer's tests check the two agree.
pub fn stored_rows(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COALESCE(MAX(id), 0) FROM events", [], |r| r.get(0))
}

/// The subset of an event the report needs: its time, the report columns and the events the
/// SDK says it lost before this record (`va_rollout.dropped`, [`lost_of`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportEvent {
    pub time_ms: i64,
    pub fields: EventFields,
    pub lost: u64,
}

/// Most events one record may report lost (a larger `va_rollout.dropped` counts this much):
/// the sum over any window then fits an i64 in either engine.
pub const MAX_LOST_PER_RECORD: i64 = u32::MAX as i64;

/// The `va_rollout.dropped` of a record: an integer, clamped to `[0, MAX_LOST_PER_RECORD]`
/// (anything else counts 0).
pub fn lost_of(dropped: Option<i64>) -> u64 {
    dropped.map_or(0, |n| n.clamp(0, MAX_LOST_PER_RECORD) as u64)
}

impl Deref for ReportEvent {
    type Target = EventFields;

    fn deref(&self) -> &EventFields {
        &self.fields
    }
}

/// Events with `from_ms <= time < to_ms`, in time order.
pub fn load_window(
    conn: &Connection,
    from_ms: i64,
    to_ms: i64,
) -> rusqlite::Result<Vec<ReportEvent>> {
    load_window_where(conn, from_ms, to_ms, None)
}

/// As `load_window`, keeping only events whose flag context has `flag` = `value` (`None`: all).
pub fn load_window_where(
    conn: &Connection,
    from_ms: i64,
    to_ms: i64,
    flag: Option<(&str, bool)>,
) -> rusqlite::Result<Vec<ReportEvent>> {
    let filter = match flag {
        None => "",
        Some((_, true)) => " AND json_extract(flag_context, ?3) IN (1, 'true')",
        Some((_, false)) => " AND json_extract(flag_context, ?3) IN (0, 'false')",
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT time_ns, session_id, event_name, name, flow, path, status, duration_ms, action_name,
                transition_from, transition_to, variant,
                CASE json_type(attributes, '$.\"va_rollout.dropped\"') WHEN 'integer'
                  THEN json_extract(attributes, '$.\"va_rollout.dropped\"') END
         FROM events WHERE time_ns >= ?1 AND time_ns < ?2{filter} ORDER BY time_ns"
    ))?;
    let from_ns = from_ms.saturating_mul(1_000_000);
    let to_ns = to_ms.saturating_mul(1_000_000);
    let map = |r: &rusqlite::Row<'_>| {
        let ns: i64 = r.get(0)?;
        Ok(ReportEvent {
            time_ms: ns / 1_000_000,
            fields: EventFields {
                session_id: r.get(1)?,
                event_name: r.get(2)?,
                name: r.get(3)?,
                flow: r.get(4)?,
                path: r.get(5)?,
                status: r.get(6)?,
                duration_ms: r.get(7)?,
                action_name: r.get(8)?,
                transition_from: r.get(9)?,
                transition_to: r.get(10)?,
                variant: r.get(11)?,
            },
            lost: lost_of(r.get(12)?),
        })
    };
    let rows = match flag {
        None => stmt.query_map(params![from_ns, to_ns], map)?,
        Some((name, _)) => {
            let path = format!("$.\"{}\"", name.replace('"', ""));
            stmt.query_map(params![from_ns, to_ns, path], map)?
        }
    };
    rows.collect()
}
