//! Rollout groups: toggles that must roll out together so no user is split across systems.
//!
//! A group with the `all-or-none` policy resolves to one value for the user: on only when every
//! member is on. A mixed state (members' percentages differ, a partial response, Flipper's
//! one-minute server cache) resolves to off for all members and is reported as `mixed`.
//!
//! When flags are evaluated locally from a Flipper document, the flag engine buckets the members of
//! a `sharedBucket` group on the group's name instead of each feature's key (see [`bucket_keys`]),
//! so a 5% rollout of four toggles admits the same 5% of actors to all four. `sharedBucket: false`
//! keeps exact per-feature Flipper hashing (and then a partial rollout splits users, which the
//! all-or-none policy turns into "off" for everyone not admitted by all members).

use crate::text;
use crate::text::Q;
use std::fmt;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::flags::{FlagView, Source};
use crate::vecmap::{VecMap, VecSet};

/// At most this many groups in a configuration.
pub const MAX_GROUPS: usize = 32;
/// At most this many members in one group.
pub const MAX_GROUP_MEMBERS: usize = 64;
/// Longest group or member name accepted (bytes).
pub const MAX_GROUP_NAME_LEN: usize = 200;

/// The name of the default VAOS group.
pub const VAOS_GROUP: &str = "vaos_service";
/// The four VAOS toggles that roll out concurrently (the VAOS service integration release plan).
pub const VAOS_TOGGLES: [&str; 4] = [
    "va_online_scheduling_vaos_service_cc_appointments",
    "va_online_scheduling_facilities_service_v2",
    "va_online_scheduling_vaos_service_requests",
    "va_online_scheduling_vaos_service_va_appointments",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "kebab-case")
)]
pub enum Policy {
    /// On only when every member is on; any mixed state is off for all.
    AllOrNone,
}

#[cfg(feature = "serde")]
fn default_true() -> bool {
    true
}

/// One group. In configuration, groups are a map name → `{ members, policy, sharedBucket? }`;
/// the name comes from the map key (see [`groups_from_map`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "camelCase")
)]
pub struct GroupConfig {
    #[cfg_attr(feature = "serde", serde(default, skip_deserializing))]
    pub name: String,
    pub members: Vec<String>,
    pub policy: Policy,
    #[cfg_attr(feature = "serde", serde(default = "default_true"))]
    pub shared_bucket: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupError {
    TooManyGroups {
        count: usize,
    },
    BadName {
        name: String,
    },
    NoMembers {
        group: String,
    },
    TooManyMembers {
        group: String,
        count: usize,
    },
    BadMember {
        group: String,
        member: String,
    },
    DuplicateMember {
        group: String,
        member: String,
    },
    /// A feature can be bucketed on only one group name.
    MemberInTwoSharedGroups {
        member: String,
        first: String,
        second: String,
    },
}

impl GroupError {
    /// The `Display` text, without `core::fmt`.
    pub fn message(&self) -> String {
        match self {
            GroupError::TooManyGroups { count } => text![
                "groups: ",
                count,
                " groups configured, at most ",
                MAX_GROUPS,
                " allowed"
            ],
            GroupError::BadName { name } => text![
                "groups: invalid group name ",
                Q(name),
                " (non-empty, at most ",
                MAX_GROUP_NAME_LEN,
                " bytes)"
            ],
            GroupError::NoMembers { group } => text!["group ", Q(group), " has no members"],
            GroupError::TooManyMembers { group, count } => text![
                "group ",
                Q(group),
                " has ",
                count,
                " members, at most ",
                MAX_GROUP_MEMBERS,
                " allowed"
            ],
            GroupError::BadMember { group, member } => text![
                "group ",
                Q(group),
                ": invalid member name ",
                Q(member),
                " (non-empty, at most ",
                MAX_GROUP_NAME_LEN,
                " bytes)"
            ],
            GroupError::DuplicateMember { group, member } => {
                text!["group ", Q(group), " lists member ", Q(member), " twice"]
            }
            GroupError::MemberInTwoSharedGroups {
                member,
                first,
                second,
            } => text![
                "feature ",
                Q(member),
                " is in shared-bucket groups ",
                Q(first),
                " and ",
                Q(second),
                "; it can be bucketed on only one"
            ],
        }
    }
}

impl fmt::Display for GroupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for GroupError {}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= MAX_GROUP_NAME_LEN
}

impl GroupConfig {
    /// An all-or-none group with a shared bucket.
    pub fn all_or_none(name: &str, members: &[&str]) -> Self {
        GroupConfig {
            name: name.to_string(),
            members: members.iter().map(|m| m.to_string()).collect(),
            policy: Policy::AllOrNone,
            shared_bucket: true,
        }
    }

    /// Checks names, member count and duplicates.
    pub fn validate(&self) -> Result<(), GroupError> {
        if !valid_name(&self.name) {
            return Err(GroupError::BadName {
                name: self.name.clone(),
            });
        }
        if self.members.is_empty() {
            return Err(GroupError::NoMembers {
                group: self.name.clone(),
            });
        }
        if self.members.len() > MAX_GROUP_MEMBERS {
            return Err(GroupError::TooManyMembers {
                group: self.name.clone(),
                count: self.members.len(),
            });
        }
        let mut seen = VecSet::new();
        for member in &self.members {
            if !valid_name(member) {
                return Err(GroupError::BadMember {
                    group: self.name.clone(),
                    member: member.clone(),
                });
            }
            if !seen.insert(member.as_str()) {
                return Err(GroupError::DuplicateMember {
                    group: self.name.clone(),
                    member: member.clone(),
                });
            }
        }
        Ok(())
    }
}

/// The default group: `vaos_service` with the four VAOS toggles, all-or-none, shared bucket.
pub fn vaos_preset() -> GroupConfig {
    GroupConfig::all_or_none(VAOS_GROUP, &VAOS_TOGGLES)
}

/// Turns the configuration map (name → group) into validated groups, names filled from the keys.
pub fn groups_from_map(map: VecMap<String, GroupConfig>) -> Result<Vec<GroupConfig>, GroupError> {
    if map.len() > MAX_GROUPS {
        return Err(GroupError::TooManyGroups { count: map.len() });
    }
    let groups: Vec<GroupConfig> = map
        .into_iter()
        .map(|(name, group)| GroupConfig { name, ..group })
        .collect();
    for group in &groups {
        group.validate()?;
    }
    shared_bucket_map(&groups)?;
    Ok(groups)
}

fn shared_bucket_map(groups: &[GroupConfig]) -> Result<VecMap<String, String>, GroupError> {
    let mut keys: VecMap<String, String> = VecMap::new();
    for group in groups.iter().filter(|g| g.shared_bucket) {
        for member in &group.members {
            if let Some(first) = keys.get(member) {
                return Err(GroupError::MemberInTwoSharedGroups {
                    member: member.clone(),
                    first: first.clone(),
                    second: group.name.clone(),
                });
            }
            keys.insert(member.clone(), group.name.clone());
        }
    }
    Ok(keys)
}

/// Feature → group name for every member of a `sharedBucket` group: the flag engine hashes these
/// features' actors on the group name. If a feature is (invalidly) in two shared groups, the first
/// group in `groups` order wins; [`groups_from_map`] rejects that configuration.
pub fn bucket_keys(groups: &[GroupConfig]) -> VecMap<String, String> {
    let mut keys = VecMap::new();
    for group in groups.iter().filter(|g| g.shared_bucket) {
        for member in &group.members {
            if !keys.contains_key(member) {
                keys.insert(member.clone(), group.name.clone());
            }
        }
    }
    keys
}

/// The group that contains `feature`, if any (first match in `groups` order).
pub fn group_of<'a>(groups: &'a [GroupConfig], feature: &str) -> Option<&'a GroupConfig> {
    groups
        .iter()
        .find(|g| g.members.iter().any(|m| m == feature))
}

/// The session-pin key for a group: `group:<name>` (also the `explain` key).
pub fn pin_key(group: &GroupConfig) -> String {
    let mut key = String::from("group:");
    key.push_str(&group.name);
    key
}

/// What a group means for this user right now (before session pins).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "camelCase"))]
pub struct GroupResolution {
    /// On only when every member is on.
    pub value: bool,
    /// Some members on, some off (unknown members count as off). Report as `group_mixed`.
    pub mixed: bool,
    /// The group was rolled back: a session pin must be dropped at the next boundary.
    pub rollback: bool,
    /// Each member's own value, in configuration order.
    pub members: Vec<(String, bool)>,
}

/// Whether a decision is real data from a flag source (not a default or a QA override) saying the
/// feature is off for everyone.
fn fully_off_from_data(source: Source, fully_off: bool) -> bool {
    fully_off
        && matches!(
            source,
            Source::Flipper | Source::VetsApi | Source::Cache | Source::Bootstrap
        )
}

/// Resolves `group` against the current decisions.
///
/// Rollback rule (a rollback beats a session pin):
/// - any member evaluated locally from a Flipper document (`Source::Flipper`) that is `fully_off`
///   (boolean gate off and no other gate set: the operator turned it off for everyone), or
/// - every member known and `fully_off` from real data (vets-api, cache, bootstrap or Flipper):
///   server-evaluated values cannot tell "not in your percentage" from "off for everyone", so only
///   all members false counts.
///
/// Defaults (no data) and QA overrides are never rollback evidence, so a failed refresh cannot
/// move a pinned user. Members unknown to `view` count as off (a partial response is mixed ⇒ off).
pub fn resolve(group: &GroupConfig, view: &dyn FlagView) -> GroupResolution {
    let mut members = Vec::with_capacity(group.members.len());
    let mut any_local_off = false;
    let mut all_off = !group.members.is_empty();
    for name in &group.members {
        let decision = view.decision(name);
        let value = decision.is_some_and(|d| d.value);
        let off = decision.is_some_and(|d| fully_off_from_data(d.source, d.fully_off));
        any_local_off |= off && decision.is_some_and(|d| d.source == Source::Flipper);
        all_off &= off;
        members.push((name.clone(), value));
    }
    let on = members.iter().filter(|(_, v)| *v).count();
    let value = match group.policy {
        Policy::AllOrNone => !members.is_empty() && on == members.len(),
    };
    GroupResolution {
        value,
        mixed: on > 0 && on < members.len(),
        rollback: any_local_off || all_off,
        members,
    }
}

#[cfg(test)]
mod tests;
