//! Demo VAOS endpoints for both systems (VAOS service v2, legacy v0 + Lighthouse facilities),
//! with injected latency and errors, and a request log for the journeys' system checks; and the
//! demo app's Secure Messaging endpoints (`messaging`, outside the knobs and the request log).

pub mod data;
pub mod knobs;
pub mod legacy;
pub mod messaging;
pub mod routes;
pub mod v2;
