//! `FlagStore::rebuild`: every decision recomputed from the layers, lowest precedence first
//! (declared default, bootstrap, usable cache, fresh state, QA overrides), and the names whose
//! value changed.

use super::super::decision::{Decision, Reason, Source};
use super::super::layers::fresh_source;
use super::{Changes, FlagStore};
use crate::vecmap::{VecMap, VecSet};

impl FlagStore {
    /// Recomputes every decision, lowest precedence first, and reports changed values.
    pub(super) fn rebuild(&mut self) -> Changes {
        self.revision = self.revision.wrapping_add(1);
        let ctx = self.eval_context();
        let failed = self.failed;
        let mut next: VecMap<String, Decision> = VecMap::new();
        let declared = self.config.names.iter().chain(self.config.defaults.keys());
        for name in declared {
            let value = self.config.defaults.get(name).copied().unwrap_or(false);
            let reason = if failed {
                Reason::Error
            } else {
                Reason::Default
            };
            next.insert(
                name.clone(),
                Decision {
                    value,
                    reason,
                    source: Source::Default,
                    stale: failed,
                    fully_off: !value,
                },
            );
        }
        if let Some(doc) = &self.bootstrap {
            for (name, v) in ctx.evaluate_doc(doc) {
                let d = Decision {
                    value: v.value,
                    reason: v.reason,
                    source: Source::Bootstrap,
                    stale: failed,
                    fully_off: v.fully_off,
                };
                next.insert(name, d);
            }
        }
        if let Some(cache) = self.usable_cache() {
            let stale = failed || self.now_ms - cache.fetched_at_ms > self.config.stale_after_ms;
            for (name, v) in ctx.evaluate_doc(&cache.doc) {
                let d = Decision {
                    value: v.value,
                    reason: Reason::Cached,
                    source: Source::Cache,
                    stale,
                    fully_off: v.fully_off,
                };
                next.insert(name, d);
            }
        }
        if let Some(fresh) = &self.fresh {
            let source = fresh_source(&fresh.doc);
            for (name, v) in ctx.evaluate_doc(&fresh.doc) {
                let reason = if failed { Reason::Cached } else { v.reason };
                next.insert(
                    name,
                    Decision {
                        value: v.value,
                        reason,
                        source,
                        stale: failed,
                        fully_off: v.fully_off,
                    },
                );
            }
        }
        for (name, value) in self.active_overrides() {
            let d = Decision {
                value,
                reason: Reason::Override,
                source: Source::Override,
                stale: false,
                fully_off: !value,
            };
            next.insert(name, d);
        }
        let changed = changed_names(&self.decisions, &next);
        self.decisions = next;
        Changes { names: changed }
    }
}

/// Names whose value differs between `old` and `new` (a missing name counts as `false`).
fn changed_names(old: &VecMap<String, Decision>, new: &VecMap<String, Decision>) -> Vec<String> {
    let value = |m: &VecMap<String, Decision>, n: &str| m.get(n).is_some_and(|d| d.value);
    let all: VecSet<&String> = old.keys().chain(new.keys()).collect();
    all.into_iter()
        .filter(|n| value(old, n) != value(new, n))
        .cloned()
        .collect()
}
