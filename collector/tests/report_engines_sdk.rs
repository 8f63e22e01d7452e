//! The same answers from both engines on events made by the SDK's own telemetry code
//! (`va_rollout_core::telemetry` builders and encoder: what the wasm SDK runs in the page),
//! thousands of them over many sessions, with at-least-once resends (the SDK persists encoded
//! records and sends them again unchanged). The bodies go into SQLite through our ingest and
//! into `otel_logs` through the exporter-exact loader (tests/clickhouse/load_otlp.py) via the
//! chdb shim; the whole `Report` and the guardrails' values must be equal field by field
//! (counts exactly, averages and nearest-rank p95 bit for bit).

mod chdb;
mod clickhouse_support;
mod rng;
use clickhouse_support as support;
use rng::Rng;

use std::sync::Arc;
use std::time::Duration;

use va_rollout_collector::clickhouse::metrics::ClickHouseMetrics;
use va_rollout_collector::plans::format::Scope;
use va_rollout_collector::plans::metrics::{Metrics, SqliteMetrics};
use va_rollout_collector::report::model::Window;
use va_rollout_collector::store::Pool;
use va_rollout_core::telemetry::{
    builders, encode_record, encode_request, Common, Event, Resource,
};

const CURATED: &str = "mhv_secure_messaging_curated_list_flow";
const ROOT: &str = "/my-health/secure-messages/new-message/";
const PAGES: [&str; 5] = [
    "",
    "recent/",
    "select-care-team/",
    "start-message/",
    "care-team-help/",
];
const REQUESTS: [&str; 4] = [
    "sm.messages.send",
    "sm.drafts.create",
    "sm.recipients.list",
    "vaos.appointments.get",
];
const SESSIONS: u64 = 300;
/// Records per body (the SDK batches a queue flush into one body).
const PER_BODY: usize = 200;

/// Sessions walking the new-message flow: transitions, clicks, requests (some failing,
/// bursts of 503s), over the window's first 110 minutes.
fn sdk_events(t0: f64) -> Vec<Event> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = Vec::new();
    for s in 0..SESSIONS {
        let session = format!("session-{s:04}");
        let new_flow = rng.below(3) != 0;
        let flow = match rng.below(5) {
            0 => None,
            1 => Some("legacy"),
            _ => Some(if new_flow { "curated" } else { "legacy" }),
        };
        let mut t = t0 + rng.below(100 * 60_000) as f64 + (rng.below(1000) as f64) / 8.0;
        let mut page = 0usize;
        for n in 0..(5 + rng.below(20)) {
            t += (1 + rng.below(20_000)) as f64;
            let common = |p: usize| Common {
                id: format!("{session}-{n}"),
                time_ms: t,
                session_id: session.clone(),
                path: format!("{ROOT}{}", PAGES[p]),
                flow: flow.map(String::from),
                context_flags: vec![(CURATED.into(), new_flow)],
            };
            let e = match rng.below(10) {
                0..=3 => {
                    let to = rng.below(PAGES.len() as u64) as usize;
                    let ev = builders::transition(
                        common(to),
                        &format!("{ROOT}{}", PAGES[page]),
                        &format!("{ROOT}{}", PAGES[to]),
                        "click",
                        None,
                    );
                    page = to;
                    ev
                }
                4 | 5 => builders::click(
                    common(page),
                    ["Recent Care Teams radio option", "Continue", "Cancel"][rng.below(3) as usize],
                    "va-button",
                ),
                _ => {
                    let status = match rng.below(20) {
                        0 => Some(503),
                        1 | 2 => Some(500),
                        3 => None,
                        4 => Some(201),
                        _ => Some(200),
                    };
                    let ms = (rng.below(700_000) as f64) / 100.0;
                    builders::request(
                        common(page),
                        REQUESTS[rng.below(REQUESTS.len() as u64) as usize],
                        ms,
                        status,
                        "POST",
                        "mhv",
                    )
                }
            };
            out.push(e);
        }
    }
    out.sort_by(|a, b| a.time_ms.total_cmp(&b.time_ms));
    out
}

/// The bodies as the SDK sends them, then a resend of every fourth record (unchanged).
fn bodies(events: &[Event]) -> Vec<String> {
    let resource = Resource::new("va.gov-mhv-secure-messaging", Some("1.0.0"), Some("prod"));
    let records: Vec<String> = events.iter().map(encode_record).collect();
    let mut out: Vec<String> = records
        .chunks(PER_BODY)
        .map(|c| encode_request(&resource, c))
        .collect();
    let resent: Vec<String> = records.iter().step_by(4).cloned().collect();
    out.extend(
        resent
            .chunks(PER_BODY)
            .map(|c| encode_request(&resource, c)),
    );
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sdk_events_give_the_same_report_on_both_engines() {
    let Some(py) = chdb::python() else { return };
    let t0 = support::t0();
    let events = sdk_events(t0 as f64);
    let bodies = bodies(&events);
    let resent = events.len().div_ceil(4);

    let shim = chdb::Shim::start(&py, true);
    assert_eq!(
        shim.load(&py, &bodies),
        format!("loaded {} rows", events.len() + resent)
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sdk.db");
    drop(support::sqlite_store(&path, &bodies));
    let lite = SqliteMetrics {
        pool: Arc::new(Pool::new(path)),
    };
    let ch = ClickHouseMetrics {
        config: shim.config(Duration::from_secs(120)),
    };

    let w = Window {
        from_ms: t0,
        to_ms: t0 + 2 * 3_600_000,
        stage: Some("B-25%".into()),
    };
    let (a, b) = tokio::task::spawn_blocking(move || {
        let a = ch.report(w.clone()).expect("ClickHouse report");
        let b = lite.report(w.clone()).expect("SQLite report");
        for scope in [Scope::All, Scope::New, Scope::Base] {
            let (x, y) = (
                ch.window(CURATED, scope, t0, t0 + 3_600_000),
                lite.window(CURATED, scope, t0, t0 + 3_600_000),
            );
            assert_eq!(x, y, "guardrail window {scope:?}");
            assert!(x.is_ok_and(|s| s.events > 0), "{scope:?} has events");
            assert_eq!(
                ch.endpoints(CURATED, scope, t0, t0 + 3_600_000),
                lite.endpoints(CURATED, scope, t0, t0 + 3_600_000),
                "guardrail endpoints {scope:?}"
            );
        }
        (a, b)
    })
    .await
    .expect("task");
    assert_eq!(b.all.events, events.len(), "each event once in SQLite");
    assert!(b.all.errors > 20 && b.all.breaker_events > 0 && b.all.sessions > 200);
    assert!(
        b.all.latency.iter().all(|l| l.count > 50),
        "{:?}",
        b.all.latency
    );
    assert!(b.errors_over_time.len() >= 10);
    // Field by field, then the whole report (as GET /report.json would serve it).
    assert_eq!(a.all, b.all, "all");
    assert_eq!(a.variants, b.variants, "variants");
    assert_eq!(a.flows, b.flows, "flows");
    assert_eq!(a.errors_over_time, b.errors_over_time, "errorsOverTime");
    assert_eq!(a.latency_histogram, b.latency_histogram, "latencyHistogram");
    assert_eq!(a.criteria, b.criteria, "criteria");
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).expect("json"),
        serde_json::to_string(&b).expect("json")
    );
}
