//! SQLite storage of plans: the plan and its hash, the state (with the actions decided but not
//! yet carried out, so a crash never repeats or loses one), a lock so one collector acts at a
//! time, every evaluation, and the append-only audit trail.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::format::Plan;
use super::state::{Pending, PlanState};

/// A lock not renewed for this long is free (a collector killed mid-tick leaves one behind).
pub const LOCK_TTL_MS: i64 = 5_000;
/// Most plans stored.
pub const MAX_PLANS: i64 = 100;
/// Evaluations kept per plan (older ones are dropped; the audit trail is never trimmed).
pub const MAX_EVALS: i64 = 20_000;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS plans (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  plan_json TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS plan_state (
  plan_id TEXT PRIMARY KEY REFERENCES plans(id),
  state_json TEXT NOT NULL,
  pending_json TEXT NOT NULL DEFAULT '[]',
  updated_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS plan_locks (
  plan_id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS plan_evals (
  id INTEGER PRIMARY KEY,
  plan_id TEXT NOT NULL,
  time_ms INTEGER NOT NULL,
  stage INTEGER,
  percentage REAL NOT NULL,
  results_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS plan_evals_plan ON plan_evals(plan_id, time_ms);
CREATE TABLE IF NOT EXISTS plan_audit (
  id INTEGER PRIMARY KEY,
  plan_id TEXT NOT NULL,
  time_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  stage INTEGER,
  percentage REAL,
  reason TEXT NOT NULL,
  criteria_json TEXT NOT NULL,
  flipper_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS plan_audit_plan ON plan_audit(plan_id, id);
CREATE TRIGGER IF NOT EXISTS plan_audit_no_update BEFORE UPDATE ON plan_audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS plan_audit_no_delete BEFORE DELETE ON plan_audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
";

pub fn init(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(SCHEMA)
}

/// FNV-1a 64 of the canonical JSON of the plan: the same plan in YAML or JSON has one hash.
pub fn hash(plan: &Plan) -> String {
    let json = serde_json::to_string(plan).unwrap_or_default();
    let h = json.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{h:016x}")
}

#[derive(Debug, Clone)]
pub struct StoredPlan {
    pub plan: Plan,
    pub source: String,
    pub hash: String,
    pub state: PlanState,
    pub pending: Vec<Pending>,
}

fn json_err(e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(e))
}

/// Stores (or replaces) a plan; a new plan gets a pending state. `Ok(false)`: too many plans.
pub fn put(conn: &mut Connection, plan: &Plan, source: &str, now: i64) -> rusqlite::Result<bool> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let exists: bool = tx
        .query_row("SELECT 1 FROM plans WHERE id = ?1", [&plan.id], |_| Ok(()))
        .optional()?
        .is_some();
    if !exists {
        let n: i64 = tx.query_row("SELECT COUNT(*) FROM plans", [], |r| r.get(0))?;
        if n >= MAX_PLANS {
            return Ok(false);
        }
    }
    let h = hash(plan);
    let json = serde_json::to_string(plan).map_err(json_err)?;
    tx.execute(
        "INSERT INTO plans (id, source, plan_json, hash, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT(id) DO UPDATE SET source = excluded.source, plan_json = excluded.plan_json,
           hash = excluded.hash, updated_ms = excluded.updated_ms",
        params![plan.id, source, json, h, now],
    )?;
    let state = serde_json::to_string(&PlanState::new(&h, now)).map_err(json_err)?;
    tx.execute(
        "INSERT OR IGNORE INTO plan_state (plan_id, state_json, updated_ms) VALUES (?1, ?2, ?3)",
        params![plan.id, state, now],
    )?;
    tx.commit()?;
    Ok(true)
}

fn decode<T: serde::de::DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<StoredPlan>> {
    let row = conn
        .query_row(
            "SELECT p.plan_json, p.source, p.hash, s.state_json, s.pending_json
             FROM plans p JOIN plan_state s ON s.plan_id = p.id WHERE p.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((plan, source, hash, state, pending)) = row else {
        return Ok(None);
    };
    Ok(Some(StoredPlan {
        plan: decode(&plan)?,
        source,
        hash,
        state: decode(&state)?,
        pending: decode(&pending)?,
    }))
}

pub fn ids(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM plans ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// Writes the state and the actions still to carry out, in one transaction.
pub fn save(
    conn: &Connection,
    id: &str,
    state: &PlanState,
    pending: &[Pending],
    now: i64,
) -> rusqlite::Result<()> {
    let s = serde_json::to_string(state).map_err(json_err)?;
    let p = serde_json::to_string(pending).map_err(json_err)?;
    conn.execute(
        "UPDATE plan_state SET state_json = ?2, pending_json = ?3, updated_ms = ?4 WHERE plan_id = ?1",
        params![id, s, p, now],
    )?;
    Ok(())
}

/// Takes (or renews) the plan's lock for `owner`; false when another live owner holds it.
pub fn lock(conn: &Connection, id: &str, owner: &str, now: i64) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "INSERT INTO plan_locks (plan_id, owner, expires_ms) VALUES (?1, ?2, ?3)
         ON CONFLICT(plan_id) DO UPDATE SET owner = excluded.owner, expires_ms = excluded.expires_ms
         WHERE plan_locks.owner = excluded.owner OR plan_locks.expires_ms < ?4",
        params![id, owner, now + LOCK_TTL_MS, now],
    )?;
    Ok(n > 0)
}

pub fn unlock(conn: &Connection, id: &str, owner: &str) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM plan_locks WHERE plan_id = ?1 AND owner = ?2",
        params![id, owner],
    )?;
    Ok(())
}

/// One audit row: who or what, when, why, the criterion values behind it, Flipper's answers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub time_ms: i64,
    pub actor: String,
    pub action: String,
    pub stage: Option<i64>,
    pub percentage: Option<f64>,
    pub reason: String,
    pub criteria: serde_json::Value,
    pub flipper: serde_json::Value,
}

/// Appends one audit row and replaces the pending actions, in one transaction: an action is
/// either still pending or audited, never both, never neither.
pub fn audit_and_settle(
    conn: &mut Connection,
    plan_id: &str,
    e: &AuditEntry,
    pending: &[Pending],
) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO plan_audit (plan_id, time_ms, actor, action, stage, percentage, reason, criteria_json, flipper_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![plan_id, e.time_ms, e.actor, e.action, e.stage, e.percentage, e.reason, e.criteria.to_string(), e.flipper.to_string()],
    )?;
    let p = serde_json::to_string(pending).map_err(json_err)?;
    tx.execute(
        "UPDATE plan_state SET pending_json = ?2 WHERE plan_id = ?1",
        params![plan_id, p],
    )?;
    tx.commit()
}

pub fn audit(conn: &Connection, plan_id: &str) -> rusqlite::Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, time_ms, actor, action, stage, percentage, reason, criteria_json, flipper_json
         FROM plan_audit WHERE plan_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([plan_id], |r| {
        let j = |s: String| serde_json::from_str(&s).unwrap_or(serde_json::Value::Null);
        Ok(AuditEntry {
            id: r.get(0)?,
            time_ms: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            stage: r.get(4)?,
            percentage: r.get(5)?,
            reason: r.get(6)?,
            criteria: j(r.get(7)?),
            flipper: j(r.get(8)?),
        })
    })?;
    rows.collect()
}

/// One stored evaluation (for the plan page's chart and the per-stage results).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvalRow {
    pub time_ms: i64,
    pub stage: Option<i64>,
    pub percentage: f64,
    pub results: serde_json::Value,
}

pub fn add_eval(conn: &Connection, plan_id: &str, row: &EvalRow) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO plan_evals (plan_id, time_ms, stage, percentage, results_json) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![plan_id, row.time_ms, row.stage, row.percentage, row.results.to_string()],
    )?;
    conn.execute(
        "DELETE FROM plan_evals WHERE plan_id = ?1 AND id <= (SELECT MAX(id) FROM plan_evals WHERE plan_id = ?1) - ?2",
        params![plan_id, MAX_EVALS],
    )?;
    Ok(())
}

pub fn evals(conn: &Connection, plan_id: &str) -> rusqlite::Result<Vec<EvalRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT time_ms, stage, percentage, results_json FROM plan_evals WHERE plan_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([plan_id], |r| {
        Ok(EvalRow {
            time_ms: r.get(0)?,
            stage: r.get(1)?,
            percentage: r.get(2)?,
            results: serde_json::from_str(&r.get::<_, String>(3)?)
                .unwrap_or(serde_json::Value::Null),
        })
    })?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        super::super::format::parse(
            "id: p\ntoggles: [{name: t}]\nstages: [{name: A, percentage: 5, min_duration: 1m}]\n",
        )
        .expect("plan")
    }

    #[test]
    fn plans_state_lock_and_append_only_audit() {
        let dir = tempfile::tempdir().expect("dir");
        let mut c = crate::store::init(&dir.path().join("t.db")).expect("db");
        assert!(put(&mut c, &plan(), "yaml", 1).expect("put"));
        let sp = get(&c, "p").expect("get").expect("some");
        assert_eq!(sp.hash, hash(&plan()));
        assert!(lock(&c, "p", "a", 10).expect("lock"));
        assert!(!lock(&c, "p", "b", 11).expect("held"));
        assert!(lock(&c, "p", "b", 11 + LOCK_TTL_MS).expect("expired"));
        let e = AuditEntry {
            id: 0,
            time_ms: 1,
            actor: "t".into(),
            action: "x".into(),
            stage: Some(0),
            percentage: Some(5.0),
            reason: "r".into(),
            criteria: serde_json::json!([]),
            flipper: serde_json::json!([]),
        };
        audit_and_settle(&mut c, "p", &e, &[]).expect("audit");
        assert_eq!(audit(&c, "p").expect("rows").len(), 1);
        assert!(
            c.execute("DELETE FROM plan_audit", []).is_err(),
            "append-only"
        );
        assert!(
            c.execute("UPDATE plan_audit SET reason = 'no'", [])
                .is_err(),
            "append-only"
        );
    }
}
