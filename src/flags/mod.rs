//! The flag engine: parsing flag sources, Flipper-exact evaluation, precedence and decisions.
//! Pure Rust: no web-sys, no clock, no randomness except what the caller passes in.

pub mod crc32;
pub mod decision;

pub use decision::{Decision, Reason, Source};

/// Read access to the current decisions, as routing and telemetry see them.
pub trait FlagView {
    /// The precomputed decision for `name`, or `None` when the name is unknown everywhere.
    fn decision(&self, name: &str) -> Option<&Decision>;

    /// The value a page should act on: the decision's value, `false` for unknown names.
    fn is_enabled(&self, name: &str) -> bool {
        self.decision(name).is_some_and(|d| d.value)
    }
}
