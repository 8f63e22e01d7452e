//! va-rollout-collector: the local stand-in for vets-api's Flipper and the telemetry backend.
//! Flags (`/v0/feature_toggles`, Flipper API), OTLP/HTTP JSON log ingest into SQLite, demo VAOS
//! endpoints, and the rollout report. See `docs/collector.md`.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod app;
pub mod auth;
pub mod clickhouse;
pub mod config;
pub mod demo;
pub mod error;
pub mod flags;
pub mod ingest;
pub mod origin;
pub mod plans;
pub mod ratelimit;
pub mod report;
pub mod server;
pub mod state;
pub mod store;
pub mod util;
