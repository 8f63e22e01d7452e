//! Pure evaluation of one criterion on the report's statistics of a window
//! (`report::stats::VariantStats`, the report's definitions of every metric).

use serde::{Deserialize, Serialize};

use super::format::{Aggregation, Criterion, Metric};
use crate::report::stats::VariantStats;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
    /// Fewer samples than `min_samples`: never a failure.
    NotEnoughData,
}

/// One criterion's value at one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionResult {
    pub id: String,
    pub value: f64,
    /// The threshold in force (with `versus_base`: the base value plus the allowed increase;
    /// `None` when that is not known for want of data).
    pub threshold: Option<f64>,
    pub op: String,
    pub samples: u64,
    pub verdict: Verdict,
    pub detail: String,
}

/// `v` with 4 decimals, or `—` when unknown.
pub fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |x| format!("{x:.4}"))
}

/// `(value, samples)` of the criterion's metric and aggregation on `s`.
pub fn measure(c: &Criterion, s: &VariantStats) -> (f64, u64) {
    let events = s.events as u64;
    let rate = |n: usize| {
        if s.events == 0 {
            0.0
        } else {
            n as f64 / s.events as f64
        }
    };
    match (c.metric, c.aggregation) {
        (Metric::Errors, Aggregation::Rate) => (rate(s.errors), events),
        (Metric::Errors, _) => (s.errors as f64, events),
        (Metric::BreakerEvents, Aggregation::Rate) => (rate(s.breaker_events), events),
        (Metric::BreakerEvents, _) => (s.breaker_events as f64, events),
        (Metric::MessagesSent, Aggregation::Rate) => (rate(s.messages_sent), events),
        (Metric::MessagesSent, _) => (s.messages_sent as f64, events),
        (Metric::Sessions, _) => (s.sessions as f64, events),
        (Metric::Events, _) => (s.events as f64, events),
        (Metric::LatencyMs, agg) => {
            // The report's rule: the worst tracked request (or the one named).
            let rows = s
                .latency
                .iter()
                .filter(|l| c.request.as_deref().is_none_or(|r| r == l.name));
            let pick = |l: &crate::report::stats::Latency| {
                if agg == Aggregation::P95 {
                    l.p95_ms
                } else {
                    l.avg_ms
                }
            };
            let (mut worst, mut n) = (0.0_f64, 0_u64);
            for l in rows {
                worst = worst.max(pick(l));
                n += l.count as u64;
            }
            (worst, n)
        }
    }
}

/// Evaluates `c` on the scope's statistics; `base` is needed for `versus_base`.
pub fn evaluate(
    c: &Criterion,
    scope: &VariantStats,
    base: Option<&VariantStats>,
) -> CriterionResult {
    let (value, samples) = measure(c, scope);
    let mut result = CriterionResult {
        id: c.id.clone(),
        value,
        threshold: c.threshold,
        op: c.op.map_or("<=", |o| o.text()).to_string(),
        samples,
        verdict: Verdict::Pass,
        detail: String::new(),
    };
    let no_data = |mut r: CriterionResult, detail: String| {
        r.verdict = Verdict::NotEnoughData;
        r.detail = detail;
        r
    };
    if samples < c.min_samples {
        let why = format!(
            "{samples} samples, fewer than min_samples {}",
            c.min_samples
        );
        return no_data(result, why);
    }
    let mut pass = match (c.op, c.threshold) {
        (Some(op), Some(t)) => op.holds(value, t),
        _ => true,
    };
    if let Some(v) = &c.versus_base {
        let Some(b) = base else {
            return no_data(result, "no base statistics".into());
        };
        let (base_value, base_samples) = measure(c, b);
        if base_samples < c.min_samples {
            let why = format!(
                "base has {base_samples} samples, fewer than min_samples {}",
                c.min_samples
            );
            return no_data(result, why);
        }
        let limit = if v.relative {
            base_value * (1.0 + v.max_increase)
        } else {
            base_value + v.max_increase
        };
        pass &= value <= limit;
        result.detail = format!("base {base_value:.4}, allowed up to {limit:.4}");
        if c.threshold.is_none() {
            result.threshold = Some(limit);
        }
    }
    result.verdict = if pass { Verdict::Pass } else { Verdict::Fail };
    result
}

#[cfg(test)]
mod tests;
