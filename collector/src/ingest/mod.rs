//! Telemetry ingest: `POST /v1/logs` (OTLP/HTTP JSON) → bounded queue → one SQLite writer.

pub mod handler;
pub mod otlp;
pub mod row;
pub mod writer;
