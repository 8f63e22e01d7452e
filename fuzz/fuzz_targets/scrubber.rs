//! The scrubbers: a fuzzed email and a fuzzed SSN embedded in fuzzed text never survive
//! `scrub_text` or `scrub_path` (the output never contains either as a substring); both are
//! idempotent and cap their output. Input: `prefix<TAB>local<TAB>domain<TAB>middle<TAB>ssn
//! digits<TAB>suffix<TAB>style` (style: `-` 123-45-6789, ` ` 123 45 6789, else 123456789).
#![no_main]
use libfuzzer_sys::fuzz_target;
use va_rollout_core::telemetry::{scrub_path, scrub_text, MAX_STRING_LEN};
use va_rollout_fuzz::text::{fields, lossy};

/// `local@domain` from the fuzzed parts, always email-shaped (ASCII, an alphanumeric each side).
fn email(local: &str, domain: &str) -> String {
    let mut l: String = local
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "._+-".contains(*c))
        .take(64)
        .collect();
    if !l.chars().any(|c| c.is_ascii_alphanumeric()) {
        l.push('a');
    }
    let mut d: String = domain
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || ".-".contains(*c))
        .take(64)
        .collect();
    if !d.chars().any(|c| c.is_ascii_alphanumeric()) {
        d.push('x');
    }
    if !d.contains('.') {
        d.push_str(".com");
    }
    format!("{l}@{d}")
}

/// Nine digits from the fuzzed field (padded), written in the chosen SSN style.
fn ssn(digits: &str, style: &str) -> String {
    let mut d: String = digits
        .chars()
        .filter(char::is_ascii_digit)
        .take(9)
        .collect();
    while d.len() < 9 {
        d.push(char::from(b'0' + (d.len() as u8 * 7 + 3) % 10));
    }
    match style.chars().next() {
        Some('-') => format!("{}-{}-{}", &d[..3], &d[3..5], &d[5..]),
        Some(' ') => format!("{} {} {}", &d[..3], &d[3..5], &d[5..]),
        _ => d,
    }
}

fuzz_target!(|data: &[u8]| {
    let text = lossy(data);
    let f = fields(&text, 7);
    let (email, ssn) = (email(f[1], f[2]), ssn(f[4], f[6]));
    let input = format!("{}{email}{}{ssn}{}", f[0], f[3], f[5]);
    let allow = vec!["q".to_string(), "tab".to_string()];

    let out = scrub_text(&input);
    assert!(
        !out.contains(&email),
        "email {email:?} survived scrub_text: {out:?}"
    );
    assert!(
        !out.contains(&ssn),
        "SSN {ssn:?} survived scrub_text: {out:?}"
    );
    assert!(
        out.chars().count() <= MAX_STRING_LEN,
        "scrub_text output over the cap"
    );
    assert_eq!(scrub_text(&out), out, "scrub_text not idempotent");

    let path = scrub_path(&input, &allow);
    assert!(
        !path.contains(&email),
        "email {email:?} survived scrub_path: {path:?}"
    );
    assert!(
        !path.contains(&ssn),
        "SSN {ssn:?} survived scrub_path: {path:?}"
    );
    assert!(
        path.chars().count() <= MAX_STRING_LEN,
        "scrub_path output over the cap"
    );
    assert_eq!(scrub_path(&path, &allow), path, "scrub_path not idempotent");

    // The raw input alone (PII corpus lines as seeds): still idempotent and capped.
    let plain = scrub_text(&text);
    assert_eq!(
        scrub_text(&plain),
        plain,
        "scrub_text not idempotent on the raw input"
    );
    let plain_path = scrub_path(&text, &allow);
    assert_eq!(
        scrub_path(&plain_path, &allow),
        plain_path,
        "scrub_path not idempotent on the raw input"
    );
});
