//! The rollout as a page sees it: the pure orchestration of the three cores. It owns the
//! top-level configuration and the navigation-boundary logic (groups → session pins → system or
//! flow); the facade only moves data between this and the browser shell.

pub mod config;
mod event_view;
pub mod router;
pub mod tracker;

pub use config::{ActorInput, RolloutConfig, RolloutConfigInput};
pub use router::{Boundary, GroupExplanation, Router};
pub use tracker::{Batch, CallContext, EventView, ExitPlan, ExitRequest, Next, PageChange, Tracker, ViewValue};
