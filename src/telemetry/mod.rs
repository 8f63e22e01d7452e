//! Telemetry: event model, scrubbing, sampling, OTLP/HTTP JSON encoding and batching policy. Pure Rust.
