//! Which engine the report and the plan guardrails read (`--clickhouse-url` ... or the SQLite
//! store), as one `plans::metrics::Metrics`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use clap::Args;

use crate::clickhouse::client::{Config, DEFAULT_DATABASE, DEFAULT_TABLE, DEFAULT_TIMEOUT_MS};
use crate::clickhouse::metrics::ClickHouseMetrics;
use crate::plans::metrics::{Metrics, SqliteMetrics};
use crate::store::Pool;

/// The ClickHouse engine's options; without `--clickhouse-url` the SQLite store is read.
/// Credentials come from `CLICKHOUSE_USER` / `CLICKHOUSE_PASSWORD` (never a flag).
#[derive(Args, Debug, Clone, PartialEq)]
pub struct EngineArgs {
    /// Read the report and the plan guardrails from ClickHouse at this URL
    /// (`http://host:8123` or `https://host:8443`), from the OpenTelemetry Collector
    /// exporter's table.
    #[arg(long, value_name = "URL")]
    pub clickhouse_url: Option<String>,
    /// The database of the exporter's table.
    #[arg(long, default_value = DEFAULT_DATABASE, value_name = "NAME")]
    pub clickhouse_database: String,
    /// The exporter's logs table.
    #[arg(long, default_value = DEFAULT_TABLE, value_name = "NAME")]
    pub clickhouse_table: String,
    /// How long one ClickHouse query may take (connection included) before the report answers
    /// 503 and a plan holds.
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_MS, value_name = "MS",
          value_parser = clap::value_parser!(u64).range(1..=3_600_000))]
    pub clickhouse_timeout_ms: u64,
}

impl Default for EngineArgs {
    fn default() -> Self {
        EngineArgs {
            clickhouse_url: None,
            clickhouse_database: DEFAULT_DATABASE.into(),
            clickhouse_table: DEFAULT_TABLE.into(),
            clickhouse_timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

/// The SQLite store of a command's `--db FILE`: it must exist, and gets the schema the
/// queries read (as at a collector's start: a file an older collector wrote is migrated).
pub fn open_db(db: &Path) -> Result<Arc<Pool>, String> {
    if !db.is_file() {
        return Err(format!("{}: no such database file", db.display()));
    }
    crate::store::init(db).map_err(|e| format!("{}: {e}", db.display()))?;
    Ok(Arc::new(Pool::new(db.to_path_buf())))
}

impl EngineArgs {
    /// The ClickHouse configuration, `None` for SQLite; `Err` names the bad option.
    pub fn clickhouse(&self) -> Result<Option<Config>, String> {
        self.clickhouse_url
            .as_deref()
            .map(|url| {
                let mut c = Config::new(url, &self.clickhouse_database, &self.clickhouse_table)?;
                c.timeout = Duration::from_millis(self.clickhouse_timeout_ms);
                Ok(c)
            })
            .transpose()
            .map_err(|e: crate::clickhouse::ClickHouseError| e.to_string())
    }

    /// The engine: ClickHouse when configured, else the SQLite store behind `pool` (`Err`
    /// when there is neither).
    pub fn metrics(&self, pool: Option<Arc<Pool>>) -> Result<Arc<dyn Metrics>, String> {
        match (self.clickhouse()?, pool) {
            (Some(config), _) => Ok(Arc::new(ClickHouseMetrics { config })),
            (None, Some(pool)) => Ok(Arc::new(SqliteMetrics { pool })),
            (None, None) => Err("give --db FILE or --clickhouse-url URL".into()),
        }
    }
}

/// A command's engine (`report`, `plan check`): the SQLite file `--db`, or ClickHouse.
#[derive(Args, Debug, Clone, Default, PartialEq)]
pub struct CommandEngine {
    /// The collector's SQLite file (when no --clickhouse-url is given).
    #[arg(long, value_name = "FILE", conflicts_with = "clickhouse_url")]
    pub db: Option<PathBuf>,
    #[command(flatten)]
    pub engine: EngineArgs,
}

impl CommandEngine {
    /// The engine: ClickHouse, or the SQLite file `--db` ([`open_db`]).
    pub fn metrics(&self) -> Result<Arc<dyn Metrics>, String> {
        let pool = self.db.as_deref().map(open_db).transpose()?;
        self.engine.metrics(pool)
    }
}
