//! ClickHouse as the report's second engine: an HTTP client for ClickHouse's HTTP interface
//! ([`client`]) and the report's metrics as SQL over the OpenTelemetry Collector exporter's
//! `otel_logs` table ([`queries`]). See `docs/clickhouse.md`.

pub mod client;
pub mod errors;
pub mod metrics;
pub mod queries;
pub mod report;
pub mod sql;

pub use client::{Client, Config};
pub use errors::ClickHouseError;
