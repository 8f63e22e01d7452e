//! The self-contained HTML report: inline CSS and SVG, no external assets, every value escaped.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::model::{Criterion, Report};
use super::stats::VariantStats;
use super::svg;
use crate::util::iso_utc;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:24px;color:#1b1b1b;max-width:1100px}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:14px}
th{background:#f1f1f1}.pass{color:#1a7f37;font-weight:bold}.fail{color:#b50909;font-weight:bold}
.verdict{font-size:28px;padding:8px 16px;display:inline-block;border-radius:4px;color:#fff}
.go{background:#1a7f37}.nogo{background:#b50909}h2{border-bottom:2px solid #005ea2;padding-bottom:4px}
svg{display:block;margin:8px 0 20px;border:1px solid #ddd}dt{font-weight:bold}dd{margin:0 0 8px 16px}";

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn table(out: &mut String, head: &[&str], rows: Vec<Vec<String>>) {
    out.push_str("<table><tr>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr>");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td>{c}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
}

fn criteria_rows(cs: &[Criterion]) -> Vec<Vec<String>> {
    cs.iter()
        .map(|c| {
            let cls = if c.pass { "pass" } else { "fail" };
            vec![
                esc(&c.scope),
                esc(&c.description),
                format!("{:.1}", c.value),
                format!("{}", c.threshold),
                format!(
                    "<span class=\"{cls}\">{}</span>",
                    if c.pass { "GO" } else { "NO-GO" }
                ),
                esc(&c.detail),
            ]
        })
        .collect()
}

fn overview(scopes: &[(String, &VariantStats)]) -> Vec<Vec<String>> {
    scopes
        .iter()
        .map(|(k, s)| {
            let statuses: Vec<String> = s
                .errors_by_status
                .iter()
                .map(|(code, n)| format!("{}: {n}", esc(code)))
                .collect();
            vec![
                esc(k),
                s.sessions.to_string(),
                s.events.to_string(),
                s.errors.to_string(),
                statuses.join(", "),
                pct(s.error_rate),
                s.max_errors_in_10_min.count.to_string(),
                s.breaker_events.to_string(),
                s.messages_sent.to_string(),
                s.events_lost.to_string(),
            ]
        })
        .collect()
}

fn scoped<'a>(
    prefix: &str,
    m: &'a BTreeMap<String, VariantStats>,
) -> Vec<(String, &'a VariantStats)> {
    m.iter().map(|(k, v)| (format!("{prefix}{k}"), v)).collect()
}

/// "Window: … to … (UTC). Events: N, from … to …. Events lost before reaching the collector:
/// M." (times and counts only: nothing to escape).
pub fn summary(r: &Report) -> String {
    format!(
        "Window: {} to {} (UTC). Events: {}{}. Events lost before reaching the collector: {}.",
        iso_utc(r.window.from_ms),
        iso_utc(r.window.to_ms),
        r.all.events,
        match (r.first_event_ms, r.last_event_ms) {
            (Some(a), Some(b)) => format!(", from {} to {}", iso_utc(a), iso_utc(b)),
            _ => String::new(),
        },
        r.all.events_lost
    )
}

pub fn render(r: &Report) -> String {
    let mut o = String::with_capacity(32 * 1024);
    let stage = r
        .window
        .stage
        .as_deref()
        .map(|s| format!(" — stage {}", esc(s)))
        .unwrap_or_default();
    let _ = write!(o, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>va-rollout report</title><style>{STYLE}</style></head><body>");
    let _ = write!(o, "<h1>Rollout report{stage}</h1><p>{}</p>", summary(r));
    let (cls, word) = if r.go {
        ("go", "GO")
    } else {
        ("nogo", "NO-GO")
    };
    let _ = write!(o, "<div class=\"verdict {cls}\">{word}</div><p>Go when every criterion passes on all events of the window.</p>");

    o.push_str("<h2>Criteria</h2>");
    table(
        &mut o,
        &[
            "scope",
            "criterion",
            "value",
            "threshold",
            "verdict",
            "detail",
        ],
        criteria_rows(&r.criteria),
    );

    o.push_str("<h2>Variants and flows</h2>");
    let mut scopes = vec![("all".to_string(), &r.all)];
    scopes.extend(scoped("variant:", &r.variants));
    scopes.extend(scoped("flow:", &r.flows));
    table(
        &mut o,
        &[
            "scope",
            "sessions",
            "events",
            "errors",
            "errors by status",
            "error rate",
            "max errors / 10 min",
            "breaker events",
            "messages sent",
            "events lost before the collector",
        ],
        overview(&scopes),
    );

    o.push_str("<h2>Errors over time</h2>");
    o.push_str(&svg::errors_over_time(&r.errors_over_time));

    o.push_str("<h2>Latency per tracked request</h2>");
    o.push_str(&svg::latency_distribution(&r.latency_histogram));
    let lat_rows: Vec<Vec<String>> = scopes
        .iter()
        .flat_map(|(k, s)| {
            s.latency.iter().map(move |l| {
                vec![
                    esc(k),
                    esc(&l.name),
                    l.count.to_string(),
                    format!("{:.0}", l.avg_ms),
                    format!("{:.0}", l.p95_ms),
                    format!("{:.0}", l.max_ms),
                ]
            })
        })
        .collect();
    table(
        &mut o,
        &["scope", "request", "samples", "avg ms", "p95 ms", "max ms"],
        lat_rows,
    );

    o.push_str("<h2>Secure Messaging new-message paths</h2>");
    let path_rows: Vec<Vec<String>> = scopes
        .iter()
        .map(|(k, s)| {
            let p = &s.paths;
            vec![
                esc(k),
                p.entries_recent.to_string(),
                p.entries_select_care_team.to_string(),
                p.from_recent.to_string(),
                format!(
                    "{} ({})",
                    p.recent_to_start_message,
                    pct(p.share_recent_to_start_message)
                ),
                format!(
                    "{} ({})",
                    p.recent_to_select_care_team,
                    pct(p.share_recent_to_select_care_team)
                ),
                format!(
                    "{} of {} ({})",
                    p.care_team_help_sessions,
                    p.flow_sessions,
                    pct(p.share_reaching_care_team_help)
                ),
                s.messages_sent.to_string(),
            ]
        })
        .collect();
    table(
        &mut o,
        &[
            "scope",
            "entries /recent",
            "entries /select-care-team",
            "left /recent",
            "→ /start-message",
            "→ /select-care-team",
            "sessions reaching /care-team-help",
            "messages sent",
        ],
        path_rows,
    );
    if let Some(new) = r.variants.get("new") {
        o.push_str(&svg::funnel(
            "Funnel, new flow (sessions reaching each page)",
            &new.paths.funnel,
        ));
    }

    o.push_str("<h2>Clicks per action name</h2>");
    let click_rows: Vec<Vec<String>> = scopes
        .iter()
        .flat_map(|(k, s)| {
            s.clicks
                .iter()
                .map(move |(n, c)| vec![esc(k), esc(n), c.to_string()])
        })
        .collect();
    table(&mut o, &["scope", "action name", "clicks"], click_rows);

    o.push_str("<h2>Definitions</h2><dl>");
    for (k, v) in &r.definitions {
        let _ = write!(o, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
    }
    o.push_str("</dl><p>Machine-readable: <code>/report.json</code> with the same query.</p></body></html>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
