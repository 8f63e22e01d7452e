//! Per-variant statistics of a set of events: sessions, errors, 10-minute error windows,
//! latency per tracked request, breaker events, clicks, messages sent. Pure.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::paths::{self, PathStats};
use crate::ingest::row::EventFields;
use crate::store::events::ReportEvent;

/// The sliding window of the "sum of errors" criterion.
pub const ERROR_WINDOW_MS: i64 = 10 * 60 * 1000;
pub const EVENT_ERROR: &str = "va_rollout.error";
pub const EVENT_CLICK: &str = "va_rollout.click";
pub const EVENT_TIMING: &str = "va_rollout.timing";
pub const EVENT_ACTION: &str = "va_rollout.action";
pub const EVENT_TRANSITION: &str = "va_rollout.transition";
/// The latency percentile the report shows (nearest rank, [`nearest_rank`]).
pub const P95: f64 = 0.95;
/// The request (or action) name of a sent secure message.
pub const MESSAGE_SEND_NAME: &str = "sm.messages.send";

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Latency {
    pub name: String,
    pub count: usize,
    pub avg_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ErrorWindow {
    pub count: usize,
    /// Time of the first error of the worst window (absent when there are no errors).
    pub start_ms: Option<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct VariantStats {
    pub sessions: usize,
    pub events: usize,
    pub events_by_name: BTreeMap<String, usize>,
    pub errors: usize,
    /// Status code → error events (`none` for errors without a status).
    pub errors_by_status: BTreeMap<String, usize>,
    /// errors / events (0 when there are no events).
    pub error_rate: f64,
    pub max_errors_in_10_min: ErrorWindow,
    pub latency: Vec<Latency>,
    pub breaker_events: usize,
    pub clicks: BTreeMap<String, usize>,
    pub messages_sent: usize,
    /// Events the SDK lost before they reached the collector: the sum of `va_rollout.dropped`
    /// over the scope's records (`store::events::lost_of`).
    pub events_lost: u64,
    pub paths: PathStats,
}

/// The event's own name: the action name attribute, else the body.
pub fn event_label(e: &EventFields) -> Option<&str> {
    e.action_name.as_deref().or(e.name.as_deref())
}

/// A breaker/outage event: an error with status 503, or any event whose name or action name
/// contains `breaker` (case-insensitive).
pub fn is_breaker(e: &EventFields) -> bool {
    let named = |s: &Option<String>| {
        s.as_deref().is_some_and(|n| {
            n.as_bytes()
                .windows(7)
                .any(|w| w.eq_ignore_ascii_case(b"breaker"))
        })
    };
    (e.event_name == EVENT_ERROR && e.status == Some(503))
        || named(&e.name)
        || named(&e.action_name)
}

/// A sent message: a timing or action event named `sm.messages.send` (or `*.messages.send`)
/// without an error status.
pub fn is_message_sent(e: &EventFields) -> bool {
    let kind = e.event_name == EVENT_TIMING || e.event_name == EVENT_ACTION;
    let named =
        event_label(e).is_some_and(|n| n == MESSAGE_SEND_NAME || n.ends_with(".messages.send"));
    kind && named && e.status.is_none_or(|s| s < 400)
}

/// The most errors whose times fall within any window `[t, t + 10 min)`; `times` sorted.
pub fn max_in_window(times: &[i64], window_ms: i64) -> ErrorWindow {
    let mut best = ErrorWindow::default();
    let mut i = 0;
    for (j, t) in times.iter().enumerate() {
        while times.get(i).is_some_and(|s| t - s >= window_ms) {
            i += 1;
        }
        let n = j + 1 - i;
        if n > best.count {
            best = ErrorWindow {
                count: n,
                start_ms: times.get(i).copied(),
            };
        }
    }
    best
}

/// The nearest rank of the `p` percentile among `n` sorted values: `ceil(p * n)` in f64,
/// clamped to `1..=n` (1-based; 1 when `n` is 0). Both engines take this rank.
pub fn nearest_rank(p: f64, n: usize) -> usize {
    ((p * n as f64).ceil() as usize).clamp(1, n.max(1))
}

/// Nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted
        .get(nearest_rank(p, sorted.len()) - 1)
        .copied()
        .unwrap_or(0.0)
}

/// Latency per tracked request name: timing and error events carrying a duration.
pub fn latency(events: &[&ReportEvent]) -> Vec<Latency> {
    let mut by_name: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for e in events {
        if e.event_name != EVENT_TIMING && e.event_name != EVENT_ERROR {
            continue;
        }
        if let (Some(d), Some(n)) = (e.duration_ms, e.name.as_deref()) {
            by_name.entry(n).or_default().push(d);
        }
    }
    by_name
        .into_iter()
        .map(|(name, mut ds)| {
            ds.sort_by(f64::total_cmp);
            let sum: f64 = ds.iter().sum();
            Latency {
                name: name.to_string(),
                count: ds.len(),
                avg_ms: sum / ds.len() as f64,
                p95_ms: percentile(&ds, P95),
                max_ms: ds.last().copied().unwrap_or(0.0),
            }
        })
        .collect()
}

/// Statistics of `events` (in time order).
pub fn compute(events: &[&ReportEvent]) -> VariantStats {
    let mut s = VariantStats {
        events: events.len(),
        ..Default::default()
    };
    // Borrowed keys while counting (no allocation per event); owned in the result.
    let mut sessions: HashSet<&str> = HashSet::new();
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    let mut by_status: HashMap<Option<i64>, usize> = HashMap::new();
    let mut clicks: HashMap<&str, usize> = HashMap::new();
    let mut error_times = Vec::new();
    for e in events {
        if let Some(id) = &e.session_id {
            sessions.insert(id.as_str());
        }
        *by_name.entry(e.event_name.as_str()).or_default() += 1;
        if e.event_name == EVENT_ERROR {
            s.errors += 1;
            *by_status.entry(e.status).or_default() += 1;
            error_times.push(e.time_ms);
        }
        if is_breaker(e) {
            s.breaker_events += 1;
        }
        if e.event_name == EVENT_CLICK {
            *clicks
                .entry(event_label(e).unwrap_or("(unnamed)"))
                .or_default() += 1;
        }
        if is_message_sent(e) {
            s.messages_sent += 1;
        }
        s.events_lost += e.lost;
    }
    s.events_by_name = by_name
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    s.errors_by_status = by_status
        .into_iter()
        .map(|(k, n)| (k.map_or_else(|| "none".to_string(), |c| c.to_string()), n))
        .collect();
    s.clicks = clicks
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    s.sessions = sessions.len();
    s.error_rate = if s.events == 0 {
        0.0
    } else {
        s.errors as f64 / s.events as f64
    };
    error_times.sort_unstable();
    s.max_errors_in_10_min = max_in_window(&error_times, ERROR_WINDOW_MS);
    s.latency = latency(events);
    s.paths = paths::compute(events);
    s
}

#[cfg(test)]
mod tests;
