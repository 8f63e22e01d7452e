//! Session stickiness: once a user is routed to a system for a group (or into a flow), the choice
//! is pinned for the browser session, so a refresh that changes a percentage never moves a user
//! mid-task. A rollback wins, but only at a navigation boundary.
//!
//! The shell stores [`Pins`] in `sessionStorage` as `{ "version": 1, "pins": { key: bool } }` and
//! writes it back only when [`Pins::changed`] says so. Call [`Pins::at_boundary`] only at a
//! navigation boundary (`start`, `next`, `guard`, `endpoint`), never in the middle of a request.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::flags::Reason;

/// The storage format version this code writes and accepts.
pub const PINS_VERSION: u32 = 1;
/// At most this many pins are kept; a stored document with more is discarded.
pub const MAX_PINS: usize = 64;
/// Longest pin key kept (bytes); a stored document with a longer key is discarded.
pub const MAX_PIN_KEY_LEN: usize = 256;

/// The session's pins. Keys are `group:<name>` or `flow:<name>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pins {
    pub version: u32,
    pub pins: BTreeMap<String, bool>,
    #[serde(skip)]
    dirty: bool,
}

impl Default for Pins {
    fn default() -> Self {
        Pins {
            version: PINS_VERSION,
            pins: BTreeMap::new(),
            dirty: false,
        }
    }
}

/// What a boundary resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
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
        if stored.version == PINS_VERSION && fits {
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

#[cfg(test)]
mod tests {
    use super::*;

    const K: &str = "group:vaos_service";

    #[test]
    fn first_boundary_pins_the_live_value_on_or_off() {
        for live in [true, false] {
            let mut pins = Pins::new();
            let out = pins.at_boundary(K, live, false, Reason::Split);
            assert_eq!(
                out,
                PinOutcome {
                    value: live,
                    reason: Reason::Split,
                    dropped: false,
                    pinned_now: true
                }
            );
            assert_eq!(pins.peek(K), Some(live));
            assert!(pins.changed());
        }
    }

    #[test]
    fn later_boundaries_keep_the_pin_even_if_live_changes() {
        let mut pins = Pins::new();
        pins.at_boundary(K, true, false, Reason::Split);
        pins.mark_saved();
        let out = pins.at_boundary(K, false, false, Reason::Disabled);
        assert_eq!(
            out,
            PinOutcome {
                value: true,
                reason: Reason::Pinned,
                dropped: false,
                pinned_now: false
            }
        );
        assert!(!pins.changed(), "reading a pin does not dirty storage");
        let mut off = Pins::new();
        off.at_boundary(K, false, false, Reason::Disabled);
        assert!(
            !off.at_boundary(K, true, false, Reason::Split).value,
            "an off pin stays off"
        );
    }

    #[test]
    fn rollback_drops_an_on_pin_and_stays_off() {
        let mut pins = Pins::new();
        pins.at_boundary(K, true, false, Reason::Split);
        pins.mark_saved();
        let out = pins.at_boundary(K, false, true, Reason::Disabled);
        assert_eq!(
            out,
            PinOutcome {
                value: false,
                reason: Reason::Disabled,
                dropped: true,
                pinned_now: true
            }
        );
        assert!(pins.changed());
        assert_eq!(pins.peek(K), Some(false));
        let again = pins.at_boundary(K, true, false, Reason::Split);
        assert_eq!((again.value, again.reason), (false, Reason::Pinned));
    }

    #[test]
    fn rollback_without_pin_pins_off_and_leaves_off_pins_alone() {
        let mut pins = Pins::new();
        let out = pins.at_boundary(K, true, true, Reason::Disabled);
        assert!(!out.value && !out.dropped && out.pinned_now);
        pins.mark_saved();
        let out = pins.at_boundary(K, false, true, Reason::Disabled);
        assert!(!out.value && !out.dropped && !pins.changed());
    }

    #[test]
    fn peek_changes_nothing() {
        let pins = Pins::new();
        assert_eq!(pins.peek(K), None);
        assert!(!pins.changed());
    }

    #[test]
    fn serializes_versioned_and_restores() {
        let mut pins = Pins::new();
        pins.at_boundary(K, true, false, Reason::Split);
        pins.at_boundary("flow:sm_curated", false, false, Reason::Disabled);
        let json = serde_json::to_string(&pins).unwrap();
        assert_eq!(
            json,
            r#"{"version":1,"pins":{"flow:sm_curated":false,"group:vaos_service":true}}"#
        );
        let back = Pins::restore(serde_json::from_str(&json).unwrap());
        assert_eq!(back.peek(K), Some(true));
        assert!(!back.changed());
    }

    #[test]
    fn restore_discards_other_versions_and_oversized_documents() {
        let v2 = Pins::restore(
            serde_json::from_str(r#"{"version":2,"pins":{"group:x":true}}"#).unwrap(),
        );
        assert_eq!(v2.peek("group:x"), None);
        assert!(v2.changed(), "the bad document gets overwritten");
        let long = format!(
            r#"{{"version":1,"pins":{{"{}":true}}}}"#,
            "k".repeat(MAX_PIN_KEY_LEN + 1)
        );
        assert!(Pins::restore(serde_json::from_str(&long).unwrap())
            .pins
            .is_empty());
        assert!(serde_json::from_str::<Pins>(r#"{"version":1,"pins":{"a":"yes"}}"#).is_err());
    }

    #[test]
    fn pin_count_is_capped() {
        let mut pins = Pins::new();
        for i in 0..MAX_PINS {
            assert!(
                pins.at_boundary(&format!("k{i}"), true, false, Reason::Split)
                    .pinned_now
            );
        }
        let out = pins.at_boundary("one-too-many", true, false, Reason::Split);
        assert!(out.value && !out.pinned_now);
        assert_eq!(pins.pins.len(), MAX_PINS);
    }
}
