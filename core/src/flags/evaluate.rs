//! Flipper-exact evaluation of one feature for one actor (Flipper ≥ 1.0, checked against v1.4.2).

#[cfg(feature = "serde")]
use serde::Serialize;

use super::crc32;
use super::decision::Reason;
use super::flipper::{Feature, GateNumber, Number};
use crate::json::read::fields::debug_str;
use crate::json::write::write_u64;
use crate::text::{D, F};
use crate::{push_text, text};

/// `percentage_of_actors` hashes into `0..BUCKETS` (100 × Flipper's `SCALING_FACTOR` 1 000).
pub const BUCKETS: u32 = 100_000;

/// The actor a feature is checked for. `ids` is never empty (no actor ⇒ `None`);
/// an id of `""` is still an actor (vets-api's anonymous cookie actor).
#[derive(Clone, Copy, Debug)]
pub struct ActorContext<'a> {
    pub ids: &'a [String],
    pub groups: &'a [String],
}

/// A Flipper gate, in Flipper's `gates_hash` order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "snake_case"))]
pub enum Gate {
    Boolean,
    Expression,
    Actors,
    PercentageOfActors,
    PercentageOfTime,
    Groups,
}

impl Gate {
    pub const ALL: [Gate; 6] = [
        Gate::Boolean,
        Gate::Expression,
        Gate::Actors,
        Gate::PercentageOfActors,
        Gate::PercentageOfTime,
        Gate::Groups,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Gate::Boolean => "boolean",
            Gate::Expression => "expression",
            Gate::Actors => "actors",
            Gate::PercentageOfActors => "percentage_of_actors",
            Gate::PercentageOfTime => "percentage_of_time",
            Gate::Groups => "groups",
        }
    }

    /// The OpenFeature reason a decision gets when this gate opened it.
    pub fn reason(self) -> Reason {
        match self {
            Gate::Boolean => Reason::Static,
            Gate::Expression | Gate::Actors | Gate::Groups => Reason::TargetingMatch,
            Gate::PercentageOfActors | Gate::PercentageOfTime => Reason::Split,
        }
    }
}

/// The result of checking one feature: its value, the reason, and the gate that opened it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub value: bool,
    pub reason: Reason,
    pub gate: Option<Gate>,
}

/// One gate's verdict with a human explanation, for `explain`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct GateCheck {
    pub gate: Gate,
    pub open: bool,
    pub why: String,
}

/// Flipper's `Feature#enabled?`: on if any gate is open. `bucket_key` is what
/// `percentage_of_actors` hashes (the feature key, or a shared rollout-group name);
/// `random` in [0, 1) is the `rand` of `percentage_of_time`.
pub fn evaluate(
    feature: &Feature,
    bucket_key: &str,
    actor: Option<ActorContext<'_>>,
    random: f64,
) -> Evaluation {
    match Gate::ALL
        .into_iter()
        .find(|g| gate_open(feature, *g, bucket_key, actor, random))
    {
        Some(gate) => Evaluation {
            value: true,
            reason: gate.reason(),
            gate: Some(gate),
        },
        None => Evaluation {
            value: false,
            reason: Reason::Disabled,
            gate: None,
        },
    }
}

fn gate_open(
    feature: &Feature,
    gate: Gate,
    bucket_key: &str,
    actor: Option<ActorContext<'_>>,
    random: f64,
) -> bool {
    let gates = &feature.gates;
    let actor = actor.filter(|a| !a.ids.is_empty());
    match gate {
        Gate::Boolean => gates.boolean,
        Gate::Expression => false,
        Gate::Actors => actor.is_some_and(|a| a.ids.iter().any(|id| gates.actors.contains(id))),
        Gate::Groups => actor.is_some_and(|a| a.groups.iter().any(|g| gates.groups.contains(g))),
        Gate::PercentageOfActors => actor.is_some_and(|a| {
            below_percentage(actor_bucket(bucket_key, a.ids), &gates.percentage_of_actors)
        }),
        Gate::PercentageOfTime => time_open(random, &gates.percentage_of_time),
    }
}

/// Flipper's state `off`: boolean not on and no other gate set (the feature is off for everyone).
pub fn fully_off(feature: &Feature) -> bool {
    feature.gates.fully_off()
}

/// `crc32(bucket_key + ids sorted bytewise and joined) % 100_000`.
pub fn actor_bucket(bucket_key: &str, ids: &[String]) -> u32 {
    let mut sorted: Vec<&str> = ids.iter().map(String::as_str).collect();
    crate::sort::sort(&mut sorted);
    let crc = sorted
        .iter()
        .fold(crc32::update(0, bucket_key.as_bytes()), |c, id| {
            crc32::update(c, id.as_bytes())
        });
    crc % BUCKETS
}

/// `bucket < percentage * 1_000`, compared the way Ruby compares Integer with Integer or Float.
pub fn below_percentage(bucket: u32, pct: &GateNumber) -> bool {
    match pct.to_number() {
        Number::Int(p) => i128::from(bucket) < i128::from(p) * 1_000,
        // Every u32 is exact in an f64, so this is Ruby's exact Integer < Float.
        Number::Float(p) => f64::from(bucket) < p * 1_000.0,
    }
}

/// `rand < percentage / 100.0`, for a draw in [0, 1) as `Math.random()` gives; any other draw
/// (negative, 1 or more, NaN: a host bug, never Flipper's `rand`) opens nothing, so a 0 % gate
/// stays off whatever the shell supplies (found by the `flipper` fuzz target, r = -7777777777).
pub fn time_open(random: f64, pct: &GateNumber) -> bool {
    let limit = match pct.to_number() {
        Number::Int(p) => p as f64 / 100.0,
        Number::Float(p) => p / 100.0,
    };
    (0.0..1.0).contains(&random) && random < limit
}

/// Every gate of `feature`, open or not, with the reason, in Flipper's order.
pub fn explain_gates(
    feature: &Feature,
    bucket_key: &str,
    actor: Option<ActorContext<'_>>,
    random: f64,
) -> Vec<GateCheck> {
    let gates = &feature.gates;
    let actor = actor.filter(|a| !a.ids.is_empty());
    Gate::ALL
        .into_iter()
        .map(|gate| {
            let open = gate_open(feature, gate, bucket_key, actor, random);
            let why = match gate {
                Gate::Boolean => (if gates.boolean {
                    "boolean true"
                } else {
                    "boolean false"
                })
                .into(),
                Gate::Expression if gates.expression => {
                    "expression set; expressions are not evaluated".into()
                }
                Gate::Expression => "expression not set".into(),
                Gate::Actors => match actor {
                    _ if gates.actors.is_empty() => "actors: none enabled".into(),
                    None => {
                        let mut why = "actors: ".to_owned();
                        write_u64(&mut why, gates.actors.len() as u64);
                        why.push_str(" enabled; no actor");
                        why
                    }
                    Some(a) => {
                        let mut why = "actors: ".to_owned();
                        write_u64(&mut why, gates.actors.len() as u64);
                        why.push_str(" enabled; actor ");
                        debug_strs(&mut why, ['[', ']'], a.ids.iter());
                        why.push(' ');
                        why.push_str(in_or_not(open));
                        why
                    }
                },
                Gate::Groups => match actor {
                    _ if gates.groups.is_empty() => "groups: none enabled".into(),
                    None => {
                        let mut why = "groups: ".to_owned();
                        debug_strs(&mut why, ['{', '}'], gates.groups.iter());
                        why.push_str(" enabled; no actor");
                        why
                    }
                    Some(a) => {
                        let mut why = "groups: ".to_owned();
                        debug_strs(&mut why, ['{', '}'], gates.groups.iter());
                        why.push_str(" enabled; actor groups ");
                        debug_strs(&mut why, ['[', ']'], a.groups.iter());
                        why.push(' ');
                        why.push_str(in_or_not(open));
                        why
                    }
                },
                Gate::PercentageOfActors => {
                    explain_percentage_of_actors(&gates.percentage_of_actors, bucket_key, actor)
                }
                Gate::PercentageOfTime => {
                    let pct = gates.percentage_of_time.to_number();
                    let op = if open { "<" } else { ">=" };
                    text![
                        "percentage_of_time ",
                        pct,
                        ": random ",
                        F(random),
                        " ",
                        op,
                        " ",
                        pct,
                        "/100"
                    ]
                }
            };
            GateCheck { gate, open, why }
        })
        .collect()
}

/// `{:?}` of a list (`["a", "b"]`) or a set (`{"a", "b"}`) of strings, without `core::fmt`.
fn debug_strs<'a>(
    out: &mut String,
    [open, close]: [char; 2],
    items: impl Iterator<Item = &'a String>,
) {
    out.push(open);
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        debug_str(out, item);
    }
    out.push(close);
}

fn in_or_not(open: bool) -> &'static str {
    if open {
        "matches"
    } else {
        "does not match"
    }
}

fn explain_percentage_of_actors(
    pct: &GateNumber,
    bucket_key: &str,
    actor: Option<ActorContext<'_>>,
) -> String {
    let number = pct.to_number();
    let Some(a) = actor else {
        return text!["percentage_of_actors ", number, ": no actor"];
    };
    let mut sorted: Vec<&str> = a.ids.iter().map(String::as_str).collect();
    crate::sort::sort(&mut sorted);
    let bucket = actor_bucket(bucket_key, a.ids);
    let op = if below_percentage(bucket, pct) {
        "<"
    } else {
        ">="
    };
    let mut why = text!["percentage_of_actors ", number, ": crc32("];
    debug_str(&mut why, bucket_key);
    why.push('+');
    debug_str(&mut why, &sorted.concat());
    why.push_str(") % 100000 = ");
    const _: () = assert!(BUCKETS == 100_000, "update the explain text");
    write_u64(&mut why, u64::from(bucket));
    why.push(' ');
    why.push_str(op);
    why.push(' ');
    match number {
        // p * 1000 in decimal is p's digits and three zeros (exact for every i64, no i128).
        Number::Int(0) => why.push('0'),
        Number::Int(p) => push_text!(&mut why, p, "000"),
        Number::Float(p) => push_text!(&mut why, D(p * 1_000.0)),
    }
    why
}

#[cfg(test)]
mod tests;
