//! Test-only helpers shared by the routing tests: a decision map that is a `FlagView`.

use std::collections::BTreeMap;

use crate::flags::{Decision, FlagView, Reason, Source};

/// A plain map of decisions, as the flag engine would expose them.
#[derive(Default, Clone, Debug)]
pub struct Flags(pub BTreeMap<String, Decision>);

impl FlagView for Flags {
    fn decision(&self, name: &str) -> Option<&Decision> {
        self.0.get(name)
    }
}

/// A decision with the given value, source and fully-off marker.
pub fn decision(value: bool, source: Source, fully_off: bool) -> Decision {
    let reason = if value {
        Reason::Static
    } else {
        Reason::Disabled
    };
    Decision {
        value,
        reason,
        source,
        stale: false,
        fully_off,
    }
}

impl Flags {
    pub fn with(mut self, name: &str, d: Decision) -> Self {
        self.0.insert(name.to_string(), d);
        self
    }
}
