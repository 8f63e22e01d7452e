//! The Secure Messaging route errors' texts, built without `core::fmt` (`Display` writes the
//! same text).

use super::{RouteError, MAX_BASE_PATH_LEN};
use crate::text;
use crate::text::Q;
use std::fmt;

impl RouteError {
    pub fn message(&self) -> String {
        match self {
            RouteError::BadBasePath { base } => text![
                "secure messaging: invalid base path ",
                Q(base),
                " (empty, or '/' followed by A-Z a-z 0-9 - . _ ~ /, at most ",
                MAX_BASE_PATH_LEN,
                " bytes)"
            ],
            RouteError::UnknownPath { path, action } => text![
                "secure messaging: ",
                Q(path),
                " is not a page of the new-message flow (action ",
                Q(action),
                ")"
            ],
            RouteError::UnknownAction { page, action } => text![
                "secure messaging: unknown action ",
                Q(action),
                " on page ",
                page.rel_path()
            ],
            RouteError::FlowOff { page, action } => text![
                "secure messaging: action ",
                Q(action.as_str()),
                " on page ",
                page.rel_path(),
                " needs the curated flow, which is off (legacy compose has no steps)"
            ],
            RouteError::NotOnPage { page, action } => text![
                "secure messaging: action ",
                Q(action.as_str()),
                " does not apply to page ",
                page.rel_path()
            ],
        }
    }
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}
