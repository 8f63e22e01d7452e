//! `TelemetryConfigInput` (with its rules and batch policy) read by hand from a [`Value`] (no
//! serde derive in the shipped module): the same keys, shapes and messages as the derives.

use serde::de::IgnoredAny;

use super::TelemetryConfigInput;
use crate::json::read::fields::{
    boolean, list, map, missing, number, opt, string, strings, unsigned, usize, variant, Fields,
    Read,
};
use crate::json::Value;
use crate::telemetry::batch::BatchPolicy;
use crate::telemetry::event::EventKind;
use crate::telemetry::sampling::{Rule, When};

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
    "basePath",
    "beforeSend",
    "sink",
    "enableInTestEnvironments",
];
/// The keys of one of `telemetry.rules`.
pub const RULE_KEYS: &[&str] = &["kind", "when", "rate"];
/// The keys of a rule's `when`.
pub const WHEN_KEYS: &[&str] = &["flow", "path", "flags"];
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
];

impl TelemetryConfigInput {
    /// Reads `telemetry` (an object; unknown keys refused).
    pub fn read(v: Value) -> Read<TelemetryConfigInput> {
        let mut f = Fields::of(v, "struct TelemetryConfigInput", TELEMETRY_KEYS, true)?;
        let mut service = None;
        let mut c = TelemetryConfigInput::default();
        while let Some((i, v)) = f.next()? {
            match i {
                0 => c.url = opt(v, string)?,
                1 => service = Some(string(v)?),
                2 => c.service_version = opt(v, string)?,
                3 => c.environment = opt(v, string)?,
                4 => c.session_sample_rate = opt(v, number)?,
                5 => c.rules = opt(v, |v| list(v, read_rule))?,
                6 => c.context_flags = opt(v, strings)?,
                7 => c.attribute_allow_list = opt(v, strings)?,
                8 => c.query_allow_list = opt(v, strings)?,
                9 => c.batch = opt(v, read_batch)?,
                10 => c.max_queue_bytes = opt(v, usize)?,
                11 => c.base_path = opt(v, string)?,
                12 => c.before_send = opt(v, |_| Ok(IgnoredAny))?,
                13 => c.sink = opt(v, |_| Ok(IgnoredAny))?,
                _ => c.enable_in_test_environments = opt(v, boolean)?,
            }
        }
        c.service = service.ok_or_else(|| missing("service"))?;
        Ok(c)
    }
}

fn read_rule(v: Value) -> Read<Rule> {
    let mut f = Fields::of(v, "struct Rule", RULE_KEYS, true)?;
    let (mut kind, mut when, mut rate) = (None, When::default(), None);
    while let Some((i, v)) = f.next()? {
        match i {
            0 => kind = Some(EventKind::ALL[variant(v, "EventKind", KINDS)?]),
            1 => when = read_when(v)?,
            _ => rate = Some(number(v)?),
        }
    }
    Ok(Rule {
        kind: kind.ok_or_else(|| missing("kind"))?,
        when,
        rate: rate.ok_or_else(|| missing("rate"))?,
    })
}

fn read_when(v: Value) -> Read<When> {
    let mut f = Fields::of(v, "struct When", WHEN_KEYS, true)?;
    let mut when = When::default();
    while let Some((i, v)) = f.next()? {
        match i {
            0 => when.flow = opt(v, string)?,
            1 => when.path = opt(v, string)?,
            _ => when.flags = opt(v, |v| map(v, boolean))?.map(|m| m.into_iter().collect()),
        }
    }
    Ok(when)
}

/// Missing fields keep [`BatchPolicy::default`]'s values (the derive's container `default`).
fn read_batch(v: Value) -> Read<BatchPolicy> {
    let mut f = Fields::of(v, "struct BatchPolicy", BATCH_KEYS, true)?;
    let mut batch = BatchPolicy::default();
    while let Some((i, v)) = f.next()? {
        match i {
            0 => batch.max_events = usize(v)?,
            1 => batch.max_bytes = usize(v)?,
            _ => batch.max_delay_ms = unsigned(v, u64::MAX, "u64")?,
        }
    }
    Ok(batch)
}
