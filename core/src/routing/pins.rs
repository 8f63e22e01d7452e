//! Session stickiness: once a user is routed to a system for a group (or into a flow), the choice
//! is pinned for the browser session, so a refresh that changes a percentage never moves a user
//! mid-task. A rollback wins, but only at a navigation boundary.
//!
//! The shell stores [`Pins`] in `sessionStorage` as `{ "version": 1, "pins": { key: bool } }` and
//! writes it back only when [`Pins::changed`] says so. Call [`Pins::at_boundary`] only at a
//! navigation boundary (`start`, `next`, `guard`, `endpoint`), never in the middle of a request.

use crate::vecmap::VecMap;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::flags::Reason;
use crate::json::read::fields::Read;
use crate::json::read::schema::{self, Field, Shape, Struct};
use crate::json::write::{write_u64, Seq};
use crate::json::Value;
use crate::stored;

/// At most this many pins are kept; a stored document with more is discarded.
pub const MAX_PINS: usize = 64;
/// Longest pin key kept (bytes); a stored document with a longer key is discarded.
pub const MAX_PIN_KEY_LEN: usize = 256;

/// The session's pins. Keys are `group:<name>` or `flow:<name>`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Pins {
    pub version: u32,
    pub pins: VecMap<String, bool>,
    #[cfg_attr(feature = "serde", serde(skip))]
    dirty: bool,
}

impl Default for Pins {
    fn default() -> Self {
        Pins {
            version: stored::VERSION,
            pins: VecMap::new(),
            dirty: false,
        }
    }
}

/// What a boundary resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "camelCase"))]
pub struct PinOutcome {
    /// The value to act on.
    pub value: bool,
    /// `Pinned` when an earlier pin decided; otherwise the live reason passed in.
    pub reason: Reason,
    /// An `on` pin was dropped because of a rollback.
    pub dropped: bool,
    /// This call created the pin (first resolution in the session, or re-pin after a drop).
    pub pinned_now: bool,
}

impl Pins {
    pub fn new() -> Self {
        Pins::default()
    }

    /// Accepts a document read from storage: a different version, too many pins or an oversized
    /// key discards it (the session starts unpinned; the next write replaces it).
    pub fn restore(stored: Pins) -> Pins {
        let fits =
            stored.pins.len() <= MAX_PINS && stored.pins.keys().all(|k| k.len() <= MAX_PIN_KEY_LEN);
        if fits && stored::check("session pins", stored.version).is_ok() {
            Pins {
                dirty: false,
                ..stored
            }
        } else {
            Pins {
                dirty: true,
                ..Pins::default()
            }
        }
    }

    /// Resolves `key` at a navigation boundary.
    ///
    /// - No pin yet: pins the live value (on or off; a rollback forces off) with `live_reason`.
    /// - Pinned on and `rollback`: drops the pin and re-pins off (`dropped`, `pinned_now`), so the
    ///   rest of the session stays off even if the feature comes back at a partial percentage.
    /// - Otherwise: the pinned value with `Reason::Pinned`, whatever the live value now is.
    ///
    /// A new key beyond [`MAX_PINS`] is not stored: the live value is returned unpinned.
    pub fn at_boundary(
        &mut self,
        key: &str,
        live_value: bool,
        rollback: bool,
        live_reason: Reason,
    ) -> PinOutcome {
        let live = live_value && !rollback;
        match self.pins.get(key).copied() {
            Some(true) if rollback => {
                self.set(key, false);
                PinOutcome {
                    value: false,
                    reason: live_reason,
                    dropped: true,
                    pinned_now: true,
                }
            }
            Some(pinned) => PinOutcome {
                value: pinned,
                reason: Reason::Pinned,
                dropped: false,
                pinned_now: false,
            },
            None => {
                let pinned_now = self.pins.len() < MAX_PINS && key.len() <= MAX_PIN_KEY_LEN;
                if pinned_now {
                    self.set(key, live);
                }
                PinOutcome {
                    value: live,
                    reason: live_reason,
                    dropped: false,
                    pinned_now,
                }
            }
        }
    }

    /// The pinned value, without changing anything (for `explain`).
    pub fn peek(&self, key: &str) -> Option<bool> {
        self.pins.get(key).copied()
    }

    /// Removes a pin (e.g. the app resets a flow); returns whether one existed.
    pub fn remove(&mut self, key: &str) -> bool {
        let existed = self.pins.remove(key).is_some();
        self.dirty |= existed;
        existed
    }

    /// True when the pins changed since they were restored or last marked saved.
    pub fn changed(&self) -> bool {
        self.dirty
    }

    /// The shell calls this after writing the pins to storage.
    pub fn mark_saved(&mut self) {
        self.dirty = false;
    }

    fn set(&mut self, key: &str, value: bool) {
        if self.pins.insert(key.to_string(), value) != Some(value) {
            self.dirty = true;
        }
    }
}

impl Pins {
    /// The stored document `{"version":…,"pins":{key:bool}}` (unknown keys ignored), as the
    /// derive reads it; [`Pins::restore`] then applies the version and the caps.
    pub fn read(v: Value) -> Read<Pins> {
        static PINS: Struct = Struct {
            name: "struct Pins",
            keys: &["version", "pins"],
            deny: false,
            fields: &[Field::req(Shape::U32), Field::req(Shape::Map(&Shape::Bool))],
        };
        let mut s = schema::read(v, &PINS, &schema::no_custom)?;
        Ok(Pins {
            version: s.take(0).u32().unwrap_or_default(),
            pins: s
                .take(1)
                .entries(|v| v.bool().unwrap_or_default())
                .unwrap_or_default()
                .into_iter()
                .collect(),
            dirty: false,
        })
    }

    /// The document to store, as the derive writes it (keys in order).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut o = Seq::object(&mut out);
        write_u64(o.key("version"), self.version.into());
        let mut map = Seq::object(o.key("pins"));
        for (k, v) in self.pins.iter() {
            map.raw(k, crate::json::write::bool_text(*v));
        }
        map.end();
        o.end();
        out
    }
}

#[cfg(test)]
mod tests;
