//! The hand-built event set of the ClickHouse query tests, as OTLP/HTTP JSON bodies shaped
//! like the SDK's (src/telemetry/otlp.rs), the SQLite path's report over the same bodies, and
//! helpers to compare query rows with it.
#![allow(dead_code)]

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};
use va_rollout_collector::clickhouse::client::{get_str, get_u64};
use va_rollout_collector::clickhouse::sql::Span;
use va_rollout_collector::ingest::otlp::parse_request;
use va_rollout_collector::report::model::{self, Report, Window};
use va_rollout_collector::report::paths::PathStats;
use va_rollout_collector::report::stats::VariantStats;
use va_rollout_collector::store::{self, events};

/// The window's start: a 10-minute boundary (the error buckets start there) two hours ago.
/// Recent on purpose: the DDL's 90-day TTL drops older parts, as it would in production.
pub fn t0() -> i64 {
    let now = va_rollout_collector::util::now_ms();
    (now - 2 * 3_600_000).div_euclid(600_000) * 600_000
}
const ROOT: &str = "/my-health/secure-messages/new-message";

#[derive(Default, Clone)]
pub struct Ev {
    pub id: String,
    pub ms: i64,
    pub extra_ns: i64,
    pub session: &'static str,
    pub event: &'static str,
    pub body: Option<String>,
    pub status: Option<i64>,
    pub duration: Option<f64>,
    pub action: Option<&'static str>,
    pub from: Option<String>,
    pub to: Option<String>,
}

fn s(v: &str) -> Value {
    json!({ "stringValue": v })
}

/// One log record as the SDK writes it.
pub fn record(e: &Ev) -> Value {
    let mut attrs = vec![
        json!({"key": "va_rollout.event.id", "value": s(&e.id)}),
        json!({"key": "session.id", "value": s(e.session)}),
    ];
    let (variant, flow) = match e.session {
        "s1" => (Some(true), Some("curated")),
        "s2" => (Some(false), None),
        _ => (None, None),
    };
    if let Some(v) = variant {
        attrs.push(json!({"key": "va_rollout.flag.mhv_secure_messaging_curated_list_flow", "value": {"boolValue": v}}));
    }
    if let Some(f) = flow {
        attrs.push(json!({"key": "va_rollout.flow", "value": s(f)}));
    }
    if let Some(st) = e.status {
        attrs.push(
            json!({"key": "http.response.status_code", "value": {"intValue": st.to_string()}}),
        );
    }
    if let Some(d) = e.duration {
        attrs.push(json!({"key": "va_rollout.duration_ms", "value": {"doubleValue": d}}));
    }
    if let Some(a) = e.action {
        attrs.push(json!({"key": "va_rollout.action.name", "value": s(a)}));
    }
    for (k, v) in [
        ("va_rollout.transition.from", &e.from),
        ("va_rollout.transition.to", &e.to),
    ] {
        if let Some(v) = v {
            attrs.push(json!({"key": k, "value": s(v)}));
        }
    }
    let ns = e.ms * 1_000_000 + e.extra_ns;
    let mut r = json!({
        "timeUnixNano": ns.to_string(),
        "observedTimeUnixNano": ns.to_string(),
        "severityNumber": if e.event == "va_rollout.error" { 17 } else { 9 },
        "severityText": if e.event == "va_rollout.error" { "ERROR" } else { "INFO" },
        "eventName": e.event,
        "attributes": attrs,
    });
    if let Some(b) = &e.body {
        r["body"] = s(b);
    }
    r
}

pub fn body(records: Vec<Value>) -> String {
    json!({"resourceLogs": [{
        "resource": {"attributes": [
            {"key": "service.name", "value": s("vets-website")},
            {"key": "telemetry.sdk.name", "value": s("va-rollout")}
        ]},
        "scopeLogs": [{"scope": {"name": "va-rollout"}, "logRecords": records}]
    }]})
    .to_string()
}

fn ev(n: usize, ms: i64, session: &'static str, event: &'static str) -> Ev {
    Ev {
        id: format!("e{n:03}"),
        ms: t0() + ms,
        session,
        event,
        ..Default::default()
    }
}

fn transition(n: usize, ms: i64, session: &'static str, from: &str, to: &str) -> Ev {
    Ev {
        from: Some(format!("{ROOT}{from}")),
        to: Some(format!("{ROOT}{to}")),
        body: Some("transition".into()),
        ..ev(n, ms, session, "va_rollout.transition")
    }
}

/// The events (see the assertions in clickhouse_queries.rs).
pub fn events_set() -> Vec<Ev> {
    let named = |e: Ev, b: &str| Ev {
        body: Some(b.into()),
        ..e
    };
    let mut v = vec![
        // s1: new variant, flow "curated".
        Ev {
            duration: Some(100.0),
            ..named(ev(1, 0, "s1", "va_rollout.timing"), "sm.messages.send")
        },
        Ev {
            duration: Some(300.5),
            extra_ns: 999_999,
            ..named(ev(2, 1_000, "s1", "va_rollout.timing"), "sm.messages.send")
        },
        Ev {
            status: Some(503),
            duration: Some(2000.0),
            ..named(ev(3, 2_000, "s1", "va_rollout.error"), "vaos.appointments")
        },
        transition(4, 20_000, "s1", "/", "/recent/"),
        transition(5, 21_000, "s1", "/recent/", "/start-message/"),
        // s2: base variant, no flow.
        Ev {
            status: Some(500),
            duration: Some(50.0),
            ..named(ev(6, 3_000, "s2", "va_rollout.error"), "sm.recipients")
        },
        Ev {
            action: Some("send-button"),
            ..named(ev(7, 4_000, "s2", "va_rollout.click"), "ignored")
        },
        named(ev(8, 5_000, "s2", "va_rollout.click"), "Cancel"),
        named(ev(9, 602_000, "s2", "va_rollout.error"), "sm.folders"),
        Ev {
            status: Some(404),
            ..named(ev(10, 602_500, "s2", "va_rollout.error"), "sm.folders")
        },
        transition(11, 30_000, "s2", "/", "/recent"),
        transition(12, 31_000, "s2", "/recent", "/select-care-team"),
        transition(13, 32_000, "s2", "/select-care-team", "/care-team-help/"),
        // s3: no variant flag, no flow.
        ev(14, 6_000, "s3", "va_rollout.click"),
        Ev {
            status: Some(404),
            ..named(ev(15, 7_000, "s3", "va_rollout.action"), "x.messages.send")
        },
        Ev {
            action: Some("breaker-open"),
            ..named(ev(16, 8_000, "s3", "va_rollout.action"), "panel")
        },
        transition(17, 40_000, "s3", "/", "/select-care-team/?x=1"),
        transition(18, 41_000, "s3", "/select-care-team", "/select-care-team/"),
    ];
    for i in 1..=20 {
        v.push(Ev {
            duration: Some(i as f64),
            ..named(
                ev(18 + i, 10_000 + i as i64, "s3", "va_rollout.timing"),
                "vaos.list",
            )
        });
    }
    // Outside the window [T0, T0 + 1 h).
    v.push(named(ev(90, -1, "s1", "va_rollout.click"), "early"));
    v.push(named(ev(91, 3_600_000, "s1", "va_rollout.click"), "late"));
    v
}

/// Two bodies: every event, and a resend of four of them (the SDK's at-least-once delivery).
pub fn bodies() -> (String, String) {
    let all = events_set();
    let first = body(all.iter().map(record).collect());
    let resent = body(
        all.iter()
            .filter(|e| ["e001", "e003", "e007", "e004"].contains(&e.id.as_str()))
            .map(record)
            .collect(),
    );
    (first, resent)
}

/// A collector SQLite store at `path` holding `bodies` (the real ingest parser and its
/// deduplicating insert); the open connection.
pub fn sqlite_store(path: &std::path::Path, bodies: &[String]) -> rusqlite::Connection {
    let mut conn = store::init(path).expect("store");
    for b in bodies {
        let parsed = parse_request(b.as_bytes(), 0).expect("parse");
        assert_eq!(parsed.rejected, 0, "{}", parsed.error_message());
        let tx = conn.transaction().expect("tx");
        events::insert(&tx, &parsed.rows).expect("insert");
        tx.commit().expect("commit");
    }
    conn
}

/// The SQLite path on the same bodies: the real ingest parser and store, then the report.
pub fn sqlite_report(bodies: &[String], w: Span) -> Report {
    let dir = tempfile::tempdir().unwrap();
    let conn = sqlite_store(&dir.path().join("r.db"), bodies);
    let rows = events::load_window(&conn, w.from_ms, w.to_ms).unwrap();
    model::build(
        &rows,
        Window {
            from_ms: w.from_ms,
            to_ms: w.to_ms,
            stage: None,
        },
    )
}

/// Every scope of a report: ("all", ""), ("variant", k), ("flow", k).
pub fn scopes(r: &Report) -> Vec<(&'static str, String, &VariantStats)> {
    let mut v = vec![("all", String::new(), &r.all)];
    v.extend(r.variants.iter().map(|(k, s)| ("variant", k.clone(), s)));
    v.extend(r.flows.iter().map(|(k, s)| ("flow", k.clone(), s)));
    v
}

/// Query rows grouped by scope and key.
pub struct Scoped(pub Vec<Map<String, Value>>);

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

impl Scoped {
    pub fn rows(&self, scope: &str, key: &str) -> Vec<&Map<String, Value>> {
        self.0
            .iter()
            .filter(|r| get_str(r, "scope") == scope && get_str(r, "key") == key)
            .collect()
    }

    pub fn one(&self, scope: &str, key: &str) -> &Map<String, Value> {
        let rows = self.rows(scope, key);
        assert_eq!(rows.len(), 1, "one row for {scope}:{key} in {:?}", self.0);
        rows[0]
    }

    pub fn named(&self, scope: &str, key: &str, col: &str, val: &str) -> &Map<String, Value> {
        self.rows(scope, key)
            .into_iter()
            .find(|r| text(r.get(col)) == val)
            .unwrap_or_else(|| panic!("no {col} = {val} for {scope}:{key} in {:?}", self.0))
    }
}

pub fn same_counts(q: &Scoped, scope: &str, key: &str, col: &str, want: &BTreeMap<String, usize>) {
    let got: BTreeMap<String, usize> = q
        .rows(scope, key)
        .into_iter()
        .map(|r| (text(r.get(col)), get_u64(r, "n") as usize))
        .collect();
    assert_eq!(&got, want, "{scope}:{key} {col}");
}

pub fn same_paths(row: Option<&Map<String, Value>>, p: &PathStats, ctx: &str) {
    let n = |k: &str| row.map_or(0, |r| get_u64(r, k) as usize);
    assert_eq!(n("entries_recent"), p.entries_recent, "{ctx}");
    assert_eq!(
        n("entries_select_care_team"),
        p.entries_select_care_team,
        "{ctx}"
    );
    assert_eq!(n("from_recent"), p.from_recent, "{ctx}");
    assert_eq!(
        n("recent_to_start_message"),
        p.recent_to_start_message,
        "{ctx}"
    );
    assert_eq!(
        n("recent_to_select_care_team"),
        p.recent_to_select_care_team,
        "{ctx}"
    );
    assert_eq!(n("flow_sessions"), p.flow_sessions, "{ctx}");
    let funnel: Vec<usize> = [
        "new_message",
        "recent",
        "select_care_team",
        "start_message",
        "care_team_help",
    ]
    .iter()
    .map(|k| n(&format!("s_{k}")))
    .collect();
    let want: Vec<usize> = p.funnel.iter().map(|f| f.sessions).collect();
    assert_eq!(funnel, want, "{ctx} funnel");
    assert_eq!(n("s_care_team_help"), p.care_team_help_sessions, "{ctx}");
}
