//! Routing: the Secure Messaging new-message flow, the VAOS service-or-legacy router, rollout groups and session pins. Pure Rust.
