//! Routing: the Secure Messaging new-message flow, the VAOS service-or-legacy router, rollout groups and session pins. Pure Rust.

pub mod groups;
pub mod pins;

pub use groups::{
    bucket_keys, group_of, groups_from_map, pin_key, resolve, vaos_preset, GroupConfig, GroupError,
    GroupResolution, Policy, MAX_GROUPS, MAX_GROUP_MEMBERS, MAX_GROUP_NAME_LEN, VAOS_GROUP, VAOS_TOGGLES,
};
pub use pins::{PinOutcome, Pins, MAX_PINS, MAX_PIN_KEY_LEN, PINS_VERSION};

#[cfg(test)]
mod test_support;
