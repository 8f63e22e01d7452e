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

/// The allocator (docs/performance-history.md "Size levers"): lol_alloc's free list, which coalesces
/// freed neighbours, instead of std's dlmalloc (about 2 KB smaller; linear memory as flat under
/// the telemetry queue's churn: tests/consumer-node/test/memory.test.mjs). It does not check
/// sizes the way dlmalloc traps on garbage: the wrapper type-checks string arguments before the
/// glue allocates for them (`checkStrings` in pkg-template/src/rollout.js).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
pub mod facade;
