//! The few big-integer operations the shortest float writer ([`super::float`]) needs: numbers
//! up to 1,280 bits (enough for `f64`'s widest scaled value, about 2^1,134), as 32-bit words,
//! least significant first. Words at and above `len` are always zero. An operation that would
//! outgrow the array drops the overflow (it cannot happen for the values the writer forms).

use core::cmp::Ordering;

const WORDS: usize = 40;

#[derive(Clone)]
pub(super) struct Big {
    len: usize,
    w: [u32; WORDS],
}

impl Big {
    pub(super) fn from_u64(v: u64) -> Big {
        let mut w = [0; WORDS];
        w[0] = v as u32;
        w[1] = (v >> 32) as u32;
        Big { len: 2, w }
    }

    fn push(&mut self, carry: u32) {
        if carry != 0 {
            if let Some(slot) = self.w.get_mut(self.len) {
                *slot = carry;
                self.len += 1;
            }
        }
    }

    /// `self *= m`.
    pub(super) fn mul_small(&mut self, m: u32) -> &mut Big {
        let mut carry = 0u64;
        for w in &mut self.w[..self.len] {
            let v = u64::from(*w) * u64::from(m) + carry;
            *w = v as u32;
            carry = v >> 32;
        }
        self.push(carry as u32);
        self
    }

    /// `self *= 10^n`.
    pub(super) fn mul_pow10(&mut self, mut n: u32) {
        while n >= 9 {
            self.mul_small(1_000_000_000);
            n -= 9;
        }
        self.mul_small(10u32.pow(n));
    }

    /// `self *= 2^n`.
    pub(super) fn mul_pow2(&mut self, n: u32) -> &mut Big {
        let (words, bits) = ((n / 32) as usize, n % 32);
        let len = (self.len + words + 1).min(WORDS);
        let at =
            |w: &[u32; WORDS], j: Option<usize>| j.and_then(|j| w.get(j)).copied().unwrap_or(0);
        for i in (0..len).rev() {
            let hi = at(&self.w, i.checked_sub(words));
            let lo = at(&self.w, i.checked_sub(words + 1));
            self.w[i] = if bits == 0 {
                hi
            } else {
                hi << bits | lo >> (32 - bits)
            };
        }
        self.len = len;
        self
    }

    /// `self += o`.
    pub(super) fn add(&mut self, o: &Big) -> &mut Big {
        self.len = self.len.max(o.len);
        let mut carry = 0u64;
        for (w, x) in self.w[..self.len].iter_mut().zip(o.w) {
            let v = u64::from(*w) + u64::from(x) + carry;
            *w = v as u32;
            carry = v >> 32;
        }
        self.push(carry as u32);
        self
    }

    /// `self -= o`, for `o <= self`.
    pub(super) fn sub(&mut self, o: &Big) {
        let mut borrow = 0i64;
        for (w, x) in self.w[..self.len].iter_mut().zip(o.w) {
            let v = i64::from(*w) - i64::from(x) - borrow;
            *w = v as u32;
            borrow = i64::from(v < 0);
        }
    }

    pub(super) fn cmp(&self, o: &Big) -> Ordering {
        let n = self.len.max(o.len);
        self.w[..n].iter().rev().cmp(o.w[..n].iter().rev())
    }
}
