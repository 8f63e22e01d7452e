//! The seeds' "Results" blocks, filled in per stage from the events of the time each stage ran:
//! unique users, the success-criteria metrics at the stage, the types of errors logged, and
//! whether a downstream service was affected (error rates of the tracked endpoints). Markdown a
//! PM pastes into the release-plan document.

use std::fmt::Write;

use super::criteria;
use super::format::Scope;
use super::history::spans;
use super::metrics::Metrics;
use super::store::{AuditEntry, StoredPlan};
use crate::util::iso_utc;

/// An endpoint counts as affected above this error rate on the new variant…
pub const AFFECTED_RATE: f64 = 0.05;
/// …with at least this many calls.
pub const AFFECTED_MIN_CALLS: usize = 20;

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "—".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / d as f64)
    }
}

/// Markdown for every stage the plan has run so far (each run of a stage is its own block).
pub fn markdown(sp: &StoredPlan, audit: &[AuditEntry], m: &dyn Metrics, now: i64) -> String {
    let plan = &sp.plan;
    let flag = plan.variant_flag();
    let mut out = format!(
        "# Results: {}\n\n",
        plan.title.as_deref().unwrap_or(&plan.id)
    );
    let runs: Vec<_> = spans(audit, now)
        .into_iter()
        .filter(|s| s.stage.is_some())
        .collect();
    if runs.is_empty() {
        out.push_str("The plan has not entered a stage yet.\n");
        return out;
    }
    for s in runs {
        let Some(stage) = s.stage.and_then(|i| plan.stages.get(i)) else {
            continue;
        };
        let _ = writeln!(
            out,
            "**Stage {}: {}% of users**\n\n_{} → {}_\n\n**Results**",
            stage.name,
            stage.percentage,
            iso_utc(s.from_ms),
            iso_utc(s.to_ms)
        );
        let (new, all) = match (
            m.window(flag, Scope::New, s.from_ms, s.to_ms),
            m.window(flag, Scope::All, s.from_ms, s.to_ms),
        ) {
            (Ok(n), Ok(a)) => (n, a),
            (Err(e), _) | (_, Err(e)) => {
                let _ = writeln!(out, "- Metrics could not be read: {e}\n");
                continue;
            }
        };
        let _ = writeln!(
            out,
            "-Number of unique users: {} on the new variant ({} sessions in all)",
            new.sessions, all.sessions
        );
        out.push_str("-Metrics at this stage (per your \"success criteria\"):\n");
        for c in plan.criteria_at(s.stage.unwrap_or(usize::MAX)) {
            let scoped = match c.scope {
                Scope::New => &new,
                Scope::All => &all,
                Scope::Base => continue,
            };
            let base = c
                .versus_base
                .as_ref()
                .and_then(|_| m.window(flag, Scope::Base, s.from_ms, s.to_ms).ok());
            let r = criteria::evaluate(c, scoped, base.as_ref());
            let _ = writeln!(
                out,
                "  - {} = {:.4} ({} {}; {} samples): {:?}",
                c.description.as_deref().unwrap_or(&c.id),
                r.value,
                r.op,
                criteria::num(r.threshold),
                r.samples,
                r.verdict
            );
        }
        let endpoints = m
            .endpoints(flag, Scope::New, s.from_ms, s.to_ms)
            .unwrap_or_default();
        let affected: Vec<String> = endpoints
            .iter()
            .filter(|e| {
                e.calls >= AFFECTED_MIN_CALLS && e.errors as f64 / e.calls as f64 > AFFECTED_RATE
            })
            .map(|e| format!("{} ({} errors)", e.name, pct(e.errors, e.calls)))
            .collect();
        let answer = if affected.is_empty() {
            "No".to_string()
        } else {
            format!("Yes: {}", affected.join(", "))
        };
        let _ = writeln!(
            out,
            "-Was any downstream service affected by the change?: {answer}"
        );
        for e in endpoints.iter().take(10) {
            let _ = writeln!(
                out,
                "  - {}: {} calls, {} errors ({})",
                e.name,
                e.calls,
                e.errors,
                pct(e.errors, e.calls)
            );
        }
        let types: Vec<String> = new
            .errors_by_status
            .iter()
            .map(|(k, v)| format!("{k} ×{v}"))
            .collect();
        let _ = writeln!(
            out,
            "-Types of errors logged: {}\n",
            if types.is_empty() {
                "none".into()
            } else {
                types.join(", ")
            }
        );
    }
    out
}
