//! `Rollout.start({...})` configuration: parsed with serde (unknown keys refused), then validated
//! as a whole so one error lists every problem.

use crate::text;
use crate::text::Q;
use crate::vecmap::VecMap;

#[cfg(feature = "serde")]
use serde::Deserialize;

use crate::flags::{bucket_keys, groups_from_map, vaos_preset, GroupConfig};
use crate::flags::{
    Actor, ConfigErrors, DeliveryConfig, Environment, FlagConfig, FlagsConfigInput,
};
#[cfg(feature = "routing")]
use crate::routing::{RowOverride, SmConfig, VaosTable};
#[cfg(feature = "telemetry")]
use crate::telemetry::{TelemetryConfig, TelemetryConfigInput};

/// A configuration key for a part this build does not have (`--no-default-features`): any value
/// is read, and validation reports the key as a problem ([`not_in_build`]).
#[cfg(not(all(feature = "routing", feature = "telemetry")))]
type NotInBuild = crate::json::Ignored;
#[cfg(not(feature = "routing"))]
type SmConfig = NotInBuild;
#[cfg(not(feature = "routing"))]
type VaosInput = NotInBuild;
#[cfg(not(feature = "telemetry"))]
type TelemetryConfigInput = NotInBuild;

/// The problem reported for `key` when this build lacks `feature`.
#[cfg(not(all(feature = "routing", feature = "telemetry")))]
fn not_in_build(key: &str, feature: &str) -> String {
    text![
        key,
        ": this build of va-rollout has no ",
        feature,
        " (built without the `",
        feature,
        "` feature); use the full build"
    ]
}

/// Longest actor id accepted (Flipper ids are lowercase emails or UUIDs).
pub const MAX_ACTOR_ID_LEN: usize = 200;
/// Most actor ids / group memberships accepted for one actor.
pub const MAX_ACTOR_ENTRIES: usize = 32;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct ActorInput {
    #[cfg_attr(feature = "serde", serde(default))]
    pub id: Option<String>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub ids: Option<Vec<String>>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub groups: Option<Vec<String>>,
}

impl ActorInput {
    /// The engine's actor, or the problems with this one. No id at all means "no actor".
    pub fn validate(self, field: &str, problems: &mut Vec<String>) -> Option<Actor> {
        let mut ids: Vec<String> = self
            .id
            .into_iter()
            .chain(self.ids.unwrap_or_default())
            .collect();
        let groups = self.groups.unwrap_or_default();
        if ids.len() > MAX_ACTOR_ENTRIES || groups.len() > MAX_ACTOR_ENTRIES {
            problems.push(text![
                field,
                ": at most ",
                MAX_ACTOR_ENTRIES,
                " ids and ",
                MAX_ACTOR_ENTRIES,
                " groups"
            ]);
        }
        if let Some(long) = ids
            .iter()
            .chain(&groups)
            .find(|s| s.len() > MAX_ACTOR_ID_LEN)
        {
            problems.push(text![
                field,
                ": ",
                Q(&long.chars().take(20).collect::<String>()),
                "… is longer than ",
                MAX_ACTOR_ID_LEN,
                " bytes"
            ]);
        }
        ids.dedup();
        (!ids.is_empty()).then_some(Actor { ids, groups })
    }
}

#[cfg(feature = "routing")]
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct VaosInput {
    #[cfg_attr(feature = "serde", serde(default))]
    pub table: Option<VecMap<String, RowOverride>>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct RolloutConfigInput {
    #[cfg_attr(feature = "serde", serde(default))]
    pub environment: Option<String>,
    pub flags: FlagsConfigInput,
    #[cfg_attr(feature = "serde", serde(default))]
    pub actor: Option<ActorInput>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub groups: Option<VecMap<String, GroupConfig>>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub secure_messaging: Option<SmConfig>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub vaos: Option<VaosInput>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub telemetry: Option<TelemetryConfigInput>,
}

/// A validated configuration.
#[derive(Clone, Debug)]
pub struct RolloutConfig {
    pub environment: Environment,
    pub flags: FlagConfig,
    pub delivery: DeliveryConfig,
    pub actor: Option<Actor>,
    pub groups: Vec<GroupConfig>,
    #[cfg(feature = "routing")]
    pub secure_messaging: SmConfig,
    #[cfg(feature = "routing")]
    pub vaos: VaosTable,
    /// `None`: no telemetry at all.
    #[cfg(feature = "telemetry")]
    pub telemetry: Option<TelemetryConfig>,
}

impl RolloutConfigInput {
    /// Validates everything. `hostname` is the page's (`None` outside a browser); the environment
    /// comes from configuration only, else from the hostname, and an unknown host is production.
    pub fn validate(self, hostname: Option<&str>) -> Result<RolloutConfig, ConfigErrors> {
        let mut problems = Vec::new();
        let environment = match self.environment.as_deref() {
            Some(e) => Environment::parse(e).unwrap_or_else(|err| {
                problems.push(text!["environment: ", err.message()]);
                Environment::Production
            }),
            None => Environment::from_hostname(hostname.unwrap_or("")),
        };
        let groups = match self.groups {
            None => vec![vaos_preset()],
            Some(map) => groups_from_map(map).unwrap_or_else(|e| {
                problems.push(e.message());
                Vec::new()
            }),
        };
        let flags = match self.flags.validate() {
            Ok((mut flags, delivery)) => {
                add_group_members(&mut flags, &groups);
                Some((flags, delivery))
            }
            Err(ConfigErrors(list)) => {
                problems.extend(list);
                None
            }
        };
        let actor = self.actor.and_then(|a| a.validate("actor", &mut problems));
        #[cfg(not(feature = "routing"))]
        {
            if self.secure_messaging.is_some() {
                problems.push(not_in_build("secureMessaging", "routing"));
            }
            if self.vaos.is_some() {
                problems.push(not_in_build("vaos", "routing"));
            }
        }
        #[cfg(not(feature = "telemetry"))]
        if self.telemetry.is_some() {
            problems.push(not_in_build("telemetry", "telemetry"));
        }
        #[cfg(feature = "routing")]
        let vaos = match self.vaos.and_then(|v| v.table) {
            None => VaosTable::default(),
            Some(rows) => VaosTable::default()
                .with_overrides(rows)
                .unwrap_or_else(|e| {
                    problems.push(text!["vaos.table: ", e.message()]);
                    VaosTable::default()
                }),
        };
        #[cfg(feature = "telemetry")]
        let telemetry = self.telemetry.and_then(|mut t| {
            t.environment
                .get_or_insert_with(|| environment.as_str().to_owned());
            t.validate()
                .map_err(|list| problems.extend(list.into_iter().map(|p| text!["telemetry.", p])))
                .ok()
        });
        match flags {
            Some((flags, delivery)) if problems.is_empty() => Ok(RolloutConfig {
                environment,
                flags,
                delivery,
                actor,
                groups,
                #[cfg(feature = "routing")]
                secure_messaging: self.secure_messaging.unwrap_or_default(),
                #[cfg(feature = "routing")]
                vaos,
                #[cfg(feature = "telemetry")]
                telemetry,
            }),
            _ => Err(ConfigErrors(problems)),
        }
    }
}

/// Group members share their group's bucket (unless configured otherwise), and are requested
/// from the server whenever the app names its flags, so a group is never judged on a partial list.
fn add_group_members(flags: &mut FlagConfig, groups: &[GroupConfig]) {
    for (feature, group) in bucket_keys(groups) {
        flags.bucket_keys.insert_new(feature, group);
    }
    if !flags.names.is_empty() {
        flags
            .names
            .extend(groups.iter().flat_map(|g| g.members.iter().cloned()));
        crate::sort::sort(&mut flags.names);
        flags.names.dedup();
    }
}

mod read;
pub use read::{accepted_keys, ACTOR_KEYS, ROLLOUT_KEYS};

#[cfg(test)]
mod tests;
