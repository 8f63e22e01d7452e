//! The `features` table: Flipper gate values per feature (see `flags::model::StoredFeature`).

use std::collections::BTreeSet;

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::flags::model::{ActorType, StoredFeature};

fn from_row(r: &Row<'_>) -> rusqlite::Result<StoredFeature> {
    let set = |s: String| serde_json::from_str::<BTreeSet<String>>(&s).unwrap_or_default();
    let expression: Option<String> = r.get(6)?;
    let actor_type: String = r.get(7)?;
    Ok(StoredFeature {
        key: r.get(0)?,
        boolean: r.get(1)?,
        actors: set(r.get(2)?),
        groups: set(r.get(3)?),
        percentage_of_actors: r.get(4)?,
        percentage_of_time: r.get(5)?,
        expression: expression.and_then(|e| serde_json::from_str(&e).ok()),
        actor_type: ActorType::parse(&actor_type).unwrap_or_default(),
        description: r.get(8)?,
    })
}

const COLUMNS: &str =
    "key, boolean, actors, groups, percentage_of_actors, percentage_of_time, expression, actor_type, description";

pub fn all(conn: &Connection) -> rusqlite::Result<Vec<StoredFeature>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM features ORDER BY key"))?;
    let rows = stmt.query_map([], from_row)?;
    rows.collect()
}

pub fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<StoredFeature>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM features WHERE key = ?1"))?
        .query_row(params![key], from_row)
        .optional()
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM features", [], |r| r.get(0))
}

pub fn upsert(conn: &Connection, f: &StoredFeature, now_ms: i64) -> rusqlite::Result<()> {
    let json = |s: &BTreeSet<String>| serde_json::to_string(s).unwrap_or_else(|_| "[]".into());
    conn.prepare_cached(
        "INSERT INTO features (key, boolean, actors, groups, percentage_of_actors, percentage_of_time, expression,
           actor_type, description, updated_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT(key) DO UPDATE SET boolean = excluded.boolean, actors = excluded.actors, groups = excluded.groups,
           percentage_of_actors = excluded.percentage_of_actors, percentage_of_time = excluded.percentage_of_time,
           expression = excluded.expression, actor_type = excluded.actor_type, description = excluded.description,
           updated_at_ms = excluded.updated_at_ms",
    )?
    .execute(params![
        f.key,
        f.boolean,
        json(&f.actors),
        json(&f.groups),
        f.percentage_of_actors,
        f.percentage_of_time,
        f.expression.as_ref().map(|e| e.to_string()),
        f.actor_type.as_str(),
        f.description,
        now_ms,
    ])?;
    Ok(())
}

pub fn delete(conn: &Connection, key: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM features WHERE key = ?1", params![key])? > 0)
}

/// Replaces the features named in `seed` (others are kept), in one transaction.
pub fn seed(conn: &mut Connection, seed: &[StoredFeature], now_ms: i64) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for f in seed {
        upsert(&tx, f, now_ms)?;
    }
    tx.commit()
}
