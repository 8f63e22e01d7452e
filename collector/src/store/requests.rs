//! The demo request log: one row per demo VAOS request, for the journeys' "one system per session" check.

use rusqlite::{params, Connection};
use serde::Serialize;

/// Most rows returned by `GET /debug/requests.json`.
pub const MAX_LOG_ROWS: i64 = 100_000;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RequestLogRow {
    pub time_ms: i64,
    pub method: String,
    pub path: String,
    /// `v2` (VAOS service) or `legacy` (v0 and Lighthouse facilities).
    pub system: String,
    pub session_id: Option<String>,
    pub status: u16,
}

pub fn insert(conn: &Connection, row: &RequestLogRow) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO request_log (time_ms, method, path, system, session_id, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![row.time_ms, row.method, row.path, row.system, row.session_id, row.status])?;
    Ok(())
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<RequestLogRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT time_ms, method, path, system, session_id, status FROM request_log ORDER BY id LIMIT ?1",
    )?;
    let rows = stmt.query_map(params![MAX_LOG_ROWS], |r| {
        Ok(RequestLogRow {
            time_ms: r.get(0)?,
            method: r.get(1)?,
            path: r.get(2)?,
            system: r.get(3)?,
            session_id: r.get(4)?,
            status: r.get(5)?,
        })
    })?;
    rows.collect()
}

pub fn clear(conn: &Connection) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM request_log", [])
}
