//! `f64` as text without `core::fmt`: the shortest digits that read back as the same `f64`
//! (Steele & White's free-format Dragon, as `core::num::flt2dec`'s exact fallback runs it, so the
//! digits are std's), laid out as `Display` (`{v}`) and `Debug` (`{v:?}`) lay them out.

use super::big::Big;
use core::cmp::Ordering;

/// The shortest decimal digits of a finite, non-zero `|v|` and their exponent `k`:
/// `|v| = 0.d₁d₂…dₙ × 10^k`, written into `buf`; returns `(n, k)`.
fn shortest(v: f64, buf: &mut [u8; 18]) -> (usize, i32) {
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    // v = mant × 2^exp; its neighbours' midpoints are (mant − minus) and (mant + plus) × 2^exp,
    // included when the mantissa is even (round-half-even reads them back as v).
    let (mant, minus, plus, exp, inclusive) = if biased == 0 {
        (frac << 1, 1, 1, -1075, true)
    } else if frac == 0 {
        (1 << 54, 1, 2, biased - 1077, true)
    } else {
        ((frac | 1 << 52) << 1, 1, 1, biased - 1076, frac & 1 == 0)
    };
    // `a.cmp(b) < rounding` is `a <= b` when inclusive, else `a < b`.
    let rounding = if inclusive {
        Ordering::Greater
    } else {
        Ordering::Equal
    };
    // 10^(k−1) < high ≤ 10^(k+1), k underestimated by at most one (floor(2^32 log10 2)).
    let high_bits = 64 - (mant + plus - 1).leading_zeros() as i64;
    let mut k = (((high_bits + i64::from(exp)) * 1_292_913_986) >> 32) as i32;
    let (mut mant, mut minus, mut plus) = (
        Big::from_u64(mant),
        Big::from_u64(minus),
        Big::from_u64(plus),
    );
    let mut scale = Big::from_u64(1);
    if exp < 0 {
        scale.mul_pow2(exp.unsigned_abs());
    } else {
        for b in [&mut mant, &mut minus, &mut plus] {
            b.mul_pow2(exp.unsigned_abs());
        }
    }
    if k >= 0 {
        scale.mul_pow10(k.unsigned_abs());
    } else {
        for b in [&mut mant, &mut minus, &mut plus] {
            b.mul_pow10(k.unsigned_abs());
        }
    }
    let up_now = |mant: &Big, plus: &Big, scale: &Big| scale.cmp(mant.clone().add(plus)) < rounding;
    if up_now(&mant, &plus, &scale) {
        k += 1;
    } else {
        for b in [&mut mant, &mut minus, &mut plus] {
            b.mul_small(10);
        }
    }
    let scales = [
        scale.clone().mul_pow2(3).clone(),
        scale.clone().mul_pow2(2).clone(),
        scale.clone().mul_pow2(1).clone(),
        scale.clone(),
    ];
    let mut n = 0;
    let (mut down, mut up);
    loop {
        let mut d = 0;
        for (i, s) in scales.iter().enumerate() {
            if mant.cmp(s) != Ordering::Less {
                mant.sub(s);
                d += 8 >> i;
            }
        }
        if let Some(slot) = buf.get_mut(n) {
            *slot = b'0' + d;
            n += 1;
        }
        down = mant.cmp(&minus) < rounding;
        up = up_now(&mant, &plus, &scale);
        if down || up || n >= 17 {
            break;
        }
        for b in [&mut mant, &mut minus, &mut plus] {
            b.mul_small(10);
        }
    }
    if up && (!down || mant.mul_pow2(1).cmp(&scale) != Ordering::Less) {
        // Round the last digit up; 9s carry (all 9s become 1 followed by zeros, one digit longer).
        match buf[..n].iter().rposition(|&c| c != b'9') {
            Some(i) => {
                buf[i] += 1;
                buf[i + 1..n].fill(b'0');
            }
            None => {
                buf[0] = b'1';
                buf[1..=n].fill(b'0');
                n += 1;
                k += 1;
            }
        }
    }
    (n, k)
}

/// Appends `v` exactly as `{v}` (`Display`) writes it: never an exponent.
pub fn write_display(out: &mut String, v: f64) {
    write(out, v, false);
}

/// Appends `v` exactly as `{v:?}` (`Debug`) writes it: a decimal point always, an exponent below
/// 1e-4 and from 1e16 on (`1e16`, `1.5e-7`).
pub fn write_debug(out: &mut String, v: f64) {
    write(out, v, true);
}

fn write(out: &mut String, v: f64, debug: bool) {
    if v.is_nan() {
        return out.push_str("NaN");
    }
    if v.is_sign_negative() {
        out.push('-');
    }
    if v.is_infinite() {
        return out.push_str("inf");
    }
    if v == 0.0 {
        return out.push_str(if debug { "0.0" } else { "0" });
    }
    // Whole numbers below 2^53 (timestamps, counts, most durations): their shortest digits are
    // the integer's own (a shorter decimal would be another integer, a whole ulp away), and both
    // layouts write them without an exponent (below 1e16), so no big-integer work per event.
    let abs = v.abs();
    if abs < 9_007_199_254_740_992.0 && abs.fract() == 0.0 {
        crate::json::write::write_i64(out, abs as i64);
        if debug {
            out.push_str(".0");
        }
        return;
    }
    let mut buf = [0u8; 18];
    let (n, k) = shortest(v, &mut buf);
    let digits = &buf[..n];
    let push = |out: &mut String, d: &[u8]| out.extend(d.iter().map(|&c| char::from(c)));
    if debug && !(1e-4..1e16).contains(&abs) {
        push(out, &digits[..1]);
        if n > 1 {
            out.push('.');
            push(out, &digits[1..]);
        }
        out.push('e');
        crate::json::write::write_i64(out, i64::from(k - 1));
    } else if k <= 0 {
        out.push_str("0.");
        out.extend((0..-k).map(|_| '0'));
        push(out, digits);
    } else if (k as usize) < n {
        push(out, &digits[..k as usize]);
        out.push('.');
        push(out, &digits[k as usize..]);
    } else {
        push(out, digits);
        out.extend((n..k as usize).map(|_| '0'));
        if debug {
            out.push_str(".0");
        }
    }
}

#[cfg(test)]
mod tests;
