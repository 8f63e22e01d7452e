//! The VAOS service-or-legacy router: a data table (see [`table`]) turned into
//! `{method, url, system}` by [`VaosTable::endpoint`]. Which system a category uses is the
//! caller's choice (group resolution + session pin → [`system_for`]).

use crate::vecmap::VecMap;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use table::DEFAULT_ROWS;
use template::{Method, Template, TemplateError};

mod messages;
pub mod table;
pub mod template;

/// Most rows a table may hold after overrides.
pub const MAX_TABLE_ROWS: usize = 64;
/// Most entries in one `params` map.
pub const MAX_PARAMS: usize = 64;
/// Longest operation or category name (bytes).
pub const MAX_OPERATION_LEN: usize = 128;

/// Where a request goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "kebab-case")
)]
pub enum System {
    /// The VAOS service (`/vaos/v2/`).
    VaosService,
    /// The legacy endpoints (`/vaos/v0/`, `/v1/facilities/va`).
    Legacy,
}

/// The system a category toggle's (pinned, group-resolved) value selects.
pub fn system_for(toggle_value: bool) -> System {
    if toggle_value {
        System::VaosService
    } else {
        System::Legacy
    }
}

/// A parameter value: a string, or a list (repeated `key[]=v`, or `,`-joined for a plain key).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize), serde(untagged))]
pub enum ParamValue {
    Str(String),
    List(Vec<String>),
}

/// A built request target. `url` is a path and query, relative to the API origin.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "camelCase"))]
pub struct Endpoint {
    pub method: Method,
    pub url: String,
    pub system: System,
    pub operation: String,
    /// The category toggle whose (group) resolution chose `system`.
    pub category: String,
}

/// What is wrong with one parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamProblem {
    /// Required and absent, empty, or an empty list (item).
    Missing,
    /// A list given for a path segment.
    ListInPath,
    /// Is, contains or decodes to a `.` / `..` path segment.
    DotSegment,
    /// Longer than [`template::MAX_PARAM_LEN`] bytes.
    TooLong,
    /// More than [`template::MAX_LIST_LEN`] items.
    ListTooLong,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointError {
    UnknownOperation {
        op: String,
    },
    TooManyParams {
        op: String,
        count: usize,
    },
    Param {
        op: String,
        param: String,
        problem: ParamProblem,
    },
}

impl std::error::Error for EndpointError {}

/// One row: operation → category toggle → a template per system.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub category: String,
    pub vaos_service: Template,
    pub legacy: Template,
}

impl Row {
    pub fn template(&self, system: System) -> &Template {
        match system {
            System::VaosService => &self.vaos_service,
            System::Legacy => &self.legacy,
        }
    }
}

/// `{ method, path }` in configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "camelCase")
)]
pub struct TemplateSpec {
    pub method: Method,
    pub path: String,
}

/// A configuration entry: `{ category?, vaosService?, legacy? }`. For a new operation all three
/// are required; for an existing one, given fields replace the row's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "camelCase")
)]
pub struct RowOverride {
    pub category: Option<String>,
    pub vaos_service: Option<TemplateSpec>,
    pub legacy: Option<TemplateSpec>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableError {
    BadOperationName {
        op: String,
    },
    BadCategory {
        op: String,
    },
    Incomplete {
        op: String,
        missing: &'static str,
    },
    BadTemplate {
        op: String,
        system: System,
        error: TemplateError,
    },
    TooManyRows {
        count: usize,
    },
}

impl std::error::Error for TableError {}

fn valid_operation(op: &str) -> bool {
    !op.is_empty()
        && op.len() <= MAX_OPERATION_LEN
        && op
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn parse_cell(
    op: &str,
    system: System,
    method: Method,
    path: &str,
) -> Result<Template, TableError> {
    Template::parse(method, path).map_err(|error| TableError::BadTemplate {
        op: op.to_string(),
        system,
        error,
    })
}

/// The routing table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaosTable {
    rows: VecMap<String, Row>,
}

impl Default for VaosTable {
    /// The VA.gov table ([`DEFAULT_ROWS`]).
    fn default() -> Self {
        let rows = DEFAULT_ROWS
            .iter()
            .filter_map(|(op, category, (vm, vp), (lm, lp))| {
                let vaos_service = parse_cell(op, System::VaosService, *vm, vp).ok()?;
                let legacy = parse_cell(op, System::Legacy, *lm, lp).ok()?;
                Some((
                    op.to_string(),
                    Row {
                        category: category.to_string(),
                        vaos_service,
                        legacy,
                    },
                ))
            })
            .collect();
        VaosTable { rows }
    }
}

impl VaosTable {
    /// Extends or overrides rows from configuration (`{ "op.name": { category, vaosService, legacy } }`),
    /// validating every template. On error the table is unchanged (the error is returned instead).
    pub fn with_overrides(
        self,
        entries: VecMap<String, RowOverride>,
    ) -> Result<VaosTable, TableError> {
        let mut rows = self.rows;
        for (op, entry) in entries {
            if !valid_operation(&op) {
                return Err(TableError::BadOperationName { op });
            }
            if let Some(category) = &entry.category {
                if category.is_empty() || category.len() > MAX_OPERATION_LEN {
                    return Err(TableError::BadCategory { op });
                }
            }
            let cell = |spec: &Option<TemplateSpec>, system| {
                spec.as_ref()
                    .map(|s| parse_cell(&op, system, s.method, &s.path))
                    .transpose()
            };
            let vaos_service = cell(&entry.vaos_service, System::VaosService)?;
            let legacy = cell(&entry.legacy, System::Legacy)?;
            let row = match rows.remove(&op) {
                Some(old) => Row {
                    category: entry.category.unwrap_or(old.category),
                    vaos_service: vaos_service.unwrap_or(old.vaos_service),
                    legacy: legacy.unwrap_or(old.legacy),
                },
                None => Row {
                    category: entry.category.ok_or(TableError::Incomplete {
                        op: op.clone(),
                        missing: "a category",
                    })?,
                    vaos_service: vaos_service.ok_or(TableError::Incomplete {
                        op: op.clone(),
                        missing: "a vaosService {method, path}",
                    })?,
                    legacy: legacy.ok_or(TableError::Incomplete {
                        op: op.clone(),
                        missing: "a legacy {method, path}",
                    })?,
                },
            };
            rows.insert(op, row);
            if rows.len() > MAX_TABLE_ROWS {
                return Err(TableError::TooManyRows { count: rows.len() });
            }
        }
        Ok(VaosTable { rows })
    }

    /// The row for `op`.
    pub fn row(&self, op: &str) -> Option<&Row> {
        self.rows.get(op)
    }

    /// The category toggle of `op` (the toggle whose group decides its system).
    pub fn category_toggle(&self, op: &str) -> Option<&str> {
        self.rows.get(op).map(|r| r.category.as_str())
    }

    /// All operation names, sorted.
    pub fn operations(&self) -> impl Iterator<Item = &str> {
        self.rows.keys().map(String::as_str)
    }

    /// Builds the request for `op` on `system`. Path parameters and query values are
    /// percent-encoded; an id that is empty or (after decoding) a dot segment is an error.
    pub fn endpoint(
        &self,
        op: &str,
        params: &VecMap<String, ParamValue>,
        system: System,
    ) -> Result<Endpoint, EndpointError> {
        let row = self
            .rows
            .get(op)
            .ok_or_else(|| EndpointError::UnknownOperation {
                op: op.chars().take(MAX_OPERATION_LEN).collect(),
            })?;
        if params.len() > MAX_PARAMS {
            return Err(EndpointError::TooManyParams {
                op: op.to_string(),
                count: params.len(),
            });
        }
        let template = row.template(system);
        Ok(Endpoint {
            method: template.method,
            url: template.build(op, params)?,
            system,
            operation: op.to_string(),
            category: row.category.clone(),
        })
    }
}

#[cfg(test)]
mod tests;
