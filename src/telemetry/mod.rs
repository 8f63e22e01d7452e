//! Telemetry: event model, scrubbing, sampling, OTLP/HTTP JSON encoding and batching policy. Pure Rust.

pub mod batch;
pub mod builders;
pub mod catalogue;
pub mod event;
pub mod exposure;
pub mod json;
pub mod otlp;
pub mod queue;
pub mod sampling;
pub mod scrub;
pub mod scrub_path;
pub mod scrub_text;

pub use event::{AttrValue, Common, Event, EventKind};
pub use scrub::{scrub_event, ScrubPolicy};
pub use scrub_path::scrub_path;
pub use scrub_text::{scrub_text, MAX_STRING_LEN, REDACTED};
pub use otlp::{encode_record, encode_request, Resource};
pub use sampling::{session_sampled, Rule, Sampler, When};
pub use exposure::ExposureSet;
pub use queue::Queue;
pub use batch::{split_for_keepalive, take_batch, BatchPolicy, FlushDecision, KEEPALIVE_BUDGET_BYTES};
