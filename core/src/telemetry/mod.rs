//! Telemetry: event model, scrubbing, sampling, OTLP/HTTP JSON encoding and batching policy. Pure
//! Rust: the browser shell passes time, ids and random numbers in, and does the I/O.
//!
//! Pipeline per event: builder ([`builders`]) → [`scrub_event`] → app `beforeSend` (shell) →
//! [`scrub_event`] again (idempotent) → [`Sampler::keep`] → [`Queue::push`]; per flush:
//! [`take_batch`] → [`encode_request`] → POST → [`classify`]; at page exit: [`take_batch`] until
//! empty → [`split_for_keepalive`] → keepalive/beacon, and [`Persisted::build`] for what is not
//! acknowledged.

pub mod batch;
pub mod builders;
pub mod catalogue;
pub mod compact;
pub mod config;
pub mod delivery;
pub mod event;
pub mod exposure;
pub mod ids;
pub mod otlp;
pub mod persist;
pub mod queue;
pub mod sampling;
pub mod scrub;
pub mod spill;
pub mod wire;

pub use batch::{
    drain_for_exit, keepalive_budget, split_for_keepalive, take_batch, BatchPolicy, FlushDecision,
    Split, Taken, KEEPALIVE_BUDGET_BYTES,
};
pub use config::{TelemetryConfig, TelemetryConfigInput};
pub use delivery::{classify, retry_delay_ms, Delivery, Stats};
pub use event::{AttrValue, Common, Event, EventKind};
pub use exposure::ExposureSet;
pub use ids::EventIds;
pub use otlp::{encode_record, encode_request, envelope_len, Resource};
pub use persist::{load as load_persisted, Persisted, PersistedRecord};
pub use queue::{LossReason, Queue, Queued};
pub use sampling::{session_sampled, Rule, Sampler, When};
pub use scrub::path::scrub_path;
pub use scrub::text::{scrub_text, MAX_STRING_LEN, REDACTED};
pub use scrub::{scrub_event, scrub_event_known_path, ScrubPolicy};

#[cfg(test)]
mod tests;
