//! The seed release plans (`plans/*.yaml`): they pass our validator AND the committed JSON
//! Schema; bad plans fail both; `plan validate` and `plan dry-run` (the built binary) print
//! readable results.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use va_rollout_collector::plans::{format, validate};

const BIN: &str = env!("CARGO_BIN_EXE_va-rollout-collector");
const SEEDS: [&str; 2] = ["vaos-service-integration.yaml", "sm-new-message-flow.yaml"];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../plans")
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(dir().join("plan.schema.json")).expect("schema file");
    let v: Value = serde_json::from_str(&text).expect("schema JSON");
    jsonschema::validator_for(&v).expect("a valid JSON Schema")
}

fn seed(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).expect("seed plan")
}

#[test]
fn seeds_pass_the_validator_and_the_schema() {
    let schema = schema();
    for name in SEEDS {
        let text = seed(name);
        let plan = validate::load(&text).unwrap_or_else(|p| panic!("{name}: {p:?}"));
        assert!(plan.stages.len() >= 5, "{name}");
        let value = format::to_value(&text).expect("value");
        let errors: Vec<String> = schema
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

#[test]
fn bad_plans_fail_both_the_validator_and_the_schema() {
    let schema = schema();
    let good = seed("sm-new-message-flow.yaml");
    for (from, to) in [
        ("metric: messages_sent", "metric: happiness"),
        (
            "percentage: 25, min_duration: 1d",
            "percentage: lots, min_duration: 1d",
        ),
        ("severity: warn", "severity: panic"),
        (
            "min_duration: 1d, min_sessions: 200",
            "min_duration: soon, min_sessions: 200",
        ),
    ] {
        assert!(good.contains(from), "{from}");
        let text = good.replacen(from, to, 1);
        assert!(validate::load(&text).is_err(), "validator accepted {to}");
        let value = format::to_value(&text).expect("value");
        assert!(!schema.is_valid(&value), "schema accepted {to}");
    }
}

#[test]
fn plan_validate_and_dry_run_print_readable_results() {
    let files: Vec<PathBuf> = SEEDS.iter().map(|s| dir().join(s)).collect();
    let out = Command::new(BIN)
        .args(["plan", "validate"])
        .args(&files)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.matches(": ok — plan").count(), 2, "{stdout}");
    for (name, stages) in [
        (SEEDS[0], ["phase1-canary", "phase2-canary", "go-live"]),
        (SEEDS[1], ["A", "C", "E"]),
    ] {
        let out = Command::new(BIN)
            .args(["plan", "dry-run"])
            .arg(dir().join(name))
            .output()
            .expect("run");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        assert!(text.contains("Schedule from"), "{text}");
        assert!(text.contains("approval required"), "{text}");
        assert!(text.contains("completes at the earliest"), "{text}");
        for s in stages {
            assert!(
                text.lines().any(|l| l.split_whitespace().nth(1) == Some(s)),
                "{s} in {text}"
            );
        }
    }
    // A bad file: exit 1, every problem with its location.
    let tmp = tempfile::tempdir().expect("dir");
    let bad = tmp.path().join("bad.yaml");
    std::fs::write(
        &bad,
        seed(SEEDS[1]).replace("percentage: 50", "percentage: 20"),
    )
    .expect("write");
    let out = Command::new(BIN)
        .args(["plan", "validate"])
        .arg(&bad)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("stages[2].percentage: 20 is below the previous stage's 25"),
        "{err}"
    );
}
