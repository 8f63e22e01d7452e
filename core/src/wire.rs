//! The shapes the hand-written boundary readers share (`routing::wire`, `telemetry::wire`, the
//! session pins), built on `json::read::fields`: an object with one optional field, and one with
//! two required fields. Messages are serde's, as in `fields`.

use crate::json::read::fields::{missing, unsigned, Fields, Read};
use crate::json::Value;

/// The value of `key` in an object read as `expected` through `read` (`None`: absent); other
/// keys are ignored.
pub fn one_field<T>(
    v: Value,
    expected: &str,
    key: &'static [&'static str; 1],
    read: impl Fn(Value) -> Read<T>,
) -> Read<Option<T>> {
    let mut f = Fields::of(v, expected, key, false)?;
    let mut out = None;
    while let Some((_, v)) = f.next()? {
        out = Some(read(v)?);
    }
    Ok(out)
}

/// A `u32` field (stored format versions, counts).
pub fn u32_field(v: Value) -> Read<u32> {
    unsigned(v, u32::MAX.into(), "u32").map(|n| n as u32)
}

/// The two required fields `keys` of an object read as `expected`; with `deny`, another key is
/// an error (serde's `deny_unknown_fields`), else it is ignored.
pub fn two_fields<A, B>(
    v: Value,
    expected: &str,
    keys: &'static [&'static str; 2],
    deny: bool,
    read_a: impl Fn(Value) -> Read<A>,
    read_b: impl Fn(Value) -> Read<B>,
) -> Read<(A, B)> {
    let mut f = Fields::of(v, expected, keys, deny)?;
    let (mut a, mut b) = (None, None);
    while let Some((i, v)) = f.next()? {
        match i {
            0 => a = Some(read_a(v)?),
            _ => b = Some(read_b(v)?),
        }
    }
    Ok((
        a.ok_or_else(|| missing(keys[0]))?,
        b.ok_or_else(|| missing(keys[1]))?,
    ))
}
