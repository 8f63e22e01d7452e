//! The stored state of a running plan and the runner's inputs and outputs (serialised into
//! SQLite as JSON; see `store`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::criteria::CriterionResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Stored, not started.
    Pending,
    Running,
    /// Stopped by a person, a rollback or an edited plan; `resume` continues.
    Paused,
    /// The next stage requires `approve`.
    WaitingApproval,
    /// A `hold` criterion failed (or the metrics could not be read); resumes on recovery.
    Holding,
    Completed,
    Killed,
}

impl Status {
    pub fn is_final(self) -> bool {
        matches!(self, Status::Completed | Status::Killed)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counter {
    pub fails: u32,
    pub passes: u32,
    pub tripped: bool,
    pub last: Option<CriterionResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanState {
    pub status: Status,
    /// Index of the current stage (`None`: before the first, or rolled back to 0 %).
    pub stage: Option<usize>,
    pub percentage: f64,
    /// When the current stage was entered.
    pub stage_since_ms: i64,
    pub status_since_ms: i64,
    /// The stage an `approve` was given for.
    pub approved: Option<usize>,
    pub reason: Option<String>,
    pub counters: BTreeMap<String, Counter>,
    pub last_eval_ms: Option<i64>,
    /// Distinct new-variant sessions since the stage began, at the last evaluation.
    #[serde(default)]
    pub new_sessions: u64,
    pub metrics_error: Option<String>,
    pub deadline_notified: bool,
    /// Hash of the plan this state follows (an edited plan pauses the run).
    pub plan_hash: String,
}

impl PlanState {
    pub fn new(plan_hash: &str, now_ms: i64) -> Self {
        PlanState {
            status: Status::Pending,
            stage: None,
            percentage: 0.0,
            stage_since_ms: now_ms,
            status_since_ms: now_ms,
            approved: None,
            reason: None,
            counters: BTreeMap::new(),
            last_eval_ms: None,
            new_sessions: 0,
            metrics_error: None,
            deadline_notified: false,
            plan_hash: plan_hash.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ActionKind {
    /// Put every toggle at this stage's percentage (`None` = 0 %).
    SetStage {
        stage: Option<usize>,
        percentage: f64,
    },
    /// Disable every toggle.
    Kill,
    /// A state change without a Flipper write (pause, hold, approval, …).
    Record { what: String },
}

/// One thing to do and why; every action is appended to the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub kind: ActionKind,
    pub why: String,
    /// Also sent to the webhook (failures, kills, rollbacks, holds, waits for a person).
    pub notify: bool,
}

/// The criteria results of one evaluation (or the metrics engine's error), and the distinct
/// sessions on the new variant since the stage began.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub results: Result<Vec<CriterionResult>, String>,
    pub new_sessions: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub state: PlanState,
    pub actions: Vec<Action>,
}

/// An action decided and stored but not yet carried out (with who decided it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub by: String,
    pub action: Action,
}
