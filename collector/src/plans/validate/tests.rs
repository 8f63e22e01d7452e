use super::*;

const GOOD: &str = "
id: demo
toggles: [{name: t_one}]
stages:
  - {name: A, percentage: 5, min_duration: 10m}
  - {name: B, percentage: 25, min_duration: 10m, requires_approval: true}
criteria:
  - {id: errors, metric: errors, aggregation: count, window: 10m, op: '<', threshold: 10, severity: kill}
";

fn problems(text: &str) -> Vec<String> {
    match load(text) {
        Ok(_) => Vec::new(),
        Err(ps) => ps.iter().map(ToString::to_string).collect(),
    }
}

fn expect(text: &str, needle: &str) {
    let ps = problems(text);
    assert!(
        ps.iter().any(|p| p.contains(needle)),
        "expected {needle:?} in {ps:?}"
    );
}

#[test]
fn a_good_plan_has_no_problem() {
    assert_eq!(problems(GOOD), Vec::<String>::new());
}

#[test]
fn a_stage_going_down_is_refused_with_its_location() {
    let t = GOOD.replace("percentage: 25", "percentage: 4");
    expect(
        &t,
        "stages[1].percentage: 4 is below the previous stage's 5",
    );
}

#[test]
fn wrong_types_and_unknown_metric() {
    expect(
        &GOOD.replace("min_duration: 10m}", "min_duration: soon}"),
        "stages[0].min_duration",
    );
    expect(
        &GOOD.replace("metric: errors", "metric: happiness"),
        "criteria[0].metric: unknown variant `happiness`",
    );
    expect(
        &GOOD.replace("threshold: 10", "threshold: ten"),
        "criteria[0].threshold: invalid type",
    );
}

#[test]
fn a_kill_criterion_needs_toggles() {
    let t = GOOD
        .replace("toggles: [{name: t_one}]", "toggles: []")
        .replace("percentage: 5", "percentage: 0")
        .replace("percentage: 25", "percentage: 0");
    expect(&t, "criteria[0].severity: Kill acts on the plan's toggles");
}

#[test]
fn overlapping_windows_and_bad_zone() {
    let t = format!(
        "{GOOD}schedule:\n  time_zone: Mars/Olympus\n  windows:\n    - {{days: [mon, tue], start: '09:00', end: '12:00'}}\n    - {{days: [tue], start: '11:00', end: '15:00'}}\n    - {{days: [wed], start: '15:00', end: '14:00'}}\n"
    );
    let ps = problems(&t);
    assert!(
        ps.iter()
            .any(|p| p.starts_with("schedule.time_zone: unknown time zone")),
        "{ps:?}"
    );
    assert!(
        ps.iter()
            .any(|p| p == "schedule.windows[1]: overlaps schedule.windows[0] on a shared day"),
        "{ps:?}"
    );
    assert!(
        ps.iter().any(|p| p.starts_with("schedule.windows[2].end")),
        "{ps:?}"
    );
}

#[test]
fn every_problem_is_listed_not_only_the_first() {
    let t = GOOD
        .replace("id: demo", "id: Demo Plan")
        .replace("aggregation: count", "aggregation: p95")
        .replace("name: B", "name: A");
    let ps = problems(&t);
    assert!(ps.len() >= 3, "{ps:?}");
    assert!(ps.iter().any(|p| p.starts_with("id:")));
    assert!(ps.iter().any(|p| p.starts_with("criteria[0].aggregation")));
    assert!(ps.iter().any(|p| p.starts_with("stages[1].name")));
}

#[test]
fn independent_hashing_of_four_toggles_is_refused_with_the_reason() {
    let t = GOOD.replace(
        "toggles: [{name: t_one}]",
        "toggles: [{name: a}, {name: b}, {name: c}, {name: d}]\nlockstep: {strategy: independent}",
    );
    expect(
        &t,
        "stages[0].percentage: effective exposure 0.00% does not match the stage's 5%",
    );
    expect(&t, "Flipper hashes feature name + actor id");
    let ok = t.replace("strategy: independent", "strategy: leader");
    assert_eq!(problems(&ok), Vec::<String>::new());
}

#[test]
fn criterion_shapes() {
    expect(
        &GOOD.replace(", op: '<', threshold: 10", ""),
        "criteria[0].threshold: a criterion needs",
    );
    expect(
        &GOOD.replace("severity: kill}", "severity: kill, stages: [Z]}"),
        "criteria[0].stages[0]: no stage is named \"Z\"",
    );
    expect(
        &GOOD.replace(
            "severity: kill}",
            "severity: kill, consecutive_failures: 0}",
        ),
        "criteria[0].consecutive_failures",
    );
    expect(
        &format!("{GOOD}notifications: {{log: false}}\n"),
        "notifications.log",
    );
}
