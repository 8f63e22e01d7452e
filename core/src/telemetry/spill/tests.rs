use super::*;

fn meta(t: f64, bytes: usize, claimed: f64) -> StoredMeta {
    StoredMeta {
        queued_at_ms: t,
        bytes,
        claimed_until_ms: claimed,
    }
}

#[test]
fn trims_expired_then_oldest_over_the_cap() {
    let p = SpillPolicy {
        max_bytes: 250,
        max_age_ms: 1_000,
    };
    let entries = [
        meta(10_000.0, 100, 0.0),
        meta(8_000.0, 100, 0.0), // expired at now = 10_500
        meta(10_200.0, 100, 0.0),
        meta(10_100.0, 100, 99e12), // claimed: still counts
        meta(f64::NAN, 1, 0.0),
    ];
    let mut out = p.trim(&entries, 10_500.0);
    out.sort_by_key(|(i, _)| *i);
    assert_eq!(
        out,
        vec![
            (0, LossReason::Overflow),
            (1, LossReason::Expired),
            (4, LossReason::Expired)
        ]
    );
    assert!(p.trim(&entries[2..4], 10_500.0).is_empty());
}

#[test]
fn claims_unclaimed_or_lapsed_oldest_first_within_limits() {
    let entries = [
        meta(3.0, 10, 0.0),
        meta(1.0, 10, 500.0), // claimed by another tab until 500
        meta(2.0, 10, 50.0),  // its claim lapsed at 50
        meta(4.0, 10, 0.0),
    ];
    assert_eq!(claimable(&entries, 100.0, 10, 1_000), vec![2, 0, 3]);
    assert_eq!(claimable(&entries, 100.0, 2, 1_000), vec![2, 0]);
    assert_eq!(claimable(&entries, 100.0, 10, 25), vec![2, 0]);
    assert_eq!(claimable(&entries, 600.0, 10, 1_000), vec![1, 2, 0, 3]);
}
