//! The `events` table: batch insert (deduplicated by event id) and reads for the report.

use rusqlite::{params, Connection, Transaction};

use std::ops::Deref;

use super::derived;
use crate::ingest::row::{EventFields, EventRow};

/// Inserts rows, ignoring event ids already stored. Returns how many were new.
pub fn insert(tx: &Transaction<'_>, rows: &[EventRow]) -> rusqlite::Result<usize> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO events (event_id, time_ns, session_id, event_name, name, flow, path, status, duration_ms,
           action_name, transition_from, transition_to, variant, service, flag_context, attributes, received_at_ms,
           lost, marks, page_from, page_to, elided)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
    )?;
    let mut inserted = 0;
    for r in rows {
        let f = &r.fields;
        let d = derived::of(r);
        inserted += stmt.execute(params![
            r.event_id,
            r.time_ns,
            f.session_id,
            f.event_name,
            f.name,
            f.flow,
            f.path,
            f.status,
            f.duration_ms,
            f.action_name,
            f.transition_from,
            f.transition_to,
            f.variant,
            r.service,
            r.flag_context,
            r.attributes,
            r.received_at_ms,
            d.lost,
            d.marks,
            d.page_from,
            d.page_to,
            r.elided,
        ])?;
    }
    Ok(inserted)
}

/// Number of stored events.
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
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
