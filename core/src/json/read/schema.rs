//! Table-driven readers over [`Value`]: a configuration shape is a static [`Struct`] (its keys,
//! and per key a [`Field`]: the value's [`Shape`], whether `null` means absent, whether the key is
//! required), read by one reader for every struct ([`read`]) into [`Slots`], which each type's
//! builder turns into the type (`Slot::str`, `Slot::strs`, …). One reader per shape instead of one
//! hand-written [`Fields`] loop per struct: the loops and their generic helpers were inlined per
//! struct and field into `Rollout.start` (docs/performance.md, "What is left to cut").
//!
//! Accepted inputs and messages are those of the `fields` readers (and so of the derives):
//! an object's entries are read in document order, the first problem is the error, and a missing
//! required key is reported when its object ends, in declaration order.

use std::any::Any;

use super::super::Value;
use super::fields::{
    boolean, list, map, missing, number, string, strings, unsigned, variant, Fields, Read,
};

/// What a field's value must be.
pub enum Shape {
    /// A string (`a string`).
    Str,
    Bool,
    /// Any number (`f64`).
    Num,
    /// A whole number from 0 to `u32::MAX` (`u32`).
    U32,
    /// A whole number from 0 to `usize::MAX` (`usize`).
    Usize,
    /// A whole number from 0 to `u64::MAX` (`u64`).
    U64,
    /// A list of strings.
    Strs,
    /// Anything (serde's `IgnoredAny`).
    Any,
    /// A unit variant of the enum, by one of its names: its index.
    Variant(&'static Enum),
    Obj(&'static Struct),
    /// An object, each value of the shape given, in document order.
    Map(&'static Shape),
    List(&'static Shape),
    /// One of the caller's own readers (a flag document, a stored version), by the number
    /// given to the reader passed to [`read`].
    Custom(u8),
}

/// The reader of [`Shape::Custom`] values, passed with each [`read`] rather than kept in the
/// tables: a function pointer in a `static` would be compiled in this crate as well as, inlined,
/// in the wasm crate (measured: the flag document reader twice, +7.6 KB gzip).
pub type Custom<'a> = &'a dyn Fn(u8, Value) -> Read<Box<dyn Any>>;

/// For tables without [`Shape::Custom`].
pub fn no_custom(_: u8, _: Value) -> Read<Box<dyn Any>> {
    Err(String::new())
}

/// An enum of unit variants: its name (`enum Method` in messages) and its variants' names.
/// Behind a reference, so a [`Shape`] is one pointer and a tag (the tables are data in the module).
pub struct Enum {
    pub name: &'static str,
    pub names: &'static [&'static str],
}

/// One key of a [`Struct`].
pub struct Field {
    pub shape: Shape,
    /// `null` is absent (serde's `Option`); otherwise `null` must fit the shape.
    pub nullable: bool,
    /// Absent is "missing field …".
    pub required: bool,
}

impl Field {
    /// `Option<…>`: absent or `null` is `None`.
    pub const fn opt(shape: Shape) -> Field {
        Field {
            shape,
            nullable: true,
            required: false,
        }
    }
    /// Must be there, and not `null` unless the shape takes it.
    pub const fn req(shape: Shape) -> Field {
        Field {
            shape,
            nullable: false,
            required: true,
        }
    }
    /// May be absent (the builder's default), but not `null`.
    pub const fn val(shape: Shape) -> Field {
        Field {
            shape,
            nullable: false,
            required: false,
        }
    }
}

/// An object shape: `fields[i]` is the field of `keys[i]`.
pub struct Struct {
    /// What a non-object is reported as expecting (`struct FlagsConfigInput`).
    pub name: &'static str,
    pub keys: &'static [&'static str],
    pub fields: &'static [Field],
    /// Unknown keys are errors (`deny_unknown_fields`); otherwise they are skipped.
    pub deny: bool,
}

/// A value read by a [`Shape`]; [`Slot::Absent`] for a key that was not there (or `null`).
#[derive(Default)]
pub enum Slot {
    #[default]
    Absent,
    Bool(bool),
    Num(f64),
    Int(u64),
    Str(String),
    Strs(Vec<String>),
    Variant(usize),
    Obj(Slots),
    Map(Vec<(String, Slot)>),
    List(Vec<Slot>),
    Any,
    Custom(Box<dyn Any>),
}

/// An object's values, one per key of its [`Struct`].
#[derive(Default)]
pub struct Slots(Vec<Slot>);

impl Slots {
    /// The value of key `i` (absent when out of range).
    pub fn take(&mut self, i: usize) -> Slot {
        self.0.get_mut(i).map(std::mem::take).unwrap_or_default()
    }
}

/// Reads `v` as the object `s` describes; `custom` reads its [`Shape::Custom`] values.
pub fn read(v: Value, s: &Struct, custom: Custom) -> Read<Slots> {
    // A table's keys and fields go in pairs (every table is read by the tests in debug builds).
    debug_assert_eq!(s.keys.len(), s.fields.len(), "{}", s.name);
    let mut f = Fields::of(v, s.name, s.keys, s.deny)?;
    let mut slots = Vec::new();
    slots.resize_with(s.fields.len(), Slot::default);
    while let Some((i, v)) = f.next()? {
        let (Some(field), Some(slot)) = (s.fields.get(i), slots.get_mut(i)) else {
            continue;
        };
        *slot = match v {
            Value::Null if field.nullable => Slot::Absent,
            v => value(v, &field.shape, custom)?,
        };
    }
    for ((field, slot), key) in s.fields.iter().zip(&slots).zip(s.keys) {
        if field.required && matches!(slot, Slot::Absent) {
            return Err(missing(key));
        }
    }
    Ok(Slots(slots))
}

/// Reads `v` as `shape` (`null` only where the shape takes it).
pub fn value(v: Value, shape: &Shape, custom: Custom) -> Read<Slot> {
    Ok(match shape {
        Shape::Str => Slot::Str(string(v)?),
        Shape::Bool => Slot::Bool(boolean(v)?),
        Shape::Num => Slot::Num(number(v)?),
        Shape::U32 => Slot::Int(unsigned(v, u32::MAX.into(), "u32")?),
        Shape::Usize => Slot::Int(unsigned(v, usize::MAX as u64, "usize")?),
        Shape::U64 => Slot::Int(unsigned(v, u64::MAX, "u64")?),
        Shape::Strs => Slot::Strs(strings(v)?),
        Shape::Any => Slot::Any,
        Shape::Variant(e) => Slot::Variant(variant(v, e.name, e.names)?),
        Shape::Obj(s) => Slot::Obj(read(v, s, custom)?),
        Shape::Map(inner) => Slot::Map(map(v, |v| value(v, inner, custom))?),
        Shape::List(inner) => Slot::List(list(v, |v| value(v, inner, custom))?),
        Shape::Custom(which) => Slot::Custom(custom(*which, v)?),
    })
}

impl Slot {
    pub fn str(self) -> Option<String> {
        match self {
            Slot::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn strs(self) -> Option<Vec<String>> {
        match self {
            Slot::Strs(s) => Some(s),
            _ => None,
        }
    }
    pub fn bool(self) -> Option<bool> {
        match self {
            Slot::Bool(b) => Some(b),
            _ => None,
        }
    }
    pub fn num(self) -> Option<f64> {
        match self {
            Slot::Num(n) => Some(n),
            _ => None,
        }
    }
    /// A [`Shape::Usize`] or [`Shape::U64`] value.
    pub fn int(self) -> Option<u64> {
        match self {
            Slot::Int(n) => Some(n),
            _ => None,
        }
    }
    /// A [`Shape::Usize`] value.
    pub fn usize(self) -> Option<usize> {
        self.int().map(|n| n as usize)
    }
    /// A [`Shape::U32`] value.
    pub fn u32(self) -> Option<u32> {
        self.int().and_then(|n| u32::try_from(n).ok())
    }
    /// A [`Shape::Variant`]'s index.
    pub fn index(self) -> Option<usize> {
        match self {
            Slot::Variant(i) => Some(i),
            _ => None,
        }
    }
    /// A [`Shape::Obj`]'s values (none when absent).
    pub fn obj(self) -> Option<Slots> {
        match self {
            Slot::Obj(s) => Some(s),
            _ => None,
        }
    }
    /// True unless absent.
    pub fn present(&self) -> bool {
        !matches!(self, Slot::Absent)
    }
    /// A [`Shape::Map`]'s entries in document order, each value through `f`.
    pub fn entries<T>(self, mut f: impl FnMut(Slot) -> T) -> Option<Vec<(String, T)>> {
        match self {
            Slot::Map(m) => Some(m.into_iter().map(|(k, v)| (k, f(v))).collect()),
            _ => None,
        }
    }
    /// A [`Shape::List`]'s items, each through `f`.
    pub fn items<T>(self, f: impl FnMut(Slot) -> T) -> Option<Vec<T>> {
        match self {
            Slot::List(l) => Some(l.into_iter().map(f).collect()),
            _ => None,
        }
    }
    /// A [`Shape::Custom`] reader's value.
    pub fn custom<T: Any>(self) -> Option<T> {
        match self {
            Slot::Custom(b) => b.downcast().ok().map(|b| *b),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
