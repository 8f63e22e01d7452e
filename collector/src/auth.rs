//! Admin token: extraction from the request and a constant-time comparison.

use axum::http::HeaderMap;

/// Header accepted besides `Authorization: Bearer <token>`.
pub const ADMIN_TOKEN_HEADER: &str = "x-va-rollout-admin-token";
/// Longest token accepted from a request (longer ones are refused without comparing).
pub const MAX_TOKEN_BYTES: usize = 512;

/// Compares two byte strings in time that depends only on their lengths, not their contents.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    let n = a.len().max(b.len());
    for i in 0..n {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= usize::from(x ^ y);
    }
    diff == 0
}

/// The token presented by a request, if any.
pub fn presented_token(headers: &HeaderMap) -> Option<&str> {
    let bearer = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let token = bearer.or_else(|| {
        headers
            .get(ADMIN_TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
    })?;
    (token.len() <= MAX_TOKEN_BYTES).then_some(token.trim())
}

/// True when the request carries the configured admin token.
pub fn is_admin(headers: &HeaderMap, expected: &str) -> bool {
    presented_token(headers).is_some_and(|t| constant_time_eq(t.as_bytes(), expected.as_bytes()))
}

/// A random token for a loopback run started without one (hex of 16 bytes from the OS).
pub fn generate_token() -> String {
    let mut bytes = [0u8; 16];
    let filled = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes));
    if filled.is_err() {
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            for (dst, src) in chunk.iter_mut().zip(h.finish().to_le_bytes()) {
                *dst = src;
            }
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
