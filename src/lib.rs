//! va-rollout: staged feature rollouts for VA.gov, compiled to WebAssembly.
//!
//! Layout (data flows one way: sources → flag state → decisions → events → transport):
//! - [`flags`], [`routing`], [`telemetry`]: the pure functional core. No `web-sys`, no I/O,
//!   no clocks: every function takes the time and the inputs it needs. Tested natively.
//! - `browser` (wasm32 only): the thin shell over fetch, storage, timers, DOM listeners, beacons.
//! - `facade` (wasm32 only): the `#[wasm_bindgen]` API over both.
//!
//! Nothing in this crate may panic on input: parse with `Result`, cap sizes, never unwrap.
#![forbid(unsafe_code)]

pub mod backoff;
pub mod flags;
pub mod json;
pub mod rollout;
pub mod routing;
#[cfg(feature = "telemetry")]
pub mod telemetry;

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
pub mod facade;
