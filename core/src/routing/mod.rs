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

pub mod encode;
pub mod pins;
pub mod secure_messaging;
pub mod vaos;
pub mod wire;

pub use pins::{PinOutcome, Pins, MAX_PINS, MAX_PIN_KEY_LEN};
pub use secure_messaging::pages::{Action, Page, Target, TRANSITIONS};
pub use secure_messaging::ui::{care_system_picker, show_update_contact_list, CareSystem, Picker};
pub use secure_messaging::{
    curated_flow_group, Flow, GuardReason, Guarded, Route, RouteError, SecureMessaging, SmConfig,
    SmContext, Transition, CURATED_FLOW_TOGGLE, DEFAULT_BASE_PATH, FLOW_PIN_KEY, MAX_BASE_PATH_LEN,
    MAX_PATH_LEN, RECENT_RECIPIENTS_TOGGLE,
};
pub use vaos::template::{
    Method, Template, TemplateError, MAX_LIST_LEN, MAX_PARAM_LEN, MAX_TEMPLATE_LEN,
};
pub use vaos::{
    system_for, Endpoint, EndpointError, ParamProblem, ParamValue, Row, RowOverride, System,
    TableError, TemplateSpec, VaosTable, MAX_OPERATION_LEN, MAX_PARAMS, MAX_TABLE_ROWS,
};

#[cfg(test)]
mod tests;
