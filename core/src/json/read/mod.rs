//! The reader: JSON text → [`Value`](super::Value) ([`parse`]), and `Value` as a serde
//! `Deserializer` for the crate's types (`de`, with the `serde` feature).

#[cfg(feature = "serde")]
mod de;
pub mod fields;
mod float;
mod parse;
pub mod schema;

#[cfg(feature = "serde")]
pub use de::DeError;
pub use float::parse_f64;
pub use parse::{parse, JsonError, MAX_DEPTH};
