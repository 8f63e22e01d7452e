use super::*;

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn urls() {
    let n = names(&["a_flag", "b"]);
    assert_eq!(
        build_url("/v0/feature_toggles", &n, Some("abc123")),
        "/v0/feature_toggles?features=a_flag,b&cookie_id=abc123"
    );
    assert_eq!(build_url("/x?y=1", &n, None), "/x?y=1&features=a_flag,b");
    assert_eq!(
        build_url("/x?", &[], Some("a b&c")),
        "/x?cookie_id=a%20b%26c"
    );
    assert_eq!(build_url("/x", &[], None), "/x");
    assert_eq!(
        build_url("/x#frag", &names(&["é,"]), None),
        "/x?features=%C3%A9%2C#frag"
    );
}

#[test]
fn statuses() {
    assert_eq!(classify(200, None, 0.0), Outcome::Fresh);
    assert_eq!(classify(304, None, 0.0), Outcome::NotModified);
    assert_eq!(classify(401, None, 0.0), Outcome::StopPolling);
    assert_eq!(classify(403, None, 0.0), Outcome::StopPolling);
    assert_eq!(
        classify(429, Some("2"), 0.0),
        Outcome::Retry {
            after_ms: Some(2_000)
        }
    );
    assert_eq!(
        classify(503, Some("soon"), 0.0),
        Outcome::Retry { after_ms: None }
    );
    assert_eq!(classify(500, None, 0.0), Outcome::Retry { after_ms: None });
    assert_eq!(classify(404, None, 0.0), Outcome::Fail);
    assert_eq!(classify(302, None, 0.0), Outcome::Fail);
}

#[test]
fn retries_are_bounded() {
    let p = RefreshPolicy::default();
    let retry = Outcome::Retry { after_ms: None };
    assert_eq!(p.next_delay_ms(1, retry, 1.0), Some(500));
    assert_eq!(p.next_delay_ms(2, retry, 1.0), Some(1_000));
    assert_eq!(p.next_delay_ms(3, retry, 1.0), None);
    assert_eq!(
        p.next_delay_ms(
            1,
            Outcome::Retry {
                after_ms: Some(3_000)
            },
            0.0
        ),
        Some(3_000)
    );
    assert_eq!(
        p.next_delay_ms(
            1,
            Outcome::Retry {
                after_ms: Some(60_000)
            },
            0.0
        ),
        None
    );
    assert_eq!(p.next_delay_ms(1, Outcome::Fail, 0.0), None);
    assert_eq!(p.next_delay_ms(1, Outcome::StopPolling, 0.0), None);
}

#[test]
fn cookies() {
    let header = "a=1; FLIPPER_ID=k3j4h5; other=\"x\"";
    assert_eq!(
        parse_cookie(header, FLIPPER_ID_COOKIE).as_deref(),
        Some("k3j4h5")
    );
    assert_eq!(parse_cookie(header, "other").as_deref(), Some("x"));
    assert_eq!(parse_cookie("NOT_FLIPPER_ID=1", FLIPPER_ID_COOKIE), None);
    assert_eq!(parse_cookie("FLIPPER_ID=", FLIPPER_ID_COOKIE), None);
    assert_eq!(parse_cookie("", FLIPPER_ID_COOKIE), None);
}
