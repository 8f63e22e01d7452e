//! Actor plans: for each Flipper feature `FlagStore::evaluate_for` can read, what its verdict for
//! an arbitrary actor id depends on, so the npm package's shell answers `evaluateFor` in
//! JavaScript (pkg-template/src/mirror.js `actorVerdict`) instead of crossing into wasm per call.
//! The facade hands the plans over with the mirrored snapshot whenever the store has changed.
//!
//! `evaluate_for` checks one id and no groups, so Flipper's gates reduce to: the id-independent
//! gates (boolean; percentage_of_time at the store's draw; expression and groups never open),
//! the actors set, and `crc32(bucket_key + id) % 100_000` against the percentage of actors.

use super::crc32;
use super::evaluate::{below_percentage, time_open, BUCKETS};
use super::flipper::{Feature, GateNumber};
use super::store::FlagStore;
use crate::json::write::{write_str, write_u64, Seq};
use crate::vecmap::VecSet;

/// One feature's plan: `verdict(id)` is `evaluate_for(feature, id)`.
#[derive(Clone, Copy, Debug)]
pub struct ActorPlan<'a> {
    /// The id-independent gates are open: on for every actor.
    pub on: bool,
    /// CRC-32 of the bucket key (the feature key, or its shared rollout-group name): the value
    /// `crc32(bucket_key + id)` continues from.
    pub prefix: u32,
    /// The percentage of actors as a bucket count: it opens exactly for `bucket < open`.
    pub open: u32,
    pub actors: &'a VecSet<String>,
}

impl ActorPlan<'_> {
    pub fn verdict(&self, id: &str) -> bool {
        self.on
            || self.actors.contains(id)
            || crc32::update(self.prefix, id.as_bytes()) % BUCKETS < self.open
    }
}

/// How many buckets `below_percentage` opens. It is monotone in the bucket (`bucket < p × 1000`),
/// so the open buckets are `0..open`, found by bisection with Flipper's own comparison.
pub fn open_buckets(pct: &GateNumber) -> u32 {
    let (mut lo, mut hi) = (0, BUCKETS);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below_percentage(mid, pct) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

impl FlagStore {
    /// Changes whenever the store does (the facade resends the plans then).
    pub fn revision(&self) -> u32 {
        self.revision
    }

    /// The plan of `feature` in this store (its bucket key and percentage_of_time draw).
    pub fn actor_plan<'a>(&self, feature: &'a Feature) -> ActorPlan<'a> {
        let gates = &feature.gates;
        let ctx = self.eval_context();
        ActorPlan {
            on: gates.boolean || time_open(self.random, &gates.percentage_of_time),
            prefix: crc32::update(0, ctx.bucket_key(&feature.key).as_bytes()),
            open: open_buckets(&gates.percentage_of_actors),
            actors: &gates.actors,
        }
    }

    /// Every plan as JSON text, `{"name": plan}`: `1` (on for everyone), `0` (off for everyone),
    /// or `[prefix, open, actor ids…]`. Lowest precedence layer first: a name a higher layer
    /// repeats is written again later, and `JSON.parse` keeps the last member of a name.
    pub fn actor_plans_json(&self) -> String {
        let mut out = String::new();
        let mut plans = Seq::object(&mut out);
        for feature in self.flipper_layers().into_iter().rev().flatten() {
            let plan = self.actor_plan(feature);
            let value = plans.key(&feature.key);
            if plan.on || (plan.open == 0 && plan.actors.is_empty()) {
                value.push(if plan.on { '1' } else { '0' });
                continue;
            }
            let mut list = Seq::array(value);
            write_u64(list.item(), u64::from(plan.prefix));
            write_u64(list.item(), u64::from(plan.open));
            for id in plan.actors.iter() {
                write_str(list.item(), id);
            }
            list.end();
        }
        plans.end();
        out
    }
}

#[cfg(test)]
mod tests;
