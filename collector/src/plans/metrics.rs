//! The ONE place the report and the guardrails read metrics from: a trait with two engines,
//! [`SqliteMetrics`] (the collector's own store, the default) and
//! `clickhouse::metrics::ClickHouseMetrics` (the exporter's `otel_logs`). Values are the
//! report's statistics (`report::stats`), so a plan's guardrail and the report always agree.

use std::sync::Arc;

use super::format::Scope;
use crate::error::ApiError;
use crate::report::model::{self, Report, Window};
use crate::report::sqlite::{self as report_sql, Select};
use crate::report::stats::{self, VariantStats};
use crate::store::{events, Pool};

/// Statistics of the events in `[from_ms, to_ms)` of one scope; `flag` is the event flag that
/// says new (true) or base (false). An `Err` makes the plan hold: it never advances on it.
pub trait Metrics: Send + Sync {
    /// The rollout report for a window (`GET /report.json`, `va-rollout-collector report`).
    /// Blocking: call it on a blocking thread. An engine that cannot answer gives
    /// `ApiError::EngineUnavailable` with its message (503).
    fn report(&self, window: Window) -> Result<Report, ApiError>;

    fn window(
        &self,
        flag: &str,
        scope: Scope,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<VariantStats, String>;

    /// As [`Metrics::window`], computing only what `needs` asks for (a guardrail's metric);
    /// the other fields are left at zero. Engines answer it with fewer queries.
    fn window_needs(&self, r: Read<'_>, needs: Needs) -> Result<VariantStats, String> {
        let _ = needs;
        self.window(r.flag, r.scope, r.from_ms, r.to_ms)
    }

    /// Calls and errors per tracked request (the downstream endpoints, e.g. VAOS's), same window.
    fn endpoints(
        &self,
        flag: &str,
        scope: Scope,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<EndpointRate>, String>;
}

/// One tracked request's traffic: timing and error events named after it (the log body).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EndpointRate {
    pub name: String,
    pub calls: usize,
    pub errors: usize,
}

/// Calls (timing + error events) and errors per request name, busiest first.
pub fn endpoint_rates(events: &[&events::ReportEvent]) -> Vec<EndpointRate> {
    let mut by: std::collections::BTreeMap<&str, (usize, usize)> =
        std::collections::BTreeMap::new();
    for e in events {
        let error = e.event_name == stats::EVENT_ERROR;
        if !(error || e.event_name == stats::EVENT_TIMING) {
            continue;
        }
        let Some(name) = e.name.as_deref() else {
            continue;
        };
        let k = by.entry(name).or_default();
        k.0 += 1;
        k.1 += usize::from(error);
    }
    let mut out: Vec<EndpointRate> = by
        .into_iter()
        .map(|(n, (c, e))| EndpointRate {
            name: n.to_string(),
            calls: c,
            errors: e,
        })
        .collect();
    busiest_first(&mut out);
    out
}

/// The order of [`endpoint_rates`]: most calls first, then by name.
pub fn busiest_first(rates: &mut [EndpointRate]) {
    rates.sort_by(|a, b| b.calls.cmp(&a.calls).then_with(|| a.name.cmp(&b.name)));
}

pub fn filter(flag: &str, scope: Scope) -> Option<(&str, bool)> {
    match scope {
        Scope::All => None,
        Scope::New => Some((flag, true)),
        Scope::Base => Some((flag, false)),
    }
}

/// One read of a plan's guardrails: the events of `scope` (on the plan's variant `flag`) in
/// `[from_ms, to_ms)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read<'a> {
    pub flag: &'a str,
    pub scope: Scope,
    pub from_ms: i64,
    pub to_ms: i64,
}

/// What a read of a window must compute. The event count, errors, breaker events, messages
/// sent and events lost come with every read (one query); the rest is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Needs {
    /// Distinct sessions.
    pub sessions: bool,
    /// Latency per tracked request.
    pub latency: bool,
    /// Everything else the report shows (events by name, errors by status, the 10-minute
    /// error window, clicks, paths and funnels, the charts' data).
    pub everything: bool,
}

impl Needs {
    /// The whole report.
    pub const ALL: Needs = Needs {
        sessions: true,
        latency: true,
        everything: true,
    };

    /// Both needs at once.
    pub fn union(self, o: Needs) -> Needs {
        Needs {
            sessions: self.sessions || o.sessions,
            latency: self.latency || o.latency,
            everything: self.everything || o.everything,
        }
    }
}

/// Over the collector's SQLite `events` table, aggregated by SQLite (`report::sqlite`).
pub struct SqliteMetrics {
    pub pool: Arc<Pool>,
}

impl Metrics for SqliteMetrics {
    fn report(&self, w: Window) -> Result<Report, ApiError> {
        let sel = Select {
            from_ms: w.from_ms,
            to_ms: w.to_ms,
            flag: None,
        };
        let a = report_sql::aggregates_parallel(&self.pool, &sel, Needs::ALL)?;
        Ok(model::assemble(w, a))
    }

    fn window(
        &self,
        flag: &str,
        scope: Scope,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<VariantStats, String> {
        let r = Read {
            flag,
            scope,
            from_ms,
            to_ms,
        };
        self.window_needs(r, Needs::ALL)
    }

    fn window_needs(&self, r: Read<'_>, needs: Needs) -> Result<VariantStats, String> {
        let sel = select(r.flag, r.scope, r.from_ms, r.to_ms);
        self.pool
            .with(|c| report_sql::aggregates(c, &sel, needs))
            .map(|a| a.all)
            .map_err(|e| format!("event store: {e}"))
    }

    fn endpoints(
        &self,
        flag: &str,
        scope: Scope,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<EndpointRate>, String> {
        let sel = select(flag, scope, from_ms, to_ms);
        self.pool
            .with(|c| report_sql::endpoints(c, &sel))
            .map_err(|e| format!("event store: {e}"))
    }
}

fn select(flag: &str, scope: Scope, from_ms: i64, to_ms: i64) -> Select<'_> {
    Select {
        from_ms,
        to_ms,
        flag: filter(flag, scope),
    }
}

/// A fixed answer (tests, dry runs).
pub struct FixedMetrics(pub Result<VariantStats, String>);

impl Metrics for FixedMetrics {
    fn report(&self, w: Window) -> Result<Report, ApiError> {
        match &self.0 {
            Ok(_) => Ok(model::build(&[], w)),
            Err(e) => Err(ApiError::EngineUnavailable(e.clone())),
        }
    }

    fn window(&self, _: &str, _: Scope, _: i64, _: i64) -> Result<VariantStats, String> {
        self.0.clone()
    }

    fn endpoints(&self, _: &str, _: Scope, _: i64, _: i64) -> Result<Vec<EndpointRate>, String> {
        self.0.clone().map(|_| Vec::new())
    }
}
