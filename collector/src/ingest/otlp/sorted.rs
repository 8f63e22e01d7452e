//! The fast path's view of a record's attributes: borrowed from the body, repeated keys merged
//! (the last one wins) and sorted by key in one `Vec` (no map), read by `build_row` through
//! `Attrs` and written as the stored attribute and flag-context JSON (`text.rs`).

use std::borrow::Cow;

use super::build::{bool_text, Attrs};
use super::text::{push_string, Val};
use super::FLAG_PREFIX;
use crate::ingest::row::is_elided;

/// A record's attributes, repeated keys merged (the last one wins) and in byte order of the
/// key: what the tree reader's `Map` holds, without a map.
pub(super) struct Sorted<'a>(Vec<(Cow<'a, str>, Val<'a>)>);

impl<'a> Sorted<'a> {
    pub(super) fn new(mut items: Vec<(Cow<'a, str>, Val<'a>)>) -> Self {
        items.sort_by(|a, b| a.0.cmp(&b.0));
        items.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(&mut later.1, &mut kept.1);
            }
            same
        });
        Sorted(items)
    }

    fn get(&self, key: &str) -> Option<&Val<'a>> {
        let i = self.0.binary_search_by(|(k, _)| k.as_ref().cmp(key)).ok()?;
        Some(&self.0[i].1)
    }
}

impl Attrs for Sorted<'_> {
    fn text(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    fn number(&self, key: &str) -> Option<f64> {
        match self.get(key)? {
            Val::Int(i) => Some(*i as f64),
            Val::Double(d) => d.is_finite().then_some(*d),
            Val::Str(s) => s.parse().ok(),
            _ => None,
        }
    }

    fn boolean(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Val::Bool(b) => Some(*b),
            Val::Str(s) => bool_text(s),
            _ => None,
        }
    }

    fn flags_are_booleans(&self) -> bool {
        self.0
            .iter()
            .all(|(k, v)| !k.starts_with(FLAG_PREFIX) || matches!(v, Val::Bool(_)))
    }

    fn json_texts(self, elided: i64) -> (String, String) {
        let size: usize = self
            .0
            .iter()
            .filter(|(k, _)| !is_elided(k, elided))
            .map(|(k, v)| k.len() + v.size_hint() + 6)
            .sum();
        let mut all = String::with_capacity(size + 2);
        let mut flags = String::with_capacity(64);
        all.push('{');
        flags.push('{');
        for (k, v) in &self.0 {
            if !is_elided(k, elided) {
                member(&mut all, k, v);
            }
            if let Some(name) = k.strip_prefix(FLAG_PREFIX) {
                member(&mut flags, name, v);
            }
        }
        all.push('}');
        flags.push('}');
        (flags, all)
    }
}

/// Appends `"key":value` to an object's text (`,` first unless it is the first member).
fn member(out: &mut String, key: &str, v: &Val<'_>) {
    if out.len() > 1 {
        out.push(',');
    }
    push_string(out, key);
    out.push(':');
    v.push_json(out);
}
