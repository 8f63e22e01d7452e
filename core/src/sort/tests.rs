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
