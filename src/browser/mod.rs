//! The browser shell: fetch, storage, cookies, timers, DOM listeners, beacons. wasm32 only.
