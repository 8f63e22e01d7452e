use super::*;

#[test]
fn listed_same_origin_and_originless_requests_pass() {
    let allowed = vec!["http://localhost:3001".to_string()];
    assert!(!is_foreign(None, Some("127.0.0.1:8080"), &allowed));
    assert!(!is_foreign(
        Some("http://localhost:3001"),
        Some("127.0.0.1:8080"),
        &allowed
    ));
    assert!(!is_foreign(
        Some("http://127.0.0.1:8080"),
        Some("127.0.0.1:8080"),
        &allowed
    ));
    assert!(!is_foreign(
        Some("http://Demo.Test:8080"),
        Some("demo.test:8080"),
        &allowed
    ));
    assert!(!is_foreign(
        Some("https://collector.example"),
        Some("collector.example"),
        &[]
    ));
}

#[test]
fn foreign_pages_are_refused() {
    let allowed = vec!["http://localhost:3001".to_string()];
    for origin in [
        "https://evil.example",
        "http://localhost:3002",
        "http://127.0.0.1:8081",
        "null",
        "",
        "http://127.0.0.1:8080.evil.example",
    ] {
        assert!(
            is_foreign(Some(origin), Some("127.0.0.1:8080"), &allowed),
            "{origin}"
        );
    }
    assert!(
        is_foreign(Some("http://127.0.0.1:8080"), None, &allowed),
        "no Host to compare"
    );
}
