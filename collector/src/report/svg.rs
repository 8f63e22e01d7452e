//! Inline SVG charts drawn by the server: errors per 10-minute window with the threshold line,
//! the latency distribution, and the path funnel. Every label is HTML-escaped.

use std::fmt::Write;

use super::html::esc;
use super::model::{Bucket, HistogramBin, MAX_ERRORS_PER_WINDOW};
use super::paths::FunnelStep;
use crate::util::iso_utc;

const W: f64 = 720.0;
const H: f64 = 220.0;
const PAD: f64 = 36.0;

fn frame(title: &str, body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title><rect width=\"{W}\" height=\"{H}\" fill=\"#fff\"/>{body}</svg>",
        t = esc(title)
    )
}

/// Vertical bars with labels under them; `threshold` draws a dashed red line at that value.
fn bars(title: &str, items: &[(String, f64)], threshold: Option<f64>, color: &str) -> String {
    let max = items
        .iter()
        .map(|i| i.1)
        .fold(threshold.unwrap_or(0.0), f64::max)
        .max(1.0)
        * 1.1;
    let n = items.len().max(1) as f64;
    let slot = (W - 2.0 * PAD) / n;
    let y = |v: f64| H - PAD - v / max * (H - 2.0 * PAD);
    let mut body = String::new();
    let _ = write!(
        body,
        "<line x1=\"{PAD}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#333\"/>",
        b = H - PAD,
        r = W - PAD
    );
    let label_every = (items.len() / 12).max(1);
    for (i, (label, v)) in items.iter().enumerate() {
        let x = PAD + i as f64 * slot;
        let _ = write!(
            body,
            "<rect x=\"{x:.1}\" y=\"{top:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{color}\"><title>{l}: {v}</title></rect>",
            top = y(*v),
            w = (slot * 0.8).max(1.0),
            h = (H - PAD - y(*v)).max(0.0),
            l = esc(label)
        );
        if i % label_every == 0 {
            let _ = write!(
                body,
                "<text x=\"{x:.1}\" y=\"{ty}\" font-size=\"9\" fill=\"#333\">{}</text>",
                esc(label),
                ty = H - PAD + 12.0
            );
        }
        if items.len() <= 12 {
            let _ = write!(
                body,
                "<text x=\"{x:.1}\" y=\"{ty:.1}\" font-size=\"10\" fill=\"#111\">{v}</text>",
                ty = y(*v) - 3.0
            );
        }
    }
    if let Some(t) = threshold {
        let _ = write!(
            body,
            "<line x1=\"{PAD}\" y1=\"{ly:.1}\" x2=\"{r}\" y2=\"{ly:.1}\" stroke=\"#c00\" stroke-dasharray=\"6 4\"/><text x=\"{r}\" y=\"{ty:.1}\" font-size=\"10\" fill=\"#c00\" text-anchor=\"end\">threshold {t}</text>",
            ly = y(t),
            r = W - PAD,
            ty = y(t) - 4.0
        );
    }
    let _ = write!(
        body,
        "<text x=\"{PAD}\" y=\"16\" font-size=\"12\" font-weight=\"bold\">{}</text>",
        esc(title)
    );
    frame(title, &body)
}

pub fn errors_over_time(buckets: &[Bucket]) -> String {
    let items: Vec<(String, f64)> = buckets
        .iter()
        .map(|b| {
            (
                iso_utc(b.start_ms)
                    .get(5..16)
                    .unwrap_or("")
                    .replace('T', " "),
                b.errors as f64,
            )
        })
        .collect();
    bars(
        "Errors per 10-minute window (UTC)",
        &items,
        Some(MAX_ERRORS_PER_WINDOW as f64),
        "#3465a4",
    )
}

pub fn latency_distribution(bins: &[HistogramBin]) -> String {
    let items: Vec<(String, f64)> = bins
        .iter()
        .map(|b| {
            (
                b.to_ms.map_or_else(
                    || format!("≥{} ms", b.from_ms),
                    |t| format!("{}–{} ms", b.from_ms, t),
                ),
                b.count as f64,
            )
        })
        .collect();
    bars(
        "Latency distribution of tracked requests",
        &items,
        None,
        "#4e9a06",
    )
}

pub fn funnel(title: &str, steps: &[FunnelStep]) -> String {
    let items: Vec<(String, f64)> = steps
        .iter()
        .map(|s| (s.page.to_string(), s.sessions as f64))
        .collect();
    bars(title, &items, None, "#75507b")
}
