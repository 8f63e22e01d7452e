use super::*;
use crate::ingest::row::EventFields;
use crate::plans::format::parse;
use crate::report::stats::{compute, EVENT_ERROR, EVENT_TIMING};
use crate::store::events::ReportEvent;

fn ev(session: &str, event_name: &str, name: &str, duration: Option<f64>) -> ReportEvent {
    ReportEvent {
        time_ms: 0,
        fields: EventFields {
            session_id: Some(session.into()),
            event_name: event_name.into(),
            name: Some(name.into()),
            duration_ms: duration,
            status: (event_name == EVENT_ERROR).then_some(500),
            ..Default::default()
        },
        lost: 0,
    }
}

/// `n` timing events of `ms` each plus `errors` error events.
fn events(n: usize, ms: f64, errors: usize) -> VariantStats {
    let mut v: Vec<ReportEvent> = (0..n)
        .map(|i| {
            ev(
                &format!("s{}", i % 7),
                EVENT_TIMING,
                "vaos.appointments",
                Some(ms),
            )
        })
        .collect();
    v.extend((0..errors).map(|i| ev(&format!("e{i}"), EVENT_ERROR, "vaos.appointments", None)));
    let refs: Vec<&ReportEvent> = v.iter().collect();
    compute(&refs)
}

fn criterion(yaml: &str) -> Criterion {
    let plan = parse(&format!(
        "id: p\ntoggles: [{{name: t}}]\nstages: [{{name: A, percentage: 5, min_duration: 1m}}]\ncriteria:\n  - {yaml}\n"
    ))
    .expect("plan");
    plan.criteria.into_iter().next().expect("criterion")
}

#[test]
fn count_rate_average_and_p95() {
    let s = events(95, 100.0, 5);
    let count = criterion("{id: e, metric: errors, aggregation: count, window: 10m, op: '<', threshold: 10, severity: kill}");
    let r = evaluate(&count, &s, None);
    assert_eq!((r.value, r.verdict), (5.0, Verdict::Pass));
    let rate = criterion("{id: r, metric: errors, aggregation: rate, window: 10m, op: '<', threshold: 0.04, severity: hold}");
    let r = evaluate(&rate, &s, None);
    assert_eq!((r.value, r.verdict), (0.05, Verdict::Fail));
    let avg = criterion("{id: l, metric: latency_ms, aggregation: average, window: 10m, op: '<', threshold: 5000, severity: hold}");
    let r = evaluate(&avg, &events(10, 6000.0, 0), None);
    assert_eq!((r.value, r.samples, r.verdict), (6000.0, 10, Verdict::Fail));
    let mut v: Vec<ReportEvent> = (0..100)
        .map(|i| {
            ev(
                "s",
                EVENT_TIMING,
                "sm.messages.send",
                Some(f64::from(i + 1) * 10.0),
            )
        })
        .collect();
    v.push(ev("s", EVENT_TIMING, "other", Some(99_999.0)));
    let refs: Vec<&ReportEvent> = v.iter().collect();
    let p95 = criterion("{id: p, metric: latency_ms, aggregation: p95, request: sm.messages.send, window: 10m, op: '<=', threshold: 950, severity: warn}");
    let r = evaluate(&p95, &compute(&refs), None);
    assert_eq!((r.value, r.samples, r.verdict), (950.0, 100, Verdict::Pass));
}

#[test]
fn low_traffic_is_not_enough_data_never_a_failure() {
    let c = criterion("{id: r, metric: errors, aggregation: rate, window: 10m, op: '<', threshold: 0.05, min_samples: 50, severity: kill}");
    // 3 of 4 events are errors: a 75 % error rate, but only 4 samples.
    let r = evaluate(&c, &events(1, 10.0, 3), None);
    assert_eq!(r.verdict, Verdict::NotEnoughData);
    assert!(r.detail.contains("4 samples"), "{}", r.detail);
    assert_eq!(
        evaluate(&c, &events(40, 10.0, 10), None).verdict,
        Verdict::Fail
    );
}

#[test]
fn new_against_base_with_an_allowed_increase() {
    let c = criterion("{id: vs, metric: errors, aggregation: rate, window: 10m, versus_base: {max_increase: 0.01}, min_samples: 20, severity: rollback}");
    let base = events(98, 10.0, 2); // 2 %
    let r = evaluate(&c, &events(97, 10.0, 3), Some(&base)); // 3 % ≤ 2 % + 1 point
    assert_eq!(r.verdict, Verdict::Pass, "{r:?}");
    assert!(r.threshold.is_some_and(|t| (t - 0.03).abs() < 1e-9));
    assert_eq!(
        evaluate(&c, &events(95, 10.0, 5), Some(&base)).verdict,
        Verdict::Fail
    );
    assert_eq!(
        evaluate(&c, &events(95, 10.0, 5), Some(&events(5, 1.0, 0))).verdict,
        Verdict::NotEnoughData
    );
    let rel = criterion("{id: vr, metric: latency_ms, aggregation: average, window: 10m, versus_base: {max_increase: 0.5, relative: true}, severity: hold}");
    assert_eq!(
        evaluate(&rel, &events(10, 140.0, 0), Some(&events(10, 100.0, 0))).verdict,
        Verdict::Pass
    );
    assert_eq!(
        evaluate(&rel, &events(10, 160.0, 0), Some(&events(10, 100.0, 0))).verdict,
        Verdict::Fail
    );
}
