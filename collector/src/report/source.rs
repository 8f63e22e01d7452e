//! Which engine the report and the plan guardrails read (`--clickhouse-url` ... or the SQLite
//! store), as one `plans::metrics::Metrics`.

use std::sync::Arc;

use clap::Args;

use crate::clickhouse::client::{Config, DEFAULT_DATABASE, DEFAULT_TABLE};
use crate::clickhouse::metrics::ClickHouseMetrics;
use crate::plans::metrics::{Metrics, SqliteMetrics};
use crate::store::Pool;

/// The ClickHouse engine's options; without `--clickhouse-url` the SQLite store is read.
/// Credentials come from `CLICKHOUSE_USER` / `CLICKHOUSE_PASSWORD` (never a flag).
#[derive(Args, Debug, Clone, Default, PartialEq)]
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
}

impl EngineArgs {
    /// The ClickHouse configuration, `None` for SQLite; `Err` names the bad option.
    pub fn clickhouse(&self) -> Result<Option<Config>, String> {
        self.clickhouse_url
            .as_deref()
            .map(|url| Config::new(url, &self.clickhouse_database, &self.clickhouse_table))
            .transpose()
            .map_err(|e| e.to_string())
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
