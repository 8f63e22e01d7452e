use super::*;

#[test]
fn hostnames() {
    assert_eq!(
        Environment::from_hostname("localhost"),
        Environment::Localhost
    );
    assert_eq!(
        Environment::from_hostname("127.0.0.1"),
        Environment::Localhost
    );
    assert_eq!(Environment::from_hostname("[::1]"), Environment::Localhost);
    assert_eq!(
        Environment::from_hostname("staging.va.gov"),
        Environment::Staging
    );
    assert_eq!(
        Environment::from_hostname("dev.va.gov"),
        Environment::Development
    );
    assert_eq!(
        Environment::from_hostname("va.gov"),
        Environment::Production
    );
    assert_eq!(
        Environment::from_hostname("www.va.gov"),
        Environment::Production
    );
    for unknown in [
        "",
        "evil.example",
        "staging.va.gov.evil.example",
        "localhost.evil",
        "review.vetsgov-internal",
    ] {
        assert_eq!(
            Environment::from_hostname(unknown),
            Environment::Production,
            "{unknown}"
        );
    }
}

#[test]
fn parse_and_overrides() {
    for env in [
        Environment::Production,
        Environment::Staging,
        Environment::Development,
        Environment::Localhost,
    ] {
        assert_eq!(Environment::parse(env.as_str()), Ok(env));
        assert_eq!(env.allows_overrides(), env != Environment::Production);
    }
    let err = Environment::parse("prod").unwrap_err();
    assert!(err.to_string().contains("\"prod\""));
}
