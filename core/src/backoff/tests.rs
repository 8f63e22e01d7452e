use super::*;
use proptest::prelude::*;

#[test]
fn doubles_from_base_and_caps() {
    let b = Backoff::TRANSPORT;
    assert_eq!(b.delay_ms(0, 1.0), 1_000);
    assert_eq!(b.delay_ms(0, 0.0), 500);
    assert_eq!(b.delay_ms(3, 1.0), 8_000);
    assert_eq!(b.delay_ms(12, 1.0), 60_000);
    assert_eq!(b.delay_ms(u32::MAX, 0.0), 30_000);
    assert_eq!(b.delay_ms(1, f64::NAN), 1_500);
}

#[test]
fn retry_after_seconds_and_dates() {
    assert_eq!(retry_after_ms("120", 0.0), Some(120_000));
    assert_eq!(retry_after_ms(" 0 ", 0.0), Some(0));
    assert_eq!(retry_after_ms("99999999999999999999", 0.0), Some(3_600_000));
    // 1994-11-06T08:49:37Z = 784111777 s.
    assert_eq!(
        retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_770_000.0),
        Some(7_000)
    );
    assert_eq!(
        retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_800_000.0),
        Some(0)
    );
    assert_eq!(retry_after_ms("soon", 0.0), None);
    assert_eq!(retry_after_ms("-5", 0.0), None);
    assert_eq!(retry_after_ms("Sun, 06 Foo 1994 08:49:37 GMT", 0.0), None);
}

proptest! {
    #[test]
    fn delay_stays_within_window(attempt in 0u32..64, jitter in 0.0f64..1.0) {
        let b = Backoff::TRANSPORT;
        let d = b.delay_ms(attempt, jitter);
        prop_assert!((500..=60_000).contains(&d));
        prop_assert!(d <= b.delay_ms(attempt.saturating_add(1), 1.0));
    }

    #[test]
    fn retry_after_never_panics(s in ".{0,40}", now in any::<f64>()) {
        let _ = retry_after_ms(&s, now);
    }
}
