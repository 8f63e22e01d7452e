//! The `telemetry` section of `Rollout.start({...})`, parsed and validated into what the core needs.

use crate::json::Ignored;
use crate::text::{F, Q};
use crate::{push_text, text};
#[cfg(feature = "serde")]
use serde::Deserialize;

use super::batch::{BatchPolicy, KEEPALIVE_BUDGET_BYTES};
use super::delivery::DEFAULT_MAX_AGE_MS;
use super::otlp::Resource;
use super::queue::DEFAULT_MAX_QUEUE_BYTES;
use super::sampling::{Rule, Sampler};
use super::scrub::{sanitize_key, ScrubPolicy, MAX_CONTEXT_FLAGS};
use super::spill::{SpillInput, SpillPolicy, DEFAULT_SPILL_MAX_BYTES, MAX_SPILL_BYTES};

pub const MAX_URL_LEN: usize = 2048;
pub const MAX_SERVICE_LEN: usize = 128;
pub const MAX_RULES: usize = 64;
pub const MAX_ATTRIBUTE_ALLOW: usize = 64;
pub const MAX_QUERY_ALLOW: usize = 32;
pub const MAX_BATCH_EVENTS: usize = 500;
pub const MIN_BATCH_BYTES: usize = 1024;
pub const MAX_DELAY_MS: u64 = 600_000;
pub const MIN_QUEUE_BYTES: usize = 16 * 1024;
pub const MAX_QUEUE_BYTES: usize = 8 * 1024 * 1024;
/// Bounds of `maxAgeMs` and `spill.maxAgeMs`: one minute to one week.
pub const MIN_AGE_MS: u64 = 60_000;
pub const MAX_AGE_MS: u64 = 7 * 24 * 60 * 60 * 1000;
/// The OTLP/HTTP logs path, appended to `url` unless it already ends with it.
pub const LOGS_PATH: &str = "/v1/logs";

/// As given by the app (camelCase keys; unknown keys are errors).
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct TelemetryConfigInput {
    /// OTLP/HTTP endpoint; absent: no OTLP (events go only to a `sink`, e.g. Datadog RUM).
    #[cfg_attr(feature = "serde", serde(default))]
    pub url: Option<String>,
    pub service: String,
    pub service_version: Option<String>,
    /// `deployment.environment.name`.
    pub environment: Option<String>,
    /// Percent of sessions kept, 0–100 (default 100).
    pub session_sample_rate: Option<f64>,
    pub rules: Option<Vec<Rule>>,
    pub context_flags: Option<Vec<String>>,
    pub attribute_allow_list: Option<Vec<String>>,
    pub query_allow_list: Option<Vec<String>>,
    pub batch: Option<BatchPolicy>,
    pub max_queue_bytes: Option<usize>,
    pub max_age_ms: Option<u64>,
    pub spill: Option<SpillInput>,
    pub base_path: Option<String>,
    /// The app's `beforeSend` function: accepted here so the object passes as a whole; the shell
    /// calls it, the core ignores it.
    pub before_send: Option<Ignored>,
    /// The app's event sink function (e.g. `va-rollout/datadog`): like `before_send`.
    pub sink: Option<Ignored>,
    /// Send even on a test page (see [`is_test_environment`]); default false.
    pub enable_in_test_environments: Option<bool>,
}

/// Validated configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct TelemetryConfig {
    /// Where to POST: `url`, with `/v1/logs` appended unless already there; empty: no OTLP.
    pub endpoint: String,
    /// Telemetry runs on test pages too (`enableInTestEnvironments`).
    pub in_test_environments: bool,
    pub resource: Resource,
    pub sampler: Sampler,
    pub context_flags: Vec<String>,
    pub scrub: ScrubPolicy,
    pub batch: BatchPolicy,
    pub max_queue_bytes: usize,
    /// Records not acknowledged after this long are given up (memory, outbox, spill store).
    pub max_age_ms: u64,
    pub spill: SpillPolicy,
}

fn check_keys(field: &str, names: &[String], max: usize, errors: &mut Vec<String>) {
    if names.len() > max {
        errors.push(text![
            field,
            ": at most ",
            max,
            " entries, got ",
            names.len()
        ]);
    }
    for name in names {
        if sanitize_key(name).as_deref() != Some(name.as_str()) {
            errors.push(text![
                field,
                ": ",
                Q(name),
                " must be 1-64 chars of A-Z a-z 0-9 _ . -"
            ]);
        }
    }
}

fn endpoint(url: &str) -> String {
    let trimmed = url.trim_end_matches('/');
    if trimmed.ends_with(LOGS_PATH) {
        trimmed.to_string()
    } else {
        [trimmed, LOGS_PATH].concat()
    }
}

impl TelemetryConfigInput {
    /// The validated config, or every problem found.
    pub fn validate(self) -> Result<TelemetryConfig, Vec<String>> {
        let mut errors = Vec::new();
        let url = self.url.unwrap_or_default();
        let url_ok = url.is_empty()
            || ["https://", "http://", "/"]
                .iter()
                .any(|p| url.starts_with(p));
        if !url_ok || url.len() > MAX_URL_LEN || url.chars().any(char::is_whitespace) {
            errors.push(text![
                "url: must be an http(s) URL or an absolute path of at most ",
                MAX_URL_LEN,
                " bytes"
            ]);
        }
        if self.service.is_empty() || self.service.chars().count() > MAX_SERVICE_LEN {
            errors.push(text!["service: must be 1-", MAX_SERVICE_LEN, " chars"]);
        }
        let session_rate = self.session_sample_rate.unwrap_or(100.0);
        if !(0.0..=100.0).contains(&session_rate) {
            errors.push(text![
                "sessionSampleRate: must be 0-100, got ",
                F(session_rate)
            ]);
        }
        let rules = self.rules.unwrap_or_default();
        if rules.len() > MAX_RULES {
            errors.push(text!["rules: at most ", MAX_RULES, ", got ", rules.len()]);
        }
        for (i, rule) in rules.iter().enumerate() {
            if !(0.0..=1.0).contains(&rule.rate) {
                errors.push(text![
                    "rules[",
                    i,
                    "].rate: must be 0-1, got ",
                    F(rule.rate)
                ]);
            }
            if rule.when.path.as_ref().is_some_and(|p| !p.starts_with('/')) {
                errors.push(text!["rules[", i, "].when.path: must start with '/'"]);
            }
            // A loss record is how the report learns what it did not see: never sampled away.
            if rule.kind == super::event::EventKind::Loss {
                errors.push(text![
                    "rules[",
                    i,
                    "].kind: loss records are never sampled (they count what was lost)"
                ]);
            }
        }
        let context_flags = self.context_flags.unwrap_or_default();
        check_keys(
            "contextFlags",
            &context_flags,
            MAX_CONTEXT_FLAGS,
            &mut errors,
        );
        let attribute_allow = self.attribute_allow_list.unwrap_or_default();
        check_keys(
            "attributeAllowList",
            &attribute_allow,
            MAX_ATTRIBUTE_ALLOW,
            &mut errors,
        );
        let query_allow = self.query_allow_list.unwrap_or_default();
        if query_allow.len() > MAX_QUERY_ALLOW {
            errors.push(text![
                "queryAllowList: at most ",
                MAX_QUERY_ALLOW,
                " entries, got ",
                query_allow.len()
            ]);
        }
        for key in &query_allow {
            if key.is_empty() || key.len() > 64 || key.contains(['&', '=', '#', '?', '/']) {
                errors.push(text!["queryAllowList: ", Q(key), " is not a query key"]);
            }
        }
        let batch = self.batch.unwrap_or_default();
        let max_queue_bytes = self.max_queue_bytes.unwrap_or(DEFAULT_MAX_QUEUE_BYTES);
        let max_age_ms = self.max_age_ms.unwrap_or(DEFAULT_MAX_AGE_MS);
        let spill_in = self.spill.unwrap_or_default();
        let spill = SpillPolicy {
            max_bytes: spill_in.max_bytes.unwrap_or(DEFAULT_SPILL_MAX_BYTES),
            max_age_ms: spill_in.max_age_ms.unwrap_or(max_age_ms),
        };
        // (key, value, lowest, highest): one check and one message shape for every limit;
        // `None` as the lowest is "at most".
        let limits: [(&str, u64, Option<u64>, u64); 7] = [
            (
                "batch.maxEvents",
                batch.max_events as u64,
                Some(1),
                MAX_BATCH_EVENTS as u64,
            ),
            (
                "batch.maxBytes",
                batch.max_bytes as u64,
                Some(MIN_BATCH_BYTES as u64),
                KEEPALIVE_BUDGET_BYTES as u64,
            ),
            ("batch.maxDelayMs", batch.max_delay_ms, None, MAX_DELAY_MS),
            (
                "maxQueueBytes",
                max_queue_bytes as u64,
                Some(MIN_QUEUE_BYTES as u64),
                MAX_QUEUE_BYTES as u64,
            ),
            ("maxAgeMs", max_age_ms, Some(MIN_AGE_MS), MAX_AGE_MS),
            (
                "spill.maxBytes",
                spill.max_bytes as u64,
                Some(0),
                MAX_SPILL_BYTES as u64,
            ),
            (
                "spill.maxAgeMs",
                spill.max_age_ms,
                Some(MIN_AGE_MS),
                MAX_AGE_MS,
            ),
        ];
        for (key, value, lowest, highest) in limits {
            if value < lowest.unwrap_or(0) || value > highest {
                let mut m = text![key, ": must be "];
                match lowest {
                    Some(lo) => push_text!(&mut m, lo, "-"),
                    None => m.push_str("at most "),
                }
                push_text!(&mut m, highest, ", got ", value);
                errors.push(m);
            }
        }
        let base_path = self.base_path.unwrap_or_default();
        if !base_path.is_empty() && !base_path.starts_with('/') {
            errors.push("basePath: must start with '/'".to_string());
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(TelemetryConfig {
            endpoint: if url.is_empty() {
                String::new()
            } else {
                endpoint(&url)
            },
            in_test_environments: self.enable_in_test_environments.unwrap_or(false),
            resource: Resource::new(
                &self.service,
                self.service_version.as_deref(),
                self.environment.as_deref(),
            ),
            sampler: Sampler {
                session_rate,
                rules,
                base_path,
            },
            context_flags,
            scrub: ScrubPolicy {
                query_allow,
                attribute_allow,
            },
            batch,
            max_queue_bytes,
            max_age_ms,
            spill,
        })
    }
}

impl TelemetryConfig {
    /// Events are POSTed as OTLP (a `url` was given).
    pub fn otlp(&self) -> bool {
        !self.endpoint.is_empty()
    }

    /// Whether telemetry (OTLP and sinks) runs on this page: not on a test page unless
    /// `enableInTestEnvironments` (vets-website's `canInitDatadog` rule).
    pub fn runs_on(&self, hostname: Option<&str>, test_runner: bool) -> bool {
        self.in_test_environments || !is_test_environment(hostname, test_runner)
    }
}

/// vets-website's test pages: the hostname is exactly `localhost` (not 127.0.0.1, not a
/// `*.localhost` name), or a test runner is present (`window.Mocha`, `window.Cypress`).
pub fn is_test_environment(hostname: Option<&str>, test_runner: bool) -> bool {
    test_runner || hostname.is_some_and(|h| h.eq_ignore_ascii_case("localhost"))
}

pub(crate) mod read;
pub use read::{BATCH_KEYS, RULE_KEYS, SPILL_KEYS, TELEMETRY_KEYS, WHEN_KEYS};

#[cfg(test)]
mod tests;
