//! The ONE place guardrails read metrics from: a trait, so another event store (a ClickHouse
//! implementation is planned) gives the same values. Values are the report's statistics
//! (`report::stats`), so a plan's guardrail and the report always agree.

use std::sync::Arc;

use super::format::Scope;
use crate::report::stats::{self, VariantStats};
use crate::store::{events, Pool};

/// Statistics of the events in `[from_ms, to_ms)` of one scope; `flag` is the event flag that
/// says new (true) or base (false). An `Err` makes the plan hold: it never advances on it.
pub trait Metrics: Send + Sync {
    fn window(
        &self,
        flag: &str,
        scope: Scope,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<VariantStats, String>;

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
    out.sort_by(|a, b| b.calls.cmp(&a.calls).then_with(|| a.name.cmp(&b.name)));
    out
}

fn filter(flag: &str, scope: Scope) -> Option<(&str, bool)> {
    match scope {
        Scope::All => None,
        Scope::New => Some((flag, true)),
        Scope::Base => Some((flag, false)),
    }
}

/// Over the collector's SQLite `events` table.
pub struct SqliteMetrics {
    pub pool: Arc<Pool>,
}

impl Metrics for SqliteMetrics {
    fn window(
        &self,
        flag: &str,
        scope: Scope,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<VariantStats, String> {
        let rows = self.load(flag, scope, from_ms, to_ms)?;
        let refs: Vec<&events::ReportEvent> = rows.iter().collect();
        Ok(stats::compute(&refs))
    }

    fn endpoints(
        &self,
        flag: &str,
        scope: Scope,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<EndpointRate>, String> {
        let rows = self.load(flag, scope, from_ms, to_ms)?;
        let refs: Vec<&events::ReportEvent> = rows.iter().collect();
        Ok(endpoint_rates(&refs))
    }
}

impl SqliteMetrics {
    fn load(
        &self,
        flag: &str,
        scope: Scope,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<events::ReportEvent>, String> {
        self.pool
            .with(|c| events::load_window_where(c, from_ms, to_ms, filter(flag, scope)))
            .map_err(|e| format!("event store: {e}"))
    }
}

/// A fixed answer (tests, dry runs).
pub struct FixedMetrics(pub Result<VariantStats, String>);

impl Metrics for FixedMetrics {
    fn window(&self, _: &str, _: Scope, _: i64, _: i64) -> Result<VariantStats, String> {
        self.0.clone()
    }

    fn endpoints(&self, _: &str, _: Scope, _: i64, _: i64) -> Result<Vec<EndpointRate>, String> {
        self.0.clone().map(|_| Vec::new())
    }
}
