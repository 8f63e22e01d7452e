//! `RolloutConfigInput` read by hand from a [`Value`]: the configuration reader of
//! `Rollout.start` (no serde derive in the shipped module). Keys, shapes and messages are those of
//! the `Deserialize` derives the types keep for tests and the collector (tested against them);
//! the key tables here are also what docs/api.md's configuration reference is checked against
//! (core/tests/docs_config_keys.rs).

#[cfg(feature = "routing")]
use super::VaosInput;
use super::{ActorInput, RolloutConfigInput};
use crate::flags::{FlagsConfigInput, GroupConfig, Policy};
use crate::json::read::fields::{
    boolean, map, missing, opt, string, strings, variant, Fields, Read,
};
use crate::json::Value;
#[cfg(feature = "routing")]
use crate::routing::{vaos::TemplateSpec, Method, RowOverride, SmConfig};
#[cfg(feature = "telemetry")]
use crate::telemetry::TelemetryConfigInput;

/// The top-level keys of `Rollout.start(config)`, in declaration order.
pub const ROLLOUT_KEYS: &[&str] = &[
    "environment",
    "flags",
    "actor",
    "groups",
    "secureMessaging",
    "vaos",
    "telemetry",
];
/// The keys of `actor` (and of `setActor`'s argument).
pub const ACTOR_KEYS: &[&str] = &["id", "ids", "groups"];
/// The keys of one group (`groups.<name>`); others are ignored.
pub const GROUP_KEYS: &[&str] = &["members", "policy", "sharedBucket"];
/// The keys of `secureMessaging`; others are ignored.
pub const SM_KEYS: &[&str] = &["basePath"];
/// The keys of `vaos`.
#[cfg(feature = "routing")]
pub const VAOS_KEYS: &[&str] = &["table"];
/// The keys of one VAOS row override (`vaos.table.<operation>`); others are ignored.
pub const ROW_KEYS: &[&str] = &["category", "vaosService", "legacy"];
/// The keys of a row's `vaosService` / `legacy` template; others are ignored.
pub const TEMPLATE_KEYS: &[&str] = &["method", "path"];

/// A key for a part this build lacks: any value is read (validation reports it).
#[cfg(not(all(feature = "routing", feature = "telemetry")))]
fn anything(_: Value) -> Read<super::NotInBuild> {
    Ok(serde::de::IgnoredAny)
}

impl RolloutConfigInput {
    /// Reads the configuration (an object; unknown keys refused). The first problem of shape
    /// (a wrong type, an unknown or missing key) is the error; [`RolloutConfigInput::validate`]
    /// then lists every problem of substance.
    pub fn read(v: Value) -> Read<RolloutConfigInput> {
        let mut f = Fields::of(v, "struct RolloutConfigInput", ROLLOUT_KEYS, true)?;
        let (mut environment, mut flags, mut actor, mut groups) = (None, None, None, None);
        let (mut secure_messaging, mut vaos, mut telemetry) = (None, None, None);
        while let Some((i, v)) = f.next()? {
            match i {
                0 => environment = opt(v, string)?,
                1 => flags = Some(FlagsConfigInput::read(v)?),
                2 => actor = opt(v, ActorInput::read)?,
                3 => groups = opt(v, |v| map(v, read_group))?.map(|m| m.into_iter().collect()),
                #[cfg(feature = "routing")]
                4 => secure_messaging = opt(v, read_sm)?,
                #[cfg(feature = "routing")]
                5 => vaos = opt(v, read_vaos)?,
                #[cfg(not(feature = "routing"))]
                4 => secure_messaging = opt(v, anything)?,
                #[cfg(not(feature = "routing"))]
                5 => vaos = opt(v, anything)?,
                #[cfg(feature = "telemetry")]
                _ => telemetry = opt(v, TelemetryConfigInput::read)?,
                #[cfg(not(feature = "telemetry"))]
                _ => telemetry = opt(v, anything)?,
            }
        }
        Ok(RolloutConfigInput {
            environment,
            flags: flags.ok_or_else(|| missing("flags"))?,
            actor,
            groups,
            secure_messaging,
            vaos,
            telemetry,
        })
    }
}

impl ActorInput {
    /// Reads an actor (an object; unknown keys refused).
    pub fn read(v: Value) -> Read<ActorInput> {
        let mut f = Fields::of(v, "struct ActorInput", ACTOR_KEYS, true)?;
        let mut a = ActorInput::default();
        while let Some((i, v)) = f.next()? {
            match i {
                0 => a.id = opt(v, string)?,
                1 => a.ids = opt(v, strings)?,
                _ => a.groups = opt(v, strings)?,
            }
        }
        Ok(a)
    }
}

/// One group; its name comes from the map key (`groups_from_map`).
fn read_group(v: Value) -> Read<GroupConfig> {
    let mut f = Fields::of(v, "struct GroupConfig", GROUP_KEYS, false)?;
    let (mut members, mut policy, mut shared_bucket) = (None, None, true);
    while let Some((i, v)) = f.next()? {
        match i {
            0 => members = Some(strings(v)?),
            1 => {
                variant(v, "Policy", &["all-or-none"])?;
                policy = Some(Policy::AllOrNone);
            }
            _ => shared_bucket = boolean(v)?,
        }
    }
    Ok(GroupConfig {
        name: String::new(),
        members: members.ok_or_else(|| missing("members"))?,
        policy: policy.ok_or_else(|| missing("policy"))?,
        shared_bucket,
    })
}

#[cfg(feature = "routing")]
fn read_sm(v: Value) -> Read<SmConfig> {
    let mut f = Fields::of(v, "struct SmConfig", SM_KEYS, false)?;
    let mut sm = SmConfig::default();
    while let Some((_, v)) = f.next()? {
        sm.base_path = opt(v, string)?;
    }
    Ok(sm)
}

#[cfg(feature = "routing")]
fn read_vaos(v: Value) -> Read<VaosInput> {
    let mut f = Fields::of(v, "struct VaosInput", VAOS_KEYS, true)?;
    let mut vaos = VaosInput::default();
    while let Some((_, v)) = f.next()? {
        vaos.table = opt(v, |v| map(v, read_row))?.map(|m| m.into_iter().collect());
    }
    Ok(vaos)
}

#[cfg(feature = "routing")]
fn read_row(v: Value) -> Read<RowOverride> {
    let mut f = Fields::of(v, "struct RowOverride", ROW_KEYS, false)?;
    let mut row = RowOverride::default();
    while let Some((i, v)) = f.next()? {
        match i {
            0 => row.category = opt(v, string)?,
            1 => row.vaos_service = opt(v, read_template)?,
            _ => row.legacy = opt(v, read_template)?,
        }
    }
    Ok(row)
}

#[cfg(feature = "routing")]
fn read_template(v: Value) -> Read<TemplateSpec> {
    const METHODS: [Method; 5] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ];
    let mut f = Fields::of(v, "struct TemplateSpec", TEMPLATE_KEYS, false)?;
    let (mut method, mut path) = (None, None);
    while let Some((i, v)) = f.next()? {
        match i {
            0 => {
                let names = ["GET", "POST", "PUT", "PATCH", "DELETE"];
                method = Some(METHODS[variant(v, "Method", &names)?]);
            }
            _ => path = Some(string(v)?),
        }
    }
    Ok(TemplateSpec {
        method: method.ok_or_else(|| missing("method"))?,
        path: path.ok_or_else(|| missing("path"))?,
    })
}

/// Every key `Rollout.start(config)` accepts, as dotted paths of leaves (a map's keys are `*`):
/// built from the tables the readers use.
pub fn accepted_keys() -> Vec<String> {
    let mut keys = Vec::new();
    let mut add = |prefix: &str, table: &[&str]| {
        keys.extend(table.iter().map(|k| crate::text![prefix, k]));
    };
    add("", &["environment"]);
    add("flags.", crate::flags::FLAGS_KEYS);
    add("actor.", ACTOR_KEYS);
    add("groups.*.", GROUP_KEYS);
    add("secureMessaging.", SM_KEYS);
    add("vaos.table.*.", &ROW_KEYS[..1]);
    add("vaos.table.*.vaosService.", TEMPLATE_KEYS);
    add("vaos.table.*.legacy.", TEMPLATE_KEYS);
    #[cfg(feature = "telemetry")]
    {
        use crate::telemetry::config::{
            BATCH_KEYS, RULE_KEYS, SPILL_KEYS, TELEMETRY_KEYS, WHEN_KEYS,
        };
        let leaves: Vec<&str> = TELEMETRY_KEYS
            .iter()
            .copied()
            .filter(|k| !matches!(*k, "rules" | "batch" | "spill"))
            .collect();
        add("telemetry.", &leaves);
        add("telemetry.batch.", BATCH_KEYS);
        add("telemetry.spill.", SPILL_KEYS);
        add("telemetry.rules.", &RULE_KEYS[..1]);
        add("telemetry.rules.", &RULE_KEYS[2..]);
        add("telemetry.rules.when.", WHEN_KEYS);
    }
    keys.sort();
    keys
}

#[cfg(test)]
mod tests;
