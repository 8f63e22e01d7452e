//! `RolloutConfigInput` read by hand from a [`Value`]: the configuration reader of
//! `Rollout.start` (no serde derive in the shipped module). Keys, shapes and messages are those of
//! the `Deserialize` derives the types keep for tests and the collector (tested against them);
//! the key tables here are also what docs/api.md's configuration reference is checked against
//! (core/tests/docs_config_keys.rs).

#[cfg(feature = "routing")]
use super::VaosInput;
use super::{ActorInput, RolloutConfigInput};
use crate::flags::{FlagsConfigInput, GroupConfig, Policy};
use crate::json::read::fields::Read;
use crate::json::read::schema::{self, Enum, Field, Shape, Slot, Slots, Struct};
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

/// `Rollout.start(config)`; a part this build lacks reads any value (validation reports it).
static ROLLOUT: Struct = Struct {
    name: "struct RolloutConfigInput",
    keys: ROLLOUT_KEYS,
    deny: true,
    fields: &[
        Field::opt(Shape::Str),
        Field::req(Shape::Obj(&crate::flags::config::read::FLAGS)),
        Field::opt(Shape::Obj(&ACTOR)),
        Field::opt(Shape::Map(&Shape::Obj(&GROUP))),
        Field::opt(SM_SHAPE),
        Field::opt(VAOS_SHAPE),
        Field::opt(TELEMETRY_SHAPE),
    ],
};
#[cfg(feature = "routing")]
const SM_SHAPE: Shape = Shape::Obj(&crate::routing::wire::SM_CONFIG);
#[cfg(feature = "routing")]
const VAOS_SHAPE: Shape = Shape::Obj(&VAOS);
#[cfg(not(feature = "routing"))]
const SM_SHAPE: Shape = Shape::Any;
#[cfg(not(feature = "routing"))]
const VAOS_SHAPE: Shape = Shape::Any;
#[cfg(feature = "telemetry")]
const TELEMETRY_SHAPE: Shape = Shape::Obj(&crate::telemetry::config::read::TELEMETRY);
#[cfg(not(feature = "telemetry"))]
const TELEMETRY_SHAPE: Shape = Shape::Any;

static ACTOR: Struct = Struct {
    name: "struct ActorInput",
    keys: ACTOR_KEYS,
    deny: true,
    fields: &[
        Field::opt(Shape::Str),
        Field::opt(Shape::Strs),
        Field::opt(Shape::Strs),
    ],
};

static GROUP: Struct = Struct {
    name: "struct GroupConfig",
    keys: GROUP_KEYS,
    deny: false,
    fields: &[
        Field::req(Shape::Strs),
        Field::req(Shape::Variant(&Enum {
            name: "Policy",
            names: &["all-or-none"],
        })),
        Field::val(Shape::Bool),
    ],
};

#[cfg(feature = "routing")]
static VAOS: Struct = Struct {
    name: "struct VaosInput",
    keys: VAOS_KEYS,
    deny: true,
    fields: &[Field::opt(Shape::Map(&Shape::Obj(&ROW)))],
};

#[cfg(feature = "routing")]
static ROW: Struct = Struct {
    name: "struct RowOverride",
    keys: ROW_KEYS,
    deny: false,
    fields: &[
        Field::opt(Shape::Str),
        Field::opt(Shape::Obj(&TEMPLATE)),
        Field::opt(Shape::Obj(&TEMPLATE)),
    ],
};

#[cfg(feature = "routing")]
static TEMPLATE: Struct = Struct {
    name: "struct TemplateSpec",
    keys: TEMPLATE_KEYS,
    deny: false,
    fields: &[
        Field::req(Shape::Variant(&Enum {
            name: "Method",
            names: &["GET", "POST", "PUT", "PATCH", "DELETE"],
        })),
        Field::req(Shape::Str),
    ],
};

/// A part this build lacks: there or not.
#[cfg(not(all(feature = "routing", feature = "telemetry")))]
fn anything(s: Slot) -> Option<super::NotInBuild> {
    s.present().then_some(crate::json::Ignored)
}

impl RolloutConfigInput {
    /// Reads the configuration (an object; unknown keys refused). The first problem of shape
    /// (a wrong type, an unknown or missing key) is the error; [`RolloutConfigInput::validate`]
    /// then lists every problem of substance.
    pub fn read(v: Value) -> Read<RolloutConfigInput> {
        let mut s = schema::read(v, &ROLLOUT, &crate::flags::config::read::bootstrap)?;
        Ok(RolloutConfigInput {
            environment: s.take(0).str(),
            flags: FlagsConfigInput::build(s.take(1).obj().unwrap_or_default()),
            actor: s.take(2).obj().map(ActorInput::build),
            groups: s.take(3).entries(group).map(|m| m.into_iter().collect()),
            #[cfg(feature = "routing")]
            secure_messaging: s.take(4).obj().map(SmConfig::build),
            #[cfg(feature = "routing")]
            vaos: s.take(5).obj().map(|mut s| VaosInput {
                table: s.take(0).entries(row).map(|m| m.into_iter().collect()),
            }),
            #[cfg(not(feature = "routing"))]
            secure_messaging: anything(s.take(4)),
            #[cfg(not(feature = "routing"))]
            vaos: anything(s.take(5)),
            #[cfg(feature = "telemetry")]
            telemetry: s.take(6).obj().map(TelemetryConfigInput::build),
            #[cfg(not(feature = "telemetry"))]
            telemetry: anything(s.take(6)),
        })
    }
}

impl ActorInput {
    /// Reads an actor (an object; unknown keys refused).
    pub fn read(v: Value) -> Read<ActorInput> {
        schema::read(v, &ACTOR, &schema::no_custom).map(ActorInput::build)
    }

    fn build(mut s: Slots) -> ActorInput {
        ActorInput {
            id: s.take(0).str(),
            ids: s.take(1).strs(),
            groups: s.take(2).strs(),
        }
    }
}

/// One group; its name comes from the map key (`groups_from_map`).
fn group(s: Slot) -> GroupConfig {
    let mut s = s.obj().unwrap_or_default();
    GroupConfig {
        name: String::new(),
        members: s.take(0).strs().unwrap_or_default(),
        policy: Policy::AllOrNone,
        shared_bucket: s.take(2).bool().unwrap_or(true),
    }
}

#[cfg(feature = "routing")]
fn row(s: Slot) -> RowOverride {
    let mut s = s.obj().unwrap_or_default();
    RowOverride {
        category: s.take(0).str(),
        vaos_service: s.take(1).obj().map(template),
        legacy: s.take(2).obj().map(template),
    }
}

#[cfg(feature = "routing")]
fn template(mut s: Slots) -> TemplateSpec {
    const METHODS: [Method; 5] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ];
    TemplateSpec {
        method: s
            .take(0)
            .index()
            .and_then(|i| METHODS.get(i).copied())
            .unwrap_or(Method::Get),
        path: s.take(1).str().unwrap_or_default(),
    }
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
    crate::sort::sort(&mut keys);
    keys
}

#[cfg(test)]
mod tests;
