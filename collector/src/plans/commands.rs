//! Commands from people (start, approve, pause, resume, advance, rollback, kill), PURE like the
//! runner; and the "next action" a status shows.

use serde::{Deserialize, Serialize};

use super::format::Plan;
use super::runner::{
    advance_blocker, enter, record, set_status, stage_name, Action, ActionKind, PlanState, Status,
    Step,
};
use super::schedule;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Start,
    Approve,
    Pause,
    Resume,
    Advance,
    Rollback,
    Kill,
}

impl Command {
    pub fn parse(s: &str) -> Option<Command> {
        Some(match s {
            "start" => Command::Start,
            "approve" => Command::Approve,
            "pause" => Command::Pause,
            "resume" => Command::Resume,
            "advance" => Command::Advance,
            "rollback" => Command::Rollback,
            "kill" => Command::Kill,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Command::Start => "start",
            Command::Approve => "approve",
            Command::Pause => "pause",
            Command::Resume => "resume",
            Command::Advance => "advance",
            Command::Rollback => "rollback",
            Command::Kill => "kill",
        }
    }
}

/// Applies `cmd` given by `by`; `Err` says why it does not apply in this state (nothing changes).
pub fn apply(
    plan: &Plan,
    state: &PlanState,
    plan_hash: &str,
    cmd: Command,
    by: &str,
    now: i64,
) -> Result<Step, String> {
    let mut s = state.clone();
    let mut out: Vec<Action> = Vec::new();
    let st = s.status;
    let refuse = |what: &str| Err(format!("cannot {what}: the plan is {}", status_text(st)));
    match cmd {
        Command::Start => {
            if !matches!(st, Status::Pending | Status::Killed | Status::Completed) {
                return refuse("start");
            }
            s.plan_hash = plan_hash.to_string();
            out.push(enter(
                plan,
                &mut s,
                Some(0),
                now,
                format!("started by {by}: enter {}", stage_name(plan, Some(0))),
            ));
            set_status(&mut s, Status::Running, None, now);
        }
        Command::Approve => {
            if st.is_final() || st == Status::Pending {
                return refuse("approve");
            }
            let next = s.stage.map_or(0, |i| i + 1);
            let Some(stage) = plan.stages.get(next) else {
                return Err("cannot approve: there is no next stage".into());
            };
            if !stage.requires_approval {
                return Err(format!(
                    "cannot approve: {} does not require approval",
                    stage.name
                ));
            }
            s.approved = Some(next);
            out.push(record(
                "approved",
                format!("{} approved by {by}", stage_name(plan, Some(next))),
                false,
            ));
            if st == Status::WaitingApproval {
                set_status(&mut s, Status::Running, None, now);
            }
        }
        Command::Pause => {
            if !matches!(
                st,
                Status::Running | Status::Holding | Status::WaitingApproval
            ) {
                return refuse("pause");
            }
            set_status(&mut s, Status::Paused, Some(format!("paused by {by}")), now);
            out.push(record("paused", format!("paused by {by}"), false));
        }
        Command::Resume => {
            if st != Status::Paused {
                let hint = if st == Status::Holding {
                    " (a hold ends when its criterion recovers; advance overrides it)"
                } else {
                    ""
                };
                return Err(format!(
                    "cannot resume: the plan is {}{hint}",
                    status_text(st)
                ));
            }
            if s.plan_hash != plan_hash {
                if s.stage.is_some_and(|i| i >= plan.stages.len()) {
                    return Err(
                        "cannot resume: the edited plan has fewer stages than the current one"
                            .into(),
                    );
                }
                out.push(record(
                    "plan_adopted",
                    format!(
                        "{by} resumed with the edited plan {}",
                        super::runner::short(plan_hash)
                    ),
                    false,
                ));
                s.plan_hash = plan_hash.to_string();
            }
            s.counters.clear();
            set_status(&mut s, Status::Running, None, now);
            out.push(record("resumed", format!("resumed by {by}"), false));
        }
        Command::Advance => {
            if st.is_final() || st == Status::Pending {
                return refuse("advance");
            }
            let next = s.stage.map_or(0, |i| i + 1);
            if next >= plan.stages.len() {
                return Err("cannot advance: already at the last stage".into());
            }
            let why = format!(
                "advanced by {by} from {} to {} (a person's advance is the approval)",
                stage_name(plan, s.stage),
                stage_name(plan, Some(next))
            );
            out.push(enter(plan, &mut s, Some(next), now, why));
            set_status(&mut s, Status::Running, None, now);
        }
        Command::Rollback => {
            if st.is_final() || st == Status::Pending {
                return refuse("roll back");
            }
            let target = s.stage.and_then(|i| i.checked_sub(1));
            let mut a = enter(
                plan,
                &mut s,
                target,
                now,
                format!("rolled back by {by} to {}", stage_name(plan, target)),
            );
            a.notify = true;
            out.push(a);
            set_status(
                &mut s,
                Status::Paused,
                Some(format!("rolled back by {by}")),
                now,
            );
        }
        Command::Kill => {
            if st == Status::Killed {
                return refuse("kill");
            }
            let why = format!("killed by {by}");
            set_status(&mut s, Status::Killed, Some(why.clone()), now);
            s.percentage = 0.0;
            out.push(Action {
                kind: ActionKind::Kill,
                why,
                notify: true,
            });
        }
    }
    Ok(Step {
        state: s,
        actions: out,
    })
}

pub fn status_text(s: Status) -> &'static str {
    match s {
        Status::Pending => "pending",
        Status::Running => "running",
        Status::Paused => "paused",
        Status::WaitingApproval => "waiting for approval",
        Status::Holding => "holding",
        Status::Completed => "completed",
        Status::Killed => "killed",
    }
}

/// The next action the plan will take and its earliest time (`None`: it waits for a person or a
/// recovery, not for the clock).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextAction {
    pub action: String,
    pub earliest_ms: Option<i64>,
    pub waiting_for: Option<String>,
}

pub fn next_action(plan: &Plan, s: &PlanState, now: i64, new_sessions: u64) -> NextAction {
    let n = |action: String, earliest_ms: Option<i64>, waiting_for: Option<String>| NextAction {
        action,
        earliest_ms,
        waiting_for,
    };
    let next = s.stage.map_or(0, |i| i + 1);
    let target = if next < plan.stages.len() {
        format!("advance to {}", stage_name(plan, Some(next)))
    } else {
        "complete the plan".into()
    };
    match s.status {
        Status::Pending => n("start".into(), None, Some("a person's start".into())),
        Status::Completed | Status::Killed => n("none".into(), None, None),
        Status::Paused => n("resume".into(), None, s.reason.clone()),
        Status::WaitingApproval => n(target, None, s.reason.clone()),
        Status::Holding => n(target, None, s.reason.clone()),
        Status::Running => {
            let min_end = s
                .stage
                .and_then(|i| plan.stages.get(i))
                .map_or(now, |st| s.stage_since_ms + st.min_duration.0);
            let at = schedule::next_open(plan.schedule.as_ref(), min_end.max(now));
            n(
                target,
                at,
                advance_blocker(plan, s, now, new_sessions).err(),
            )
        }
    }
}
