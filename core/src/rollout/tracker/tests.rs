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
    let d = Decision {
        value: true,
        reason: Reason::Static,
        source: Source::VetsApi,
        stale: false,
        fully_off: false,
    };
    Flags(
        [("mhv_secure_messaging_curated_list_flow".to_string(), d)]
            .into_iter()
            .collect(),
    )
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
    let common = t.common(
        format!("id-{i}"),
        now,
        "/my-health/secure-messages/".into(),
        Some(true),
        &flags(),
    );
    builders::action(common, "Recent Care Teams loaded", vec![])
}

/// An empty outbox.
fn empty() -> Persisted {
    Persisted::build(Vec::new()).0
}

/// The records of an outbox, as `(compact record, queued at)`.
fn stored(p: &Persisted) -> Vec<(String, f64)> {
    p.records.iter().map(|rec| (rec.r.clone(), rec.t)).collect()
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

/// Ids of the records in a request body, in order.
fn ids_in(body: &str) -> Vec<String> {
    records_in(body)
        .iter()
        .map(|r| {
            r["attributes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["key"] == "va_rollout.event.id")
                .unwrap()["value"]["stringValue"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn records_in(body: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(body).expect("OTLP JSON");
    v["resourceLogs"][0]["scopeLogs"][0]["logRecords"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn context_flags_carry_known_values_and_leave_out_flags_with_no_data_yet() {
    let t = tracker("");
    let known = t.common("a".into(), 0.0, "/".into(), None, &flags());
    assert_eq!(
        known.context_flags,
        vec![("mhv_secure_messaging_curated_list_flow".to_string(), true)]
    );
    for (value, reason) in [
        (false, Reason::Default),
        (true, Reason::Default),
        (false, Reason::Error),
    ] {
        let d = Decision {
            value,
            reason,
            source: Source::Default,
            stale: false,
            fully_off: false,
        };
        let defaults = Flags(
            [("mhv_secure_messaging_curated_list_flow".to_string(), d)]
                .into_iter()
                .collect(),
        );
        assert!(t
            .common("b".into(), 0.0, "/".into(), None, &defaults)
            .context_flags
            .is_empty());
    }
    assert!(t
        .common("c".into(), 0.0, "/".into(), None, &Flags(BTreeMap::new()))
        .context_flags
        .is_empty());
    let cached = Decision {
        value: false,
        reason: Reason::Cached,
        source: Source::Cache,
        stale: true,
        fully_off: false,
    };
    let cache = Flags(
        [("mhv_secure_messaging_curated_list_flow".to_string(), cached)]
            .into_iter()
            .collect(),
    );
    assert_eq!(
        t.common("d".into(), 0.0, "/".into(), None, &cache)
            .context_flags
            .len(),
        1
    );
}

#[test]
fn flushes_at_fifty_events_or_after_the_delay() {
    let mut t = tracker("");
    assert_eq!(push_n(&mut t, 1, 0.0), Next::At(5_000.0));
    assert_eq!(t.take(1_000.0, false), None);
    assert_eq!(push_n(&mut t, 49, 10.0), Next::SendNow);
    // The thresholds say when; a due request takes what is queued up to the request limits
    // (64 KiB uncompressed, 500 events), and draining sends all 50 exactly once.
    let limits = t.config().batch.request_limits(false);
    assert_eq!((limits.max_events, limits.max_bytes), (500, 64 * 1024));
    let mut sent = Vec::new();
    while let Some(batch) = t.take(10.0, true) {
        assert!(
            batch.count <= limits.max_events && batch.body.len() <= limits.max_bytes,
            "{} events, {} bytes",
            batch.count,
            batch.body.len()
        );
        sent.extend(records_in(&batch.body));
        t.on_response(Some(200), None, 0.5, 10.0);
    }
    assert_eq!(sent.len(), 50);
    let records = sent;
    let attrs = records[0]["attributes"].to_string();
    assert!(
        attrs.contains("va_rollout.flag.mhv_secure_messaging_curated_list_flow"),
        "{attrs}"
    );
    assert!(attrs.contains("session-1"));
}

#[test]
fn one_request_in_flight_and_retries_keep_the_same_records() {
    let mut t = tracker("");
    push_n(&mut t, 3, 0.0);
    let first = t.take(0.0, true).expect("forced");
    assert_eq!(t.take(0.0, true), None, "one at a time");
    let next = t.on_response(Some(503), None, 0.5, 100.0);
    let Next::At(at) = next else {
        panic!("retry scheduled: {next:?}")
    };
    assert!((600.0..=1_100.0).contains(&at), "{at}");
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
    assert_eq!(
        t.on_response(Some(429), Some("7"), 0.5, 0.0),
        Next::At(7_000.0)
    );
    t.take(7_000.0, false).expect("retry");
    t.on_response(Some(400), None, 0.5, 7_001.0);
    let s = t.stats();
    assert_eq!((s.failed, s.pending()), (2, 0));
}

#[test]
fn exit_takes_everything_in_keepalive_sized_bodies_and_restore_resends_it() {
    let mut t = tracker(r#","batch":{"maxEvents":500,"maxBytes":65536,"maxDelayMs":60000}"#);
    push_n(&mut t, 300, 0.0);
    t.take(0.0, true).expect("in flight");
    push_ids(&mut t, 300..310, 1.0);
    let plan = t.exit(2.0, empty());
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

    assert_eq!(plan.outbox.records.len(), 310);
    let mut next_page = Tracker::new(config(""), "session-1".into(), ExposureSet::default());
    assert_eq!(next_page.restore(plan.outbox, 3.0), 310);
    let mut resent = 0;
    while let Some(b) = next_page.take(3.0, false) {
        resent += records_in(&b.body).len();
        next_page.on_response(Some(200), None, 0.5, 3.0);
    }
    assert_eq!(resent, 310);
}

#[test]
#[cfg(feature = "routing")] // the session's flow comes from the Secure Messaging router
fn unsampled_sessions_and_rules_keep_nothing() {
    let t = tracker(r#","sessionSampleRate":0"#);
    assert!(t.admit(action(&t, 0, 0.0)).is_none());
    let t = tracker(
        r#","rules":[{"kind":"timing","when":{"flow":"curated","path":"/new-message/select-care-team/"},"rate":1},{"kind":"timing","rate":0}],"basePath":"/my-health/secure-messages""#,
    );
    let at = |path: &str| t.common("x".into(), 0.0, path.into(), Some(true), &flags());
    let kept = builders::timing(
        at("/my-health/secure-messages/new-message/select-care-team/"),
        "sm.drafts.create",
        120.0,
        None,
        Some(200),
    );
    let other = builders::timing(
        at("/my-health/secure-messages/new-message/recent/"),
        "sm.drafts.create",
        120.0,
        None,
        Some(200),
    );
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
    assert_eq!(
        t.navigate("/a/".into(), 2_000.0),
        None,
        "same page: no page view"
    );
    assert_eq!(
        t.navigate("/b/".into(), 4_500.0),
        Some(Some(("/a/".to_string(), 3_500.0)))
    );
    assert_eq!(t.page_path(), Some("/b/"));
}

#[test]
#[cfg(feature = "routing")] // the session's flow comes from the Secure Messaging router
fn a_call_context_keeps_what_held_at_call_time() {
    let mut t = tracker("");
    t.navigate("/my-health/secure-messages/inbox/".into(), 0.0);
    let ctx = t.call_context(1_000.0, Some(true), &flags());
    // Later: another page, the context flag off, no flow.
    t.navigate("/my-health/secure-messages/new-message/".into(), 2_000.0);
    let now_common = t.common(
        "b".into(),
        2_000.0,
        "/my-health/secure-messages/new-message/".into(),
        None,
        &Flags(BTreeMap::new()),
    );
    let then = t.common_at("a".into(), ctx, || unreachable!("a page view was seen"));
    assert_eq!(then.path, "/my-health/secure-messages/inbox/");
    assert_eq!(
        (then.time_ms, then.flow.as_deref()),
        (1_000.0, Some("curated"))
    );
    assert_eq!(
        then.context_flags,
        vec![("mhv_secure_messaging_curated_list_flow".to_string(), true)]
    );
    assert!(
        now_common.context_flags.is_empty(),
        "a flag with no data now is unknown, not false"
    );
    assert_eq!(then.session_id, "session-1");
    let before_any_page = tracker("").call_context(0.0, None, &flags());
    assert_eq!(
        tracker("")
            .common_at("c".into(), before_any_page, || "/from-location/".into())
            .path,
        "/from-location/"
    );
}

#[test]
fn record_equals_admit_then_push() {
    let (mut a, mut b) = (tracker(""), tracker(""));
    for i in 0..3 {
        let e = action(&a, i, 0.0);
        assert_eq!(
            a.record(e.clone(), 0.0),
            Some(b.push(b.admit(e).unwrap(), 0.0))
        );
    }
    assert_eq!(
        a.take(0.0, true).map(|x| x.body),
        b.take(0.0, true).map(|x| x.body)
    );
    let mut off = tracker(r#","sessionSampleRate":0"#);
    assert_eq!(off.record(action(&off, 0, 0.0), 0.0), None);
    assert_eq!(off.stats().queued, 0);
}

#[test]
fn an_edited_event_is_scrubbed_again_before_a_sink_sees_it_and_queued_as_is() {
    let mut t = tracker("");
    let mut e = t.admit(action(&t, 0, 0.0)).expect("sampled");
    e.name = "Message sent to vet.person@example.com".into();
    let scrubbed = t.scrub(e);
    assert!(
        !scrubbed.name.contains("vet.person@example.com"),
        "{}",
        scrubbed.name
    );
    assert!(scrubbed.name.starts_with("Message sent to "));
    let again = t.scrub(scrubbed.clone());
    assert_eq!(
        again, scrubbed,
        "scrubbing is idempotent: push_scrubbed needs no third pass"
    );
    t.push_scrubbed(scrubbed, 0.0);
    assert_eq!(t.stats().queued, 1);
}

mod exit_and_backlog;
mod retry;
mod spill;
mod unsent;
