//! The report's per-scope statistics from ClickHouse: runs every query of [`queries`] for a
//! window and assembles the same `VariantStats` the SQLite path computes (`report::stats`),
//! per scope `all` / variant / flow, aggregated in the engine; `report::model::assemble` builds
//! the `Report` (criteria, verdict, charts) from it (`super::metrics`).

use serde_json::{Map, Value};

use super::client::{get_f64, get_str, get_u64, Client};
use super::errors::ClickHouseError;
use super::queries;
use super::sql::{self, Span};
use crate::plans::metrics::EndpointRate;
use crate::report::model::Aggregates;
use crate::report::paths::{FunnelStep, PathStats};
use crate::report::stats::{ErrorWindow, Latency, VariantStats};

/// The funnel's pages, in the order of `paths::compute`, with the `paths` query's columns.
const FUNNEL: [(&str, &str); 5] = [
    ("/new-message", "s_new_message"),
    ("/recent", "s_recent"),
    ("/select-care-team", "s_select_care_team"),
    ("/start-message", "s_start_message"),
    ("/care-team-help", "s_care_team_help"),
];

/// Every scope's statistics for a window (the report's [`Aggregates`]).
pub type ScopedStats = Aggregates;

type Row = Map<String, Value>;

fn share(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

fn n(r: &Row, k: &str) -> usize {
    usize::try_from(get_u64(r, k)).unwrap_or(usize::MAX)
}

trait Scopes {
    fn scope(&mut self, r: &Row) -> Option<&mut VariantStats>;
    fn each(&mut self, rows: &[Row], f: impl FnMut(&mut VariantStats, &Row));
}

impl Scopes for Aggregates {
    fn scope(&mut self, r: &Row) -> Option<&mut VariantStats> {
        let key = get_str(r, "key").to_string();
        match get_str(r, "scope") {
            "all" => Some(&mut self.all),
            "variant" => Some(self.variants.entry(key).or_default()),
            "flow" => Some(self.flows.entry(key).or_default()),
            _ => None,
        }
    }

    fn each(&mut self, rows: &[Row], mut f: impl FnMut(&mut VariantStats, &Row)) {
        for r in rows {
            if let Some(s) = self.scope(r) {
                f(s, r);
            }
        }
    }
}

fn paths_of(r: &Row) -> PathStats {
    let mut p = PathStats {
        entries_recent: n(r, "entries_recent"),
        entries_select_care_team: n(r, "entries_select_care_team"),
        from_recent: n(r, "from_recent"),
        recent_to_start_message: n(r, "recent_to_start_message"),
        recent_to_select_care_team: n(r, "recent_to_select_care_team"),
        flow_sessions: n(r, "flow_sessions"),
        care_team_help_sessions: n(r, "s_care_team_help"),
        ..Default::default()
    };
    p.share_recent_to_start_message = share(p.recent_to_start_message, p.from_recent);
    p.share_recent_to_select_care_team = share(p.recent_to_select_care_team, p.from_recent);
    p.share_reaching_care_team_help = share(p.care_team_help_sessions, p.flow_sessions);
    p.funnel = FUNNEL
        .iter()
        .map(|(page, col)| FunnelStep {
            page,
            sessions: n(r, col),
        })
        .collect();
    p
}

fn empty_paths() -> PathStats {
    paths_of(&Row::new())
}

fn fill_totals(out: &mut ScopedStats, totals: &[Row]) {
    out.each(totals, |s, r| {
        s.sessions = n(r, "sessions");
        s.events = n(r, "events");
        s.errors = n(r, "errors");
        s.breaker_events = n(r, "breaker_events");
        s.messages_sent = n(r, "messages_sent");
        s.events_lost = get_u64(r, "events_lost");
        s.error_rate = share(s.errors, s.events);
        s.paths = empty_paths();
    });
}

fn fill_latency(out: &mut ScopedStats, latency: &[Row]) {
    out.each(latency, |s, r| {
        s.latency.push(Latency {
            name: get_str(r, "name").into(),
            count: n(r, "count"),
            avg_ms: get_f64(r, "avg_ms").unwrap_or(0.0),
            p95_ms: get_f64(r, "p95_ms").unwrap_or(0.0),
            max_ms: get_f64(r, "max_ms").unwrap_or(0.0),
        });
    });
}

/// A guardrail's read: only the totals query (sessions, events, errors, breaker events,
/// messages sent, events lost) and, when `latency`, the latency query, instead of the
/// report's nine.
pub async fn fetch_guardrail(
    client: &Client,
    w: Span,
    variant_attr: &str,
    latency: bool,
) -> Result<ScopedStats, ClickHouseError> {
    let q = |s: &'static sql::Sql| client.query_window_split(s, w, variant_attr);
    let (totals, lat) = if latency {
        tokio::try_join!(q(&queries::TOTALS), q(&queries::LATENCY))?
    } else {
        (q(&queries::TOTALS).await?, Vec::new())
    };
    let mut out = ScopedStats::default();
    fill_totals(&mut out, &totals);
    fill_latency(&mut out, &lat);
    if !totals.iter().any(|r| get_str(r, "scope") == "all") {
        out.all.paths = empty_paths();
    }
    Ok(out)
}

/// Runs the report's queries on `client`'s table for `w` and assembles every scope.
pub async fn fetch(client: &Client, w: Span) -> Result<ScopedStats, ClickHouseError> {
    fetch_split(client, w, &sql::default_variant_attr()).await
}

/// As [`fetch`], with the `variant` scope split on `variant_attr` (`sql::variant_attr`).
pub async fn fetch_split(
    client: &Client,
    w: Span,
    variant_attr: &str,
) -> Result<ScopedStats, ClickHouseError> {
    let q = |s: &'static sql::Sql| client.query_window_split(s, w, variant_attr);
    let (totals, names, statuses, windows, latency, hist, buckets, clicks, paths) = tokio::try_join!(
        q(&queries::TOTALS),
        q(&queries::EVENTS_BY_NAME),
        q(&queries::ERRORS_BY_STATUS),
        q(&queries::MAX_ERRORS_IN_WINDOW),
        q(&queries::LATENCY),
        q(&queries::LATENCY_HISTOGRAM),
        q(&queries::ERRORS_PER_BUCKET),
        q(&queries::CLICKS),
        q(&queries::PATHS),
    )?;
    let mut out = ScopedStats::default();
    fill_totals(&mut out, &totals);
    out.each(&names, |s, r| {
        s.events_by_name
            .insert(get_str(r, "event_name").into(), n(r, "n"));
    });
    out.each(&statuses, |s, r| {
        s.errors_by_status
            .insert(get_str(r, "status").into(), n(r, "n"));
    });
    out.each(&clicks, |s, r| {
        s.clicks.insert(get_str(r, "label").into(), n(r, "n"));
    });
    out.each(&windows, |s, r| {
        s.max_errors_in_10_min = ErrorWindow {
            count: n(r, "count"),
            start_ms: i64::try_from(get_u64(r, "start_ms")).ok(),
        };
    });
    fill_latency(&mut out, &latency);
    out.each(&paths, |s, r| s.paths = paths_of(r));
    if let Some(all) = totals.iter().find(|r| get_str(r, "scope") == "all") {
        out.first_event_ms = i64::try_from(get_u64(all, "first_ms")).ok();
        out.last_event_ms = i64::try_from(get_u64(all, "last_ms")).ok();
    } else {
        out.all.paths = empty_paths();
    }
    let all_rows = |rows: &[Row]| -> Vec<Row> {
        rows.iter()
            .filter(|r| get_str(r, "scope") == "all")
            .cloned()
            .collect()
    };
    out.error_buckets = all_rows(&buckets)
        .iter()
        .map(|r| (get_u64(r, "start_ms") as i64, n(r, "errors")))
        .collect();
    out.histogram = vec![0; crate::report::model::HISTOGRAM_EDGES_MS.len()];
    for r in all_rows(&hist) {
        if let Some(b) = out.histogram.get_mut(n(&r, "bin")) {
            *b = n(&r, "n");
        }
    }
    Ok(out)
}

/// Calls and errors per tracked request name in the scope (`scope`, `key`) of `w`, split on
/// `variant_attr`, busiest first (as `plans::metrics::endpoint_rates`).
pub async fn endpoints(
    client: &Client,
    w: Span,
    variant_attr: &str,
    (scope, key): (&str, &str),
) -> Result<Vec<EndpointRate>, ClickHouseError> {
    let rows = client
        .query_window_split(&queries::ENDPOINTS, w, variant_attr)
        .await?;
    let mut out: Vec<EndpointRate> = rows
        .iter()
        .filter(|r| get_str(r, "scope") == scope && get_str(r, "key") == key)
        .map(|r| EndpointRate {
            name: get_str(r, "name").into(),
            calls: n(r, "calls"),
            errors: n(r, "errors"),
        })
        .collect();
    crate::plans::metrics::busiest_first(&mut out);
    Ok(out)
}
