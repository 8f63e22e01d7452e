use super::*;

fn parse(json: &str) -> Result<RolloutConfig, String> {
    // The hand-written reader, as `Rollout.start` reads configuration.
    let value = crate::json::parse(json).map_err(|e| e.to_string())?;
    let input = RolloutConfigInput::read(value)?;
    input
        .validate(Some("staging.va.gov"))
        .map_err(|e| e.to_string())
}

#[test]
fn minimal_config_gets_the_vaos_group_and_hostname_environment() {
    let c = parse(r#"{"flags":{"source":"vets-api","names":["a_flag"]}}"#).unwrap();
    assert_eq!(c.environment, Environment::Staging);
    assert_eq!(c.groups.len(), 1);
    assert!(c
        .flags
        .names
        .contains(&"va_online_scheduling_facilities_service_v2".to_string()));
    assert_eq!(
        c.flags
            .bucket_keys
            .get("va_online_scheduling_vaos_service_requests")
            .map(String::as_str),
        Some("vaos_service")
    );
}

#[test]
fn every_problem_is_listed_at_once() {
    let err = parse(r#"{"environment":"prod-ish","flags":{"source":"carrier-pigeon","timeoutMs":-1},"groups":{"g":{"members":[],"policy":"all-or-none"}}}"#).unwrap_err();
    assert!(err.contains("prod-ish"), "{err}");
    assert!(err.contains("carrier-pigeon"), "{err}");
    assert!(err.contains("timeoutMs"), "{err}");
    assert!(err.contains("g"), "{err}");
}

#[test]
fn unknown_keys_and_wrong_types_are_refused() {
    assert!(parse(r#"{"flags":{"source":"vets-api"},"flagz":{}}"#)
        .unwrap_err()
        .contains("flagz"));
    assert!(parse(r#"{"flags":{"source":"vets-api","names":"a"}}"#).is_err());
}

#[test]
fn unknown_host_is_production_and_explicit_environment_wins() {
    let input: RolloutConfigInput =
        serde_json::from_str(r#"{"flags":{"source":"vets-api"}}"#).unwrap();
    assert_eq!(
        input
            .clone()
            .validate(Some("evil.example"))
            .unwrap()
            .environment,
        Environment::Production
    );
    assert_eq!(
        input.validate(None).unwrap().environment,
        Environment::Production
    );
    let input: RolloutConfigInput =
        serde_json::from_str(r#"{"environment":"staging","flags":{"source":"vets-api"}}"#).unwrap();
    assert_eq!(
        input.validate(Some("www.va.gov")).unwrap().environment,
        Environment::Staging
    );
}

#[test]
#[cfg(feature = "telemetry")]
fn telemetry_inherits_the_environment_and_reports_its_problems() {
    let c =
        parse(r#"{"flags":{"source":"vets-api"},"telemetry":{"url":"/collector","service":"sm"}}"#)
            .unwrap();
    let t = c.telemetry.unwrap();
    assert_eq!(t.endpoint, "/collector/v1/logs");
    assert!(crate::telemetry::encode_request(&t.resource, &[]).contains("staging"));
    let err = parse(r#"{"flags":{"source":"vets-api"},"telemetry":{"url":"ftp://x","service":"sm","sessionSampleRate":101}}"#).unwrap_err();
    assert!(
        err.contains("telemetry.url") && err.contains("telemetry.sessionSampleRate"),
        "{err}"
    );
}

#[test]
#[cfg(not(feature = "telemetry"))]
fn a_build_without_telemetry_refuses_telemetry_configuration() {
    let err = parse(r#"{"flags":{"source":"vets-api"},"telemetry":{"url":"/c","service":"sm"}}"#)
        .unwrap_err();
    assert!(
        err.contains("telemetry: this build of va-rollout has no telemetry"),
        "{err}"
    );
}

#[test]
#[cfg(not(feature = "routing"))]
fn a_build_without_routing_refuses_routing_configuration_and_keeps_group_buckets() {
    let err = parse(r#"{"flags":{"source":"vets-api"},"vaos":{"table":{}},"secureMessaging":{"basePath":"/x"}}"#).unwrap_err();
    assert!(
        err.contains("vaos: this build of va-rollout has no routing"),
        "{err}"
    );
    assert!(
        err.contains("secureMessaging: this build of va-rollout has no routing"),
        "{err}"
    );
    let c = parse(r#"{"flags":{"source":"flipper"}}"#).unwrap();
    assert_eq!(
        c.flags
            .bucket_keys
            .get("va_online_scheduling_vaos_service_requests")
            .map(String::as_str),
        Some("vaos_service")
    );
}

#[test]
fn actor_id_and_ids_merge() {
    let c = parse(r#"{"flags":{"source":"flipper"},"actor":{"id":"a@b.c","groups":["beta"]}}"#)
        .unwrap();
    let actor = c.actor.unwrap();
    assert_eq!(actor.ids, vec!["a@b.c".to_string()]);
    assert_eq!(actor.groups, vec!["beta".to_string()]);
    assert!(
        parse(r#"{"flags":{"source":"flipper"},"actor":{"groups":["beta"]}}"#)
            .unwrap()
            .actor
            .is_none()
    );
}
