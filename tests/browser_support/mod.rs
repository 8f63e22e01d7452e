//! Shared code of the wasm browser tests (tests/*.rs): the client of the loopback flag server
//! (tests/browser-support/flag-server.mjs) and helpers that start a `WasmRollout` against it.

pub mod flag_server_client;
pub mod rollout_helpers;
