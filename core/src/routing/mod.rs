//! Routing: the Secure Messaging new-message flow, the VAOS service-or-legacy router, rollout
//! groups and session pins. Pure Rust: no clock, no storage; the shell passes both in.
//!
//! How the facade puts it together at a navigation boundary (`start`, `next`, `guard`, `endpoint`):
//! 1. VAOS: `op` → [`VaosTable::category_toggle`] → [`group_of`] → [`resolve`] (all-or-none,
//!    mixed ⇒ off, rollback rule) → [`Pins::at_boundary`] on [`pin_key`] → [`system_for`] →
//!    [`VaosTable::endpoint`]. A toggle outside every group uses its own value.
//! 2. Secure Messaging: [`resolve`] [`curated_flow_group`] and pin it on [`FLOW_PIN_KEY`] → pass the pinned value as `flow_on` to
//!    [`SecureMessaging::start`]/[`SecureMessaging::next`]/[`SecureMessaging::guard`], with the
//!    live `mhv_secure_messaging_recent_recipients` value as `recent_on`.
//! 3. Hand every returned [`Transition`] to the transition hook; report `group_mixed` when a
//!    [`GroupResolution`] is `mixed`; write [`Pins`] to sessionStorage when [`Pins::changed`].

//!
//! Without the `routing` feature only [`groups`] is built: rollout groups and their shared
//! buckets are part of flag evaluation, the rest is the router.

#[cfg(feature = "routing")]
pub mod encode;
pub mod groups;
#[cfg(feature = "routing")]
pub mod pins;
#[cfg(feature = "routing")]
pub mod secure_messaging;
#[cfg(feature = "routing")]
pub mod sm_pages;
#[cfg(feature = "routing")]
pub mod sm_ui;
#[cfg(feature = "routing")]
pub mod vaos;
#[cfg(feature = "routing")]
pub mod vaos_table;
#[cfg(feature = "routing")]
pub mod vaos_template;

pub use groups::{
    bucket_keys, group_of, groups_from_map, pin_key, resolve, vaos_preset, GroupConfig, GroupError,
    GroupResolution, Policy, MAX_GROUPS, MAX_GROUP_MEMBERS, MAX_GROUP_NAME_LEN, VAOS_GROUP,
    VAOS_TOGGLES,
};
#[cfg(feature = "routing")]
pub use pins::{PinOutcome, Pins, MAX_PINS, MAX_PIN_KEY_LEN, PINS_VERSION};
#[cfg(feature = "routing")]
pub use secure_messaging::{
    curated_flow_group, Flow, GuardReason, Guarded, Route, RouteError, SecureMessaging, SmConfig,
    SmContext, Transition, CURATED_FLOW_TOGGLE, DEFAULT_BASE_PATH, FLOW_PIN_KEY, MAX_BASE_PATH_LEN,
    MAX_PATH_LEN, RECENT_RECIPIENTS_TOGGLE,
};
#[cfg(feature = "routing")]
pub use sm_pages::{Action, Page, Target, TRANSITIONS};
#[cfg(feature = "routing")]
pub use sm_ui::{care_system_picker, show_update_contact_list, CareSystem, Picker};
#[cfg(feature = "routing")]
pub use vaos::{
    system_for, Endpoint, EndpointError, ParamProblem, ParamValue, Row, RowOverride, System,
    TableError, TemplateSpec, VaosTable, MAX_OPERATION_LEN, MAX_PARAMS, MAX_TABLE_ROWS,
};
#[cfg(feature = "routing")]
pub use vaos_template::{
    Method, Template, TemplateError, MAX_LIST_LEN, MAX_PARAM_LEN, MAX_TEMPLATE_LEN,
};

#[cfg(test)]
mod test_support;

#[cfg(all(test, feature = "routing"))]
mod session_tests;
