//! VecMap and VecSet against BTreeMap and BTreeSet: the same operations, the same results.
use super::{VecMap, VecSet};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
enum Op {
    Insert(u8, u16),
    InsertNew(u8, u16),
    Remove(u8),
    Get(u8),
}

fn op() -> impl Strategy<Value = Op> {
    // Keys from a small range so that inserts collide and removes hit.
    prop_oneof![
        (0u8..24, any::<u16>()).prop_map(|(k, v)| Op::Insert(k, v)),
        (0u8..24, any::<u16>()).prop_map(|(k, v)| Op::InsertNew(k, v)),
        (0u8..24).prop_map(Op::Remove),
        (0u8..24).prop_map(Op::Get),
    ]
}

proptest! {
    #[test]
    fn map_matches_btreemap(ops in prop::collection::vec(op(), 0..200)) {
        let mut ours = VecMap::new();
        let mut theirs = BTreeMap::new();
        for o in ops {
            match o {
                Op::Insert(k, v) => prop_assert_eq!(ours.insert(k, v), theirs.insert(k, v)),
                Op::InsertNew(k, v) => {
                    let absent = !theirs.contains_key(&k);
                    theirs.entry(k).or_insert(v);
                    prop_assert_eq!(ours.insert_new(k, v), absent);
                }
                Op::Remove(k) => prop_assert_eq!(ours.remove(&k), theirs.remove(&k)),
                Op::Get(k) => {
                    prop_assert_eq!(ours.get(&k), theirs.get(&k));
                    prop_assert_eq!(ours.contains_key(&k), theirs.contains_key(&k));
                }
            }
            prop_assert_eq!(ours.len(), theirs.len());
        }
        let a: Vec<_> = ours.iter().map(|(k, v)| (*k, *v)).collect();
        let b: Vec<_> = theirs.iter().map(|(k, v)| (*k, *v)).collect();
        prop_assert_eq!(a, b);
        prop_assert!(ours.keys().eq(theirs.keys()));
        prop_assert!(ours.values().eq(theirs.values()));
        prop_assert!(ours.into_iter().eq(theirs));
    }

    #[test]
    fn map_from_iter_keeps_the_last_value(pairs in prop::collection::vec((0u8..16, any::<u16>()), 0..100)) {
        let ours: VecMap<u8, u16> = pairs.iter().copied().collect();
        let theirs: BTreeMap<u8, u16> = pairs.iter().copied().collect();
        prop_assert!(ours.into_iter().eq(theirs));
    }

    #[test]
    fn set_matches_btreeset(items in prop::collection::vec(0u8..32, 0..200), probes in prop::collection::vec(0u8..40, 0..20)) {
        let mut ours = VecSet::new();
        let mut theirs = BTreeSet::new();
        for &i in &items {
            prop_assert_eq!(ours.insert(i), theirs.insert(i));
        }
        for p in &probes {
            prop_assert_eq!(ours.contains(p), theirs.contains(p));
        }
        prop_assert_eq!(ours.len(), theirs.len());
        prop_assert!(ours.iter().eq(theirs.iter()));
        let collected: VecSet<u8> = items.iter().copied().collect();
        prop_assert_eq!(collected, ours);
    }
}

#[test]
fn string_keys_are_looked_up_by_str() {
    let mut m: VecMap<String, bool> = VecMap::new();
    assert_eq!(m.insert("b".into(), true), None);
    assert_eq!(m.insert("a".into(), false), None);
    assert_eq!(m.insert("b".into(), false), Some(true));
    assert_eq!(m.get("b"), Some(&false));
    if let Some(v) = m.get_mut("a") {
        *v = true;
    }
    assert_eq!(m.get("a"), Some(&true));
    assert_eq!(m.get("c"), None);
    assert!(!m.is_empty());
    let keys: Vec<&str> = m.keys().map(String::as_str).collect();
    assert_eq!(keys, ["a", "b"]);
    let s: VecSet<String> = ["y", "x", "y"].into_iter().map(String::from).collect();
    assert!(s.contains("x") && !s.contains("z"));
    assert_eq!((&s).into_iter().count(), 2);
}
