//! Telemetry ingest: `POST /v1/logs` (OTLP/HTTP JSON) → admission (bounded backlog) → queue →
//! one SQLite writer.

pub mod admission;
pub mod handler;
pub mod otlp;
pub mod row;
pub mod writer;
