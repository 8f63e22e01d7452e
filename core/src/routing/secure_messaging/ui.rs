//! The Secure Messaging UI decisions the metrics depend on (`SelectCareTeam`).

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// How the care-system picker renders (`SelectCareTeam`: radio for 2–5 systems, dropdown for 6+).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "lowercase"))]
pub enum Picker {
    /// 0 or 1 system: auto-selected.
    Auto,
    Radio,
    Dropdown,
}

/// The picker for `n` health-care systems.
pub fn care_system_picker(n: usize) -> Picker {
    match n {
        0 | 1 => Picker::Auto,
        2..=5 => Picker::Radio,
        _ => Picker::Dropdown,
    }
}

/// A user's health-care system, as far as the flow cares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "camelCase", default)
)]
pub struct CareSystem {
    /// An Oracle Health (Cerner) system; otherwise VistA.
    pub oracle_health: bool,
}

/// "Update your contact list" shows only when the user has at least one VistA system.
pub fn show_update_contact_list(systems: &[CareSystem]) -> bool {
    systems.iter().any(|s| !s.oracle_health)
}

#[cfg(test)]
mod tests;
