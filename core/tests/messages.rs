//! The error messages built without `core::fmt` (`va_rollout_core::text`) are byte-for-byte the
//! `format!` texts they replaced: each case below spells the old `format!` call as the oracle,
//! with names holding `"`, `\`, newlines, control characters and non-ASCII, which `{:?}`
//! escapes Rust-style.

use va_rollout_core::flags::{FlagsConfigInput, GroupError};

const NASTY: &[&str] = &[
    "plain",
    "q\"uote",
    "back\\slash",
    "new\nline",
    "tab\t\u{1}",
    "it's",
    "é\u{301}",
    "\u{2028}",
];

#[test]
fn group_errors() {
    for &n in NASTY {
        let (g, m) = (n.to_owned(), format!("{n}2"));
        let cases = [
            (GroupError::BadName { name: g.clone() }, format!("groups: invalid group name {g:?} (non-empty, at most 200 bytes)")),
            (GroupError::NoMembers { group: g.clone() }, format!("group {g:?} has no members")),
            (GroupError::BadMember { group: g.clone(), member: m.clone() }, format!("group {g:?}: invalid member name {m:?} (non-empty, at most 200 bytes)")),
            (GroupError::DuplicateMember { group: g.clone(), member: m.clone() }, format!("group {g:?} lists member {m:?} twice")),
            (GroupError::MemberInTwoSharedGroups { member: m.clone(), first: g.clone(), second: m.clone() }, format!("feature {m:?} is in shared-bucket groups {g:?} and {m:?}; it can be bucketed on only one")),
            (GroupError::TooManyMembers { group: g.clone(), count: 7 }, format!("group {g:?} has 7 members, at most {} allowed", va_rollout_core::flags::groups::MAX_GROUP_MEMBERS)),
        ];
        for (e, want) in cases {
            assert_eq!(e.message(), want);
            assert_eq!(e.to_string(), want);
        }
    }
}

#[test]
fn flags_config_messages_quote_names() {
    for &n in NASTY {
        let input: FlagsConfigInput = serde_json::from_value(serde_json::json!({
            "source": n,
            "actorTypes": { n: n },
            "timeoutMs": 0.5,
            "refreshIntervalMs": 12.25,
        }))
        .unwrap();
        let problems = input.validate().unwrap_err().0;
        let want = [
            format!("source: unknown source {n:?}; expected 'vets-api' or 'flipper'"),
            format!("actorTypes: {n:?} has type {n:?}; expected 'user' or 'cookie_id'"),
            format!("timeoutMs: {} is outside 1..={}", 0.5, 120_000.0),
            format!(
                "refreshIntervalMs: {} is below the minimum {} (0 turns it off)",
                12.25, 1_000.0
            ),
        ];
        for w in want {
            assert!(problems.contains(&w), "{w:?} not in {problems:?}");
        }
    }
}

#[cfg(feature = "routing")]
#[test]
fn routing_errors() {
    use va_rollout_core::routing::{
        EndpointError, ParamProblem, RouteError, System, TableError, TemplateError,
    };
    for &n in NASTY {
        let s = n.to_owned();
        let cases = [
            (EndpointError::UnknownOperation { op: s.clone() }.message(), format!("vaos: unknown operation {s:?}")),
            (EndpointError::TooManyParams { op: s.clone(), count: 65 }.message(), format!("vaos {s}: 65 parameters given, at most 64 allowed")),
            (EndpointError::Param { op: s.clone(), param: s.clone(), problem: ParamProblem::TooLong }.message(), format!("vaos {s}: parameter {s:?} is longer than {} bytes", va_rollout_core::routing::MAX_PARAM_LEN)),
            (TableError::BadOperationName { op: s.clone() }.message(), format!("vaos table: invalid operation name {s:?} (1-128 of A-Z a-z 0-9 . _ -)")),
            (TableError::Incomplete { op: s.clone(), missing: "legacy" }.message(), format!("vaos table: new operation {s:?} needs legacy")),
            (TableError::BadTemplate { op: s.clone(), system: System::VaosService, error: TemplateError { template: s.clone(), why: "why" } }.message(), format!("vaos table {s} ({:?}): invalid path template {s:?}: why", System::VaosService)),
            (RouteError::BadBasePath { base: s.clone() }.message(), format!("secure messaging: invalid base path {s:?} (empty, or '/' followed by A-Z a-z 0-9 - . _ ~ /, at most 256 bytes)")),
            (RouteError::UnknownPath { path: s.clone(), action: s.clone() }.message(), format!("secure messaging: {s:?} is not a page of the new-message flow (action {s:?})")),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }
}

#[cfg(feature = "telemetry")]
#[test]
fn telemetry_config_messages() {
    use va_rollout_core::telemetry::TelemetryConfigInput;
    for &n in NASTY {
        let input: TelemetryConfigInput = serde_json::from_value(serde_json::json!({
            "service": "app",
            "sessionSampleRate": 100.5,
            "queryAllowList": [format!("{n}&")],
            "contextFlags": [n],
        }))
        .unwrap();
        let problems = input.validate().unwrap_err();
        let key = format!("{n}&");
        let mut want = vec![
            format!("sessionSampleRate: must be 0-100, got {}", 100.5),
            format!("queryAllowList: {key:?} is not a query key"),
        ];
        if n != "plain" {
            want.push(format!(
                "contextFlags: {n:?} must be 1-64 chars of A-Z a-z 0-9 _ . -"
            ));
        }
        for w in want {
            assert!(problems.contains(&w), "{w:?} not in {problems:?}");
        }
    }
}
