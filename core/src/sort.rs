//! The crate's one sort: a stable bottom-up merge sort of positions `0..n` under a comparison
//! passed as `&mut dyn FnMut`, so it is compiled once whatever is sorted; [`sort`] and
//! [`sort_by`] then move the elements into that order with swaps (a few dozen bytes per element
//! type). The standard library's sorts are one pdqsort / driftsort instantiation per element type
//! and comparison, 1.5–4 KB of wasm each (six of them were 19.8 KB before wasm-opt,
//! docs/performance-history.md "Size levers"). Inputs here are small (flag names, object keys,
//! actor ids: tens to a few thousand items), and an input already in order costs one pass.

/// Positions `0..n` ordered by `less(a, b)` ("a sorts before b"); equal items keep their input
/// order. O(n log n) comparisons, O(n) when already sorted.
pub fn order(n: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut from: Vec<usize> = (0..n).collect();
    if (1..n).all(|i| !less(i, i - 1)) {
        return from;
    }
    let mut to = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j) = (lo, mid);
            for slot in &mut to[lo..hi] {
                // From the right run only when strictly less: stable.
                let right = j < hi && (i >= mid || less(from[j], from[i]));
                *slot = if right { from[j] } else { from[i] };
                if right {
                    j += 1;
                } else {
                    i += 1;
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    from
}

/// Puts `v` in the order `order` gives (`order[k]` is the position of the item that goes to `k`,
/// as [`order`] returns), by following each cycle of the permutation: n swaps at most.
fn arrange<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len().min(v.len()) {
        let mut at = start;
        loop {
            let next = order[at];
            order[at] = at;
            if next == start || next == at || next >= v.len() {
                break;
            }
            v.swap(at, next);
            at = next;
        }
    }
}

/// Sorts `v` stably by `less` ("a sorts before b").
pub fn sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    let o = order(v.len(), &mut |a, b| less(&v[a], &v[b]));
    arrange(v, o);
}

/// Sorts `v` stably in `Ord` order (like `slice::sort`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, |a, b| a < b);
}

#[cfg(test)]
mod tests;
