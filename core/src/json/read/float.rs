//! Decimal text → `f64`, correctly rounded (the same bits as `str::parse::<f64>`), without the
//! standard library's tables: its Eisel-Lemire path ships a 10,416-byte table of powers of five
//! (`dec2flt::table::POWER_OF_FIVE_128`) plus 1.5 KB more, about a tenth of the flags-only
//! module (docs/performance-history.md "Size levers"). Here: Clinger's exact fast path for up to 15
//! digits and a power of ten up to 10^22, else exact big-integer arithmetic (slower; only long
//! or extreme numbers take it).
//!
//! Accepts `[+-]digits[.digits][(e|E)[+-]digits]`, where either digit run before or after the
//! point may be empty but not both (what the JSON reader and `ruby_to_f` produce, and what
//! `str::parse` accepts for them). `inf` / `nan` spellings are not accepted.

/// Digits kept exactly; beyond them only "some non-zero digit follows" matters (a halfway point
/// between two doubles has at most 767 significant digits).
const MAX_DIGITS: usize = 800;

pub fn parse_f64(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let (neg, mut i) = match b.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let mut digits: Vec<u8> = Vec::new();
    let (mut exp10, mut seen, mut truncated, mut frac) = (0i64, false, false, false);
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                seen = true;
                let d = c - b'0';
                if digits.is_empty() && d == 0 {
                    exp10 -= frac as i64;
                } else if digits.len() < MAX_DIGITS {
                    digits.push(d);
                    exp10 -= frac as i64;
                } else {
                    truncated |= d != 0;
                    exp10 += !frac as i64;
                }
            }
            b'.' if !frac => frac = true,
            _ => break,
        }
        i += 1;
    }
    if !seen {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = if b.get(i) == Some(&b'-') { -1 } else { 1 };
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let start = i;
        let mut e: i64 = 0;
        while let Some(c @ b'0'..=b'9') = b.get(i) {
            e = (e * 10 + (c - b'0') as i64).min(1_000_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp10 += sign * e;
    }
    if i != b.len() {
        return None;
    }
    if truncated {
        // Stands for the dropped digits: above the kept ones, below the next step of them.
        digits.push(1);
        exp10 -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
        exp10 += 1;
    }
    let v = magnitude(&digits, exp10);
    Some(if neg { -v } else { v })
}

/// `digits × 10^exp10` (no leading or trailing zeros), correctly rounded.
fn magnitude(digits: &[u8], exp10: i64) -> f64 {
    let n = digits.len() as i64;
    if n == 0 || n + exp10 < -324 {
        return 0.0;
    }
    if n + exp10 > 310 {
        return f64::INFINITY;
    }
    if n <= 15 && (-22..=22).contains(&exp10) {
        let m = digits.iter().fold(0u64, |m, &d| m * 10 + d as u64) as f64;
        let p = pow10(exp10.unsigned_abs() as u32);
        return if exp10 < 0 { m / p } else { m * p };
    }
    let mut num = Big::from_digits(digits);
    if exp10 >= 0 {
        num.mul_pow10(exp10 as u32);
        return round(num, 0, false);
    }
    let mut den = Big(vec![1]);
    den.mul_pow10(exp10.unsigned_abs() as u32);
    // Scale so that the quotient has 66 bits or 67: enough for the round and sticky bits.
    let s = den.bits() as i64 - num.bits() as i64 + 66;
    if s >= 0 {
        num.shl(s as usize);
    } else {
        den.shl((-s) as usize);
    }
    let (q, rest) = num.div(&den);
    round(Big::from_u128(q), -s, rest)
}

/// 10^k for k ≤ 22, exact (every factor and product is representable).
fn pow10(k: u32) -> f64 {
    (0..k).fold(1.0, |p, _| p * 10.0)
}

/// `(x + ε) × 2^exp2` rounded to nearest, ties to even, where ε ∈ [0, 1) is non-zero exactly
/// when `sticky`; subnormal and overflowing results included.
fn round(mut x: Big, mut exp2: i64, mut sticky: bool) -> f64 {
    let bits = x.bits();
    if bits > 127 {
        sticky |= x.shr(bits - 127);
        exp2 += (bits - 127) as i64;
    }
    let mut q = x.to_u128();
    let len = 128 - q.leading_zeros() as i64;
    if len < 64 {
        q <<= 64 - len;
        exp2 -= 64 - len;
    }
    let len = 128 - q.leading_zeros() as i64;
    let e = len - 1 + exp2;
    if e > 1023 {
        return f64::INFINITY;
    }
    // Significant bits the result has room for at this exponent (fewer when subnormal).
    let p = if e >= -1022 { 53 } else { e + 1075 };
    if p < 0 {
        return 0.0;
    }
    let drop = (len - p) as u32;
    let (mut m, rest) = (q >> drop, q & ((1u128 << drop) - 1));
    let half = 1u128 << (drop - 1);
    if rest > half || (rest == half && (sticky || m & 1 == 1)) {
        m += 1;
    }
    (m as f64) * pow2(exp2 + drop as i64)
}

/// 2^k for -1074 ≤ k ≤ 1023, exact.
fn pow2(k: i64) -> f64 {
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (k + 1074))
    }
}

/// An unsigned big integer, 32-bit limbs, least significant first, no high zero limbs.
struct Big(Vec<u32>);

impl Big {
    fn from_digits(digits: &[u8]) -> Big {
        let mut x = Big(Vec::new());
        for chunk in digits.chunks(9) {
            let (mul, add) = chunk
                .iter()
                .fold((1u32, 0u32), |(m, a), &d| (m * 10, a * 10 + d as u32));
            x.mul_add(mul, add);
        }
        x
    }

    fn from_u128(v: u128) -> Big {
        let mut x = Big((0..4).map(|i| (v >> (32 * i)) as u32).collect());
        x.trim();
        x
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn mul_add(&mut self, mul: u32, add: u32) {
        let mut carry = add as u64;
        for limb in &mut self.0 {
            let v = *limb as u64 * mul as u64 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut k: u32) {
        while k > 0 {
            let step = k.min(9);
            self.mul_add(10u32.pow(step), 0);
            k -= step;
        }
    }

    fn bits(&self) -> usize {
        self.0
            .last()
            .map_or(0, |top| 32 * self.0.len() - top.leading_zeros() as usize)
    }

    fn bit(&self, i: usize) -> bool {
        self.0.get(i / 32).is_some_and(|l| l >> (i % 32) & 1 == 1)
    }

    fn shl(&mut self, n: usize) {
        let (words, bits) = (n / 32, n % 32);
        if bits > 0 {
            let top = self.0.last().map_or(0, |t| t >> (32 - bits));
            for i in (0..self.0.len()).rev() {
                let low = if i > 0 {
                    self.0[i - 1] >> (32 - bits)
                } else {
                    0
                };
                self.0[i] = self.0[i] << bits | low;
            }
            self.0.push(top);
        }
        self.0.splice(0..0, vec![0; words]);
        self.trim();
    }

    /// Shifts right by `n` bits; true when a non-zero bit was shifted out.
    fn shr(&mut self, n: usize) -> bool {
        let lost = (0..n).any(|i| self.bit(i));
        let mut out = Big(vec![0; self.0.len()]);
        for i in n..self.bits() {
            if self.bit(i) {
                out.0[(i - n) / 32] |= 1 << ((i - n) % 32);
            }
        }
        out.trim();
        *self = out;
        lost
    }

    fn to_u128(&self) -> u128 {
        self.0
            .iter()
            .take(4)
            .enumerate()
            .fold(0, |v, (i, &l)| v | (l as u128) << (32 * i))
    }

    fn ge(&self, other: &Big) -> bool {
        if self.0.len() != other.0.len() {
            return self.0.len() > other.0.len();
        }
        self.0.iter().rev().cmp(other.0.iter().rev()) != core::cmp::Ordering::Less
    }

    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let v = *limb as i64 - other.0.get(i).copied().unwrap_or(0) as i64 - borrow;
            borrow = (v < 0) as i64;
            *limb = v.rem_euclid(1 << 32) as u32;
        }
        self.trim();
    }

    /// `(⌊self / den⌋, remainder ≠ 0)` for a quotient below 2^128, by binary long division from
    /// the first bit where `den` can go into the running remainder.
    fn div(&self, den: &Big) -> (u128, bool) {
        let (nb, db) = (self.bits(), den.bits());
        if nb < db {
            return (0, !self.0.is_empty());
        }
        let mut r = Big(self.0.clone());
        r.shr(nb - db + 1);
        let mut q = 0u128;
        for i in (0..=nb - db).rev() {
            r.shl(1);
            if self.bit(i) {
                match r.0.first_mut() {
                    Some(l) => *l |= 1,
                    None => r.0.push(1),
                }
            }
            q <<= 1;
            if r.ge(den) {
                r.sub(den);
                q |= 1;
            }
        }
        (q, !r.0.is_empty())
    }
}

#[cfg(test)]
mod tests;
