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
    // Oldest first, as the store lists them by key.
    let entries = [
        meta(f64::NAN, 1, 0.0),
        meta(8_000.0, 100, 0.0), // expired at now = 10_500
        meta(10_000.0, 100, 0.0),
        meta(10_100.0, 100, 99e12), // claimed: still counts
        meta(10_200.0, 100, 0.0),
    ];
    let mut out = p.trim(&entries, 10_500.0);
    out.sort_by_key(|(i, _)| *i);
    assert_eq!(
        out,
        vec![
            (0, LossReason::Expired),
            (1, LossReason::Expired),
            (2, LossReason::Overflow)
        ]
    );
    assert!(p.trim(&entries[3..], 10_500.0).is_empty());
}

#[test]
fn claims_unclaimed_or_lapsed_oldest_first_within_limits() {
    let entries = [
        meta(1.0, 10, 500.0), // claimed by another tab until 500
        meta(2.0, 10, 50.0),  // its claim lapsed at 50
        meta(3.0, 10, 0.0),
        meta(4.0, 10, 0.0),
    ];
    assert_eq!(claimable(&entries, 100.0, 10, 1_000), vec![1, 2, 3]);
    assert_eq!(claimable(&entries, 100.0, 2, 1_000), vec![1, 2]);
    assert_eq!(claimable(&entries, 100.0, 10, 25), vec![1, 2]);
    assert_eq!(claimable(&entries, 600.0, 10, 1_000), vec![0, 1, 2, 3]);
}

#[test]
fn keys_sort_by_age_then_id() {
    let mut keys = vec![
        key("b", 1_790_000_000_000.0),
        key("a", 1_790_000_000_001.0),
        key("z", 5.0),
        key("y", f64::NAN),
    ];
    keys.sort();
    assert_eq!(
        keys,
        [
            "000000000000000 y",
            "000000000000005 z",
            "001790000000000 b",
            "001790000000001 a"
        ]
    );
}

/// The hand-written sort orders entries as the standard library's stable sorts it replaced did,
/// equal times included, whatever the input order.
#[test]
fn by_time_orders_as_the_stable_sorts_did() {
    let times = [5.0, 3.0, 5.0, f64::NAN, 3.0, -0.0, 0.0, 5.0, 3.0, 1.0];
    let mut shuffled: Vec<f64> = (0..40).map(|i| ((i * 37) % 23) as f64).collect();
    shuffled.extend_from_slice(&times);
    let ascending: Vec<f64> = (0..30).map(|i| (i / 3) as f64).collect();
    for times in [&times[..], &shuffled, &ascending, &[], &[1.0]] {
        check_by_time(times);
    }
}

fn check_by_time(times: &[f64]) {
    let entries: Vec<StoredMeta> = times.iter().map(|&t| meta(t, 1, 0.0)).collect();
    for newest in [false, true] {
        let mut stable: Vec<usize> = (0..entries.len()).collect();
        stable.sort_by(|&a, &b| {
            let (ta, tb) = (entries[a].queued_at_ms, entries[b].queued_at_ms);
            if newest {
                tb.total_cmp(&ta)
            } else {
                ta.total_cmp(&tb)
            }
        });
        let mut ours: Vec<usize> = (0..entries.len()).collect();
        by_time(&entries, &mut ours, newest);
        assert_eq!(ours, stable, "newest first: {newest}");
    }
}
