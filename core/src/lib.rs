//! va-rollout-core: the pure functional core of va-rollout.
//!
//! Data flows one way: sources → flag state → decisions → events → transport.
//! [`flags`], [`routing`], [`telemetry`], [`rollout`] (the decisions the page's `Rollout`
//! makes), [`json`] and [`backoff`]: no `web-sys`, no I/O, no clocks; every function takes the
//! time and the inputs it needs. Tested natively. The wasm crate `va-rollout` is the browser
//! shell and the `#[wasm_bindgen]` facade over this crate.
//!
//! Nothing in this crate may panic on input: parse with `Result`, cap sizes, never unwrap.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod backoff;
pub mod flags;
pub mod json;
pub mod rollout;
#[cfg(feature = "routing")]
pub mod routing;
pub mod sort;
pub mod stored;
#[cfg(feature = "telemetry")]
pub mod telemetry;
pub mod text;
pub mod vecmap;
