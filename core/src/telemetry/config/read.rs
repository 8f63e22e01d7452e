//! `TelemetryConfigInput` (with its rules and batch policy) read by hand from a [`Value`] (no
//! serde derive in the shipped module): the same keys, shapes and messages as the derives.

use crate::json::Ignored;

use super::TelemetryConfigInput;
use crate::json::read::fields::Read;
use crate::json::read::schema::{self, Enum, Field, Shape, Slot, Slots, Struct};
use crate::json::Value;
use crate::telemetry::batch::BatchPolicy;
use crate::telemetry::event::EventKind;
use crate::telemetry::sampling::{Rule, When};
use crate::telemetry::spill::SpillInput;

/// The keys of `telemetry`, in declaration order.
pub const TELEMETRY_KEYS: &[&str] = &[
    "url",
    "service",
    "serviceVersion",
    "environment",
    "sessionSampleRate",
    "rules",
    "contextFlags",
    "attributeAllowList",
    "queryAllowList",
    "batch",
    "maxQueueBytes",
    "maxAgeMs",
    "spill",
    "basePath",
    "beforeSend",
    "sink",
    "enableInTestEnvironments",
];
/// The keys of one of `telemetry.rules`.
pub const RULE_KEYS: &[&str] = &["kind", "when", "rate"];
/// The keys of a rule's `when`.
pub const WHEN_KEYS: &[&str] = &["flow", "path", "flags"];
/// The keys of `telemetry.spill`.
pub const SPILL_KEYS: &[&str] = &["maxBytes", "maxAgeMs"];
/// The keys of `telemetry.batch`.
pub const BATCH_KEYS: &[&str] = &["maxEvents", "maxBytes", "maxDelayMs"];
/// Event kinds as rules name them, in [`EventKind::ALL`] order.
const KINDS: &[&str] = &[
    "click",
    "page_view",
    "transition",
    "timing",
    "error",
    "exposure",
    "action",
    "group_mixed",
    "loss",
];

/// `telemetry`: `TELEMETRY_KEYS`' shapes.
pub(crate) static TELEMETRY: Struct = Struct {
    name: "struct TelemetryConfigInput",
    keys: TELEMETRY_KEYS,
    deny: true,
    fields: &[
        Field::opt(Shape::Str),
        Field::req(Shape::Str),
        Field::opt(Shape::Str),
        Field::opt(Shape::Str),
        Field::opt(Shape::Num),
        Field::opt(Shape::List(&Shape::Obj(&RULE))),
        Field::opt(Shape::Strs),
        Field::opt(Shape::Strs),
        Field::opt(Shape::Strs),
        Field::opt(Shape::Obj(&BATCH)),
        Field::opt(Shape::Usize),
        Field::opt(Shape::U64),
        Field::opt(Shape::Obj(&SPILL)),
        Field::opt(Shape::Str),
        Field::opt(Shape::Any),
        Field::opt(Shape::Any),
        Field::opt(Shape::Bool),
    ],
};

static RULE: Struct = Struct {
    name: "struct Rule",
    keys: RULE_KEYS,
    deny: true,
    fields: &[
        Field::req(Shape::Variant(&Enum {
            name: "EventKind",
            names: KINDS,
        })),
        Field::val(Shape::Obj(&WHEN)),
        Field::req(Shape::Num),
    ],
};

static WHEN: Struct = Struct {
    name: "struct When",
    keys: WHEN_KEYS,
    deny: true,
    fields: &[
        Field::opt(Shape::Str),
        Field::opt(Shape::Str),
        Field::opt(Shape::Map(&Shape::Bool)),
    ],
};

/// Missing fields keep [`BatchPolicy::default`]'s values (the derive's container `default`).
static BATCH: Struct = Struct {
    name: "struct BatchPolicy",
    keys: BATCH_KEYS,
    deny: true,
    fields: &[
        Field::val(Shape::Usize),
        Field::val(Shape::Usize),
        Field::val(Shape::U64),
    ],
};

static SPILL: Struct = Struct {
    name: "struct SpillInput",
    keys: SPILL_KEYS,
    deny: true,
    fields: &[Field::opt(Shape::Usize), Field::opt(Shape::U64)],
};

impl TelemetryConfigInput {
    /// Reads `telemetry` (an object; unknown keys refused).
    pub fn read(v: Value) -> Read<TelemetryConfigInput> {
        schema::read(v, &TELEMETRY, &schema::no_custom).map(TelemetryConfigInput::build)
    }

    /// The configuration from what [`TELEMETRY`] read.
    pub(crate) fn build(mut s: Slots) -> TelemetryConfigInput {
        TelemetryConfigInput {
            url: s.take(0).str(),
            service: s.take(1).str().unwrap_or_default(),
            service_version: s.take(2).str(),
            environment: s.take(3).str(),
            session_sample_rate: s.take(4).num(),
            rules: s.take(5).items(rule),
            context_flags: s.take(6).strs(),
            attribute_allow_list: s.take(7).strs(),
            query_allow_list: s.take(8).strs(),
            batch: s.take(9).obj().map(batch),
            max_queue_bytes: s.take(10).usize(),
            max_age_ms: s.take(11).int(),
            spill: s.take(12).obj().map(|mut s| SpillInput {
                max_bytes: s.take(0).usize(),
                max_age_ms: s.take(1).int(),
            }),
            base_path: s.take(13).str(),
            before_send: s.take(14).present().then_some(Ignored),
            sink: s.take(15).present().then_some(Ignored),
            enable_in_test_environments: s.take(16).bool(),
        }
    }
}

fn rule(s: Slot) -> Rule {
    let mut s = s.obj().unwrap_or_default();
    Rule {
        kind: s
            .take(0)
            .index()
            .and_then(|i| EventKind::ALL.get(i).copied())
            .unwrap_or(EventKind::Click),
        when: s.take(1).obj().map(when).unwrap_or_default(),
        rate: s.take(2).num().unwrap_or_default(),
    }
}

fn when(mut s: Slots) -> When {
    When {
        flow: s.take(0).str(),
        path: s.take(1).str(),
        flags: s
            .take(2)
            .entries(|v| v.bool().unwrap_or_default())
            .map(|m| m.into_iter().collect()),
    }
}

fn batch(mut s: Slots) -> BatchPolicy {
    let d = BatchPolicy::default();
    BatchPolicy {
        max_events: s.take(0).usize().unwrap_or(d.max_events),
        max_bytes: s.take(1).usize().unwrap_or(d.max_bytes),
        max_delay_ms: s.take(2).int().unwrap_or(d.max_delay_ms),
    }
}
