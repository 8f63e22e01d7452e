//! The rollout report as Markdown (`GET /report.md`, `va-rollout-collector report --format
//! markdown`): the verdict, the criteria, each scope's totals and latency. Pure.

use std::fmt::Write;

use super::model::Report;
use super::stats::VariantStats;

/// A table cell: no line breaks, `|` escaped.
fn cell(s: &str) -> String {
    s.replace(['\r', '\n'], " ").replace('|', "\\|")
}

fn row(o: &mut String, cells: &[String]) {
    let _ = writeln!(o, "| {} |", cells.join(" | "));
}

fn header(o: &mut String, names: &[&str]) {
    row(o, &names.iter().map(|n| n.to_string()).collect::<Vec<_>>());
    row(o, &vec!["---".to_string(); names.len()]);
}

fn scopes(r: &Report) -> Vec<(String, &VariantStats)> {
    let mut v = vec![("all".to_string(), &r.all)];
    v.extend(r.variants.iter().map(|(k, s)| (format!("variant:{k}"), s)));
    v.extend(r.flows.iter().map(|(k, s)| (format!("flow:{k}"), s)));
    v
}

pub fn render(r: &Report) -> String {
    let mut o = String::with_capacity(8 * 1024);
    let stage = r
        .window
        .stage
        .as_deref()
        .map(|s| format!(" — stage {}", cell(s)))
        .unwrap_or_default();
    let _ = writeln!(o, "# Rollout report{stage}\n");
    let _ = writeln!(o, "{}\n", super::html::summary(r));
    let verdict = if r.go { "GO" } else { "NO-GO" };
    let _ = writeln!(
        o,
        "**{verdict}** (go when every criterion passes on all events of the window)\n"
    );
    o.push_str("## Criteria\n\n");
    header(
        &mut o,
        &["scope", "criterion", "value", "threshold", "pass", "detail"],
    );
    for c in &r.criteria {
        row(
            &mut o,
            &[
                cell(&c.scope),
                cell(&c.description),
                c.value.to_string(),
                c.threshold.to_string(),
                if c.pass { "yes" } else { "no" }.into(),
                cell(&c.detail),
            ],
        );
    }
    o.push_str("\n## Scopes\n\n");
    header(
        &mut o,
        &[
            "scope",
            "sessions",
            "events",
            "errors",
            "error rate",
            "max errors / 10 min",
            "breaker events",
            "messages sent",
            "events lost before the collector",
        ],
    );
    for (name, s) in scopes(r) {
        row(
            &mut o,
            &[
                cell(&name),
                s.sessions.to_string(),
                s.events.to_string(),
                s.errors.to_string(),
                format!("{:.4}", s.error_rate),
                s.max_errors_in_10_min.count.to_string(),
                s.breaker_events.to_string(),
                s.messages_sent.to_string(),
                s.events_lost.to_string(),
            ],
        );
    }
    o.push_str("\n## Latency\n\n");
    header(
        &mut o,
        &["scope", "request", "count", "avg ms", "p95 ms", "max ms"],
    );
    for (name, s) in scopes(r) {
        for l in &s.latency {
            row(
                &mut o,
                &[
                    cell(&name),
                    cell(&l.name),
                    l.count.to_string(),
                    format!("{:.1}", l.avg_ms),
                    l.p95_ms.to_string(),
                    l.max_ms.to_string(),
                ],
            );
        }
    }
    o
}
