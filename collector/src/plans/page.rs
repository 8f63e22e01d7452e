//! The plan page (`GET /plans/{id}/page`): stages, the percentage over time as an inline SVG step
//! chart with the criteria breaches marked, each criterion per stage, and the actions taken.
//! Self-contained HTML (no external assets, no script), every value escaped.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::history::{spans, Span};
use super::status;
use super::store::{AuditEntry, EvalRow, StoredPlan};
use crate::report::html::{esc, STYLE};
use crate::util::iso_utc;

const W: f64 = 900.0;
const H: f64 = 220.0;
const PAD: f64 = 40.0;

/// Evaluations in which some criterion failed: (time, percentage, failed ids).
fn breaches(evals: &[EvalRow]) -> Vec<(i64, f64, Vec<String>)> {
    evals
        .iter()
        .filter_map(|e| {
            let failed: Vec<String> = e
                .results
                .as_array()?
                .iter()
                .filter(|r| r["verdict"] == "fail")
                .filter_map(|r| r["id"].as_str().map(str::to_string))
                .collect();
            (!failed.is_empty()).then_some((e.time_ms, e.percentage, failed))
        })
        .collect()
}

/// The step chart of the percentage over time, breaches as red marks.
pub fn chart(sp: &[Span], marks: &[(i64, f64, Vec<String>)]) -> String {
    let mut out = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"percentage over time\">");
    let (Some(first), Some(last)) = (sp.first(), sp.last()) else {
        out.push_str("<text x=\"20\" y=\"40\">not started</text></svg>");
        return out;
    };
    let (t0, t1) = (first.from_ms, last.to_ms.max(first.from_ms + 1));
    let x = |t: i64| PAD + (t - t0) as f64 / (t1 - t0) as f64 * (W - 2.0 * PAD);
    let y = |p: f64| H - PAD + -(p / 100.0) * (H - 2.0 * PAD);
    for p in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let _ = write!(out, "<line x1=\"{PAD}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#ddd\"/><text x=\"4\" y=\"{:.1}\" font-size=\"11\">{p}%</text>", W - PAD, y(p) + 4.0, y = y(p));
    }
    let mut pts = String::new();
    for s in sp {
        let _ = write!(
            pts,
            "{:.1},{:.1} {:.1},{:.1} ",
            x(s.from_ms),
            y(s.percentage),
            x(s.to_ms),
            y(s.percentage)
        );
    }
    let _ = write!(
        out,
        "<polyline fill=\"none\" stroke=\"#005ea2\" stroke-width=\"2\" points=\"{}\"/>",
        pts.trim_end()
    );
    for (t, p, ids) in marks {
        let _ = write!(out, "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#b50909\"><title>{} failed at {}</title></circle>", x(*t), y(*p), esc(&ids.join(", ")), iso_utc(*t));
    }
    let _ = write!(out, "<text x=\"{PAD}\" y=\"{}\" font-size=\"11\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text></svg>", H - 8.0, iso_utc(t0), W - PAD, H - 8.0, iso_utc(t1));
    out
}

fn row(out: &mut String, cells: &[String]) {
    out.push_str("<tr>");
    for c in cells {
        let _ = write!(out, "<td>{c}</td>");
    }
    out.push_str("</tr>");
}

/// Per stage and criterion: evaluations, failures, last and worst value.
fn per_stage(sp: &StoredPlan, evals: &[EvalRow]) -> String {
    let mut agg: BTreeMap<(i64, String), (usize, usize, f64, f64)> = BTreeMap::new();
    for e in evals {
        for r in e.results.as_array().into_iter().flatten() {
            let (Some(id), Some(v)) = (r["id"].as_str(), r["value"].as_f64()) else {
                continue;
            };
            let k = agg
                .entry((e.stage.unwrap_or(-1), id.to_string()))
                .or_insert((0, 0, v, v));
            k.0 += 1;
            k.1 += usize::from(r["verdict"] == "fail");
            k.2 = v;
            k.3 = k.3.max(v);
        }
    }
    let mut out = String::from("<table><tr><th>stage</th><th>criterion</th><th>evaluations</th><th>failed</th><th>last</th><th>highest</th></tr>");
    for ((stage, id), (n, failed, last, worst)) in agg {
        let name = usize::try_from(stage)
            .ok()
            .and_then(|i| sp.plan.stages.get(i))
            .map_or("0 %".to_string(), |s| s.name.clone());
        let cls = if failed > 0 { "fail" } else { "pass" };
        row(
            &mut out,
            &[
                esc(&name),
                esc(&id),
                n.to_string(),
                format!("<span class=\"{cls}\">{failed}</span>"),
                format!("{last:.4}"),
                format!("{worst:.4}"),
            ],
        );
    }
    out.push_str("</table>");
    out
}

pub fn render(sp: &StoredPlan, audit: &[AuditEntry], evals: &[EvalRow], now: i64) -> String {
    let v = status::view(sp, Vec::new(), now);
    let title = sp.plan.title.clone().unwrap_or_else(|| sp.plan.id.clone());
    let mut out = format!("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Release plan {}</title><style>{STYLE}</style></head><body>", esc(&title));
    let _ = write!(out, "<h1>Release plan: {}</h1><p>Status: <strong>{}</strong>{} — stage {} at {}% since {} — verdict {} — next: {}{}</p>",
        esc(&title), esc(v.status), v.reason.as_deref().map(|r| format!(" ({})", esc(r))).unwrap_or_default(),
        esc(v.stage.as_deref().unwrap_or("none")), v.percentage, esc(&v.stage_since), esc(v.verdict), esc(&v.next_action.action),
        v.next_action_earliest.as_deref().map(|t| format!(" at {}", esc(t))).unwrap_or_default());
    out.push_str("<h2>Stages</h2><table><tr><th>#</th><th>stage</th><th>percentage</th><th>effective exposure</th><th>min duration</th><th>min sessions</th><th>approval</th></tr>");
    for s in &v.stages {
        let name = if s.current {
            format!("<strong>{} (current)</strong>", esc(&s.name))
        } else {
            esc(&s.name)
        };
        row(
            &mut out,
            &[
                s.index.to_string(),
                name,
                format!("{}%", s.percentage),
                format!("{:.2}%", s.effective_exposure),
                esc(&s.min_duration),
                s.min_sessions.to_string(),
                if s.requires_approval {
                    "required".into()
                } else {
                    "—".into()
                },
            ],
        );
    }
    out.push_str("</table><h2>Percentage over time</h2>");
    out.push_str(&chart(&spans(audit, now), &breaches(evals)));
    out.push_str("<h2>Criteria now</h2><table><tr><th>criterion</th><th>severity</th><th>value</th><th>threshold</th><th>samples</th><th>verdict</th><th>failures in a row</th></tr>");
    for c in &v.criteria {
        let verdict = c
            .verdict
            .map_or("not evaluated".to_string(), |x| format!("{x:?}"));
        row(
            &mut out,
            &[
                esc(&c.id),
                format!("{:?}", c.severity),
                c.value.map_or("—".into(), |x| format!("{x:.4}")),
                format!(
                    "{} {}",
                    esc(c.op.as_deref().unwrap_or("")),
                    c.threshold.map_or("—".into(), |x| format!("{x:.4}"))
                ),
                c.samples.map_or("—".into(), |x| x.to_string()),
                esc(&verdict),
                c.consecutive_failures.to_string(),
            ],
        );
    }
    out.push_str("</table><h2>Each criterion per stage</h2>");
    out.push_str(&per_stage(sp, evals));
    out.push_str("<h2>Actions taken</h2><table><tr><th>time</th><th>who</th><th>action</th><th>stage</th><th>%</th><th>why</th><th>Flipper</th></tr>");
    for e in audit {
        let flipper = e.flipper.as_array().map_or(0, Vec::len);
        row(
            &mut out,
            &[
                iso_utc(e.time_ms),
                esc(&e.actor),
                esc(&e.action),
                e.stage.map_or("—".into(), |s| s.to_string()),
                e.percentage.map_or("—".into(), |p| p.to_string()),
                esc(&e.reason),
                format!("{flipper} write(s)"),
            ],
        );
    }
    let _ = write!(out, "</table><p><a href=\"/plans/{}/results.md\">Results blocks (Markdown)</a> · <a href=\"/plans/{}\">JSON</a></p></body></html>", esc(&sp.plan.id), esc(&sp.plan.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_steps_and_marks_breaches_escaped() {
        let sp = [
            Span {
                stage: Some(0),
                percentage: 5.0,
                from_ms: 0,
                to_ms: 100,
            },
            Span {
                stage: Some(1),
                percentage: 25.0,
                from_ms: 100,
                to_ms: 200,
            },
        ];
        let svg = chart(&sp, &[(150, 25.0, vec!["<errors>".into()])]);
        assert!(svg.contains("<polyline"));
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(svg.contains("&lt;errors&gt;"));
        assert!(chart(&[], &[]).contains("not started"));
    }
}
