//! The rollout report: per-variant statistics, criteria and the go / no-go verdict. Pure.

use std::collections::BTreeMap;

use serde::Serialize;

use super::stats::{self, VariantStats, ERROR_WINDOW_MS};
use crate::store::events::ReportEvent;

/// Criterion: fewer than this many errors in any 10-minute window.
pub const MAX_ERRORS_PER_WINDOW: usize = 10;
/// Criterion: average latency per tracked request below this.
pub const MAX_AVG_LATENCY_MS: f64 = 5_000.0;
/// Criterion: fewer breaker/outage events than this (i.e. none).
pub const BREAKER_EVENTS_LIMIT: usize = 1;
/// Width of the buckets of the errors-over-time chart.
pub const CHART_BUCKET_MS: i64 = ERROR_WINDOW_MS;
/// Most buckets drawn (the latest ones are kept).
pub const MAX_CHART_BUCKETS: usize = 288;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Window {
    pub from_ms: i64,
    pub to_ms: i64,
    pub stage: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Criterion {
    pub id: &'static str,
    pub description: String,
    /// `all`, or the variant / flow it was checked on.
    pub scope: String,
    pub value: f64,
    pub threshold: f64,
    pub pass: bool,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Bucket {
    pub start_ms: i64,
    pub errors: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub window: Window,
    /// Times of the first and last event in the window (absent when it is empty).
    pub first_event_ms: Option<i64>,
    pub last_event_ms: Option<i64>,
    pub all: VariantStats,
    /// Split on `va_rollout.flag.mhv_secure_messaging_curated_list_flow`: `new` (true),
    /// `base` (false), `unknown` (no such flag on the event).
    pub variants: BTreeMap<String, VariantStats>,
    /// Split on `va_rollout.flow` (`none` when absent).
    pub flows: BTreeMap<String, VariantStats>,
    pub criteria: Vec<Criterion>,
    /// Go when every criterion on `all` passes.
    pub go: bool,
    pub errors_over_time: Vec<Bucket>,
    /// Latency samples (all tracked requests) per range, for the distribution chart.
    pub latency_histogram: Vec<HistogramBin>,
    pub definitions: BTreeMap<&'static str, &'static str>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct HistogramBin {
    /// Lower bound (inclusive), ms.
    pub from_ms: f64,
    /// Upper bound (exclusive), ms; absent for the last bin.
    pub to_ms: Option<f64>,
    pub count: usize,
}

/// Bin edges of the latency distribution, ms.
pub const HISTOGRAM_EDGES_MS: [f64; 8] = [
    0.0, 100.0, 250.0, 500.0, 1_000.0, 2_500.0, 5_000.0, 10_000.0,
];

/// The engines' SQL for the bin of a duration: `arm(index, lower bound)` for every bin, highest
/// first (the first arm that holds is the bin), joined by `sep`.
pub fn histogram_arms(arm: impl Fn(usize, f64) -> String, sep: &str) -> String {
    let arms: Vec<String> = HISTOGRAM_EDGES_MS
        .iter()
        .enumerate()
        .rev()
        .map(|(i, from)| arm(i, *from))
        .collect();
    arms.join(sep)
}

/// Latency samples per bin of [`HISTOGRAM_EDGES_MS`] (timing and error events with a duration).
fn histogram_counts(events: &[&ReportEvent]) -> Vec<usize> {
    let mut counts = vec![0; HISTOGRAM_EDGES_MS.len()];
    let timed = events
        .iter()
        .filter(|e| e.event_name == stats::EVENT_TIMING || e.event_name == stats::EVENT_ERROR);
    for d in timed.filter_map(|e| e.duration_ms) {
        if let Some(i) = HISTOGRAM_EDGES_MS.iter().rposition(|from| d >= *from) {
            counts[i] += 1;
        }
    }
    counts
}

/// The distribution chart's bins from the samples per bin (missing bins count 0).
fn histogram(counts: &[usize]) -> Vec<HistogramBin> {
    HISTOGRAM_EDGES_MS
        .iter()
        .enumerate()
        .map(|(i, from)| HistogramBin {
            from_ms: *from,
            to_ms: HISTOGRAM_EDGES_MS.get(i + 1).copied(),
            count: counts.get(i).copied().unwrap_or(0),
        })
        .collect()
}

fn variant_name(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "new",
        Some(false) => "base",
        None => "unknown",
    }
}

/// Criteria checked on one scope.
pub fn criteria_for(scope: &str, s: &VariantStats) -> Vec<Criterion> {
    let worst = s
        .latency
        .iter()
        .max_by(|a, b| a.avg_ms.total_cmp(&b.avg_ms));
    let (lat_value, lat_detail) = match worst {
        Some(l) => (
            l.avg_ms,
            format!(
                "highest average: {} ({} samples, p95 {:.0} ms)",
                l.name, l.count, l.p95_ms
            ),
        ),
        None => (0.0, "no latency samples".to_string()),
    };
    let w = &s.max_errors_in_10_min;
    vec![
        Criterion {
            id: "errors_per_10_min",
            description: format!(
                "fewer than {MAX_ERRORS_PER_WINDOW} errors in any 10-minute window"
            ),
            scope: scope.into(),
            value: w.count as f64,
            threshold: MAX_ERRORS_PER_WINDOW as f64,
            pass: w.count < MAX_ERRORS_PER_WINDOW,
            detail: w.start_ms.map_or_else(
                || "no errors".to_string(),
                |t| format!("worst window starts at {}", crate::util::iso_utc(t)),
            ),
        },
        Criterion {
            id: "breaker_events",
            description: "no breaker/outage events".into(),
            scope: scope.into(),
            value: s.breaker_events as f64,
            threshold: 0.0,
            pass: s.breaker_events < BREAKER_EVENTS_LIMIT,
            detail: format!("{} breaker/outage events", s.breaker_events),
        },
        Criterion {
            id: "avg_latency",
            description: format!(
                "average latency of every tracked request under {MAX_AVG_LATENCY_MS} ms"
            ),
            scope: scope.into(),
            value: lat_value,
            threshold: MAX_AVG_LATENCY_MS,
            pass: lat_value < MAX_AVG_LATENCY_MS,
            detail: lat_detail,
        },
    ]
}

/// Error events per chart bucket (bucket start, errors), buckets with errors only.
fn error_buckets(events: &[&ReportEvent]) -> Vec<(i64, usize)> {
    let mut by: BTreeMap<i64, usize> = BTreeMap::new();
    for e in events.iter().filter(|e| e.event_name == stats::EVENT_ERROR) {
        *by.entry(e.time_ms.div_euclid(CHART_BUCKET_MS) * CHART_BUCKET_MS)
            .or_default() += 1;
    }
    by.into_iter().collect()
}

/// Every bucket from the first to the last event (the latest [`MAX_CHART_BUCKETS`]), with the
/// errors of `errors` (bucket start, errors) filled in and the empty ones at 0.
fn buckets(first: Option<i64>, last: Option<i64>, errors: &[(i64, usize)]) -> Vec<Bucket> {
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    let start = first.div_euclid(CHART_BUCKET_MS) * CHART_BUCKET_MS;
    let n = usize::try_from((last - start) / CHART_BUCKET_MS + 1).unwrap_or(1);
    let skip = n.saturating_sub(MAX_CHART_BUCKETS);
    let mut out: Vec<Bucket> = (skip..n)
        .map(|i| Bucket {
            start_ms: start + i as i64 * CHART_BUCKET_MS,
            errors: 0,
        })
        .collect();
    for (t, count) in errors {
        let i = usize::try_from((t - start) / CHART_BUCKET_MS).unwrap_or(0);
        if let Some(b) = i.checked_sub(skip).and_then(|k| out.get_mut(k)) {
            b.errors += count;
        }
    }
    out
}

pub fn definitions() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("variant", "new = events whose va_rollout.flag.mhv_secure_messaging_curated_list_flow is true, base = false, unknown = absent"),
        ("flow", "the va_rollout.flow attribute of the event (none when absent)"),
        ("sessions", "distinct session.id values"),
        ("errors", "va_rollout.error events, by http.response.status_code (none = no status)"),
        ("errorRate", "errors / events"),
        ("maxErrorsIn10Min", "the most error events whose times fall in any half-open window [t, t + 10 min), sliding over event times"),
        ("latency", "per tracked request name (log body): va_rollout.timing and va_rollout.error events with va_rollout.duration_ms; p95 is nearest-rank"),
        ("breakerEvents", "va_rollout.error events with status 503, plus any event whose name or va_rollout.action.name contains 'breaker'"),
        ("clicks", "va_rollout.click events by va_rollout.action.name (else the body)"),
        ("eventsLost", "events lost before reaching the collector: the sum of va_rollout.dropped (the SDK's count of events it dropped locally, on the first record of a batch or a va_rollout.loss record) over the window's records, each record's integer value clamped to [0, 2^32 - 1]; the report did not see these"),
        ("messagesSent", "va_rollout.timing or va_rollout.action events named sm.messages.send (or *.messages.send) without an error status"),
        ("paths", "from va_rollout.transition events; pages matched by path suffix (/new-message/recent, /select-care-team, /start-message, /care-team-help); a transition to the same page is ignored; shares from /recent are over transitions leaving /recent; care-team-help share is over sessions entering any new-message page"),
        ("go", "every criterion passes on all events of the window; per-variant and per-flow criteria are shown for comparison"),
    ])
}

/// What an engine aggregates for a window; [`assemble`] makes the report of it. The SQLite
/// path computes it from the events ([`build`]), the ClickHouse path in the engine
/// (`clickhouse::report::fetch`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Aggregates {
    pub all: VariantStats,
    pub variants: BTreeMap<String, VariantStats>,
    pub flows: BTreeMap<String, VariantStats>,
    /// First and last event time (None when the window is empty).
    pub first_event_ms: Option<i64>,
    pub last_event_ms: Option<i64>,
    /// (bucket start, errors) for the chart buckets with errors.
    pub error_buckets: Vec<(i64, usize)>,
    /// Samples per bin of [`HISTOGRAM_EDGES_MS`].
    pub histogram: Vec<usize>,
}

/// The report of `a`: criteria per scope, the verdict, the charts, the definitions.
pub fn assemble(window: Window, a: Aggregates) -> Report {
    let mut criteria = criteria_for("all", &a.all);
    let go = criteria.iter().all(|c| c.pass);
    for (k, v) in a
        .variants
        .iter()
        .map(|(k, v)| (format!("variant:{k}"), v))
        .chain(a.flows.iter().map(|(k, v)| (format!("flow:{k}"), v)))
    {
        criteria.extend(criteria_for(&k, v));
    }
    Report {
        window,
        first_event_ms: a.first_event_ms,
        last_event_ms: a.last_event_ms,
        errors_over_time: buckets(a.first_event_ms, a.last_event_ms, &a.error_buckets),
        latency_histogram: histogram(&a.histogram),
        all: a.all,
        variants: a.variants,
        flows: a.flows,
        criteria,
        go,
        definitions: definitions(),
    }
}

/// Builds the report over `events` (time-ordered, already restricted to the window).
pub fn build(events: &[ReportEvent], window: Window) -> Report {
    let refs: Vec<&ReportEvent> = events.iter().collect();
    let mut by_variant: BTreeMap<String, Vec<&ReportEvent>> = BTreeMap::new();
    let mut by_flow: BTreeMap<String, Vec<&ReportEvent>> = BTreeMap::new();
    for e in &refs {
        by_variant
            .entry(variant_name(e.variant).into())
            .or_default()
            .push(e);
        by_flow
            .entry(e.flow.clone().unwrap_or_else(|| "none".into()))
            .or_default()
            .push(e);
    }
    let split = |m: BTreeMap<String, Vec<&ReportEvent>>| -> BTreeMap<String, VariantStats> {
        m.into_iter()
            .map(|(k, v)| (k, stats::compute(&v)))
            .collect()
    };
    let aggregates = Aggregates {
        all: stats::compute(&refs),
        variants: split(by_variant),
        flows: split(by_flow),
        first_event_ms: events.first().map(|e| e.time_ms),
        last_event_ms: events.last().map(|e| e.time_ms),
        error_buckets: error_buckets(&refs),
        histogram: histogram_counts(&refs),
    };
    assemble(window, aggregates)
}
