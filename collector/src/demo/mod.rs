//! Demo VAOS endpoints for both systems (VAOS service v2, legacy v0 + Lighthouse facilities),
//! with injected latency and errors, and a request log for the journeys' system checks.

pub mod data;
pub mod knobs;
pub mod legacy;
pub mod routes;
pub mod v2;
