//! Event ids without a random draw per event: one random prefix per page load (the shell passes
//! a `crypto.randomUUID()`), then a counter: `<prefix>.<counter in base 36>`. Unique as long as
//! the prefix is (a UUID per page load), a token the collector accepts (printable ASCII, no
//! spaces, at most 128 bytes), and cheap: `crypto.randomUUID()` cost about 2.5 µs per event.
//! Sequential ids compress well on the wire, and `crc32(id)` still spreads them evenly over the
//! sampling buckets (tested below).

use super::scrub::MAX_ID_LEN;

/// Longest prefix kept (longer ones are cut, on a char boundary), so that ids stay under
/// [`MAX_ID_LEN`] with any counter.
pub const MAX_ID_PREFIX_LEN: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventIds {
    prefix: String,
    next: u64,
}

const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

impl EventIds {
    /// Ids for one page load. `prefix` should be unique per page load (a UUID); characters that
    /// are not printable ASCII are dropped.
    pub fn new(prefix: &str) -> EventIds {
        let prefix: String = prefix
            .chars()
            .filter(|c| c.is_ascii_graphic())
            .take(MAX_ID_PREFIX_LEN)
            .collect();
        EventIds { prefix, next: 0 }
    }

    /// The next id: `<prefix>.<n in base 36>`.
    pub fn next_id(&mut self) -> String {
        let mut digits = [0u8; 13];
        let mut n = self.next;
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = DIGITS[(n % 36) as usize];
            n /= 36;
            if n == 0 || i == 0 {
                break;
            }
        }
        self.next = self.next.wrapping_add(1);
        let mut id = String::with_capacity(self.prefix.len() + 1 + digits.len() - i);
        id.push_str(&self.prefix);
        id.push('.');
        id.extend(digits.iter().skip(i).map(|&d| char::from(d)));
        debug_assert!(id.len() <= MAX_ID_LEN);
        id
    }
}

#[cfg(test)]
mod tests;
