//! Semantic checks of a parsed plan: every problem, each with its location. A plan with any
//! problem is refused (by `plan validate`, `POST /plans` and the runner).

use std::collections::BTreeSet;

use super::format::{Aggregation, Metric, Plan, Problem, Severity, Strategy};
use super::{lockstep, schedule};
use crate::flags::model::valid_name;

/// Most toggles, stages and criteria in one plan.
pub const MAX_TOGGLES: usize = 16;
pub const MAX_STAGES: usize = 32;
pub const MAX_CRITERIA: usize = 32;
/// Shortest evaluation interval accepted (integration tests run stages of seconds).
pub const MIN_INTERVAL_MS: i64 = 200;

struct Out(Vec<Problem>);

impl Out {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }
}

fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Aggregations each metric supports.
pub fn allowed(metric: Metric) -> &'static [Aggregation] {
    match metric {
        Metric::Errors => &[Aggregation::Count, Aggregation::Rate],
        Metric::LatencyMs => &[Aggregation::Average, Aggregation::P95],
        Metric::BreakerEvents | Metric::MessagesSent => &[Aggregation::Count, Aggregation::Rate],
        Metric::Sessions | Metric::Events => &[Aggregation::Count],
    }
}

fn toggles(p: &Plan, out: &mut Out) {
    if p.toggles.len() > MAX_TOGGLES {
        out.add("toggles", format!("at most {MAX_TOGGLES} toggles"));
    }
    let mut seen = BTreeSet::new();
    for (i, t) in p.toggles.iter().enumerate() {
        if !valid_name(&t.name) {
            out.add(
                format!("toggles[{i}].name"),
                "not a valid Flipper feature name",
            );
        }
        if !seen.insert(t.name.as_str()) {
            out.add(
                format!("toggles[{i}].name"),
                format!("{:?} is listed twice", t.name),
            );
        }
    }
    if let Some(g) = &p.lockstep.group {
        if g.is_empty() || g.len() > 200 {
            out.add("lockstep.group", "must be 1..=200 bytes");
        }
    }
}

fn stages(p: &Plan, out: &mut Out) {
    if p.stages.is_empty() {
        out.add("stages", "a plan needs at least one stage");
    }
    if p.stages.len() > MAX_STAGES {
        out.add("stages", format!("at most {MAX_STAGES} stages"));
    }
    let mut names = BTreeSet::new();
    let mut prev: Option<f64> = None;
    for (i, s) in p.stages.iter().enumerate() {
        let at = |f: &str| format!("stages[{i}].{f}");
        if s.name.is_empty() || s.name.len() > 100 {
            out.add(at("name"), "must be 1..=100 bytes");
        }
        if !names.insert(s.name.as_str()) {
            out.add(
                at("name"),
                format!("{:?} is used by an earlier stage", s.name),
            );
        }
        if !s.percentage.is_finite() || !(0.0..=100.0).contains(&s.percentage) {
            out.add(
                at("percentage"),
                format!("{} is not within 0..=100", s.percentage),
            );
        } else if let Some(before) = prev.filter(|b| s.percentage < *b) {
            out.add(
                at("percentage"),
                format!("{} is below the previous stage's {before}: stages may only add users (use a rollback criterion to go down)", s.percentage),
            );
        }
        prev = Some(s.percentage);
        if p.toggles.is_empty() && s.percentage > 0.0 {
            out.add(at("percentage"), "a stage above 0 % needs toggles to move");
        }
    }
}

fn exposure(p: &Plan, out: &mut Out) {
    if p.toggles.is_empty() {
        return;
    }
    for (i, s) in p.stages.iter().enumerate() {
        if !(0.0..=100.0).contains(&s.percentage) {
            continue;
        }
        let e = lockstep::effective_exposure(p, s.percentage);
        if (e - s.percentage).abs() > lockstep::TOLERANCE_POINTS {
            let why = match p.lockstep.strategy {
                Strategy::Independent => format!(
                    "Flipper hashes feature name + actor id, so {} toggles at {}% each admit different users and the SDK's all-or-none group lets through only those admitted by all; use lockstep.strategy leader (or shared_bucket for clients that evaluate a Flipper document)",
                    p.toggles.len(), s.percentage
                ),
                _ => "the lockstep strategy does not give the stage's share".into(),
            };
            out.add(
                format!("stages[{i}].percentage"),
                format!(
                    "effective exposure {e:.2}% does not match the stage's {}%: {why}",
                    s.percentage
                ),
            );
        }
    }
}

fn criteria(p: &Plan, out: &mut Out) {
    if p.criteria.len() > MAX_CRITERIA {
        out.add("criteria", format!("at most {MAX_CRITERIA} criteria"));
    }
    let stage_names: BTreeSet<&str> = p.stages.iter().map(|s| s.name.as_str()).collect();
    let mut ids = BTreeSet::new();
    for (i, c) in p.criteria.iter().enumerate() {
        let at = |f: &str| format!("criteria[{i}].{f}");
        if !valid_id(&c.id) {
            out.add(at("id"), "must be 1..=64 of a-z, 0-9, _ and -");
        }
        if !ids.insert(c.id.as_str()) {
            out.add(
                at("id"),
                format!("{:?} is used by an earlier criterion", c.id),
            );
        }
        if !allowed(c.metric).contains(&c.aggregation) {
            out.add(
                at("aggregation"),
                format!(
                    "{:?} does not apply to {:?}; use one of {:?}",
                    c.aggregation,
                    c.metric,
                    allowed(c.metric)
                ),
            );
        }
        if c.request.is_some() && c.metric != Metric::LatencyMs {
            out.add(at("request"), "only latency_ms criteria filter by request");
        }
        if c.window.0 <= 0 {
            out.add(at("window"), "must be longer than 0s");
        }
        match (&c.op, &c.threshold, &c.versus_base) {
            (None, None, None) => out.add(
                at("threshold"),
                "a criterion needs op + threshold, versus_base, or both",
            ),
            (Some(_), None, _) => out.add(at("threshold"), "op given without a threshold"),
            (None, Some(_), _) => out.add(at("op"), "threshold given without an op (<, <=, >, >=)"),
            _ => {}
        }
        if c.threshold.is_some_and(|t| !t.is_finite()) {
            out.add(at("threshold"), "must be a finite number");
        }
        if let Some(v) = &c.versus_base {
            if !v.max_increase.is_finite() || v.max_increase < 0.0 {
                out.add(at("versus_base.max_increase"), "must be a number ≥ 0");
            }
            if c.scope != super::format::Scope::New {
                out.add(
                    at("scope"),
                    "versus_base compares the new variant with base: scope must be new",
                );
            }
        }
        if c.consecutive_failures == 0 {
            out.add(at("consecutive_failures"), "must be at least 1");
        }
        if c.recover_after == 0 {
            out.add(at("recover_after"), "must be at least 1");
        }
        if matches!(c.severity, Severity::Kill | Severity::Rollback) && p.toggles.is_empty() {
            out.add(
                at("severity"),
                format!(
                    "{:?} acts on the plan's toggles, and the plan has none",
                    c.severity
                ),
            );
        }
        for (j, s) in c.stages.iter().flatten().enumerate() {
            if !stage_names.contains(s.as_str()) {
                out.add(
                    format!("criteria[{i}].stages[{j}]"),
                    format!("no stage is named {s:?}"),
                );
            }
        }
    }
}

fn windows(p: &Plan, out: &mut Out) {
    let Some(s) = &p.schedule else { return };
    if let Err(e) = schedule::zone(&s.time_zone) {
        out.add("schedule.time_zone", e);
    }
    if s.windows.is_empty() {
        out.add("schedule.windows", "a schedule needs at least one window");
    }
    let mut spans: Vec<(usize, Vec<super::format::Day>, u32, u32)> = Vec::new();
    for (i, w) in s.windows.iter().enumerate() {
        let at = |f: &str| format!("schedule.windows[{i}].{f}");
        let (start, end) = (schedule::minutes(&w.start), schedule::minutes(&w.end));
        if start.is_none() {
            out.add(at("start"), format!("{:?} is not HH:MM", w.start));
        }
        if end.is_none() {
            out.add(at("end"), format!("{:?} is not HH:MM", w.end));
        }
        if w.days.is_empty() {
            out.add(at("days"), "list at least one day");
        }
        if let (Some(a), Some(b)) = (start, end) {
            if a >= b {
                out.add(
                    at("end"),
                    format!("{} is not after start {}", w.end, w.start),
                );
                continue;
            }
            for (j, days, c, d) in &spans {
                let shared = w.days.iter().any(|x| days.contains(x));
                if shared && a < *d && *c < b {
                    out.add(
                        format!("schedule.windows[{i}]"),
                        format!("overlaps schedule.windows[{j}] on a shared day"),
                    );
                }
            }
            spans.push((i, w.days.clone(), a, b));
        }
    }
}

/// Every problem of `plan` (empty = valid).
pub fn validate(p: &Plan) -> Vec<Problem> {
    let mut out = Out(Vec::new());
    if !valid_id(&p.id) {
        out.add("id", "must be 1..=64 of a-z, 0-9, _ and -");
    }
    toggles(p, &mut out);
    stages(p, &mut out);
    criteria(p, &mut out);
    windows(p, &mut out);
    if p.evaluation_interval.0 < MIN_INTERVAL_MS {
        out.add(
            "evaluation_interval",
            format!("must be at least {MIN_INTERVAL_MS} ms"),
        );
    }
    if p.progress_deadline.is_some_and(|d| d.0 <= 0) {
        out.add("progress_deadline", "must be longer than 0s");
    }
    if !p.notifications.log {
        out.add(
            "notifications.log",
            "the collector's log cannot be turned off: a failure never passes silently",
        );
    }
    if let Some(w) = &p.notifications.webhook {
        if !(w.starts_with("http://") || w.starts_with("https://")) {
            out.add(
                "notifications.webhook",
                "must be an http:// or https:// URL",
            );
        }
    }
    if out.0.is_empty() {
        exposure(p, &mut out);
    }
    out.0
}

/// Parses and validates: the plan, or every problem found.
pub fn load(text: &str) -> Result<Plan, Vec<Problem>> {
    let plan = super::format::parse(text).map_err(|p| vec![p])?;
    let problems = validate(&plan);
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests;
