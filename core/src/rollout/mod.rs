//! The rollout as a page sees it: the pure orchestration of the three cores. It owns the
//! top-level configuration and the navigation-boundary logic (groups → session pins → system or
//! flow); the facade only moves data between this and the browser shell.

#[cfg(feature = "telemetry")]
pub mod capture;
pub mod config;
#[cfg(feature = "telemetry")]
mod event_view;
#[cfg(feature = "routing")]
pub mod router;
#[cfg(feature = "telemetry")]
pub mod tracker;

#[cfg(feature = "telemetry")]
pub use capture::{
    AfterCapture, CaptureBuffer, DeferredStart, PageLife, INGEST_TIMEOUT_MS, MAX_PENDING_BYTES,
    MAX_PENDING_CALLS,
};
pub use config::{ActorInput, RolloutConfig, RolloutConfigInput};
#[cfg(feature = "routing")]
pub use router::{Boundary, GroupExplanation, Router};
#[cfg(feature = "telemetry")]
pub use tracker::{
    Batch, CallContext, EventView, ExitPlan, ExitRequest, Next, PageChange, Tracker, ViewValue,
};
