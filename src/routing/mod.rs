//! Routing: the Secure Messaging new-message flow, the VAOS service-or-legacy router, rollout groups and session pins. Pure Rust.

pub mod encode;
pub mod groups;
pub mod pins;
pub mod secure_messaging;
pub mod sm_pages;
pub mod vaos;
pub mod vaos_table;
pub mod vaos_template;

pub use groups::{
    bucket_keys, group_of, groups_from_map, pin_key, resolve, vaos_preset, GroupConfig, GroupError,
    GroupResolution, Policy, MAX_GROUPS, MAX_GROUP_MEMBERS, MAX_GROUP_NAME_LEN, VAOS_GROUP, VAOS_TOGGLES,
};
pub use pins::{PinOutcome, Pins, MAX_PINS, MAX_PIN_KEY_LEN, PINS_VERSION};
pub use secure_messaging::{
    care_system_picker, show_update_contact_list, CareSystem, Flow, GuardReason, Guarded, Picker, Route, RouteError,
    SecureMessaging, SmContext, Transition, DEFAULT_BASE_PATH, MAX_BASE_PATH_LEN, MAX_PATH_LEN,
};
pub use sm_pages::{Action, Page, Target, TRANSITIONS};
pub use vaos::{
    system_for, Endpoint, EndpointError, ParamValue, Row, RowOverride, System, TableError, TemplateSpec, VaosTable,
    MAX_OPERATION_LEN, MAX_PARAMS, MAX_TABLE_ROWS,
};
pub use vaos_template::{Method, Template, TemplateError, MAX_LIST_LEN, MAX_PARAM_LEN, MAX_TEMPLATE_LEN};

#[cfg(test)]
mod test_support;

#[cfg(test)]
mod session_tests;
