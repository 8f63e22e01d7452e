//! Exposure deduplication: an exposure event is emitted for the first decision of each flag value
//! per session. The key is flag + value, so a changed value is a new exposure (and flipping back
//! to an already-seen value is not). The set is serializable so the shell keeps it in
//! sessionStorage across page loads; it is capped.

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// Most (flag, value) pairs remembered. Past the cap nothing new is recorded and no further
/// exposures are emitted (bounded memory beats completeness; 256 flags per session is far above
/// any real page).
pub const MAX_EXPOSURES: usize = 256;
/// Longest flag name remembered; longer names are never recorded.
pub const MAX_FLAG_NAME_LEN: usize = 128;

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "camelCase")
)]
pub struct Seen {
    pub flag: String,
    pub value: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", from = "RawExposureSet")
)]
pub struct ExposureSet {
    seen: Vec<Seen>,
}

#[cfg_attr(feature = "serde", derive(Deserialize))]
struct RawExposureSet {
    seen: Vec<Seen>,
}

impl From<RawExposureSet> for ExposureSet {
    fn from(raw: RawExposureSet) -> Self {
        let mut set = ExposureSet::default();
        for s in raw.seen {
            set.record(&s.flag, s.value);
        }
        set
    }
}

impl ExposureSet {
    /// Records the decision; true when it is new, i.e. when an exposure event should be emitted.
    pub fn record(&mut self, flag: &str, value: bool) -> bool {
        if flag.len() > MAX_FLAG_NAME_LEN
            || self.seen.len() >= MAX_EXPOSURES
            || self.contains(flag, value)
        {
            return false;
        }
        self.seen.push(Seen {
            flag: flag.to_string(),
            value,
        });
        true
    }

    pub fn contains(&self, flag: &str, value: bool) -> bool {
        self.seen.iter().any(|s| s.flag == flag && s.value == value)
    }

    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// The pairs recorded, oldest first.
    pub fn seen(&self) -> &[Seen] {
        &self.seen
    }
}

#[cfg(test)]
mod tests;
