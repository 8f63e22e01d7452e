//! The plan status shown by `GET /plans/{id}` and `plan status`: state, stage and since when,
//! each criterion's current value against its threshold, the verdict, the next action and its
//! earliest time, the effective exposure of every stage, and the audit trail. Pure.

use serde::Serialize;
use serde_json::Value;

use super::commands::{next_action, status_text, NextAction};
use super::criteria::Verdict;
use super::format::{Plan, Severity};
use super::lockstep;
use super::state::PlanState;
use super::store::{AuditEntry, StoredPlan};
use crate::util::iso_utc;

#[derive(Debug, Clone, Serialize)]
pub struct StageView {
    pub index: usize,
    pub name: String,
    pub percentage: f64,
    /// Share of users who get the new system at this stage, computed the way the SDK decides.
    pub effective_exposure: f64,
    pub min_duration: String,
    pub min_sessions: u64,
    pub requires_approval: bool,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub id: String,
    pub severity: Severity,
    pub value: Option<f64>,
    pub op: Option<String>,
    pub threshold: Option<f64>,
    pub samples: Option<u64>,
    pub verdict: Option<Verdict>,
    pub consecutive_failures: u32,
    pub tripped: bool,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub id: String,
    pub title: Option<String>,
    pub hash: String,
    pub state_hash: String,
    pub status: &'static str,
    pub reason: Option<String>,
    pub stage: Option<String>,
    pub stage_index: Option<usize>,
    pub percentage: f64,
    /// Distinct sessions on the new variant since the stage began (last evaluation).
    pub new_sessions: u64,
    pub stage_since: String,
    pub stage_since_ms: i64,
    pub status_since: String,
    /// pass / fail / not_enough_data / none (no criterion at this stage).
    pub verdict: &'static str,
    pub criteria: Vec<CriterionView>,
    pub next_action: NextAction,
    pub next_action_earliest: Option<String>,
    pub lockstep: Value,
    pub stages: Vec<StageView>,
    pub pending_actions: usize,
    pub audit: Vec<AuditEntry>,
}

pub fn stages(plan: &Plan, state: Option<&PlanState>) -> Vec<StageView> {
    plan.stages
        .iter()
        .enumerate()
        .map(|(i, s)| StageView {
            index: i,
            name: s.name.clone(),
            percentage: s.percentage,
            effective_exposure: (lockstep::effective_exposure(plan, s.percentage) * 100.0).round()
                / 100.0,
            min_duration: s.min_duration.text(),
            min_sessions: s.min_sessions,
            requires_approval: s.requires_approval,
            current: state.is_some_and(|st| st.stage == Some(i)),
        })
        .collect()
}

pub fn view(sp: &StoredPlan, audit: Vec<AuditEntry>, now: i64) -> StatusView {
    let (plan, s) = (&sp.plan, &sp.state);
    let criteria: Vec<CriterionView> = plan
        .criteria_at(s.stage.unwrap_or(usize::MAX))
        .map(|c| {
            let k = s.counters.get(&c.id);
            let last = k.and_then(|k| k.last.as_ref());
            CriterionView {
                id: c.id.clone(),
                severity: c.severity,
                value: last.map(|r| r.value),
                op: last.map(|r| r.op.clone()),
                threshold: last.and_then(|r| r.threshold),
                samples: last.map(|r| r.samples),
                verdict: last.map(|r| r.verdict),
                consecutive_failures: k.map_or(0, |k| k.fails),
                tripped: k.is_some_and(|k| k.tripped),
                detail: last.map(|r| r.detail.clone()).filter(|d| !d.is_empty()),
            }
        })
        .collect();
    let verdict = if criteria.is_empty() {
        "none"
    } else if criteria.iter().any(|c| c.verdict == Some(Verdict::Fail)) {
        "fail"
    } else if criteria.iter().all(|c| c.verdict == Some(Verdict::Pass)) {
        "pass"
    } else {
        "not_enough_data"
    };
    let next = next_action(plan, s, now, s.new_sessions);
    StatusView {
        id: plan.id.clone(),
        title: plan.title.clone(),
        hash: sp.hash.clone(),
        state_hash: s.plan_hash.clone(),
        status: status_text(s.status),
        reason: s.reason.clone(),
        stage: s
            .stage
            .and_then(|i| plan.stages.get(i))
            .map(|st| st.name.clone()),
        stage_index: s.stage,
        percentage: s.percentage,
        new_sessions: s.new_sessions,
        stage_since: iso_utc(s.stage_since_ms),
        stage_since_ms: s.stage_since_ms,
        status_since: iso_utc(s.status_since_ms),
        verdict,
        criteria,
        next_action_earliest: next.earliest_ms.map(iso_utc),
        next_action: next,
        lockstep: serde_json::json!({
            "strategy": plan.lockstep.strategy,
            "group": lockstep::group(plan).name,
            "toggles": plan.toggles.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
        }),
        stages: stages(plan, Some(s)),
        pending_actions: sp.pending.len(),
        audit,
    }
}
