use super::*;
use crate::ingest::row::EventFields;

fn ev(time_ms: i64, event_name: &str) -> ReportEvent {
    ReportEvent {
        time_ms,
        fields: EventFields {
            session_id: Some("s".into()),
            event_name: event_name.into(),
            ..Default::default()
        },
        lost: 0,
    }
}

#[test]
fn sliding_window_counts_errors_within_ten_minutes() {
    let min = 60_000;
    // Errors at 0, 1, 9.99, 10, 15, 19 min: [0, 10) holds 3 (10 is excluded: half-open),
    // [9.99, 19.99) holds 9.99, 10, 15, 19 = 4, the most.
    let times = [0, min, 9 * min + 59_999, 10 * min, 15 * min, 19 * min];
    assert_eq!(
        max_in_window(&times, ERROR_WINDOW_MS),
        ErrorWindow {
            count: 4,
            start_ms: Some(9 * min + 59_999)
        }
    );
    assert_eq!(
        max_in_window(&times[..4], ERROR_WINDOW_MS),
        ErrorWindow {
            count: 3,
            start_ms: Some(0)
        }
    );
    let dense: Vec<i64> = (0..12).map(|i| i * 50_000).collect(); // 12 errors in 550 s
    assert_eq!(max_in_window(&dense, ERROR_WINDOW_MS).count, 12);
    assert_eq!(max_in_window(&[], ERROR_WINDOW_MS), ErrorWindow::default());
}

#[test]
fn percentile_nearest_rank() {
    let v: Vec<f64> = (1..=100).map(f64::from).collect();
    assert_eq!(percentile(&v, 0.95), 95.0);
    assert_eq!(percentile(&[7.0], 0.95), 7.0);
    assert_eq!(percentile(&[1.0, 2.0], 0.95), 2.0);
    assert_eq!(percentile(&[], 0.95), 0.0);
}

#[test]
fn counts_errors_clicks_breakers_messages_latency() {
    let mut evs = Vec::new();
    let mut e = ev(1, EVENT_ERROR);
    e.fields.status = Some(503);
    e.fields.name = Some("vaos.appointments".into());
    e.fields.duration_ms = Some(300.0);
    evs.push(e);
    let mut e = ev(2, EVENT_ERROR);
    e.fields.status = Some(500);
    evs.push(e);
    let mut e = ev(3, EVENT_CLICK);
    e.fields.action_name = Some("Care System Radio button".into());
    evs.push(e.clone());
    evs.push(e);
    let mut e = ev(4, EVENT_TIMING);
    e.fields.name = Some(MESSAGE_SEND_NAME.into());
    e.fields.duration_ms = Some(100.0);
    evs.push(e.clone());
    e.fields.status = Some(500);
    e.fields.event_name = EVENT_ERROR.into();
    evs.push(e);
    let mut e = ev(5, EVENT_ACTION);
    e.fields.name = Some("Breaker Skipped".into());
    e.fields.session_id = Some("other".into());
    evs.push(e);
    let refs: Vec<&ReportEvent> = evs.iter().collect();
    let s = compute(&refs);
    assert_eq!(s.events, 7);
    assert_eq!(s.sessions, 2);
    assert_eq!(s.errors, 3);
    assert_eq!(s.errors_by_status.get("500"), Some(&2));
    assert_eq!(s.errors_by_status.get("503"), Some(&1));
    assert!((s.error_rate - 3.0 / 7.0).abs() < 1e-12);
    assert_eq!(s.breaker_events, 2);
    assert_eq!(s.clicks.get("Care System Radio button"), Some(&2));
    assert_eq!(s.messages_sent, 1);
    let send = s
        .latency
        .iter()
        .find(|l| l.name == MESSAGE_SEND_NAME)
        .expect("latency");
    assert_eq!(send.count, 2);
    assert!((send.avg_ms - 100.0).abs() < 1e-12);
    assert_eq!(s.max_errors_in_10_min.count, 3);
}

proptest::proptest! {
    /// The sliding window equals a brute-force count over every window starting at an error.
    #[test]
    fn sliding_window_matches_brute_force(mut times in proptest::collection::vec(0i64..3_000_000, 0..60)) {
        times.sort_unstable();
        let brute = times
            .iter()
            .map(|s| times.iter().filter(|t| **t >= *s && **t - *s < ERROR_WINDOW_MS).count())
            .max()
            .unwrap_or(0);
        proptest::prop_assert_eq!(max_in_window(&times, ERROR_WINDOW_MS).count, brute);
    }
}
