//! docs/api.md's configuration reference lists exactly the keys `Rollout.start(config)` accepts.
//!
//! The accepted keys come from the validator itself: [`RolloutConfigInput`] is deserialized from a
//! recording deserializer that notes every field name serde's derive passes to
//! `deserialize_struct`, and walks into every field (options, lists, maps) to reach the nested
//! structs. A key is a dotted path of field names (`telemetry.batch.maxEvents`); a map's keys are
//! one segment `*` (docs may write `*` or `<name>`: `groups.<name>.members`). The documented keys
//! are the leaves: a field whose value is a struct is documented through its fields.
//!
//! The hand-written reader `Rollout.start` uses (`RolloutConfigInput::read`) names its keys in
//! tables; `rollout::accepted_keys()` built from them must equal the derived keys, so the table in
//! the docs is checked against what the shipped reader accepts.
//!
//! The docs side: rows of the tables between `## Configuration reference` and the next `## `
//! heading whose first cell starts with a backticked key; every backticked key in that cell
//! counts (`` | `flags.maxAgeMs` / `flags.staleAfterMs` | ``).
#![cfg(all(feature = "routing", feature = "telemetry"))]

use std::cell::RefCell;
use std::collections::BTreeSet;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use va_rollout_core::json::DeError;
use va_rollout_core::rollout::RolloutConfigInput;

const API_MD: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/api.md"));

/// serde's message; the core's JSON reader has the same need.
type Error = DeError;

/// What one walk saw: every field path, the innermost path whose value failed (a custom
/// `Deserialize`, an enum, a missing required field), and the paths earlier walks skip.
#[derive(Default)]
struct Walk {
    fields: RefCell<BTreeSet<String>>,
    failed: RefCell<Option<String>>,
    skip: BTreeSet<String>,
}

/// The recording deserializer for the value at `path`.
struct Rec<'w> {
    walk: &'w Walk,
    path: String,
}

impl<'w> Rec<'w> {
    fn child(&self, segment: &str) -> Rec<'w> {
        let path = if self.path.is_empty() {
            segment.to_string()
        } else {
            format!("{}.{segment}", self.path)
        };
        Rec {
            walk: self.walk,
            path,
        }
    }

    /// `r`, noting this path as the failure when nothing deeper failed first.
    fn note<T>(&self, r: Result<T, Error>) -> Result<T, Error> {
        if r.is_err() {
            self.walk
                .failed
                .borrow_mut()
                .get_or_insert_with(|| self.path.clone());
        }
        r
    }
}

/// A struct's fields (`keys` are field names) or a map's one entry (`keys` is `["*"]`).
struct Entries<'w> {
    parent: Rec<'w>,
    keys: Vec<String>,
    next: usize,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        while let Some(key) = self.keys.get(self.next) {
            if !self.parent.walk.skip.contains(&self.parent.child(key).path) {
                let d: de::value::StrDeserializer<'_, Error> = key.as_str().into_deserializer();
                return seed.deserialize(d).map(Some);
            }
            self.next += 1;
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let key = self.keys.get(self.next).cloned().unwrap_or_default();
        self.next += 1;
        seed.deserialize(self.parent.child(&key))
    }
}

/// A list of one element, deserialized at the list's own path.
struct One<'w>(Option<Rec<'w>>);

impl<'de> SeqAccess<'de> for One<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.0.take() {
            Some(rec) => seed.deserialize(rec).map(Some),
            None => Ok(None),
        }
    }
}

/// Methods of `Rec`'s `Deserializer` that behave as another one.
macro_rules! forward {
    ($($($from:ident)+ => $to:ident;)+) => {
        $($(
            fn $from<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
                self.$to(v)
            }
        )+)+
    };
}

impl<'de> de::Deserializer<'de> for Rec<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        // A self-describing value (a custom Deserialize, an untagged enum): a leaf.
        self.note(Err(DeError(format!("{}: not a struct", self.path))))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        for field in fields {
            let path = self.child(field).path;
            self.walk.fields.borrow_mut().insert(path);
        }
        let entries = Entries {
            keys: fields.iter().map(|f| f.to_string()).collect(),
            parent: Rec {
                walk: self.walk,
                path: self.path.clone(),
            },
            next: 0,
        };
        self.note(visitor.visit_map(entries))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let entries = Entries {
            keys: vec!["*".to_string()],
            parent: Rec {
                walk: self.walk,
                path: self.path.clone(),
            },
            next: 0,
        };
        self.note(visitor.visit_map(entries))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let rec = Rec {
            walk: self.walk,
            path: self.path.clone(),
        };
        self.note(visitor.visit_seq(One(Some(rec))))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let rec = Rec {
            walk: self.walk,
            path: self.path.clone(),
        };
        self.note(visitor.visit_some(rec))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let rec = Rec {
            walk: self.walk,
            path: self.path.clone(),
        };
        self.note(visitor.visit_newtype_struct(rec))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.note(visitor.visit_bool(false))
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.note(visitor.visit_u64(0))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.note(visitor.visit_f64(0.0))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.note(visitor.visit_str(""))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.note(visitor.visit_unit())
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf unit unit_struct tuple tuple_struct enum identifier
    }

    // Every other integer reads as 0, `f32` as 0.0, `String` as "".
    forward! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8
        deserialize_u16 deserialize_u32 => deserialize_u64;
        deserialize_f32 => deserialize_f64;
        deserialize_string => deserialize_str;
    }
}

/// The keys the validator accepts: walks `RolloutConfigInput` again and again, each time skipping
/// the value that failed before, until a walk completes; then keeps the leaves.
fn accepted_keys() -> BTreeSet<String> {
    let mut fields = BTreeSet::new();
    let mut skip = BTreeSet::new();
    for _ in 0..500 {
        let walk = Walk {
            skip: skip.clone(),
            ..Walk::default()
        };
        let result = RolloutConfigInput::deserialize(Rec {
            walk: &walk,
            path: String::new(),
        });
        fields.extend(walk.fields.take());
        match (result, walk.failed.take()) {
            (Ok(_), _) => {
                let parents: BTreeSet<&String> = fields
                    .iter()
                    .filter(|k| fields.iter().any(|o| o.starts_with(&format!("{k}."))))
                    .collect();
                return fields
                    .iter()
                    .filter(|k| !parents.contains(k))
                    .cloned()
                    .collect();
            }
            (Err(e), Some(path)) if !path.is_empty() && skip.insert(path.clone()) => {
                let _ = e;
            }
            (Err(e), path) => panic!("the walk of RolloutConfigInput failed at {path:?}: {e}"),
        }
    }
    panic!("the walk of RolloutConfigInput did not complete in 500 tries");
}

/// The keys docs/api.md's configuration reference documents (`<name>` segments read as `*`).
fn documented_keys(markdown: &str) -> BTreeSet<String> {
    let section = markdown
        .split_once("\n## Configuration reference")
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(""))
        .expect("docs/api.md has a \"## Configuration reference\" section");
    let mut keys = BTreeSet::new();
    for line in section.lines() {
        let Some(first_cell) = line
            .trim()
            .strip_prefix('|')
            .and_then(|r| r.split('|').next())
        else {
            continue;
        };
        if !first_cell.trim_start().starts_with('`') {
            continue;
        }
        for key in first_cell.split('`').skip(1).step_by(2) {
            let normal: Vec<&str> = key
                .split('.')
                .map(|s| {
                    if s.starts_with('<') && s.ends_with('>') {
                        "*"
                    } else {
                        s
                    }
                })
                .collect();
            keys.insert(normal.join("."));
        }
    }
    keys
}

#[test]
fn the_configuration_reference_lists_exactly_the_accepted_keys() {
    let accepted = accepted_keys();
    let documented = documented_keys(API_MD);
    // A row may also document an object that holds accepted keys (`telemetry`, `telemetry.batch`):
    // every ancestor of an accepted key is a key the validator reads too.
    let objects: BTreeSet<String> = accepted
        .iter()
        .flat_map(|k| {
            k.match_indices('.')
                .map(|(i, _)| k[..i].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let undocumented: Vec<&String> = accepted.difference(&documented).collect();
    let unknown: Vec<&String> = documented
        .iter()
        .filter(|k| !accepted.contains(*k) && !objects.contains(*k))
        .collect();
    assert!(
        undocumented.is_empty() && unknown.is_empty(),
        "docs/api.md \"## Configuration reference\" is out of step with the validator.\n\
         accepted but not documented: {undocumented:?}\n\
         documented but not accepted: {unknown:?}"
    );
}

#[test]
fn the_hand_written_reader_accepts_exactly_the_derived_keys() {
    // `Rollout.start` reads configuration with `RolloutConfigInput::read`, whose key tables
    // give `rollout::accepted_keys`; the derives (walked above) must agree, so docs == reader.
    let reader: BTreeSet<String> = va_rollout_core::rollout::config::accepted_keys()
        .into_iter()
        .collect();
    assert_eq!(reader, accepted_keys());
}

#[test]
fn the_walk_reaches_nested_structs_lists_and_maps() {
    let accepted = accepted_keys();
    for key in [
        "flags.source",
        "actor.ids",
        "groups.*.members",
        "vaos.table.*.category",
        "telemetry.batch.maxEvents",
        "telemetry.rules.kind",
        "telemetry.rules.when.path",
    ] {
        assert!(accepted.contains(key), "{key} missing from {accepted:?}");
    }
    assert!(!accepted.contains("telemetry"), "a struct is not a leaf");
    assert!(
        !accepted.contains("groups.*.name"),
        "skip_deserializing fields are not keys"
    );
}

#[test]
fn the_docs_reader_takes_first_cells_of_the_section_only() {
    let md =
        "# API\n| `before` | x |\n## Configuration reference\n\n| key | type |\n| --- | --- |\n\
              | `source` | string |\n| `a.b` / `a.c` | `not.a.key` |\n| `groups.<name>.x` | y |\n\
              text `not.a.row`\n## Next\n| `after` | x |\n";
    let got: Vec<String> = documented_keys(md).into_iter().collect();
    assert_eq!(got, ["a.b", "a.c", "groups.*.x", "source"]);
}
