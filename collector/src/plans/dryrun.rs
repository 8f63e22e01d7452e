//! `plan dry-run`: the schedule a plan would follow from a start time, if every criterion passed
//! and every approval came at once — stages, earliest entry times (time windows included),
//! effective exposure, the Flipper writes of each stage and the guardrails. Pure text.

use std::fmt::Write;

use super::format::{Plan, Severity};
use super::lockstep;
use super::schedule;
use crate::util::iso_utc;

fn criterion_line(c: &super::format::Criterion) -> String {
    let agg = format!("{:?}", c.aggregation).to_lowercase();
    let metric = format!("{:?}", c.metric);
    let cond = match (&c.op, c.threshold) {
        (Some(op), Some(t)) => format!("{} {t}", op.text()),
        _ => String::new(),
    };
    let vs = c.versus_base.as_ref().map_or(String::new(), |v| {
        format!(
            " new ≤ base {}{}",
            if v.relative { "× (1 + " } else { "+ " },
            if v.relative {
                format!("{})", v.max_increase)
            } else {
                v.max_increase.to_string()
            }
        )
    });
    let act = match c.severity {
        Severity::Warn => "warn",
        Severity::Hold => "hold",
        Severity::Rollback => "rollback",
        Severity::Kill => "KILL",
    };
    format!(
        "  {:<22} {metric} {agg}{} over {} ({:?}) {cond}{vs}; min_samples {}; {act} after {} failure(s) in a row",
        c.id,
        c.request.as_deref().map(|r| format!(" of {r}")).unwrap_or_default(),
        c.window.text(),
        c.scope,
        c.min_samples,
        c.consecutive_failures
    )
}

/// The printed schedule, starting at `start_ms`.
pub fn schedule_text(plan: &Plan, start_ms: i64) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Plan {}: {}",
        plan.id,
        plan.title.as_deref().unwrap_or("")
    );
    let _ = writeln!(
        out,
        "Toggles ({} in lockstep, strategy {:?}, SDK group {}): {}",
        plan.toggles.len(),
        plan.lockstep.strategy,
        lockstep::group(plan).name,
        plan.toggles
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        out,
        "Evaluated every {}; progress deadline {}; variant flag {}",
        plan.evaluation_interval.text(),
        plan.progress_deadline.map_or("none".into(), |d| d.text()),
        plan.variant_flag()
    );
    if let Some(s) = &plan.schedule {
        let w: Vec<String> = s
            .windows
            .iter()
            .map(|w| format!("{:?} {}–{}", w.days, w.start, w.end))
            .collect();
        let _ = writeln!(
            out,
            "Advances only inside: {} ({})",
            w.join("; "),
            s.time_zone
        );
    }
    let _ = writeln!(
        out,
        "\nSchedule from {} if every criterion passes and approvals come at once:",
        iso_utc(start_ms)
    );
    let _ = writeln!(
        out,
        "  {:<3}{:<20}{:>7}{:>11}{:>10}  {:<22}gate",
        "#", "stage", "%", "exposure", "min time", "earliest entry"
    );
    let mut t = start_ms;
    for (i, s) in plan.stages.iter().enumerate() {
        if i > 0 {
            t = schedule::next_open(plan.schedule.as_ref(), t).unwrap_or(t);
        }
        let gate = if s.requires_approval {
            "approval required"
        } else if i == 0 {
            "start"
        } else {
            "automatic"
        };
        let _ = writeln!(
            out,
            "  {:<3}{:<20}{:>6}%{:>10.2}%{:>10}  {:<22}{gate}",
            i,
            s.name,
            s.percentage,
            lockstep::effective_exposure(plan, s.percentage),
            s.min_duration.text(),
            iso_utc(t)
        );
        t += s.min_duration.0;
    }
    let _ = writeln!(out, "  completes at the earliest {}", iso_utc(t));
    out.push_str("\nFlipper writes per stage:\n");
    for s in &plan.stages {
        let ops: Vec<String> = lockstep::writes_for(plan, s.percentage)
            .iter()
            .map(|o| o.describe())
            .collect();
        let _ = writeln!(out, "  {:<20}{}", s.name, ops.join("; "));
    }
    let _ = writeln!(
        out,
        "  {:<20}{}",
        "(kill)",
        lockstep::kill_writes(plan)
            .iter()
            .map(|o| o.describe())
            .collect::<Vec<_>>()
            .join("; ")
    );
    out.push_str("\nGuardrails:\n");
    for c in &plan.criteria {
        out.push_str(&criterion_line(c));
        out.push('\n');
    }
    out
}
