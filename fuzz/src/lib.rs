//! Shared pieces of the fuzz targets: the one call into each library parser (so a signature change
//! is adapted here, not in every target), independent oracles (CRC-32, percent-decoding) and the
//! small text formats the seeds are written in.
//!
//! Every check panics with a message naming the property; libFuzzer reports it as a crash.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

/// A violated property or a broken harness: panics with `what` (libFuzzer reports the panic as a
/// crash; a failing unit test of this crate reports it as a failure). The one place the fuzz
/// crate panics; everything else goes through it or [`OrCrash`].
#[allow(clippy::panic)] // the crash is the oracle's report
pub fn crash(what: std::fmt::Arguments<'_>) -> ! {
    panic!("{what}")
}

/// `expect` for the fuzz harness: the value, or [`crash`] naming what was expected.
pub trait OrCrash<T> {
    fn or_crash(self, what: &str) -> T;
}

impl<T, E: std::fmt::Debug> OrCrash<T> for Result<T, E> {
    fn or_crash(self, what: &str) -> T {
        self.unwrap_or_else(|e| crash(format_args!("{what}: {e:?}")))
    }
}

impl<T> OrCrash<T> for Option<T> {
    fn or_crash(self, what: &str) -> T {
        self.unwrap_or_else(|| crash(format_args!("{what}")))
    }
}

pub mod decode_path;
pub mod flags;
pub mod ingest;
pub mod json;
pub mod server;
pub mod text;
pub mod url;

/// Bitwise CRC-32 (IEEE, reflected, as zlib): an oracle independent of `va_rollout_core::flags::crc32`.
pub fn crc32(parts: &[&[u8]]) -> u32 {
    let mut crc = !0u32;
    for byte in parts.iter().flat_map(|p| p.iter()) {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// True when `a` and `b` are the same double or adjacent ones (serde_json's default float parser
/// is not always correctly rounded; browsers' `JSON.parse` is).
pub fn close(a: f64, b: f64) -> bool {
    if a == b {
        return true;
    }
    if !a.is_finite() || !b.is_finite() || a.is_sign_negative() != b.is_sign_negative() {
        return false;
    }
    a.to_bits().abs_diff(b.to_bits()) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_zlib() {
        // python3 -c 'import zlib; print(zlib.crc32(b"123456789"))' → 3421780262
        assert_eq!(crc32(&[b"1234", b"56789"]), 3_421_780_262);
        assert_eq!(crc32(&[]), 0);
    }

    #[test]
    fn close_is_one_ulp() {
        assert!(close(0.1, 0.1));
        assert!(close(0.1, f64::from_bits(0.1f64.to_bits() + 1)));
        assert!(!close(0.1, f64::from_bits(0.1f64.to_bits() + 2)));
        assert!(!close(f64::NAN, f64::NAN));
    }
}
