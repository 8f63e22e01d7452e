//! Messages without `core::fmt`: `text![…]` joins pieces into a `String` — `&str`/`String` as
//! they are, integers in decimal ([`crate::json::write`]'s writers), [`Q`] a `str` quoted and
//! escaped as `{:?}` writes it, [`F`] / [`D`] an `f64` as `{}` / `{:?}` writes it ([`float`]).
//! The texts are byte-for-byte what `format!` wrote (the messages are API), without pulling the
//! formatting machinery (about 12 KB of wasm) into the shipped module.

mod big;
pub mod float;

use crate::json::write::{write_i64, write_u64};

/// One piece of a message.
pub trait Piece {
    fn put(&self, out: &mut String);
}

impl Piece for str {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    fn put(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn put(&self, out: &mut String) {
        (**self).put(out);
    }
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(impl Piece for $t {
        fn put(&self, out: &mut String) {
            write_u64(out, *self as u64);
        }
    })*};
}
unsigned!(u8, u16, u32, u64, usize);

macro_rules! signed {
    ($($t:ty),*) => {$(impl Piece for $t {
        fn put(&self, out: &mut String) {
            write_i64(out, *self as i64);
        }
    })*};
}
signed!(i32, i64);

/// A `str` as `{:?}` writes it: quoted, `char::escape_debug` escapes (`\"`, `\\`, `\n`, `\u{…}`).
pub struct Q<'a>(pub &'a str);

impl Piece for Q<'_> {
    fn put(&self, out: &mut String) {
        crate::json::read::fields::debug_str(out, self.0);
    }
}

/// An `f64` as `{}` writes it.
pub struct F(pub f64);

impl Piece for F {
    fn put(&self, out: &mut String) {
        float::write_display(out, self.0);
    }
}

/// An `f64` as `{:?}` writes it.
pub struct D(pub f64);

impl Piece for D {
    fn put(&self, out: &mut String) {
        float::write_debug(out, self.0);
    }
}

/// Joins [`Piece`]s into a new `String`: `text!["timeoutMs: ", F(v), " is outside …"]`.
#[macro_export]
macro_rules! text {
    ($($piece:expr),* $(,)?) => {{
        let mut out = ::std::string::String::new();
        $( $crate::text::Piece::put(&$piece, &mut out); )*
        out
    }};
}

/// Appends [`Piece`]s to a `String`: `push_text!(out, "\n  - ", problem)`.
#[macro_export]
macro_rules! push_text {
    ($out:expr, $($piece:expr),* $(,)?) => {{
        let out: &mut ::std::string::String = $out;
        $( $crate::text::Piece::put(&$piece, out); )*
    }};
}

#[cfg(test)]
mod tests;
