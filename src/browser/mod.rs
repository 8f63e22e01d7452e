//! The browser shell: the only code that touches `web-sys`. Every function here is a thin,
//! non-throwing wrapper over one browser capability; decisions are made in the pure core.
//! Everything degrades to "absent" in Node/SSR, where there is no `window`.

pub mod cookie;
pub mod events;
pub mod fetch;
pub mod global;
#[cfg(feature = "telemetry")]
pub mod idb;
#[cfg(feature = "telemetry")]
pub mod once;
pub mod promise;
#[cfg(feature = "telemetry")]
pub mod send;
pub mod storage;
pub mod timer;
