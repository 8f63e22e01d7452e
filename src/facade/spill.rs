//! The spill store in the page: IndexedDB database `va-rollout`, store `spill`, one value per
//! event under its key (queue time, then id: the store lists them oldest first)
//! `{ k: key, r: compact record, t: queued at, c: claimed until, w: writer page }`.
//! The tracker says what to write, delete, release and claim; the store's rules (trim by bytes
//! and age, which records are free to claim) are the core's `telemetry::spill`. Each sync is one
//! readwrite transaction, so two tabs never claim the same record at once.

use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbObjectStore};

use super::delivery::schedule;
use super::runtime::{now, with, Shared};
use crate::browser::global::unique_id;
use crate::browser::idb;
use va_rollout_core::telemetry::spill::{claimable, StoredMeta, CLAIM_MS};
use va_rollout_core::telemetry::LossReason;

const DB: &str = "va-rollout";
const STORE: &str = "spill";

/// The shell's spill state: the open database (none without IndexedDB) and this page's token.
pub struct SpillShell {
    db: Option<IdbDatabase>,
    me: String,
    /// A claim is being made: do not start another.
    claiming: bool,
}

impl Default for SpillShell {
    fn default() -> Self {
        SpillShell {
            db: None,
            me: unique_id(),
            claiming: false,
        }
    }
}

/// At start: opens the store; with it, the tracker spills instead of dropping and reads back
/// what earlier pages stored. Without it (Node, private modes), nothing changes.
pub fn open(shared: &Shared) {
    with(shared, |rt| {
        rt.telemetry.as_mut().map(|t| t.tracker.expect_spill())
    });
    let task = shared.clone();
    idb::open(DB, STORE, move |db| {
        with(&task, |rt| {
            rt.telemetry.as_mut().map(|t| {
                t.tracker.set_spill(db.is_some());
                t.spill.db = db;
            })
        });
        sync(&task);
    });
}

fn field(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn value(key: &str, record: &str, queued_at: f64, claimed_until: f64, writer: &str) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in [
        ("k", JsValue::from_str(key)),
        ("r", JsValue::from_str(record)),
        ("t", JsValue::from_f64(queued_at)),
        ("c", JsValue::from_f64(claimed_until)),
        ("w", JsValue::from_str(writer)),
    ] {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
    }
    o.into()
}

/// One stored value, read back.
struct Entry {
    key: String,
    record: String,
    meta: StoredMeta,
    writer: String,
}

fn entry(v: &JsValue) -> Option<Entry> {
    let record = field(v, "r").as_string()?;
    Some(Entry {
        key: field(v, "k").as_string()?,
        meta: StoredMeta {
            queued_at_ms: field(v, "t").as_f64()?,
            bytes: record.len(),
            claimed_until_ms: field(v, "c").as_f64().unwrap_or(0.0),
        },
        record,
        writer: field(v, "w").as_string().unwrap_or_default(),
    })
}

/// Writes what the tracker spilled, deletes what was sent, releases what failed, trims the store
/// and, when the tracker wants them, claims the next records to send. Cheap when there is nothing
/// to do.
pub fn sync(shared: &Shared) {
    let work = with(shared, |rt| {
        let t = rt.telemetry.as_mut()?;
        let db = t.spill.db.clone()?;
        let (batch, writes) = t.tracker.take_spill();
        let (done, released) = t.tracker.take_spill_done();
        let want = t.tracker.wants_spilled(now()).filter(|_| !t.spill.claiming);
        if writes.is_empty() && done.is_empty() && released.is_empty() && want.is_none() {
            return None;
        }
        t.spill.claiming |= want.is_some();
        let me = t.spill.me.clone();
        let policy = t.tracker.config().spill;
        Some((db, me, batch, writes, done, released, want, policy))
    })
    .flatten();
    let Some((db, me, batch, writes, done, released, want, policy)) = work else {
        return;
    };
    let Some(store) = idb::store(&db, STORE) else {
        with(shared, |rt| {
            rt.telemetry.as_mut().map(|t| {
                t.spill.claiming = false;
                t.tracker.spill_written(batch, false);
            })
        });
        return;
    };
    if !writes.is_empty() {
        // Written only once the transaction completes: until then page exit persists them too.
        let task = shared.clone();
        idb::on_done(&store, move |ok| {
            with(&task, |rt| {
                rt.telemetry
                    .as_mut()
                    .map(|t| t.tracker.spill_written(batch, ok))
            });
        });
    }
    for w in &writes {
        idb::put(
            &store,
            &w.key,
            &value(&w.key, &w.record, w.queued_at_ms, 0.0, &me),
        );
    }
    for id in &done {
        idb::delete(&store, id);
    }
    let task = shared.clone();
    idb::get_all(&store, move |store, values| {
        let Some(values) = values else {
            // The read failed: nothing claimed; the next sync tries again.
            with(&task, |rt| {
                rt.telemetry.as_mut().map(|t| t.spill.claiming = false)
            });
            return;
        };
        let now_ms = now();
        let entries = settle(store, values, &released);
        let trimmed = trim(store, &entries, policy, now_ms);
        let claimed =
            want.map(|(n, bytes)| claim(store, &entries, &trimmed, n, bytes, now_ms, &me));
        let next = with(&task, |rt| {
            let t = rt.telemetry.as_mut()?;
            t.tracker.spill_trimmed(
                &trimmed
                    .iter()
                    .map(|(i, r)| {
                        let e = &entries[*i];
                        (e.key.clone(), *r, e.writer == me)
                    })
                    .collect::<Vec<_>>(),
            );
            let claimed = claimed?;
            t.spill.claiming = false;
            // Left stored, not given up and not claimed here: other tabs hold their claims.
            let others = entries.len().saturating_sub(trimmed.len() + claimed.len());
            Some(t.tracker.restore_spilled(claimed, others, now_ms))
        })
        .flatten();
        if let Some(next) = next {
            schedule(&task, next);
        }
    });
}

/// The stored entries, with released claims cleared; values this SDK did not write are deleted.
fn settle(store: &IdbObjectStore, values: Vec<JsValue>, released: &[String]) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(values.len());
    for v in values {
        let Some(mut e) = entry(&v) else {
            if let Some(key) = field(&v, "k").as_string() {
                idb::delete(store, &key);
            }
            continue;
        };
        if released.contains(&e.key) {
            e.meta.claimed_until_ms = 0.0;
            idb::put(
                store,
                &e.key,
                &value(&e.key, &e.record, e.meta.queued_at_ms, 0.0, &e.writer),
            );
        }
        entries.push(e);
    }
    entries
}

/// Deletes what the store's rules give up; returns the indexes and why.
fn trim(
    store: &IdbObjectStore,
    entries: &[Entry],
    policy: va_rollout_core::telemetry::spill::SpillPolicy,
    now_ms: f64,
) -> Vec<(usize, LossReason)> {
    let metas: Vec<StoredMeta> = entries.iter().map(|e| e.meta.clone()).collect();
    let out = policy.trim(&metas, now_ms);
    for (i, _) in &out {
        idb::delete(store, &entries[*i].key);
    }
    out
}

/// Claims the oldest free records (not trimmed) for this page; returns them for the tracker.
fn claim(
    store: &IdbObjectStore,
    entries: &[Entry],
    trimmed: &[(usize, LossReason)],
    n: usize,
    bytes: usize,
    now_ms: f64,
    me: &str,
) -> Vec<(String, f64, bool)> {
    let metas: Vec<StoredMeta> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut m = e.meta.clone();
            if trimmed.iter().any(|(t, _)| *t == i) {
                m.claimed_until_ms = f64::INFINITY;
            }
            m
        })
        .collect();
    claimable(&metas, now_ms, n, bytes)
        .into_iter()
        .map(|i| {
            let e = &entries[i];
            let until = now_ms + CLAIM_MS;
            idb::put(
                store,
                &e.key,
                &value(&e.key, &e.record, e.meta.queued_at_ms, until, &e.writer),
            );
            (e.record.clone(), e.meta.queued_at_ms, e.writer == me)
        })
        .collect()
}
