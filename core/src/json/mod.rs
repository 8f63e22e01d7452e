//! A small JSON reader for what crosses into the wasm module: configuration (as
//! `JSON.stringify` text), flag documents (response bodies, bootstraps) and storage values.
//! It replaces serde-wasm-bindgen's deserializer, whose per-type monomorphizations of JS
//! property access cost far more wasm than a text parser plus [`Value`]'s serde `Deserializer`
//! (README "Size"). Pure Rust: tested natively against serde_json.
//!
//! Semantics follow `JSON.parse`: strict RFC 8259 grammar; for a key repeated in an object the
//! last value wins, at the first key's position; a lone surrogate escape becomes U+FFFD (as a JS
//! string crossing into Rust does). Nesting is capped at [`MAX_DEPTH`].

pub mod read;
pub mod write;

#[cfg(feature = "serde")]
pub use read::DeError;
pub use read::{parse, JsonError, MAX_DEPTH};

/// A parsed JSON value. Objects keep their keys in document order.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Value>),
    Obj(Vec<(String, Value)>),
}

/// Parses `text` and deserializes a `T` from it: syntax and type errors alike come back as
/// their message (serde's wording: "invalid type: …, expected …", "unknown field …").
#[cfg(feature = "serde")]
pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = parse(text).map_err(|e| e.message())?;
    from_value(value)
}

/// Deserializes a `T` from a parsed value, errors as their message.
#[cfg(feature = "serde")]
pub fn from_value<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, String> {
    T::deserialize(value).map_err(|e| e.to_string())
}

/// A value accepted and not kept: serde's `IgnoredAny` under a name the build without the `serde`
/// feature (the shipped one) has too. The configuration keys JS handles itself (`beforeSend`,
/// `sink`) and the parts a split build leaves out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ignored;

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Ignored {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Ignored, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| Ignored)
    }
}

/// What the shell's `JSON.stringify` replacer writes for the JS numbers JSON has no text for
/// (JSON.stringify alone would write `null`, and a `NaN` timeout would silently be "absent").
pub const NON_FINITE: [(&str, f64); 3] = [
    ("\u{0}NaN", f64::NAN),
    ("\u{0}Infinity", f64::INFINITY),
    ("\u{0}-Infinity", f64::NEG_INFINITY),
];

/// Turns the [`NON_FINITE`] markers back into numbers, everywhere in `v`.
pub fn restore_non_finite(v: &mut Value) {
    match v {
        Value::Str(s) if s.starts_with('\u{0}') => {
            if let Some((_, n)) = NON_FINITE.iter().find(|(mark, _)| mark == s) {
                *v = Value::Num(*n);
            }
        }
        Value::Arr(items) => items.iter_mut().for_each(restore_non_finite),
        Value::Obj(entries) => entries.iter_mut().for_each(|(_, v)| restore_non_finite(v)),
        _ => {}
    }
}

#[cfg(test)]
mod tests;
