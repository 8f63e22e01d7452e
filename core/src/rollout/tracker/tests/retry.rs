//! Retries: no attempt limit, limited by age; backoff that resets after a success.

use super::*;

#[test]
fn retries_without_an_attempt_limit_until_the_age_limit() {
    // 503 with a short Retry-After, for an hour and a half: never `failed`, still pending; the
    // record is given up only when older than maxAgeMs, and a loss record says so.
    let mut t = tracker(r#","maxAgeMs":3600000"#);
    push_n(&mut t, 1, 0.0);
    let mut now = 0.0;
    let mut sends = 0;
    while now < 3_500_000.0 {
        if t.take(now, true).is_some() {
            sends += 1;
            t.on_response(Some(503), Some("1"), 0.0, now);
        }
        now += 1_000.0;
    }
    assert!(sends > 3_000, "retried every second: {sends}");
    let s = t.stats();
    assert_eq!((s.failed, s.dropped, s.pending()), (0, 0, 1));
    assert!(
        t.take(3_700_000.0, true).is_some(),
        "the loss record leaves"
    );
    let s = t.stats();
    assert_eq!((s.failed, s.dropped), (0, 1));
}

#[test]
fn retry_backoff_grows_and_resets_after_a_success() {
    let mut t = tracker("");
    push_n(&mut t, 1, 0.0);
    t.take(0.0, true).expect("batch");
    assert_eq!(t.on_response(None, None, 1.0, 0.0), Next::At(1_000.0));
    assert!(t.take(999.0, true).is_none(), "not before the retry time");
    t.take(1_000.0, false).expect("retry");
    assert_eq!(t.on_response(None, None, 1.0, 1_000.0), Next::At(3_000.0));
    t.take(3_000.0, false).expect("retry");
    t.on_response(Some(200), None, 1.0, 3_000.0);
    push_n(&mut t, 1, 3_000.0);
    t.take(3_000.0, true).expect("batch");
    assert_eq!(t.on_response(None, None, 1.0, 3_000.0), Next::At(4_000.0));
}
