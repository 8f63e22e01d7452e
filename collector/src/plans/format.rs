//! The release-plan format: types, and parsing from YAML or JSON with the location of every
//! type error (`stages[2].percentage: invalid type: string "x", expected f64`). Semantic checks
//! (order of stages, windows, lockstep exposure) are in `validate`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use super::duration::Dur;

/// Largest plan document accepted (bytes).
pub const MAX_PLAN_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    #[default]
    User,
    CookieId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toggle {
    /// The Flipper feature name.
    pub name: String,
    /// Who Flipper's percentage_of_actors buckets: the user, or the `cookie_id` (vets-api's actor_type).
    #[serde(default)]
    pub actor_type: ActorType,
}

/// How the toggles of one plan give their users the stage's percentage (see docs/plans.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// The first toggle carries the percentage; the others are enabled for everyone while the
    /// plan is above 0 %; the SDK's all-or-none group then follows the leader.
    #[default]
    Leader,
    /// Every toggle carries the percentage; clients evaluating a Flipper document bucket the
    /// group's members on the group name (the SDK's `sharedBucket`).
    SharedBucket,
    /// Every toggle carries the percentage and is hashed per feature (Flipper's own rule).
    Independent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Lockstep {
    #[serde(default)]
    pub strategy: Strategy,
    /// The SDK rollout group of the toggles (its name is the shared bucket key).
    #[serde(default)]
    pub group: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub name: String,
    /// Percentage of actors, 0..=100.
    pub percentage: f64,
    /// Least time at this stage before the next one.
    pub min_duration: Dur,
    /// Least distinct sessions on the new variant before the next stage.
    #[serde(default)]
    pub min_sessions: u64,
    /// A person must `approve` before the plan enters this stage.
    #[serde(default)]
    pub requires_approval: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// `va_rollout.error` events (the report's `errors`).
    Errors,
    /// Duration of tracked requests (the report's `latency`).
    LatencyMs,
    /// The report's `breakerEvents`.
    BreakerEvents,
    /// The report's `messagesSent`.
    MessagesSent,
    /// Distinct sessions.
    Sessions,
    /// Every event.
    Events,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    Count,
    /// Per event of the scope (errors / events).
    Rate,
    Average,
    P95,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Events whose variant flag is true (the users the stage exposes).
    #[default]
    New,
    /// Events whose variant flag is false.
    Base,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
}

impl Op {
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Op::Lt => value < threshold,
            Op::Le => value <= threshold,
            Op::Gt => value > threshold,
            Op::Ge => value >= threshold,
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Record and notify.
    Warn,
    /// Stay at this stage until the criterion recovers.
    Hold,
    /// Back to the previous stage (or 0 %), then paused for a person.
    Rollback,
    /// Disable every toggle of the plan.
    Kill,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RollbackTo {
    #[default]
    Previous,
    Zero,
}

/// New against base: passes while `new <= base + max_increase` (or `base * (1 + max_increase)`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersusBase {
    pub max_increase: f64,
    #[serde(default)]
    pub relative: bool,
}

fn one() -> u32 {
    1
}

fn two() -> u32 {
    2
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    #[serde(default)]
    pub description: Option<String>,
    pub metric: Metric,
    pub aggregation: Aggregation,
    /// Only this tracked request (log body), for latency.
    #[serde(default)]
    pub request: Option<String>,
    /// Trailing window the value is computed over (clipped to the stage's start).
    pub window: Dur,
    #[serde(default)]
    pub scope: Scope,
    /// The value must satisfy `value op threshold` to pass.
    #[serde(default)]
    pub op: Option<Op>,
    #[serde(default)]
    pub threshold: Option<f64>,
    #[serde(default)]
    pub versus_base: Option<VersusBase>,
    /// Fewer samples than this ⇒ "not enough data" (never a failure).
    #[serde(default)]
    pub min_samples: u64,
    /// Failed evaluations in a row before the severity's action.
    #[serde(default = "one")]
    pub consecutive_failures: u32,
    /// Passing evaluations in a row that end a hold.
    #[serde(default = "two")]
    pub recover_after: u32,
    pub severity: Severity,
    #[serde(default)]
    pub rollback_to: RollbackTo,
    /// Stage names this criterion applies to (default: every stage above 0 %).
    #[serde(default)]
    pub stages: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeWindow {
    pub days: Vec<Day>,
    /// `HH:MM`, local time of the schedule's zone.
    pub start: String,
    /// `HH:MM`, exclusive, after `start`.
    pub end: String,
}

/// When the plan may move forward (advances and approvals take effect only inside a window;
/// holds, rollbacks and kills act at any time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// IANA time zone, e.g. `America/New_York`.
    pub time_zone: String,
    pub windows: Vec<TimeWindow>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notifications {
    /// POSTed a JSON body for every notification; a failed delivery is logged and audited.
    #[serde(default)]
    pub webhook: Option<String>,
    /// The collector's log (always on; `false` is refused).
    #[serde(default = "yes")]
    pub log: bool,
}

impl Default for Notifications {
    fn default() -> Self {
        Notifications {
            webhook: None,
            log: true,
        }
    }
}

fn default_interval() -> Dur {
    Dur(60_000)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// `[a-z0-9_-]`, 1..=64: the plan's id in the API.
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    /// Where the plan comes from (the release-plan document).
    #[serde(default)]
    pub source: Option<String>,
    pub toggles: Vec<Toggle>,
    #[serde(default)]
    pub lockstep: Lockstep,
    /// The event flag that splits new from base (default: the first toggle).
    #[serde(default)]
    pub variant_flag: Option<String>,
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    #[serde(default = "default_interval")]
    pub evaluation_interval: Dur,
    #[serde(default)]
    pub schedule: Option<Schedule>,
    /// Longest time a stage may take before a person is notified.
    #[serde(default)]
    pub progress_deadline: Option<Dur>,
    #[serde(default)]
    pub notifications: Notifications,
}

impl Plan {
    /// The flag whose value on an event says new (true) or base (false).
    pub fn variant_flag(&self) -> &str {
        self.variant_flag
            .as_deref()
            .or(self.toggles.first().map(|t| t.name.as_str()))
            .unwrap_or("")
    }

    /// The criteria that apply at stage `i`.
    pub fn criteria_at(&self, i: usize) -> impl Iterator<Item = &Criterion> {
        let stage = self.stages.get(i);
        self.criteria
            .iter()
            .filter(move |c| match (stage, &c.stages) {
                (Some(s), Some(names)) => names.iter().any(|n| n == &s.name),
                (Some(s), None) => s.percentage > 0.0,
                (None, _) => false,
            })
    }
}

/// A problem found in a plan, with where it is (`stages[2].percentage`, or `(document)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The document as a JSON value: JSON when it starts with `{`, else YAML.
pub fn to_value(text: &str) -> Result<Value, Problem> {
    let doc = |message: String| Problem {
        path: "(document)".into(),
        message,
    };
    if text.len() > MAX_PLAN_BYTES {
        return Err(doc(format!("larger than {MAX_PLAN_BYTES} bytes")));
    }
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| doc(format!("invalid JSON: {e}")))
    } else {
        serde_yaml_ng::from_str(text).map_err(|e| doc(format!("invalid YAML: {e}")))
    }
}

/// Parses a plan from YAML or JSON; a type error names its location.
pub fn parse(text: &str) -> Result<Plan, Problem> {
    let value = to_value(text)?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        Problem {
            path: if path == "." {
                "(document)".into()
            } else {
                path
            },
            message: e.into_inner().to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_errors_name_their_location() {
        let y = "id: p\ntoggles: [{name: a}]\nstages:\n  - {name: A, percentage: 5, min_duration: 1m}\n  - {name: B, percentage: lots, min_duration: 1m}\n";
        let e = parse(y).expect_err("bad type");
        assert_eq!(e.path, "stages[1].percentage");
        assert!(e.message.contains("invalid type"), "{e}");
        let e = parse("id: p\ntoggles: []\nstages: []\ncriteria: [{id: c, metric: clicks, aggregation: count, window: 1m, severity: warn}]\n")
            .expect_err("unknown metric");
        assert_eq!(e.path, "criteria[0].metric");
        assert!(e.message.contains("unknown variant `clicks`"), "{e}");
        let e = parse("id: p\ntoggles: []\nstages: []\nstagez: 1\n").expect_err("unknown field");
        assert!(e.message.contains("unknown field `stagez`"), "{e}");
        let e = parse("{\"id\": 1").expect_err("bad json");
        assert_eq!(e.path, "(document)");
    }
}
