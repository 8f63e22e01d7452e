//! SQLite storage: opening connections (WAL), the schema, and a small pool of read connections.
//! All SQL uses bound parameters.

pub mod derived;
pub mod events;
pub mod features;
pub mod requests;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::Connection;

/// How long a connection waits for the write lock before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Most idle connections kept in the pool.
const MAX_POOLED: usize = 8;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  time_ns INTEGER NOT NULL,
  session_id TEXT,
  event_name TEXT NOT NULL,
  name TEXT,
  flow TEXT,
  path TEXT,
  status INTEGER,
  duration_ms REAL,
  action_name TEXT,
  transition_from TEXT,
  transition_to TEXT,
  variant INTEGER,
  service TEXT,
  flag_context TEXT NOT NULL,
  attributes TEXT NOT NULL,
  received_at_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS features (
  key TEXT PRIMARY KEY,
  boolean INTEGER NOT NULL DEFAULT 0,
  actors TEXT NOT NULL DEFAULT '[]',
  groups TEXT NOT NULL DEFAULT '[]',
  percentage_of_actors TEXT,
  percentage_of_time TEXT,
  expression TEXT,
  actor_type TEXT NOT NULL DEFAULT 'user',
  description TEXT,
  updated_at_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS request_log (
  id INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  system TEXT NOT NULL,
  session_id TEXT,
  status INTEGER NOT NULL
);
";

/// Schema changes after [`SCHEMA`], in order; `PRAGMA user_version` counts those applied, so
/// an existing database file gets the ones it lacks at the next start ([`migrate`]).
const MIGRATIONS: [&str; 6] = [
    // 1: the report's queries on one event kind (errors, timings, clicks, transitions) read
    // that kind's window from this index instead of scanning every event of the window.
    "CREATE INDEX IF NOT EXISTS events_name_time ON events(event_name, time_ns);",
    // 2: the report's per-event values as columns (`derived`), backfilled, and two covering
    // indexes in place of `events_time` and `events_name_time`: the report reads no table row.
    "ALTER TABLE events ADD COLUMN lost INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE events ADD COLUMN marks INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE events ADD COLUMN page_from INTEGER;
     ALTER TABLE events ADD COLUMN page_to INTEGER;
     UPDATE events SET lost = va_derived_lost(attributes)
       WHERE instr(attributes, '\"va_rollout.dropped\"') > 0;
     UPDATE events SET marks = va_derived_marks(event_name, name, action_name, status)
       WHERE va_derived_marks(event_name, name, action_name, status) <> 0;
     UPDATE events SET page_from = va_derived_page(event_name, transition_from),
       page_to = va_derived_page(event_name, transition_to)
       WHERE event_name = 'va_rollout.transition';
     DROP INDEX IF EXISTS events_time;
     DROP INDEX IF EXISTS events_name_time;
     CREATE INDEX events_window
       ON events(time_ns, variant, flow, event_name, status, marks, lost, session_id);
     CREATE INDEX events_kind ON events(event_name, time_ns, variant, flow, session_id, name,
       action_name, duration_ms, page_from, page_to);",
    // 3: the report's GROUP BYs in index order (no sorter): `events_scope` in place of
    // `events_window` for the totals (per variant, flow, event, status) and the sessions, and
    // the latency samples per request name and flow key (`report::sqlite::queries::LATENCY`).
    "DROP INDEX IF EXISTS events_window;
     CREATE INDEX events_scope
       ON events(variant, flow, event_name, status, marks, lost, session_id, time_ns);
     CREATE INDEX IF NOT EXISTS events_latency
       ON events(name, COALESCE(flow, 'none'), variant, duration_ms, time_ns)
       WHERE event_name IN ('va_rollout.timing', 'va_rollout.error')
         AND duration_ms IS NOT NULL AND name IS NOT NULL;",
    // 4: a short window's time range (`report::sqlite::Plan::Range`) for the queries over all
    // events, and the stored time span that picks the plan (two seeks); and `time_ns` before the
    // columns in no order (`session_id`, `duration_ms`) in the two wide indexes, so that an insert
    // lands at the end of its group instead of at a random place in it (at 1 M, `events_scope`
    // cost 17.8 µs of CPU per inserted event with `session_id` first, 5.2 µs with `time_ns`
    // first). Their queries group by the leading columns only (`va_latency` sorts itself).
    "CREATE INDEX IF NOT EXISTS events_time ON events(time_ns);
     DROP INDEX IF EXISTS events_scope;
     CREATE INDEX events_scope
       ON events(variant, flow, event_name, status, marks, lost, time_ns, session_id);
     DROP INDEX IF EXISTS events_latency;
     CREATE INDEX events_latency
       ON events(name, COALESCE(flow, 'none'), variant, time_ns, duration_ms)
       WHERE event_name IN ('va_rollout.timing', 'va_rollout.error')
         AND duration_ms IS NOT NULL AND name IS NOT NULL;",
    // 5: a narrower row: `attributes` leaves out the string attributes a column holds and the
    // boolean flags `flag_context` holds (`ingest::row::ELIDED`, the bits in `elided`; rows
    // stored before have 0 and every attribute), and the view `events_sent` is every row with
    // its attributes as received (`EventRow::sent_attributes` in SQL). A NULL path is skipped by
    // `json_insert`; the flags are all booleans when their bit is set.
    "ALTER TABLE events ADD COLUMN elided INTEGER NOT NULL DEFAULT 0;
     CREATE VIEW IF NOT EXISTS events_sent AS SELECT id, event_id, time_ns, session_id,
       event_name, name, flow, path, status, duration_ms, action_name, transition_from,
       transition_to, variant, service, flag_context,
       CASE WHEN elided = 0 THEN attributes ELSE json_patch(json_insert(attributes,
         CASE WHEN elided & 1 THEN '$.\"va_rollout.event.id\"' END, event_id,
         CASE WHEN elided & 2 THEN '$.\"event.name\"' END, event_name,
         CASE WHEN elided & 4 THEN '$.\"session.id\"' END, session_id,
         CASE WHEN elided & 8 THEN '$.\"url.path\"' END, path,
         CASE WHEN elided & 16 THEN '$.\"va_rollout.flow\"' END, flow,
         CASE WHEN elided & 32 THEN '$.\"va_rollout.action.name\"' END, action_name,
         CASE WHEN elided & 64 THEN '$.\"va_rollout.transition.from\"' END, transition_from,
         CASE WHEN elided & 128 THEN '$.\"va_rollout.transition.to\"' END, transition_to),
         CASE WHEN elided & 256 THEN (SELECT json_group_object('va_rollout.flag.' || key,
           json(CASE type WHEN 'true' THEN 'true' ELSE 'false' END)) FROM json_each(flag_context))
         ELSE '{}' END) END AS attributes,
       received_at_ms, lost, marks, page_from, page_to, elided
     FROM events;",
    // 6: `events_kind` (every event, ten columns) split into three partial covering indexes,
    // one per family of the report's queries on one event kind, each with only the columns its
    // queries read: an insert updates at most one of them, five or six columns wide, and an
    // event of another kind (`va_rollout.action`) none. The queries repeat each `WHERE` word
    // for word (`report::sqlite::queries`), so that SQLite may read the index.
    "DROP INDEX IF EXISTS events_kind;
     CREATE INDEX IF NOT EXISTS events_calls ON events(event_name, time_ns, variant, flow, name, duration_ms)
       WHERE event_name IN ('va_rollout.timing', 'va_rollout.error');
     CREATE INDEX IF NOT EXISTS events_clicks ON events(time_ns, variant, flow, action_name, name)
       WHERE event_name = 'va_rollout.click';
     CREATE INDEX IF NOT EXISTS events_moves
       ON events(time_ns, variant, flow, session_id, page_from, page_to)
       WHERE event_name = 'va_rollout.transition';",
];

/// The `PRAGMA user_version` of a database with every migration applied.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies the [`MIGRATIONS`] the database lacks, each in a transaction with its version.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let applied: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if applied < MIGRATIONS.len() as i64 {
        derived::register(conn)?;
    }
    for (i, m) in MIGRATIONS.iter().enumerate() {
        let version = i as i64 + 1;
        if version <= applied {
            continue;
        }
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(m)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

/// Opens a connection with the collector's pragmas. `synchronous=FULL`: a committed
/// transaction survives a crash of the process and of the machine.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

/// Page cache of the ingest writer's connection, in KiB (SQLite's default is 2 MiB). Not larger:
/// SQLite walks every cached page at the end of a transaction whose b-tree balancing moved a page
/// (`balance_nonroot` rekeys it through the lock page's number, so `pcache1TruncateUnsafe` scans
/// the whole cache while the file is under 1 GiB), which at 64 MiB took a third of the writer's CPU.
const WRITER_CACHE_KIB: i64 = 8 * 1024;

/// WAL pages after which the writer's commit checkpoints (SQLite's default is 1,000 = 4 MiB): fewer,
/// larger checkpoints copy a page rewritten by many small transactions once, and sync the database
/// file less often on the writer's thread. The WAL stays bounded at about this size (32 MiB).
const WRITER_AUTOCHECKPOINT_PAGES: i64 = 8_000;

/// The ingest writer's connection: `open`'s pragmas but `synchronous=NORMAL` (a commit is not
/// synced by SQLite: the ingest syncer thread syncs the WAL file itself, once for every
/// transaction committed meanwhile, see [`Durability`]), its page cache and checkpoint interval,
/// and temporary b-trees in memory.
pub fn open_writer(path: &Path) -> rusqlite::Result<Connection> {
    let conn = open(path)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "cache_size", -WRITER_CACHE_KIB)?;
    conn.pragma_update(None, "wal_autocheckpoint", WRITER_AUTOCHECKPOINT_PAGES)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(conn)
}

/// When an ingest batch is acknowledged (`--ingest-sync`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Durability {
    /// After its transaction's WAL frames are synced to disk: it survives a crash of the
    /// collector, of the operating system and a power cut (as `synchronous=FULL`).
    #[default]
    Full,
    /// After its transaction is committed to the operating system (`synchronous=NORMAL`): it
    /// survives a crash of the collector, but an operating-system crash or a power cut can lose
    /// what was committed since the last checkpoint synced the WAL.
    Normal,
}

impl Durability {
    pub fn syncs_each_commit(self) -> bool {
        self == Durability::Full
    }
}

/// The WAL file of the database at `db` (SQLite's name: the database's with `-wal`).
pub fn wal_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

/// Syncs a file's data to disk (opened anew each time, so it is the file now at `path`).
pub fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::File::open(path)?.sync_data()
}

/// Opens the database and creates the schema if needed.
pub fn init(path: &Path) -> rusqlite::Result<Connection> {
    let mut conn = open(path)?;
    conn.execute_batch(SCHEMA)?;
    migrate(&mut conn)?;
    crate::plans::store::init(&conn)?;
    Ok(conn)
}

/// A pool of connections for handlers (reads, flag writes, request log). The ingest writer
/// has its own connection.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl Pool {
    pub fn new(path: PathBuf) -> Self {
        Pool {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Runs `f` with a pooled connection (on the calling thread: call from `spawn_blocking`).
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let taken = self.idle.lock().ok().and_then(|mut v| v.pop());
        let mut conn = match taken {
            Some(c) => c,
            None => open(&self.path)?,
        };
        let out = f(&mut conn);
        if let Ok(mut v) = self.idle.lock() {
            if v.len() < MAX_POOLED {
                v.push(conn);
            }
        }
        out
    }
}
