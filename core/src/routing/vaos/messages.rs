//! The VAOS errors' texts, built without `core::fmt` (`Display` writes the same text).

use super::template::{MAX_LIST_LEN, MAX_PARAM_LEN};
use super::{EndpointError, ParamProblem, System, TableError};
use super::{MAX_OPERATION_LEN, MAX_PARAMS, MAX_TABLE_ROWS};
use crate::text;
use crate::text::Q;
use std::fmt;

impl ParamProblem {
    pub fn message(&self) -> String {
        match self {
            ParamProblem::Missing => "is required but missing or empty".to_owned(),
            ParamProblem::ListInPath => "is a path segment and must be a single string".to_owned(),
            ParamProblem::DotSegment => "is or decodes to a '.' or '..' path segment".to_owned(),
            ParamProblem::TooLong => text!["is longer than ", MAX_PARAM_LEN, " bytes"],
            ParamProblem::ListTooLong => text!["has more than ", MAX_LIST_LEN, " items"],
        }
    }
}

impl EndpointError {
    pub fn message(&self) -> String {
        match self {
            EndpointError::UnknownOperation { op } => text!["vaos: unknown operation ", Q(op)],
            EndpointError::TooManyParams { op, count } => text![
                "vaos ",
                op,
                ": ",
                count,
                " parameters given, at most ",
                MAX_PARAMS,
                " allowed"
            ],
            EndpointError::Param { op, param, problem } => {
                text![
                    "vaos ",
                    op,
                    ": parameter ",
                    Q(param),
                    " ",
                    problem.message()
                ]
            }
        }
    }
}

/// `{:?}` of a [`System`] (its variant name).
fn system_name(system: System) -> &'static str {
    match system {
        System::VaosService => "VaosService",
        System::Legacy => "Legacy",
    }
}

impl TableError {
    pub fn message(&self) -> String {
        match self {
            TableError::BadOperationName { op } => text![
                "vaos table: invalid operation name ",
                Q(op),
                " (1-",
                MAX_OPERATION_LEN,
                " of A-Z a-z 0-9 . _ -)"
            ],
            TableError::BadCategory { op } => text![
                "vaos table ",
                op,
                ": category must be a toggle name of 1-",
                MAX_OPERATION_LEN,
                " bytes"
            ],
            TableError::Incomplete { op, missing } => {
                text!["vaos table: new operation ", Q(op), " needs ", missing]
            }
            TableError::BadTemplate { op, system, error } => text![
                "vaos table ",
                op,
                " (",
                system_name(*system),
                "): ",
                error.message()
            ],
            TableError::TooManyRows { count } => text![
                "vaos table: ",
                count,
                " rows, at most ",
                MAX_TABLE_ROWS,
                " allowed"
            ],
        }
    }
}

macro_rules! display_by_message {
    ($($t:ty),*) => {$(impl fmt::Display for $t {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.message())
        }
    })*};
}
display_by_message!(ParamProblem, EndpointError, TableError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_names_are_debug() {
        for s in [System::VaosService, System::Legacy] {
            assert_eq!(system_name(s), format!("{s:?}"));
        }
    }
}
