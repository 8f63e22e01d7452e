//! Flags: the stored Flipper gates, the vets-api compatible toggles endpoint and the Flipper API.
//! Evaluation is the SDK's engine (`engine` is the bridge).

pub mod engine;
pub mod flipper_api;
pub mod model;
pub mod toggles;
