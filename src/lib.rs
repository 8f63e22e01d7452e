//! va-rollout: staged feature rollouts for VA.gov, compiled to WebAssembly.
//!
//! Layout (data flows one way: sources → flag state → decisions → events → transport):
//! - the pure functional core is the crate `va-rollout-core` (flags, routing, telemetry,
//!   rollout decisions): no `web-sys`, no I/O, no clocks, tested natively.
//! - `browser` (wasm32 only): the thin shell over fetch, storage, timers, DOM listeners, beacons.
//! - `facade` (wasm32 only): the `#[wasm_bindgen]` API over both.
//!
//! Nothing in this crate may panic on input: parse with `Result`, cap sizes, never unwrap.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
pub mod facade;
