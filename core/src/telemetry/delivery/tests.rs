use super::*;

#[test]
fn classification() {
    for (status, want) in [
        (Some(200), Delivery::Ok),
        (Some(204), Delivery::Ok),
        (None, Delivery::Retry),
        (Some(408), Delivery::Retry),
        (Some(429), Delivery::Retry),
        (Some(500), Delivery::Retry),
        (Some(503), Delivery::Retry),
        (Some(599), Delivery::Retry),
        (Some(400), Delivery::Drop),
        (Some(401), Delivery::Drop),
        (Some(413), Delivery::Drop),
        (Some(302), Delivery::Drop),
        (Some(600), Delivery::Drop),
    ] {
        assert_eq!(classify(status), want, "{status:?}");
    }
}

#[test]
fn delays() {
    assert_eq!(retry_delay_ms(Some("3"), 0, 0.0, 0.0), 3_000);
    assert_eq!(retry_delay_ms(Some("garbage"), 2, 1.0, 0.0), 4_000);
    assert_eq!(retry_delay_ms(None, 0, 1.0, 0.0), 1_000);
    assert_eq!(retry_delay_ms(None, 20, 1.0, 0.0), 60_000);
    // A long Retry-After is honoured (up to the hour cap), a zero one is not a busy loop.
    assert_eq!(retry_delay_ms(Some("600"), 0, 0.0, 0.0), 600_000);
    assert_eq!(retry_delay_ms(Some("0"), 0, 0.0, 0.0), MIN_RETRY_MS);
}

#[test]
fn counters() {
    let mut s = Stats::default();
    s.on_queued(10);
    assert!(!s.on_outcome(Delivery::Ok, 4));
    assert!(s.on_outcome(Delivery::Retry, 3));
    // No attempt limit: the hundredth retry is a retry too.
    for _ in 0..100 {
        assert!(s.on_outcome(Delivery::Retry, 0));
    }
    assert!(!s.on_outcome(Delivery::Drop, 3));
    assert!(!s.on_outcome(Delivery::Drop, 1));
    s.on_dropped(1);
    assert_eq!(
        s,
        Stats {
            queued: 10,
            sent: 4,
            retried: 3,
            dropped: 1,
            failed: 4
        }
    );
    assert_eq!(s.pending(), 1);
    assert_eq!(
        serde_json::to_string(&s).unwrap(),
        r#"{"queued":10,"sent":4,"retried":3,"dropped":1,"failed":4}"#
    );
}
