use super::*;
use crate::flags::{Decision, Reason, Source};
use crate::telemetry::{builders, EventKind, Persisted, TelemetryConfigInput};
use std::collections::BTreeMap;

struct Flags(BTreeMap<String, Decision>);
impl FlagView for Flags {
    fn decision(&self, name: &str) -> Option<&Decision> {
        self.0.get(name)
    }
}

fn flags() -> Flags {
    let d = Decision { value: true, reason: Reason::Static, source: Source::VetsApi, stale: false, fully_off: false };
    Flags([("mhv_secure_messaging_curated_list_flow".to_string(), d)].into_iter().collect())
}

fn config(extra: &str) -> TelemetryConfig {
    let json = format!(
        r#"{{"url":"http://127.0.0.1:1/v1/logs","service":"test","contextFlags":["mhv_secure_messaging_curated_list_flow"]{extra}}}"#
    );
    let input: TelemetryConfigInput = serde_json::from_str(&json).expect("config");
    input.validate().expect("valid")
}

fn tracker(extra: &str) -> Tracker {
    Tracker::new(config(extra), "session-1".into(), ExposureSet::default())
}

fn action(t: &Tracker, i: usize, now: f64) -> Event {
    let common = t.common(format!("id-{i}"), now, "/my-health/secure-messages/".into(), Some("curated".into()), &flags());
    builders::action(common, "Recent Care Teams loaded", vec![])
}

fn push_n(t: &mut Tracker, n: usize, now: f64) -> Next {
    push_ids(t, 0..n, now)
}

fn push_ids(t: &mut Tracker, ids: std::ops::Range<usize>, now: f64) -> Next {
    let mut next = Next::Idle;
    for i in ids {
        let e = t.admit(action(t, i, now)).expect("sampled");
        next = t.push(e, now);
    }
    next
}

fn records_in(body: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(body).expect("OTLP JSON");
    v["resourceLogs"][0]["scopeLogs"][0]["logRecords"].as_array().cloned().unwrap_or_default()
}

#[test]
fn context_flags_carry_known_values_and_leave_out_flags_with_no_data_yet() {
    let t = tracker("");
    let known = t.common("a".into(), 0.0, "/".into(), None, &flags());
    assert_eq!(known.context_flags, vec![("mhv_secure_messaging_curated_list_flow".to_string(), true)]);
    for (value, reason) in [(false, Reason::Default), (true, Reason::Default), (false, Reason::Error)] {
        let d = Decision { value, reason, source: Source::Default, stale: false, fully_off: false };
        let defaults = Flags([("mhv_secure_messaging_curated_list_flow".to_string(), d)].into_iter().collect());
        assert!(t.common("b".into(), 0.0, "/".into(), None, &defaults).context_flags.is_empty());
    }
    assert!(t.common("c".into(), 0.0, "/".into(), None, &Flags(BTreeMap::new())).context_flags.is_empty());
    let cached = Decision { value: false, reason: Reason::Cached, source: Source::Cache, stale: true, fully_off: false };
    let cache = Flags([("mhv_secure_messaging_curated_list_flow".to_string(), cached)].into_iter().collect());
    assert_eq!(t.common("d".into(), 0.0, "/".into(), None, &cache).context_flags.len(), 1);
}

#[test]
fn flushes_at_fifty_events_or_after_the_delay() {
    let mut t = tracker("");
    assert_eq!(push_n(&mut t, 1, 0.0), Next::At(5_000.0));
    assert_eq!(t.take(1_000.0, false), None);
    assert_eq!(push_n(&mut t, 49, 10.0), Next::SendNow);
    // Whichever threshold binds first (50 events or 16 KiB encoded), no batch exceeds either,
    // and draining sends all 50 exactly once.
    let mut sent = Vec::new();
    while let Some(batch) = t.take(10.0, true) {
        assert!(batch.count <= 50 && batch.body.len() <= 16 * 1024, "{} events, {} bytes", batch.count, batch.body.len());
        sent.extend(records_in(&batch.body));
        t.on_response(Some(200), None, 0.5, 10.0);
    }
    assert_eq!(sent.len(), 50);
    let records = sent;
    let attrs = records[0]["attributes"].to_string();
    assert!(attrs.contains("va_rollout.flag.mhv_secure_messaging_curated_list_flow"), "{attrs}");
    assert!(attrs.contains("session-1"));
}

#[test]
fn one_request_in_flight_and_retries_keep_the_same_records() {
    let mut t = tracker("");
    push_n(&mut t, 3, 0.0);
    let first = t.take(0.0, true).expect("forced");
    assert_eq!(t.take(0.0, true), None, "one at a time");
    let next = t.on_response(Some(503), None, 0.5, 100.0);
    let Next::At(at) = next else { panic!("retry scheduled: {next:?}") };
    assert!(at >= 600.0 && at <= 1_100.0, "{at}");
    assert_eq!(t.take(at - 1.0, false), None);
    let again = t.take(at, false).expect("retry due");
    assert_eq!(records_in(&again.body), records_in(&first.body));
    assert_eq!(t.on_response(Some(200), None, 0.5, at + 1.0), Next::Idle);
    let s = t.stats();
    assert_eq!((s.queued, s.sent, s.retried, s.pending()), (3, 3, 3, 0));
}

#[test]
fn retry_after_is_honoured_and_4xx_drops() {
    let mut t = tracker("");
    push_n(&mut t, 2, 0.0);
    t.take(0.0, true).expect("batch");
    assert_eq!(t.on_response(Some(429), Some("7"), 0.5, 0.0), Next::At(7_000.0));
    t.take(7_000.0, false).expect("retry");
    t.on_response(Some(400), None, 0.5, 7_001.0);
    let s = t.stats();
    assert_eq!((s.failed, s.pending()), (2, 0));
}

#[test]
fn gives_up_after_max_attempts() {
    let mut t = tracker("");
    push_n(&mut t, 1, 0.0);
    let mut now = 0.0;
    let mut sends = 0;
    while let Some(_) = t.take(now, true) {
        sends += 1;
        if let Next::At(at) = t.on_response(None, None, 0.0, now) {
            now = at;
        }
    }
    assert_eq!(sends, crate::telemetry::delivery::MAX_ATTEMPTS);
    assert_eq!((t.stats().failed, t.stats().pending()), (1, 0));
}

#[test]
fn exit_takes_everything_in_keepalive_sized_bodies_and_restore_resends_it() {
    let mut t = tracker(r#","batch":{"maxEvents":500,"maxBytes":65536,"maxDelayMs":60000}"#);
    push_n(&mut t, 300, 0.0);
    t.take(0.0, true).expect("in flight");
    push_ids(&mut t, 300..310, 1.0);
    let plan = t.exit(2.0);
    assert_eq!(plan.count, 310);
    assert!(plan.requests.len() >= 2, "split: {}", plan.requests.len());
    let mut ids = std::collections::BTreeSet::new();
    for body in plan.requests.iter().map(|r| &r.body) {
        assert!(body.len() <= 64 * 1024);
        for r in records_in(body) {
            ids.insert(r["attributes"].to_string());
        }
    }
    assert_eq!(ids.len(), 310, "every record exactly once");

    let (outbox, dropped) = Persisted::build(plan.records);
    assert_eq!(dropped, 0);
    let mut next_page = Tracker::new(config(""), "session-1".into(), ExposureSet::default());
    assert_eq!(next_page.restore(outbox, 3.0), 310);
    let mut resent = 0;
    while let Some(b) = next_page.take(3.0, false) {
        resent += records_in(&b.body).len();
        next_page.on_response(Some(200), None, 0.5, 3.0);
    }
    assert_eq!(resent, 310);
}

#[test]
fn unsampled_sessions_and_rules_keep_nothing() {
    let t = tracker(r#","sessionSampleRate":0"#);
    assert!(t.admit(action(&t, 0, 0.0)).is_none());
    let t = tracker(r#","rules":[{"kind":"timing","when":{"flow":"curated","path":"/new-message/select-care-team/"},"rate":1},{"kind":"timing","rate":0}],"basePath":"/my-health/secure-messages""#);
    let at = |path: &str| t.common("x".into(), 0.0, path.into(), Some("curated".into()), &flags());
    let kept = builders::timing(at("/my-health/secure-messages/new-message/select-care-team/"), "sm.drafts.create", 120.0, None, Some(200));
    let other = builders::timing(at("/my-health/secure-messages/new-message/recent/"), "sm.drafts.create", 120.0, None, Some(200));
    assert!(t.admit(kept).is_some());
    assert!(t.admit(other).is_none());
}

#[test]
fn exposures_are_once_per_value_per_session() {
    let mut t = tracker("");
    assert!(t.expose("a", true));
    assert!(!t.expose("a", true));
    assert!(t.expose("a", false));
}

#[test]
fn before_send_edits_are_rescrubbed() {
    let mut t = tracker("");
    let e = t.admit(action(&t, 0, 0.0)).unwrap();
    let mut view = EventView::of(&e);
    assert_eq!(view.kind, EventKind::Action.as_str());
    view.path = "/profile/jane.doe@example.com/".into();
    let edited = view.apply(e);
    t.push(edited, 0.0);
    let body = t.take(0.0, true).unwrap().body;
    assert!(!body.contains("jane.doe@example.com"), "{body}");
}

#[test]
fn navigation_reports_the_previous_page_and_time_once_per_change() {
    let mut t = tracker("");
    assert_eq!(t.navigate("/a/".into(), 1_000.0), Some(None));
    assert_eq!(t.navigate("/a/".into(), 2_000.0), None, "same page: no page view");
    assert_eq!(t.navigate("/b/".into(), 4_500.0), Some(Some(("/a/".to_string(), 3_500.0))));
    assert_eq!(t.page_path(), Some("/b/"));
}

#[test]
fn exit_requests_carry_exactly_their_records() {
    let mut t = tracker("");
    push_n(&mut t, 5, 0.0);
    let plan = t.exit(1.0);
    let in_requests: Vec<String> = plan.requests.iter().flat_map(|r| r.records.clone()).collect();
    let planned: Vec<String> = plan.records.iter().map(|(r, _)| r.clone()).collect();
    assert_eq!(in_requests, planned);
    for req in &plan.requests {
        assert_eq!(records_in(&req.body).len(), req.records.len());
    }
}

#[test]
fn restored_records_that_are_expired_or_malformed_count_as_queued_and_dropped() {
    let mut first = tracker("");
    push_n(&mut first, 3, 0.0);
    let plan = first.exit(1.0);
    let mut records = plan.records;
    records.push(("{not json}".into(), 1.0));
    records.push((r#"{"old":"record format"}"#.into(), 1.0));
    records.insert(0, (records[0].0.replace("id-0", "id-old"), 1.0 - 2.0 * crate::telemetry::persist::PERSIST_TTL_MS));
    let (outbox, _) = Persisted::build(records);
    let mut next_page = tracker("");
    assert_eq!(next_page.restore(outbox, 2.0), 3, "the three current records are re-sent");
    let s = next_page.stats();
    assert_eq!((s.queued, s.dropped, s.pending()), (6, 3, 3));
    // The drop is reported on the next batch off the queue, as for a queue overflow.
    while let Some(b) = next_page.take(2.0, false) {
        next_page.on_response(Some(200), None, 0.5, 2.0);
        assert!(records_in(&b.body).iter().all(|r| !r.to_string().contains("va_rollout.dropped")));
    }
    push_ids(&mut next_page, 10..11, 3.0);
    let batch = next_page.take(3.0, true).expect("a batch");
    let first_record = &records_in(&batch.body)[0];
    let dropped = first_record["attributes"].as_array().expect("attributes").iter().find(|a| a["key"] == "va_rollout.dropped").expect("dropped carried");
    assert_eq!(dropped["value"]["intValue"], "3");
    next_page.on_response(Some(200), None, 0.5, 3.0);
    let s = next_page.stats();
    assert_eq!((s.queued, s.sent, s.dropped, s.pending()), (7, 4, 3, 0));
}

#[test]
fn failed_exit_requests_are_resent_once_the_page_is_visible_again() {
    let mut t = tracker("");
    push_n(&mut t, 3, 0.0);
    let plan = t.exit(1.0);
    assert_eq!(t.next(1.0), Next::Idle, "everything was handed to the browser");
    for req in plan.requests {
        t.on_exit_failed(req.records);
    }
    assert_eq!(t.take(2.0, true), None, "parked until the page is visible");
    let resumed = t.resume();
    assert_eq!(resumed.len(), 3);
    assert!(t.resume().is_empty(), "resumed once");
    assert_eq!(t.next(3.0), Next::SendNow);
    let batch = t.take(3.0, false).expect("the parked records");
    assert_eq!(records_in(&batch.body).len(), 3);
    t.on_response(Some(200), None, 0.5, 3.0);
    let s = t.stats();
    assert_eq!((s.queued, s.sent, s.pending()), (3, 3, 0), "counted once, as sent");
}
