//! The ClickHouse engine of the one metrics trait (`plans::metrics::Metrics`): the report and
//! the plan guardrails over the exporter's `otel_logs`, aggregated in ClickHouse
//! ([`super::report::fetch_split`]). Every call checks the table first, so a wrong table is
//! named as such; any error is returned (the report answers 503, a plan holds).

use std::future::Future;

use super::client::{Client, Config};
use super::errors::ClickHouseError;
use super::report::{self, ScopedStats};
use super::sql::{self, Span};
use crate::error::ApiError;
use crate::plans::format::Scope;
use crate::plans::metrics::{EndpointRate, Metrics, Needs, Read};
use crate::report::model::{self, Report, Window};
use crate::report::stats::{self, VariantStats};

/// The ClickHouse engine; a client per call (the trait is blocking and may be called from any
/// thread, so each call runs on its own small runtime).
pub struct ClickHouseMetrics {
    pub config: Config,
}

impl ClickHouseMetrics {
    /// Runs `f` with a checked table on a fresh thread and runtime.
    fn run<T, F, Fut>(&self, f: F) -> Result<T, ClickHouseError>
    where
        T: Send + 'static,
        F: FnOnce(Client) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, ClickHouseError>>,
    {
        let config = self.config.clone();
        let worker = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| ClickHouseError::Config(format!("runtime: {e}")))?;
            rt.block_on(async move {
                let client = Client::new(config)?;
                client.check_table().await?;
                f(client).await
            })
        });
        worker
            .join()
            .map_err(|_| ClickHouseError::Config("query thread failed".into()))?
    }

    fn scoped(&self, flag: &str, w: Span) -> Result<ScopedStats, ClickHouseError> {
        let attr = sql::variant_attr(flag);
        self.run(move |c| async move { report::fetch_split(&c, w, &attr).await })
    }

    /// The scope's statistics from `a` (a scope without events: what SQLite computes for none).
    fn pick(mut a: ScopedStats, scope: Scope) -> VariantStats {
        let picked = match scope_key(scope) {
            ("all", _) => Some(a.all),
            (_, key) => a.variants.remove(key),
        };
        picked.unwrap_or_else(|| stats::compute(&[]))
    }
}

fn span(from_ms: i64, to_ms: i64) -> Span {
    Span { from_ms, to_ms }
}

/// The (scope, key) rows of a plan scope: all events, or the flag's true / false split.
fn scope_key(scope: Scope) -> (&'static str, &'static str) {
    match scope {
        Scope::All => ("all", ""),
        Scope::New => ("variant", "new"),
        Scope::Base => ("variant", "base"),
    }
}

impl Metrics for ClickHouseMetrics {
    fn report(&self, w: Window) -> Result<Report, ApiError> {
        let s = self
            .scoped(crate::ingest::otlp::VARIANT_FLAG, span(w.from_ms, w.to_ms))
            .map_err(|e| ApiError::EngineUnavailable(e.to_string()))?;
        Ok(model::assemble(w, s))
    }

    fn window(
        &self,
        flag: &str,
        scope: Scope,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<VariantStats, String> {
        let s = self
            .scoped(flag, span(from_ms, to_ms))
            .map_err(|e| e.to_string())?;
        Ok(Self::pick(s, scope))
    }

    /// One or two queries (totals, and latency when needed) instead of the report's nine.
    fn window_needs(&self, r: Read<'_>, needs: Needs) -> Result<VariantStats, String> {
        if needs.everything {
            return self.window(r.flag, r.scope, r.from_ms, r.to_ms);
        }
        let attr = sql::variant_attr(r.flag);
        let w = span(r.from_ms, r.to_ms);
        let lat = needs.latency;
        let s = self
            .run(move |c| async move { report::fetch_guardrail(&c, w, &attr, lat).await })
            .map_err(|e| e.to_string())?;
        Ok(Self::pick(s, r.scope))
    }

    fn endpoints(
        &self,
        flag: &str,
        scope: Scope,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<EndpointRate>, String> {
        let attr = sql::variant_attr(flag);
        let w = span(from_ms, to_ms);
        self.run(move |c| async move { report::endpoints(&c, w, &attr, scope_key(scope)).await })
            .map_err(|e| e.to_string())
    }
}
