//! The shell that runs plans: every evaluation interval it reads the guardrails, asks the pure
//! runner what to do, stores the decision (state + the actions still to carry out) BEFORE acting,
//! then carries out each action through the Flipper API and appends it to the audit trail in the
//! same transaction that removes it from the pending list. A crash at any point repeats no
//! audited action and loses none: pending actions are carried out first after a restart (Flipper
//! writes are idempotent: they set a value).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tokio::sync::Mutex;

use super::commands::{self, Command};
use super::flipper::FlipperClient;
use super::guardrails::evaluate_now;
use super::lockstep;
use super::metrics::Metrics;
use super::notify;
use super::runner;
use super::state::{ActionKind, Pending, PlanState, Step};
use super::store::{self, AuditEntry, EvalRow, StoredPlan};
use crate::store::Pool;
use crate::util::now_ms;

/// How often the loop looks at the plans (each plan is evaluated at its own interval).
pub const TICK: Duration = Duration::from_millis(200);
/// The audit trail's name for the runner's own decisions.
pub const RUNNER: &str = "runner";

pub struct Engine {
    pub pool: Arc<Pool>,
    pub metrics: Arc<dyn Metrics>,
    pub flipper: FlipperClient,
    http: reqwest::Client,
    owner: String,
    gate: Mutex<HashMap<String, i64>>,
}

#[derive(Debug)]
pub enum EngineError {
    NotFound,
    /// The command does not apply in this state (the text says why).
    Conflict(String),
    /// Another collector holds the plan's lock.
    Busy,
    Internal(String),
}

impl From<rusqlite::Error> for EngineError {
    fn from(e: rusqlite::Error) -> Self {
        EngineError::Internal(format!("sqlite: {e}"))
    }
}

impl Engine {
    pub fn new(
        pool: Arc<Pool>,
        metrics: Arc<dyn Metrics>,
        flipper: FlipperClient,
    ) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .build()
            .map_err(|e| format!("http client: {e}"))?;
        Ok(Engine {
            pool,
            metrics,
            flipper,
            http,
            owner: crate::auth::generate_token(),
            gate: Mutex::new(HashMap::new()),
        })
    }

    async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut rusqlite::Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, EngineError> {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || pool.with(f))
            .await
            .map_err(|e| EngineError::Internal(format!("task: {e}")))?
            .map_err(EngineError::from)
    }

    /// Runs until `stop` resolves.
    pub async fn run(self: Arc<Self>, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            tokio::select! {
                _ = &mut stop => return,
                _ = tokio::time::sleep(TICK) => {}
            }
            let ids = match self.db(|c| store::ids(c)).await {
                Ok(ids) => ids,
                Err(e) => {
                    tracing::error!(?e, "release plans: cannot list plans");
                    continue;
                }
            };
            for id in ids {
                if let Err(e) = self.tick_plan(&id).await {
                    tracing::error!(plan = %id, ?e, "release plan tick failed");
                }
            }
        }
    }

    async fn locked(&self, id: &str) -> Result<StoredPlan, EngineError> {
        let (id2, owner, now) = (id.to_string(), self.owner.clone(), now_ms());
        let got = self.db(move |c| store::lock(c, &id2, &owner, now)).await?;
        if !got {
            return Err(EngineError::Busy);
        }
        let id2 = id.to_string();
        self.db(move |c| store::get(c, &id2))
            .await?
            .ok_or(EngineError::NotFound)
    }

    async fn unlock(&self, id: &str) {
        let (id, owner) = (id.to_string(), self.owner.clone());
        if let Err(e) = self.db(move |c| store::unlock(c, &id, &owner)).await {
            tracing::error!(?e, "release plans: unlock failed");
        }
    }

    /// One look at a plan: finish pending actions, then evaluate if the interval is due.
    pub async fn tick_plan(&self, id: &str) -> Result<(), EngineError> {
        let mut last = self.gate.lock().await;
        let sp = match self.locked(id).await {
            Err(EngineError::Busy) => return Ok(()),
            other => other?,
        };
        let now = now_ms();
        let interval = sp.plan.evaluation_interval.0;
        let due = |t: Option<i64>| t.is_none_or(|t| now - t >= interval);
        let result = async {
            if !sp.pending.is_empty() {
                if due(last.get(id).copied()) {
                    last.insert(id.to_string(), now);
                    self.carry_out(&sp.plan, &sp.state, sp.pending.clone())
                        .await?;
                }
                return Ok(());
            }
            if matches!(sp.state.status, runner::Status::Pending)
                || sp.state.status.is_final()
                || !due(sp.state.last_eval_ms)
            {
                return Ok(());
            }
            let (metrics, plan, state) = (self.metrics.clone(), sp.plan.clone(), sp.state.clone());
            let eval = tokio::task::spawn_blocking(move || {
                evaluate_now(&plan, &state, metrics.as_ref(), now)
            })
            .await
            .map_err(|e| EngineError::Internal(format!("task: {e}")))?;
            let step = runner::tick(&sp.plan, &sp.state, &sp.hash, now, &eval);
            if let Ok(results) = &eval.results {
                let row = EvalRow {
                    time_ms: now,
                    stage: sp.state.stage.map(|i| i as i64),
                    percentage: sp.state.percentage,
                    results: json!(results),
                };
                let id2 = id.to_string();
                self.db(move |c| store::add_eval(c, &id2, &row)).await?;
            }
            self.decide(&sp, step, RUNNER, now).await
        }
        .await;
        self.unlock(id).await;
        result
    }

    /// A person's command. Returns the new state.
    pub async fn command(
        &self,
        id: &str,
        cmd: Command,
        by: &str,
    ) -> Result<PlanState, EngineError> {
        let _g = self.gate.lock().await;
        let sp = self.locked(id).await?;
        let now = now_ms();
        let result = async {
            if !sp.pending.is_empty() {
                self.carry_out(&sp.plan, &sp.state, sp.pending.clone())
                    .await?;
                return Err(EngineError::Conflict(
                    "the previous actions were still being carried out; try again".into(),
                ));
            }
            let step = commands::apply(&sp.plan, &sp.state, &sp.hash, cmd, by, now)
                .map_err(EngineError::Conflict)?;
            let state = step.state.clone();
            self.decide(&sp, step, by, now).await?;
            Ok(state)
        }
        .await;
        self.unlock(id).await;
        result
    }

    /// Stores the step (state + pending actions) and then carries the actions out.
    async fn decide(
        &self,
        sp: &StoredPlan,
        step: Step,
        by: &str,
        now: i64,
    ) -> Result<(), EngineError> {
        let pending: Vec<Pending> = step
            .actions
            .iter()
            .map(|a| Pending {
                by: by.to_string(),
                action: a.clone(),
            })
            .collect();
        let (id, state, p2) = (sp.plan.id.clone(), step.state.clone(), pending.clone());
        self.db(move |c| store::save(c, &id, &state, &p2, now))
            .await?;
        self.carry_out(&sp.plan, &step.state, pending).await
    }

    /// Carries out `pending` in order; each done action is audited as it leaves the list. A
    /// failed Flipper write stays pending (retried every interval) and is audited and notified.
    async fn carry_out(
        &self,
        plan: &super::format::Plan,
        state: &PlanState,
        mut pending: Vec<Pending>,
    ) -> Result<(), EngineError> {
        let criteria = json!(state
            .counters
            .values()
            .filter_map(|k| k.last.clone())
            .collect::<Vec<_>>());
        while let Some(p) = pending.first().cloned() {
            let (what, ops) = match &p.action.kind {
                ActionKind::SetStage { percentage, .. } => (
                    "set_percentage".to_string(),
                    lockstep::writes_for(plan, *percentage),
                ),
                ActionKind::Kill => ("kill".to_string(), lockstep::kill_writes(plan)),
                ActionKind::Record { what } => (what.clone(), Vec::new()),
            };
            let mut answers = Vec::new();
            let mut failed = None;
            for op in &ops {
                match self.flipper.apply(op).await {
                    Ok(a) => answers.push(a),
                    Err(e) => {
                        failed = Some(format!("{}: {e}", op.describe()));
                        break;
                    }
                }
            }
            let (stage, pct) = match &p.action.kind {
                ActionKind::SetStage { stage, percentage } => {
                    (stage.map(|i| i as i64), Some(*percentage))
                }
                ActionKind::Kill => (state.stage.map(|i| i as i64), Some(0.0)),
                ActionKind::Record { .. } => {
                    (state.stage.map(|i| i as i64), Some(state.percentage))
                }
            };
            let entry = |action: String, reason: String, rest: &[Pending]| {
                (
                    AuditEntry {
                        id: 0,
                        time_ms: now_ms(),
                        actor: p.by.clone(),
                        action,
                        stage,
                        percentage: pct,
                        reason,
                        criteria: criteria.clone(),
                        flipper: json!(answers),
                    },
                    rest.to_vec(),
                )
            };
            if let Some(err) = failed {
                tracing::error!(plan = %plan.id, %err, "release plan: Flipper write failed; will retry");
                let (e, rest) = entry(
                    format!("{what}_failed"),
                    format!("{}; Flipper write failed, will retry: {err}", p.action.why),
                    &pending,
                );
                self.append(&plan.id, e, rest).await?;
                self.notify(plan, &format!("{what}_failed"), &err).await?;
                return Ok(());
            }
            pending.remove(0);
            let (e, rest) = entry(what.clone(), p.action.why.clone(), &pending);
            tracing::info!(plan = %plan.id, action = %what, reason = %p.action.why, "release plan action");
            self.append(&plan.id, e, rest).await?;
            if p.action.notify {
                self.notify(plan, &what, &p.action.why).await?;
            }
        }
        Ok(())
    }

    async fn append(&self, id: &str, e: AuditEntry, rest: Vec<Pending>) -> Result<(), EngineError> {
        let id = id.to_string();
        self.db(move |c| store::audit_and_settle(c, &id, &e, &rest))
            .await
    }

    async fn notify(
        &self,
        plan: &super::format::Plan,
        what: &str,
        why: &str,
    ) -> Result<(), EngineError> {
        let body = notify::body(&plan.id, what, why, now_ms());
        if let Err(err) =
            notify::send(&self.http, plan.notifications.webhook.as_deref(), &body).await
        {
            tracing::error!(plan = %plan.id, %err, "release plan notification failed");
            let id = plan.id.clone();
            self.db(move |c| {
                let current = store::get(c, &id)?.map(|s| s.pending).unwrap_or_default();
                let e = AuditEntry {
                    id: 0,
                    time_ms: now_ms(),
                    actor: RUNNER.into(),
                    action: "notification_failed".into(),
                    stage: None,
                    percentage: None,
                    reason: err,
                    criteria: json!([]),
                    flipper: json!([]),
                };
                store::audit_and_settle(c, &id, &e, &current)
            })
            .await?;
        }
        Ok(())
    }
}
