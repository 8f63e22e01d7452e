//! The one sort against the standard library's stable sort: the same order, ties included.
use super::*;
use proptest::prelude::*;

proptest! {
    #[test]
    fn sorts_as_the_stable_std_sort_does(items in prop::collection::vec((0u8..8, any::<u16>()), 0..300)) {
        // Compare on the key only: equal keys must keep their input order (the second field).
        let mut ours = items.clone();
        sort_by(&mut ours, |a, b| a.0 < b.0);
        let mut reference = items.clone();
        reference.sort_by_key(|p| p.0);
        prop_assert_eq!(ours, reference);
    }

    #[test]
    fn orders_positions_as_the_stable_std_sort_does(keys in prop::collection::vec(any::<i8>(), 0..300)) {
        let ours = order(keys.len(), &mut |a, b| keys[a] < keys[b]);
        let mut reference: Vec<usize> = (0..keys.len()).collect();
        reference.sort_by_key(|&i| keys[i]);
        prop_assert_eq!(ours, reference);
    }

    #[test]
    fn strings_sort_as_std_sorts_them(mut items in prop::collection::vec("[a-c]{0,3}", 0..100)) {
        let mut reference = items.clone();
        reference.sort();
        sort(&mut items);
        prop_assert_eq!(items, reference);
    }
}

#[test]
fn edge_cases() {
    let mut empty: Vec<u8> = Vec::new();
    sort(&mut empty);
    assert!(empty.is_empty());
    let mut one = vec![3];
    sort(&mut one);
    assert_eq!(one, [3]);
    let mut sorted: Vec<u32> = (0..1000).collect();
    sort(&mut sorted);
    assert_eq!(sorted, (0..1000).collect::<Vec<_>>());
    let mut reversed: Vec<u32> = (0..1000).rev().collect();
    sort(&mut reversed);
    assert_eq!(reversed, (0..1000).collect::<Vec<_>>());
    let mut same = vec![(1, 'a'), (1, 'b'), (0, 'c'), (1, 'd')];
    sort_by(&mut same, |a, b| a.0 < b.0);
    assert_eq!(same, [(0, 'c'), (1, 'a'), (1, 'b'), (1, 'd')]);
}

/// Prints the sort's time against std's stable sort on 10,000 flag-like names (the cap on a flag
/// document), random and already sorted: `cargo test --release -p va-rollout-core --lib
/// sort::tests::timing -- --ignored --nocapture`. A figure, not a check.
#[test]
#[ignore]
fn timing_against_std() {
    use std::time::Instant;
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let names: Vec<String> = (0..10_000)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            format!("flag_{x:016x}_{i}")
        })
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    for (label, input) in [("random", &names), ("sorted", &sorted)] {
        let (mut ours, mut std_sort) = (f64::MAX, f64::MAX);
        for _ in 0..20 {
            let mut v = input.clone();
            let t = Instant::now();
            sort(&mut v);
            ours = ours.min(t.elapsed().as_secs_f64());
            let mut w = input.clone();
            let t = Instant::now();
            w.sort();
            std_sort = std_sort.min(t.elapsed().as_secs_f64());
            assert_eq!(v, w);
        }
        println!(
            "{label}: 10,000 names: sort::sort {:.3} ms, std sort {:.3} ms ({:.2}x), best of 20",
            ours * 1e3,
            std_sort * 1e3,
            ours / std_sort
        );
    }
}
