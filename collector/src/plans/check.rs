//! `plan check FILE [--stage S] [--since T] [--at T] (--db FILE | --clickhouse-url URL ...)`:
//! one evaluation of a stage's guardrails on either report engine, made as the running
//! collector makes it (`guardrails::evaluate_now`, then `runner::tick` on the plan running in
//! that stage since `--since`, its failure counters at zero), printed. Nothing is stored, no
//! toggle is written. An engine that cannot answer is a hold, never an advance (exit code 1).

use std::fmt::Write;
use std::path::PathBuf;

use clap::Args;

use super::commands::status_text;
use super::criteria::{num, CriterionResult, Verdict};
use super::format::Plan;
use super::guardrails::evaluate_now;
use super::metrics::Metrics;
use super::runner::{stage_name, tick, ActionKind, PlanState, Status};
use crate::report::source::CommandEngine;
use crate::util::{iso_utc, now_ms, parse_time};

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    pub file: PathBuf,
    /// The stage whose guardrails to evaluate: its name or index (default: the first).
    #[arg(long)]
    pub stage: Option<String>,
    /// When the stage was entered: Unix ms or YYYY-MM-DDTHH:MM:SSZ (default: --at minus the
    /// stage's longest criterion window).
    #[arg(long)]
    pub since: Option<String>,
    /// The evaluation time (default: now).
    #[arg(long)]
    pub at: Option<String>,
    #[command(flatten)]
    pub engine: CommandEngine,
}

/// The stage index, the stage's entry time and the evaluation time.
pub fn resolve(plan: &Plan, a: &CheckArgs) -> Result<(usize, i64, i64), String> {
    let time = |k: &str, v: &Option<String>| -> Result<Option<i64>, String> {
        v.as_deref()
            .map(|t| {
                parse_time(t).ok_or(format!(
                    "--{k} must be Unix milliseconds or YYYY-MM-DDTHH:MM:SSZ"
                ))
            })
            .transpose()
    };
    let stage = match a.stage.as_deref() {
        None => 0,
        Some(s) => plan
            .stages
            .iter()
            .position(|st| st.name == s)
            .or_else(|| s.parse().ok().filter(|i| *i < plan.stages.len()))
            .ok_or(format!("plan {} has no stage {s:?}", plan.id))?,
    };
    let at = time("at", &a.at)?.unwrap_or_else(now_ms);
    let longest = plan.criteria_at(stage).map(|c| c.window.0).max();
    let since = time("since", &a.since)?.unwrap_or(at.saturating_sub(longest.unwrap_or(0)));
    if since > at {
        return Err("--since must not be after --at".into());
    }
    Ok((stage, since, at))
}

fn result_line(r: &CriterionResult) -> String {
    let verdict = match r.verdict {
        Verdict::Pass => "pass",
        Verdict::Fail => "FAIL",
        Verdict::NotEnoughData => "not enough data",
    };
    format!(
        "  {:<22} {} {} {} — {verdict} ({} samples){}\n",
        r.id,
        num(Some(r.value)),
        r.op,
        num(r.threshold),
        r.samples,
        if r.detail.is_empty() {
            String::new()
        } else {
            format!("; {}", r.detail)
        }
    )
}

/// The printed evaluation, and the engine's error when the guardrails could not be read.
pub fn evaluate(
    plan: &Plan,
    stage: usize,
    since: i64,
    at: i64,
    m: &dyn Metrics,
) -> (String, Result<(), String>) {
    let mut state = PlanState::new("check", since);
    state.status = Status::Running;
    state.stage = Some(stage);
    state.percentage = plan.stages.get(stage).map_or(0.0, |s| s.percentage);
    state.stage_since_ms = since;
    let eval = evaluate_now(plan, &state, m, at);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "plan {}: stage {} since {}, evaluated at {}",
        plan.id,
        stage_name(plan, Some(stage)),
        iso_utc(since),
        iso_utc(at)
    );
    match &eval.results {
        Ok(results) => {
            let _ = writeln!(out, "new-variant sessions: {}", eval.new_sessions);
            results.iter().for_each(|r| out.push_str(&result_line(r)));
        }
        Err(e) => {
            let _ = writeln!(out, "guardrails: metrics unavailable: {e}");
        }
    }
    let step = tick(plan, &state, "check", at, &eval);
    let _ = writeln!(
        out,
        "runner (one evaluation, counters at zero): {} at {}{}",
        status_text(step.state.status),
        stage_name(plan, step.state.stage),
        step.state
            .reason
            .as_deref()
            .map(|r| format!(" — {r}"))
            .unwrap_or_default()
    );
    for a in &step.actions {
        let what = match &a.kind {
            ActionKind::SetStage { .. } => "set stage",
            ActionKind::Kill => "kill",
            ActionKind::Record { what } => what,
        };
        let _ = writeln!(out, "  would {what}: {}", a.why);
    }
    (out, eval.results.map(|_| ()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plans::format::parse;
    use crate::plans::metrics::FixedMetrics;
    use crate::report::stats::VariantStats;

    const PLAN: &str = "id: p\ntoggles: [{name: t}]\nstages: [{name: A, percentage: 5, min_duration: 1m}, {name: B, percentage: 50, min_duration: 1m}]\ncriteria: [{id: e, metric: errors, aggregation: count, window: 10m, op: '<', threshold: 3, severity: hold}]\n";

    fn args(stage: Option<&str>, since: Option<&str>) -> CheckArgs {
        CheckArgs {
            file: PathBuf::new(),
            stage: stage.map(Into::into),
            since: since.map(Into::into),
            at: Some("1000000".into()),
            engine: CommandEngine::default(),
        }
    }

    #[test]
    fn stage_by_name_or_index_and_default_since() {
        let p = parse(PLAN).expect("plan");
        assert_eq!(resolve(&p, &args(None, None)), Ok((0, 400_000, 1_000_000)));
        assert_eq!(
            resolve(&p, &args(Some("B"), Some("5"))),
            Ok((1, 5, 1_000_000))
        );
        assert_eq!(resolve(&p, &args(Some("1"), None)).map(|r| r.0), Ok(1));
        assert!(resolve(&p, &args(Some("C"), None)).is_err());
        assert!(resolve(&p, &args(None, Some("2000000"))).is_err());
        assert!(resolve(&p, &args(None, Some("yesterday"))).is_err());
    }

    #[test]
    fn an_unreadable_engine_holds_and_a_pass_advances() {
        let p = parse(PLAN).expect("plan");
        let (text, ok) = evaluate(&p, 0, 0, 600_000, &FixedMetrics(Err("down".into())));
        assert_eq!(ok, Err("down".into()));
        assert!(
            text.contains("guardrails: metrics unavailable: down"),
            "{text}"
        );
        assert!(text.contains("holding at A (5%)"), "{text}");
        assert!(!text.contains("B (50%)"), "{text}");
        let stats = VariantStats {
            events: 10,
            errors: 1,
            ..Default::default()
        };
        let (text, ok) = evaluate(&p, 0, 0, 600_000, &FixedMetrics(Ok(stats)));
        assert_eq!(ok, Ok(()));
        assert!(
            text.contains("e                      1.0000 < 3.0000 — pass"),
            "{text}"
        );
        assert!(text.contains("running at B (50%)"), "{text}");
    }
}
