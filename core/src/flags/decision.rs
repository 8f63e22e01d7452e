//! A decision is what `isEnabled` returns, precomputed, with the reason it was made
//! (reasons aligned with OpenFeature / OFREP).

#[cfg(feature = "serde")]
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize),
    serde(rename_all = "SCREAMING_SNAKE_CASE")
)]
pub enum Reason {
    /// Boolean gate on, or a server-evaluated (vets-api) `true`.
    Static,
    /// An actor or group gate matched.
    TargetingMatch,
    /// A percentage gate admitted the actor.
    Split,
    /// Evaluated and off (no gate open, or a server-evaluated `false`).
    Disabled,
    /// No data for this flag: the app's declared default, else `false`.
    Default,
    /// Served from the localStorage cache (possibly stale; see `Decision::stale`).
    Cached,
    /// The source failed and nothing better was known.
    Error,
    /// A QA override (never in production).
    Override,
    /// A routing group or flow pinned for this browser session.
    Pinned,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "kebab-case"))]
pub enum Source {
    VetsApi,
    Flipper,
    Cache,
    Bootstrap,
    Default,
    Override,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Decision {
    pub value: bool,
    pub reason: Reason,
    pub source: Source,
    /// True when the value comes from data older than the stale threshold or the last refresh failed.
    pub stale: bool,
    /// The feature is off for everyone (Flipper: boolean off and no other gate set;
    /// vets-api: value false). Routing uses this to let a rollback win over a session pin.
    pub fully_off: bool,
}

impl Decision {
    pub fn default_value(value: bool) -> Self {
        Decision {
            value,
            reason: Reason::Default,
            source: Source::Default,
            stale: false,
            fully_off: !value,
        }
    }
}
