use super::*;
use crate::plans::commands::{apply, Command};
use crate::plans::criteria::{CriterionResult, Verdict};
use crate::plans::format::parse;

const MIN: i64 = 60_000;
const T0: i64 = 1_796_134_800_000; // 2026-12-01T14:20:00Z, a Tuesday, 09:20 in New York

const PLAN: &str = "
id: p
toggles: [{name: a}, {name: b}]
stages:
  - {name: A, percentage: 5, min_duration: 10m}
  - {name: B, percentage: 25, min_duration: 10m}
  - {name: C, percentage: 50, min_duration: 10m, requires_approval: true}
criteria:
  - {id: errors, metric: errors, aggregation: count, window: 10m, op: '<', threshold: 10, severity: kill, consecutive_failures: 2}
  - {id: latency, metric: latency_ms, aggregation: average, window: 10m, op: '<', threshold: 5000, severity: hold, recover_after: 2}
  - {id: rate, metric: errors, aggregation: rate, window: 10m, op: '<', threshold: 0.5, severity: rollback}
  - {id: clicks, metric: events, aggregation: count, window: 10m, op: '>=', threshold: 1, severity: warn}
";

fn plan(text: &str) -> Plan {
    parse(text).expect("plan")
}

fn r(id: &str, verdict: Verdict) -> CriterionResult {
    CriterionResult {
        id: id.into(),
        value: 1.0,
        threshold: Some(2.0),
        op: "<".into(),
        samples: 100,
        verdict,
        detail: String::new(),
    }
}

/// Every criterion passes, except the ones listed with their verdict.
fn eval(except: &[(&str, Verdict)]) -> Evaluation {
    let results = ["errors", "latency", "rate", "clicks"]
        .iter()
        .map(|id| {
            r(
                id,
                except
                    .iter()
                    .find(|e| e.0 == *id)
                    .map_or(Verdict::Pass, |e| e.1),
            )
        })
        .collect();
    Evaluation {
        results: Ok(results),
        new_sessions: 1000,
    }
}

fn started(p: &Plan) -> PlanState {
    apply(
        p,
        &PlanState::new("h", T0),
        "h",
        Command::Start,
        "tester",
        T0,
    )
    .expect("start")
    .state
}

fn run(p: &Plan, s: &PlanState, now: i64, e: &Evaluation) -> Step {
    tick(p, s, "h", now, e)
}

fn kinds(step: &Step) -> Vec<String> {
    step.actions
        .iter()
        .map(|a| match &a.kind {
            ActionKind::SetStage { percentage, .. } => format!("set {percentage}"),
            ActionKind::Kill => "kill".into(),
            ActionKind::Record { what } => what.clone(),
        })
        .collect()
}

#[test]
fn healthy_traffic_advances_one_stage_per_min_duration_then_waits_for_approval() {
    let p = plan(PLAN);
    let s = started(&p);
    assert_eq!(
        (s.status, s.stage, s.percentage),
        (Status::Running, Some(0), 5.0)
    );
    let early = run(&p, &s, T0 + 9 * MIN, &eval(&[]));
    assert!(early.actions.is_empty(), "{:?}", early.actions);
    let b = run(&p, &early.state, T0 + 10 * MIN, &eval(&[]));
    assert_eq!(kinds(&b), ["set 25"]);
    let wait = run(&p, &b.state, T0 + 20 * MIN, &eval(&[]));
    assert_eq!(kinds(&wait), ["waiting_for_approval"]);
    assert_eq!(wait.state.status, Status::WaitingApproval);
    // Waiting is not repeated tick after tick.
    let again = run(&p, &wait.state, T0 + 21 * MIN, &eval(&[]));
    assert!(again.actions.is_empty());
    let approved =
        apply(&p, &again.state, "h", Command::Approve, "pm", T0 + 22 * MIN).expect("approve");
    let c = run(&p, &approved.state, T0 + 22 * MIN, &eval(&[]));
    assert_eq!(
        (kinds(&c), c.state.stage),
        (vec!["set 50".to_string()], Some(2))
    );
    let done = run(&p, &c.state, T0 + 32 * MIN, &eval(&[]));
    assert_eq!(done.state.status, Status::Completed);
}

#[test]
fn not_enough_data_never_fails_and_never_advances() {
    let p = plan(PLAN);
    let s = started(&p);
    let step = run(
        &p,
        &s,
        T0 + 30 * MIN,
        &eval(&[("errors", Verdict::NotEnoughData)]),
    );
    assert!(step.actions.is_empty(), "{:?}", step.actions);
    assert_eq!(step.state.status, Status::Running);
    let few = Evaluation {
        new_sessions: 0,
        ..eval(&[])
    };
    let p2 = plan(&PLAN.replace(
        "min_duration: 10m}\n  - {name: B",
        "min_duration: 10m, min_sessions: 50}\n  - {name: B",
    ));
    assert!(run(&p2, &started(&p2), T0 + 30 * MIN, &few)
        .actions
        .is_empty());
}

#[test]
fn kill_after_consecutive_failures_only() {
    let p = plan(PLAN);
    let s = started(&p);
    let one = run(&p, &s, T0 + MIN, &eval(&[("errors", Verdict::Fail)]));
    assert!(
        one.actions.is_empty(),
        "one failure is not enough: {:?}",
        one.actions
    );
    // A pass in between resets the count.
    let pass = run(&p, &one.state, T0 + 2 * MIN, &eval(&[]));
    let again = run(
        &p,
        &pass.state,
        T0 + 3 * MIN,
        &eval(&[("errors", Verdict::Fail)]),
    );
    assert!(again.actions.is_empty());
    let killed = run(
        &p,
        &again.state,
        T0 + 4 * MIN,
        &eval(&[("errors", Verdict::Fail)]),
    );
    assert_eq!(kinds(&killed), ["kill"]);
    assert!(
        killed.actions[0].why.contains("criterion errors"),
        "{}",
        killed.actions[0].why
    );
    assert_eq!(killed.state.status, Status::Killed);
    assert!(
        run(&p, &killed.state, T0 + 5 * MIN, &eval(&[]))
            .actions
            .is_empty(),
        "final"
    );
}

#[test]
fn hold_resumes_on_recovery_without_flapping() {
    let p = plan(PLAN);
    let s = started(&p);
    let held = run(&p, &s, T0 + 11 * MIN, &eval(&[("latency", Verdict::Fail)]));
    assert_eq!(
        (kinds(&held), held.state.status),
        (vec!["hold".to_string()], Status::Holding)
    );
    // One pass is not a recovery (recover_after: 2); a fail then keeps holding, no new action.
    let p1 = run(&p, &held.state, T0 + 12 * MIN, &eval(&[]));
    assert_eq!((p1.state.status, p1.actions.len()), (Status::Holding, 0));
    let f = run(
        &p,
        &p1.state,
        T0 + 13 * MIN,
        &eval(&[("latency", Verdict::Fail)]),
    );
    assert_eq!((f.state.status, f.actions.len()), (Status::Holding, 0));
    let p2 = run(&p, &f.state, T0 + 14 * MIN, &eval(&[]));
    let p3 = run(&p, &p2.state, T0 + 15 * MIN, &eval(&[]));
    assert_eq!(kinds(&p3), ["recovered", "hold_released", "set 25"]);
    // A person cannot resume a hold: it is the criterion's to end.
    assert!(apply(&p, &held.state, "h", Command::Resume, "x", T0).is_err());
}

#[test]
fn rollback_goes_to_the_previous_stage_and_pauses() {
    let p = plan(PLAN);
    let b = run(&p, &started(&p), T0 + 10 * MIN, &eval(&[])).state;
    let back = run(&p, &b, T0 + 11 * MIN, &eval(&[("rate", Verdict::Fail)]));
    assert_eq!(kinds(&back), ["set 5"]);
    assert_eq!(
        (back.state.status, back.state.stage),
        (Status::Paused, Some(0))
    );
    assert!(back.actions[0].notify);
    // Paused: no automatic advance, but a kill still acts.
    assert!(run(&p, &back.state, T0 + 40 * MIN, &eval(&[]))
        .actions
        .is_empty());
    let k1 = run(
        &p,
        &back.state,
        T0 + 41 * MIN,
        &eval(&[("errors", Verdict::Fail)]),
    );
    let k2 = run(
        &p,
        &k1.state,
        T0 + 42 * MIN,
        &eval(&[("errors", Verdict::Fail)]),
    );
    assert_eq!(kinds(&k2), ["kill"]);
    let zero = plan(&PLAN.replace(
        "severity: rollback}",
        "severity: rollback, rollback_to: zero}",
    ));
    let z = run(
        &zero,
        &started(&zero),
        T0 + MIN,
        &eval(&[("rate", Verdict::Fail)]),
    );
    assert_eq!(
        (kinds(&z), z.state.stage),
        (vec!["set 0".to_string()], None)
    );
}

#[test]
fn catch_up_after_downtime_never_skips_a_monitored_stage_or_an_approval() {
    let p = plan(PLAN);
    let s = started(&p);
    // Down for a day: the first tick moves one stage only, and the next stage's clock starts now.
    let later = T0 + 24 * 60 * MIN;
    let one = run(&p, &s, later, &eval(&[]));
    assert_eq!(kinds(&one), ["set 25"]);
    assert!(run(&p, &one.state, later, &eval(&[])).actions.is_empty());
    let wait = run(&p, &one.state, later + 10 * MIN, &eval(&[]));
    assert_eq!(wait.state.status, Status::WaitingApproval);
    assert!(run(&p, &wait.state, later + 600 * MIN, &eval(&[]))
        .actions
        .is_empty());
    // An approval given for another stage does not count.
    let mut other = wait.state.clone();
    other.approved = Some(1);
    other.status = Status::Running;
    assert_eq!(
        kinds(&run(&p, &other, later + 601 * MIN, &eval(&[]))),
        ["waiting_for_approval"]
    );
}

#[test]
fn time_windows_gate_advances_not_kills() {
    let p = plan(&format!("{PLAN}schedule: {{time_zone: America/New_York, windows: [{{days: [mon, tue, wed, thu, fri], start: '09:00', end: '17:00'}}]}}\n"));
    let s = started(&p);
    let evening = T0 + 9 * 60 * MIN; // 18:20 in New York
    assert!(run(&p, &s, evening, &eval(&[])).actions.is_empty());
    let k = run(&p, &s, evening, &eval(&[("errors", Verdict::Fail)]));
    assert_eq!(
        kinds(&run(
            &p,
            &k.state,
            evening + MIN,
            &eval(&[("errors", Verdict::Fail)])
        )),
        ["kill"]
    );
    let next = crate::plans::commands::next_action(&p, &s, evening, 1000);
    assert_eq!(
        next.earliest_ms,
        Some(T0 + 24 * 60 * MIN - 20 * MIN),
        "{next:?}"
    ); // Wed 09:00 EST
    assert_eq!(
        kinds(&run(&p, &s, T0 + 24 * 60 * MIN - 20 * MIN, &eval(&[]))),
        ["set 25"]
    );
}

#[test]
fn metrics_errors_hold_and_the_deadline_notifies_once() {
    let p = plan(&format!("{PLAN}progress_deadline: 30m\n"));
    let s = started(&p);
    let bad = Evaluation {
        results: Err("database is locked".into()),
        new_sessions: 0,
    };
    let h = run(&p, &s, T0 + 20 * MIN, &bad);
    assert_eq!(
        (h.state.status, kinds(&h)),
        (Status::Holding, vec!["metrics_unavailable".to_string()])
    );
    assert!(
        run(&p, &h.state, T0 + 21 * MIN, &bad).actions.is_empty(),
        "said once"
    );
    let held = run(
        &p,
        &h.state,
        T0 + 31 * MIN,
        &eval(&[("latency", Verdict::Fail)]),
    );
    assert!(
        kinds(&held).contains(&"progress_deadline".to_string()),
        "{:?}",
        kinds(&held)
    );
    let again = run(
        &p,
        &held.state,
        T0 + 32 * MIN,
        &eval(&[("latency", Verdict::Fail)]),
    );
    assert!(!kinds(&again).contains(&"progress_deadline".to_string()));
}

#[test]
fn an_edited_plan_pauses_until_resumed() {
    let p = plan(PLAN);
    let s = started(&p);
    let e = tick(&p, &s, "h2", T0 + MIN, &eval(&[]));
    assert_eq!(
        (e.state.status, kinds(&e)),
        (Status::Paused, vec!["paused".to_string()])
    );
    let r = apply(&p, &e.state, "h2", Command::Resume, "pm", T0 + 2 * MIN).expect("resume");
    assert_eq!(
        (r.state.status, r.state.plan_hash.as_str()),
        (Status::Running, "h2")
    );
}

#[test]
fn commands_refuse_what_does_not_apply() {
    let p = plan(PLAN);
    let pending = PlanState::new("h", T0);
    assert!(apply(&p, &pending, "h", Command::Pause, "x", T0).is_err());
    let s = started(&p);
    assert!(apply(&p, &s, "h", Command::Approve, "x", T0)
        .expect_err("B needs none")
        .contains("does not require approval"));
    let adv = apply(&p, &s, "h", Command::Advance, "x", T0).expect("advance");
    assert_eq!(adv.state.stage, Some(1));
    let killed = apply(&p, &adv.state, "h", Command::Kill, "x", T0).expect("kill");
    assert_eq!(kinds(&killed), ["kill"]);
    assert!(apply(&p, &killed.state, "h", Command::Kill, "x", T0).is_err());
    assert_eq!(
        apply(&p, &killed.state, "h", Command::Start, "x", T0)
            .expect("restart")
            .state
            .stage,
        Some(0)
    );
}
