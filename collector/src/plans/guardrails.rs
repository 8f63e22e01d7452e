//! One evaluation of a plan's guardrails: every criterion of the current stage on the events
//! since the stage began (each over its trailing window), read through the `Metrics` trait.

use std::collections::HashMap;

use super::criteria::{self, CriterionResult};
use super::format::{Metric, Plan, Scope};
use super::metrics::{Metrics, Needs, Read};
use super::state::{Evaluation, PlanState};
use crate::report::stats::VariantStats;

/// Evaluates the current stage's criteria at `now`. Any read error ⇒ `results: Err` (hold).
pub fn evaluate_now(plan: &Plan, state: &PlanState, m: &dyn Metrics, now: i64) -> Evaluation {
    let Some(stage) = state.stage else {
        return Evaluation {
            results: Ok(Vec::new()),
            new_sessions: 0,
        };
    };
    let since = state.stage_since_ms;
    let flag = plan.variant_flag();
    // Only what the stage's metrics read (and the new variant's sessions), not the report.
    let needs = plan.criteria_at(stage).fold(
        Needs {
            sessions: true,
            ..Needs::default()
        },
        |n, c| {
            n.union(Needs {
                latency: c.metric == Metric::LatencyMs,
                ..Needs::default()
            })
        },
    );
    let mut cache: HashMap<(Scope, i64), VariantStats> = HashMap::new();
    let mut read = |scope: Scope, from: i64| -> Result<VariantStats, String> {
        if let Some(s) = cache.get(&(scope, from)) {
            return Ok(s.clone());
        }
        let r = Read {
            flag,
            scope,
            from_ms: from,
            to_ms: now.saturating_add(1),
        };
        let s = m.window_needs(r, needs)?;
        cache.insert((scope, from), s.clone());
        Ok(s)
    };
    let new_sessions = match read(Scope::New, since) {
        Ok(s) => s.sessions as u64,
        Err(e) => {
            return Evaluation {
                results: Err(e),
                new_sessions: 0,
            }
        }
    };
    let mut results: Vec<CriterionResult> = Vec::new();
    for c in plan.criteria_at(stage) {
        let from = now.saturating_sub(c.window.0).max(since);
        let scope = match read(c.scope, from) {
            Ok(s) => s,
            Err(e) => {
                return Evaluation {
                    results: Err(e),
                    new_sessions,
                }
            }
        };
        let base = match c.versus_base.as_ref().map(|_| read(Scope::Base, from)) {
            Some(Err(e)) => {
                return Evaluation {
                    results: Err(e),
                    new_sessions,
                }
            }
            Some(Ok(b)) => Some(b),
            None => None,
        };
        results.push(criteria::evaluate(c, &scope, base.as_ref()));
    }
    Evaluation {
        results: Ok(results),
        new_sessions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plans::criteria::Verdict;
    use crate::plans::format::parse;
    use crate::plans::metrics::FixedMetrics;

    #[test]
    fn an_engine_error_is_an_error_not_a_pass() {
        let p = parse("id: p\ntoggles: [{name: t}]\nstages: [{name: A, percentage: 5, min_duration: 1m}]\ncriteria: [{id: e, metric: errors, aggregation: count, window: 10m, op: '<', threshold: 1, severity: kill}]\n").expect("plan");
        let mut s = PlanState::new("h", 0);
        s.stage = Some(0);
        let e = evaluate_now(&p, &s, &FixedMetrics(Err("down".into())), 1000);
        assert_eq!(e.results, Err("down".into()));
        let ok = evaluate_now(
            &p,
            &s,
            &FixedMetrics(Ok(VariantStats {
                errors: 2,
                events: 2,
                ..Default::default()
            })),
            1000,
        );
        let r = ok.results.expect("results");
        assert_eq!((r.len(), r[0].verdict), (1, Verdict::Fail));
    }
}
