//! The plan's state machine, PURE: given the plan, the stored state, the criteria results and the
//! time, the next state and the actions to carry out. No I/O, no clock. Commands from people
//! (start, approve, pause, …) are in `commands`.
//!
//! Rules: guardrails act in every non-final state (a kill even while paused); a criterion trips
//! after `consecutive_failures` failed evaluations in a row and clears only after `recover_after`
//! passes in a row (no flapping); "not enough data" neither trips nor clears, and never lets a
//! stage advance. At most one stage change per tick, and a stage's `min_duration` counts from the
//! moment it was entered, so catching up after downtime never skips a monitored stage; a stage
//! that requires approval is entered only after an `approve` for that very stage.

use super::criteria::{CriterionResult, Verdict};
use super::format::{Plan, RollbackTo, Severity};
use super::schedule;
pub use super::state::{Action, ActionKind, Counter, Evaluation, PlanState, Status, Step};

pub(super) fn record(what: &str, why: String, notify: bool) -> Action {
    Action {
        kind: ActionKind::Record { what: what.into() },
        why,
        notify,
    }
}

pub(super) fn set_status(s: &mut PlanState, status: Status, reason: Option<String>, now: i64) {
    if s.status != status {
        s.status_since_ms = now;
    }
    s.status = status;
    s.reason = reason;
}

/// Enters `stage` (or 0 % for `None`): counters, approval and deadline start again.
pub(super) fn enter(
    plan: &Plan,
    s: &mut PlanState,
    stage: Option<usize>,
    now: i64,
    why: String,
) -> Action {
    let pct = stage
        .and_then(|i| plan.stages.get(i))
        .map_or(0.0, |st| st.percentage);
    s.stage = stage;
    s.percentage = pct;
    s.stage_since_ms = now;
    s.counters.clear();
    s.approved = None;
    s.deadline_notified = false;
    Action {
        kind: ActionKind::SetStage {
            stage,
            percentage: pct,
        },
        why,
        notify: false,
    }
}

pub(super) fn stage_name(plan: &Plan, i: Option<usize>) -> String {
    i.and_then(|i| plan.stages.get(i)).map_or_else(
        || "0 %".to_string(),
        |s| format!("{} ({}%)", s.name, s.percentage),
    )
}

fn describe(r: &CriterionResult, fails: u32) -> String {
    format!(
        "criterion {}: {:.4} {} {} failed {fails} evaluation(s) in a row{}",
        r.id,
        r.value,
        r.op,
        super::criteria::num(r.threshold),
        if r.detail.is_empty() {
            String::new()
        } else {
            format!(" ({})", r.detail)
        }
    )
}

/// Updates the counters with `results`; returns the tripped criteria (severity, reason).
fn count(
    plan: &Plan,
    s: &mut PlanState,
    results: &[CriterionResult],
    out: &mut Vec<Action>,
) -> Vec<(Severity, RollbackTo, String)> {
    let mut tripped = Vec::new();
    for c in plan.criteria_at(s.stage.unwrap_or(usize::MAX)) {
        let Some(r) = results.iter().find(|r| r.id == c.id) else {
            continue;
        };
        let k = s.counters.entry(c.id.clone()).or_default();
        let was = k.tripped;
        match r.verdict {
            Verdict::Fail => {
                k.fails += 1;
                k.passes = 0;
                k.tripped |= k.fails >= c.consecutive_failures;
            }
            Verdict::Pass => {
                k.passes += 1;
                k.fails = 0;
                k.tripped &= k.passes < c.recover_after;
            }
            Verdict::NotEnoughData => {}
        }
        k.last = Some(r.clone());
        if k.tripped {
            let why = describe(r, k.fails.max(c.consecutive_failures));
            if c.severity == Severity::Warn && !was {
                out.push(record("warning", why.clone(), true));
            }
            tripped.push((c.severity, c.rollback_to, why));
        } else if was {
            out.push(record(
                "recovered",
                format!(
                    "criterion {} passed {} evaluation(s) in a row",
                    c.id, k.passes
                ),
                false,
            ));
        }
    }
    tripped
}

/// Every criterion of the current stage passed at its latest evaluation (none missing, none
/// short of data).
fn all_pass(plan: &Plan, s: &PlanState) -> Result<(), String> {
    for c in plan.criteria_at(s.stage.unwrap_or(usize::MAX)) {
        match s.counters.get(&c.id).and_then(|k| k.last.as_ref()) {
            Some(r) if r.verdict == Verdict::Pass => {}
            Some(r) if r.verdict == Verdict::NotEnoughData => {
                return Err(format!(
                    "criterion {} has not enough data ({})",
                    c.id, r.detail
                ))
            }
            Some(_) => return Err(format!("criterion {} is failing", c.id)),
            None => return Err(format!("criterion {} not evaluated yet", c.id)),
        }
    }
    Ok(())
}

/// Why the plan cannot advance now (`Ok` when it may: time, sessions, criteria, window).
pub fn advance_blocker(
    plan: &Plan,
    s: &PlanState,
    now: i64,
    new_sessions: u64,
) -> Result<(), String> {
    let Some(i) = s.stage else {
        return Err("not at a stage".into());
    };
    let st = plan.stages.get(i).ok_or("stage out of range")?;
    let left = s.stage_since_ms + st.min_duration.0 - now;
    if left > 0 {
        return Err(format!(
            "{} of the stage's min_duration left",
            super::format::Dur((left + 999) / 1000 * 1000).text()
        ));
    }
    if new_sessions < st.min_sessions {
        return Err(format!(
            "{new_sessions} of min_sessions {} on the new variant",
            st.min_sessions
        ));
    }
    all_pass(plan, s)?;
    if !schedule::is_open(plan.schedule.as_ref(), now) {
        return Err("outside the plan's time windows".into());
    }
    Ok(())
}

/// One evaluation tick.
pub fn tick(plan: &Plan, state: &PlanState, plan_hash: &str, now: i64, eval: &Evaluation) -> Step {
    let mut s = state.clone();
    let mut out = Vec::new();
    if matches!(s.status, Status::Pending) || s.status.is_final() {
        return Step {
            state: s,
            actions: out,
        };
    }
    if s.plan_hash != plan_hash && s.status != Status::Paused {
        let why = format!(
            "the plan was edited (hash {} → {}); resume to follow the new plan",
            short(&s.plan_hash),
            short(plan_hash)
        );
        set_status(&mut s, Status::Paused, Some(why.clone()), now);
        out.push(record("paused", why, true));
        return Step {
            state: s,
            actions: out,
        };
    }
    s.last_eval_ms = Some(now);
    s.new_sessions = eval.new_sessions;
    let results = match &eval.results {
        Ok(r) => {
            s.metrics_error = None;
            r
        }
        Err(e) => {
            // An engine error: hold, never advance, never act on guesses.
            if s.metrics_error.is_none() {
                out.push(record(
                    "metrics_unavailable",
                    format!("metrics could not be read: {e}; holding"),
                    true,
                ));
            }
            s.metrics_error = Some(e.clone());
            if matches!(s.status, Status::Running | Status::WaitingApproval) {
                set_status(
                    &mut s,
                    Status::Holding,
                    Some(format!("metrics unavailable: {e}")),
                    now,
                );
            }
            return Step {
                state: s,
                actions: out,
            };
        }
    };
    let tripped = count(plan, &mut s, results, &mut out);
    let worst = tripped.iter().max_by_key(|t| t.0);
    match worst {
        Some((Severity::Kill, _, why)) => {
            set_status(&mut s, Status::Killed, Some(why.clone()), now);
            out.push(Action {
                kind: ActionKind::Kill,
                why: why.clone(),
                notify: true,
            });
            return Step {
                state: s,
                actions: out,
            };
        }
        Some((Severity::Rollback, to, why)) if s.status != Status::Paused => {
            let target = match (to, s.stage) {
                (RollbackTo::Previous, Some(i)) if i > 0 => Some(i - 1),
                _ => None,
            };
            let mut a = enter(
                plan,
                &mut s,
                target,
                now,
                format!("rollback to {}: {why}", stage_name(plan, target)),
            );
            a.notify = true;
            out.push(a);
            set_status(
                &mut s,
                Status::Paused,
                Some(format!("rolled back: {why}")),
                now,
            );
            return Step {
                state: s,
                actions: out,
            };
        }
        _ => {}
    }
    let hold = tripped
        .iter()
        .find(|t| t.0 == Severity::Hold)
        .map(|t| t.2.clone());
    match (s.status, hold) {
        (Status::Running | Status::WaitingApproval, Some(why)) => {
            set_status(&mut s, Status::Holding, Some(why.clone()), now);
            out.push(record("hold", why, true));
        }
        (Status::Holding, None) => {
            set_status(&mut s, Status::Running, None, now);
            out.push(record(
                "hold_released",
                "every hold criterion recovered".into(),
                true,
            ));
        }
        _ => {}
    }
    deadline(plan, &mut s, now, &mut out);
    if matches!(s.status, Status::Running | Status::WaitingApproval) {
        advance(plan, &mut s, now, eval.new_sessions, &mut out);
    }
    Step {
        state: s,
        actions: out,
    }
}

fn deadline(plan: &Plan, s: &mut PlanState, now: i64, out: &mut Vec<Action>) {
    let Some(d) = plan.progress_deadline else {
        return;
    };
    if !s.deadline_notified && now - s.stage_since_ms > d.0 && s.status != Status::Paused {
        s.deadline_notified = true;
        out.push(record(
            "progress_deadline",
            format!(
                "{} has not advanced within the progress deadline of {}",
                stage_name(plan, s.stage),
                d.text()
            ),
            true,
        ));
    }
}

fn advance(plan: &Plan, s: &mut PlanState, now: i64, new_sessions: u64, out: &mut Vec<Action>) {
    if advance_blocker(plan, s, now, new_sessions).is_err() {
        return;
    }
    let next = s.stage.map_or(0, |i| i + 1);
    let Some(st) = plan.stages.get(next) else {
        set_status(
            s,
            Status::Completed,
            Some("the last stage held for its min_duration with every criterion passing".into()),
            now,
        );
        out.push(record("completed", "plan completed".into(), true));
        return;
    };
    if st.requires_approval && s.approved != Some(next) {
        if s.status != Status::WaitingApproval {
            let why = format!("{} requires approval", stage_name(plan, Some(next)));
            set_status(s, Status::WaitingApproval, Some(why.clone()), now);
            out.push(record("waiting_for_approval", why, true));
        }
        return;
    }
    let why = format!(
        "advance from {} to {}: min_duration held and every criterion passed",
        stage_name(plan, s.stage),
        stage_name(plan, Some(next))
    );
    out.push(enter(plan, s, Some(next), now, why));
    set_status(s, Status::Running, None, now);
}

pub(super) fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

#[cfg(test)]
mod tests;
