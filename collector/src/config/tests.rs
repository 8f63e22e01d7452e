use super::*;

fn opts(args: &[&str]) -> Options {
    let mut all = vec!["va-rollout-collector"];
    all.extend_from_slice(args);
    Options::try_parse_from(all).expect("test args parse")
}

#[test]
fn non_loopback_needs_token() {
    let o = opts(&["--addr", "0.0.0.0:8080"]);
    assert!(matches!(
        o.validate(),
        Err(ConfigError::NonLoopbackWithoutToken(_))
    ));
    let o = opts(&["--addr", "0.0.0.0:8080", "--admin-token", "s3cret"]);
    assert!(o.validate().is_ok());
    let o = opts(&["--addr", "[::1]:8080"]);
    assert!(o.validate().is_ok());
}

#[test]
fn mounts_parse_and_normalise() {
    assert_eq!(
        parse_mount("/=www/dist"),
        Ok(StaticMount {
            prefix: "/".into(),
            dir: "www/dist".into()
        })
    );
    assert_eq!(
        parse_mount("/pkg/=pkg"),
        Ok(StaticMount {
            prefix: "/pkg".into(),
            dir: "pkg".into()
        })
    );
    assert!(parse_mount("pkg=pkg").is_err());
    assert!(parse_mount("/pkg").is_err());
    assert!(parse_mount("/a/../b=x").is_err());
}

#[test]
fn default_origins_are_loopback_of_bound_port() {
    let o = opts(&[]);
    let origins = o.allowed_origins("127.0.0.1:4321".parse().expect("addr"));
    assert!(origins.contains(&"http://127.0.0.1:4321".to_string()));
    assert!(origins.contains(&"http://localhost:4321".to_string()));
}

#[test]
fn ranges_checked() {
    assert_eq!(
        opts(&["--demo-error-rate", "1.5"]).validate(),
        Err(ConfigError::BadErrorRate)
    );
    assert_eq!(
        opts(&["--ingest-queue", "0"]).validate(),
        Err(ConfigError::ZeroQueue)
    );
    assert_eq!(
        opts(&["--admin-token", ""]).validate(),
        Err(ConfigError::EmptyAdminToken)
    );
    for bad in ["", "  ", "default-src 'self'\r\nX-Injected: 1"] {
        assert_eq!(
            opts(&["--content-security-policy", bad]).validate(),
            Err(ConfigError::BadCsp),
            "{bad:?}"
        );
    }
    let o = opts(&["--content-security-policy", "default-src 'self'"]);
    assert!(o.validate().is_ok());
    assert_eq!(
        o.csp_header().as_ref().and_then(|v| v.to_str().ok()),
        Some("default-src 'self'")
    );
}
