//! The reader: JSON text → [`Value`](super::Value) ([`parse`]), and `Value` as a serde
//! `Deserializer` for the crate's types (`de`).

mod de;
pub mod fields;
mod float;
mod parse;
pub mod schema;

pub use de::DeError;
pub use float::parse_f64;
pub use parse::{parse, JsonError, MAX_DEPTH};
