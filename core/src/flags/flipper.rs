//! The Flipper feature model: one feature's gates, as the Flipper HTTP API serializes them
//! (`GET /features`, `GET /features/:name`), kept "as it appeared" so `explain` can show it.

use crate::vecmap::VecSet;

/// One Flipper feature: its key and the values of its gates.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Feature {
    pub key: String,
    /// The `state` the server reported (`on` / `off` / `conditional`); informational only.
    pub state: Option<String>,
    pub gates: Gates,
}

/// The gate values of a feature. Absent gates have their empty value.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Gates {
    pub boolean: bool,
    /// An expression gate is set. Expressions are not evaluated (they never open), but a set
    /// expression means the feature is not fully off.
    pub expression: bool,
    pub actors: VecSet<String>,
    pub groups: VecSet<String>,
    pub percentage_of_actors: GateNumber,
    pub percentage_of_time: GateNumber,
    /// Gate keys the engine does not know, kept for `explain` (at most [`MAX_UNKNOWN_GATES`]).
    pub unknown: Vec<String>,
}

/// How many unknown gate keys a feature records for `explain`; more are counted but dropped.
pub const MAX_UNKNOWN_GATES: usize = 16;

/// Most gate objects one feature may list (Flipper has six).
pub const MAX_GATES: usize = 64;

/// A percentage gate value exactly as it appeared in the document.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum GateNumber {
    #[default]
    Null,
    Text(String),
    Int(i64),
    Float(f64),
}

/// A Ruby number after `Flipper::Typecast.to_number`: Integer or Float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl GateNumber {
    /// `Flipper::Typecast.to_number`: a string containing `.` → `String#to_f`, any other
    /// string → `String#to_i` (so a non-numeric string is 0), nil → 0, numbers unchanged.
    pub fn to_number(&self) -> Number {
        match self {
            GateNumber::Null => Number::Int(0),
            GateNumber::Int(i) => Number::Int(*i),
            GateNumber::Float(f) => Number::Float(*f),
            GateNumber::Text(s) if s.contains('.') => Number::Float(ruby_to_f(s)),
            GateNumber::Text(s) => Number::Int(ruby_to_i(s)),
        }
    }

    /// Flipper's `enabled?(value)` for percentage gates: the number is greater than zero.
    pub fn is_enabled(&self) -> bool {
        match self.to_number() {
            Number::Int(i) => i > 0,
            Number::Float(f) => f > 0.0,
        }
    }
}

/// An integer in decimal, a float as `{:?}` writes it (`25`, `12.5`, `25.0`).
impl crate::text::Piece for Number {
    fn put(&self, out: &mut String) {
        match self {
            Number::Int(i) => i.put(out),
            Number::Float(x) => crate::text::D(*x).put(out),
        }
    }
}

impl Gates {
    /// Flipper's state `off`: the boolean gate is not on and no other gate is set.
    pub fn fully_off(&self) -> bool {
        !self.boolean
            && !self.expression
            && self.actors.is_empty()
            && self.groups.is_empty()
            && !self.percentage_of_actors.is_enabled()
            && !self.percentage_of_time.is_enabled()
    }
}

/// The leading `[+-]?digits(_digits)*` of `s` after leading whitespace, without underscores.
fn ruby_digits(s: &str) -> (String, &str) {
    let s = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let mut out = String::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    if let Some(&sign) = bytes.first().filter(|b| **b == b'+' || **b == b'-') {
        out.push(sign as char);
        i = 1;
    }
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_digit() {
            out.push(b as char);
        } else if !(b == b'_'
            && i > 0
            && bytes.get(i - 1).is_some_and(u8::is_ascii_digit)
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            break;
        }
        i += 1;
    }
    (out, s.get(i..).unwrap_or(""))
}

/// Ruby `String#to_i` (base 10): leading integer prefix, 0 when there is none; saturates.
pub fn ruby_to_i(s: &str) -> i64 {
    let (digits, _) = ruby_digits(s);
    match digits.parse::<i64>() {
        Ok(v) => v,
        Err(_) if digits.len() > 1 && digits.bytes().skip(1).all(|b| b.is_ascii_digit()) => {
            if digits.starts_with('-') {
                i64::MIN
            } else {
                i64::MAX
            }
        }
        Err(_) => 0,
    }
}

/// Ruby `String#to_f`: leading decimal prefix (`digits[.digits][e[+-]digits]`), 0.0 when none.
pub fn ruby_to_f(s: &str) -> f64 {
    let (mut text, rest) = ruby_digits(s);
    let mut rest = rest.as_bytes();
    if rest.first() == Some(&b'.') && rest.get(1).is_some_and(u8::is_ascii_digit) {
        let (frac, after) = ruby_digits(core::str::from_utf8(&rest[1..]).unwrap_or(""));
        text.push('.');
        text.push_str(&frac);
        rest = after.as_bytes();
    }
    if matches!(rest.first(), Some(b'e' | b'E')) {
        let (exp, _) = ruby_digits(core::str::from_utf8(&rest[1..]).unwrap_or(""));
        if exp.bytes().any(|b| b.is_ascii_digit()) {
            text.push('e');
            text.push_str(&exp);
        }
    }
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return 0.0;
    }
    let text = if text.starts_with(['+', '-']) && text.as_bytes().get(1) == Some(&b'.') {
        text.replacen('.', "0.", 1)
    } else {
        text
    };
    crate::json::read::parse_f64(&text).unwrap_or(0.0)
}

#[cfg(test)]
mod tests;
