//! Toggles in lockstep: the Flipper writes that put a plan at a percentage, and the effective
//! exposure of a stage computed the way the SDK decides (its engine and its group bucket keys,
//! all-or-none), over a fixed synthetic population of actors.

use std::collections::BTreeMap;

use va_rollout_core::flags::groups::{bucket_keys, GroupConfig};
use va_rollout_core::flags::{evaluate, ActorContext, Feature, GateNumber, Gates};

use super::format::{Plan, Strategy};

/// Actors simulated for the exposure (`actor-0` … ); the sampling error at 50 % is ±0.22 points.
pub const POPULATION: usize = 50_000;
/// Largest accepted gap between a stage's percentage and its effective exposure (points).
pub const TOLERANCE_POINTS: f64 = 1.0;
/// The group name used when the plan names none.
pub const DEFAULT_GROUP: &str = "release_plan";

/// One write to a Flipper API.
#[derive(Debug, Clone, PartialEq)]
pub enum FlipperOp {
    /// `POST /features/{name}/percentage_of_actors {percentage}`.
    Percentage(String, f64),
    /// `POST /features/{name}/boolean` (on for everyone).
    Enable(String),
    /// `DELETE /features/{name}/boolean` (Flipper's disable: every gate cleared).
    Disable(String),
}

impl FlipperOp {
    pub fn describe(&self) -> String {
        match self {
            FlipperOp::Percentage(n, p) => format!("{n}: percentage_of_actors {p}"),
            FlipperOp::Enable(n) => format!("{n}: enable"),
            FlipperOp::Disable(n) => format!("{n}: disable"),
        }
    }
}

/// The writes that put every toggle of `plan` at `pct` %. Leader: followers are enabled before
/// the leader rises and disabled after it falls to 0, so no moment exposes more than the leader.
pub fn writes_for(plan: &Plan, pct: f64) -> Vec<FlipperOp> {
    let names: Vec<String> = plan.toggles.iter().map(|t| t.name.clone()).collect();
    match plan.lockstep.strategy {
        Strategy::Leader => {
            let Some((leader, followers)) = names.split_first() else {
                return Vec::new();
            };
            let lead = FlipperOp::Percentage(leader.clone(), pct);
            if pct > 0.0 {
                let mut ops: Vec<FlipperOp> =
                    followers.iter().cloned().map(FlipperOp::Enable).collect();
                ops.push(lead);
                ops
            } else {
                let mut ops = vec![lead];
                ops.extend(followers.iter().cloned().map(FlipperOp::Disable));
                ops
            }
        }
        Strategy::SharedBucket | Strategy::Independent => names
            .into_iter()
            .map(|n| FlipperOp::Percentage(n, pct))
            .collect(),
    }
}

/// The kill switch: every toggle disabled (the leader, which decides, first).
pub fn kill_writes(plan: &Plan) -> Vec<FlipperOp> {
    plan.toggles
        .iter()
        .map(|t| FlipperOp::Disable(t.name.clone()))
        .collect()
}

fn feature(name: &str, pct: Option<f64>, boolean: bool) -> Feature {
    Feature {
        key: name.to_string(),
        state: None,
        gates: Gates {
            boolean,
            percentage_of_actors: pct.map_or(GateNumber::Null, |p| GateNumber::Text(p.to_string())),
            ..Default::default()
        },
    }
}

/// The group the SDK would be configured with for this plan.
pub fn group(plan: &Plan) -> GroupConfig {
    let members: Vec<&str> = plan.toggles.iter().map(|t| t.name.as_str()).collect();
    let name = plan.lockstep.group.as_deref().unwrap_or(DEFAULT_GROUP);
    let mut g = GroupConfig::all_or_none(name, &members);
    g.shared_bucket = plan.lockstep.strategy == Strategy::SharedBucket;
    g
}

/// Most cached exposures (the cache is emptied when full).
const MAX_CACHED: usize = 4_096;
type CacheKey = (Strategy, Option<String>, Vec<String>, u64);
static CACHE: std::sync::Mutex<BTreeMap<CacheKey, f64>> = std::sync::Mutex::new(BTreeMap::new());

/// Share (0..=100) of the synthetic actors for whom every toggle is on at `pct` %, evaluated by
/// the SDK's engine with the bucket keys the SDK uses for the plan's group (all-or-none).
/// Memoised per (strategy, group, toggles, percentage): the answer is a pure function of them.
pub fn effective_exposure(plan: &Plan, pct: f64) -> f64 {
    let key: CacheKey = (
        plan.lockstep.strategy,
        plan.lockstep.group.clone(),
        plan.toggles.iter().map(|t| t.name.clone()).collect(),
        pct.to_bits(),
    );
    if let Some(v) = CACHE.lock().ok().and_then(|c| c.get(&key).copied()) {
        return v;
    }
    let v = compute_exposure(plan, pct);
    if let Ok(mut c) = CACHE.lock() {
        if c.len() >= MAX_CACHED {
            c.clear();
        }
        c.insert(key, v);
    }
    v
}

fn compute_exposure(plan: &Plan, pct: f64) -> f64 {
    if plan.toggles.is_empty() {
        return 0.0;
    }
    let g = group(plan);
    let keys = bucket_keys(std::slice::from_ref(&g));
    let features: Vec<(Feature, String)> = writes_state(plan, pct)
        .into_iter()
        .map(|f| {
            let key = keys.get(&f.key).cloned().unwrap_or_else(|| f.key.clone());
            (f, key)
        })
        .collect();
    let exposed = (0..POPULATION)
        .filter(|i| {
            let ids = [format!("actor-{i}")];
            let actor = ActorContext {
                ids: &ids,
                groups: &[],
            };
            features
                .iter()
                .all(|(f, key)| evaluate(f, key, Some(actor), 0.5).value)
        })
        .count();
    exposed as f64 * 100.0 / POPULATION as f64
}

/// The Flipper state of every toggle after `writes_for(plan, pct)`.
fn writes_state(plan: &Plan, pct: f64) -> Vec<Feature> {
    writes_for(plan, pct)
        .into_iter()
        .map(|op| match op {
            FlipperOp::Percentage(n, p) => feature(&n, Some(p), false),
            FlipperOp::Enable(n) => feature(&n, None, true),
            FlipperOp::Disable(n) => feature(&n, None, false),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plans::format::parse;

    fn plan(strategy: &str, toggles: usize) -> Plan {
        let list: Vec<String> = (0..toggles).map(|i| format!("{{name: t{i}}}")).collect();
        parse(&format!(
            "id: p\ntoggles: [{}]\nlockstep: {{strategy: {strategy}, group: g}}\nstages: [{{name: A, percentage: 5, min_duration: 1m}}]\n",
            list.join(", ")
        ))
        .expect("plan")
    }

    #[test]
    fn leader_and_shared_bucket_give_the_stage_percentage() {
        for s in ["leader", "shared_bucket"] {
            let p = plan(s, 4);
            for pct in [0.0, 5.0, 25.0, 50.0, 100.0] {
                let e = effective_exposure(&p, pct);
                assert!((e - pct).abs() < TOLERANCE_POINTS, "{s} {pct}: {e}");
            }
        }
    }

    #[test]
    fn independent_hashing_admits_about_the_fourth_power() {
        let p = plan("independent", 4);
        let e = effective_exposure(&p, 50.0);
        // 0.5^4 = 6.25 %: Flipper's per-feature hashing, as journey 4 measured (~6 %).
        assert!((4.5..8.0).contains(&e), "{e}");
        assert!(effective_exposure(&p, 5.0) < 0.1);
        assert!(
            (effective_exposure(&plan("independent", 1), 25.0) - 25.0).abs() < TOLERANCE_POINTS
        );
    }

    #[test]
    fn leader_writes_never_expose_more_than_the_leader() {
        let p = plan("leader", 3);
        let up = writes_for(&p, 5.0);
        assert_eq!(up.last(), Some(&FlipperOp::Percentage("t0".into(), 5.0)));
        assert_eq!(up.first(), Some(&FlipperOp::Enable("t1".into())));
        let down = writes_for(&p, 0.0);
        assert_eq!(down.first(), Some(&FlipperOp::Percentage("t0".into(), 0.0)));
        assert_eq!(kill_writes(&p).len(), 3);
    }
}
