//! vets-api's CSRF handshake in flag delivery, as vets-website's flipper client does it: the
//! request carries `X-CSRF-Token` from `localStorage.csrfToken`, and a token the response sends
//! back (a rotation) is stored there. The shell reads and writes storage; what to send and what
//! to keep is decided here.

/// The request and response header.
pub const CSRF_HEADER: &str = "X-CSRF-Token";
/// The localStorage key vets-website keeps the token under.
pub const CSRF_STORAGE_KEY: &str = "csrfToken";
/// Longer values are not tokens (vets-api's are 88 base64 characters).
pub const MAX_CSRF_TOKEN_LEN: usize = 512;

/// A token fit for a header value: 1..=MAX bytes of visible ASCII (no spaces, no controls).
pub fn valid_token(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= MAX_CSRF_TOKEN_LEN
        && token.bytes().all(|b| b.is_ascii_graphic())
}

/// The header value to send: the stored token when the handshake is on and the token is valid.
pub fn token_to_send(enabled: bool, stored: Option<&str>) -> Option<&str> {
    stored.filter(|t| enabled && valid_token(t))
}

/// The token to store after a response: the response's token when it is valid and differs from
/// the one stored (a rotation). `None`: leave storage as it is.
pub fn token_to_store<'a>(
    enabled: bool,
    stored: Option<&str>,
    received: Option<&'a str>,
) -> Option<&'a str> {
    let received = received
        .map(str::trim)
        .filter(|t| enabled && valid_token(t))?;
    (stored != Some(received)).then_some(received)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_token_goes_out_only_when_enabled_and_valid() {
        assert_eq!(token_to_send(true, Some("abc+/=")), Some("abc+/="));
        assert_eq!(token_to_send(false, Some("abc")), None);
        assert_eq!(token_to_send(true, None), None);
        assert_eq!(token_to_send(true, Some("")), None);
        assert_eq!(token_to_send(true, Some("a b")), None);
        assert_eq!(token_to_send(true, Some("a\nb")), None);
        let long = "x".repeat(MAX_CSRF_TOKEN_LEN + 1);
        assert_eq!(token_to_send(true, Some(&long)), None);
    }

    #[test]
    fn a_rotated_token_is_stored_and_an_unchanged_or_bad_one_is_not() {
        assert_eq!(token_to_store(true, Some("old"), Some("new")), Some("new"));
        assert_eq!(token_to_store(true, None, Some(" new ")), Some("new"));
        assert_eq!(token_to_store(true, Some("same"), Some("same")), None);
        assert_eq!(token_to_store(true, Some("old"), None), None);
        assert_eq!(token_to_store(true, Some("old"), Some("")), None);
        assert_eq!(token_to_store(true, Some("old"), Some("bad\u{7f}")), None);
        assert_eq!(token_to_store(false, Some("old"), Some("new")), None);
    }
}
