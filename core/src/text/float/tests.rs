//! Our float writer against std's `Display` and `Debug`, over edge values and random bit
//! patterns (every exponent, subnormals included) and short decimals.
use super::{write_debug, write_display};
use proptest::prelude::*;

fn check(v: f64) {
    let mut ours = String::new();
    write_display(&mut ours, v);
    assert_eq!(
        ours,
        format!("{v}"),
        "Display of {:e} ({:#x})",
        v,
        v.to_bits()
    );
    ours.clear();
    write_debug(&mut ours, v);
    assert_eq!(
        ours,
        format!("{v:?}"),
        "Debug of {:e} ({:#x})",
        v,
        v.to_bits()
    );
    if v.is_finite() {
        assert_eq!(
            ours.parse::<f64>().ok().map(f64::to_bits),
            Some(v.to_bits())
        );
    }
}

#[test]
fn edge_values() {
    let mut edges = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        0.2,
        0.3,
        0.1 + 0.2,
        1.5,
        2.5,
        100.0,
        1e15,
        1e16,
        1e17,
        9.999e15,
        1e21,
        1e22,
        1e23,
        1.7976931348623157e308,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        f64::EPSILON,
        5e-324,
        -5e-324,
        2.225_073_858_507_201e-308,
        1e-4,
        9.99e-5,
        1e-5,
        1.5e-7,
        123.456,
        33.333333333333336,
        0.5,
        99.99,
        2f64.powi(53),
        2f64.powi(53) + 2.0,
        2f64.powi(-1022),
        2f64.powi(-1074),
        2f64.powi(1023),
        1764650000123.456,
        4.35,
        0.000123,
        12345678.9,
        f64::NAN,
        -f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for e in -1074..=1023 {
        edges.push(2f64.powi(e));
        edges.push(2f64.powi(e) * 1.5);
    }
    for e in -323..=308 {
        edges.push(format!("1e{e}").parse().unwrap_or(1.0));
        edges.push(format!("9.999999999999999e{e}").parse().unwrap_or(1.0));
    }
    for bits in [
        0u64,
        1,
        2,
        0x000f_ffff_ffff_ffff,
        0x0010_0000_0000_0000,
        0x7fef_ffff_ffff_ffff,
    ] {
        edges.push(f64::from_bits(bits));
    }
    for v in edges {
        check(v);
        check(-v);
    }
}

#[test]
fn integers_and_tenths() {
    for i in 0..5_000i32 {
        check(f64::from(i));
        check(f64::from(i) / 10.0);
        check(f64::from(i) / 100.0);
        check(f64::from(i) / 1000.0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_000))]

    #[test]
    fn any_bit_pattern(bits in any::<u64>()) {
        check(f64::from_bits(bits));
    }

    #[test]
    fn short_decimals(m in 0u64..10_000_000, e in -30i32..30) {
        check(format!("{m}e{e}").parse().unwrap_or(0.0));
    }

    #[test]
    fn any_finite(v in any::<f64>()) {
        check(v);
    }
}
