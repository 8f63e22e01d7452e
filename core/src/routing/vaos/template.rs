//! URL templates for the VAOS routing table: `/vaos/v2/locations/{locationId}/clinics?clinical_service={clinicalService?}`.
//!
//! Grammar (validated when a table is built, so configuration cannot smuggle anything in):
//! - the path starts with `/`; each segment is a literal (`A-Z a-z 0-9 - . _ ~`, not `.`/`..`) or a
//!   whole-segment placeholder `{name}` (always required);
//! - the optional query is `&`-separated `key=value` items: the value is a literal (unreserved
//!   characters and `,`) or a placeholder `{name}` / `{name?}` (optional). A key ending in `[]`
//!   takes a list and repeats (`ids[]=1&ids[]=2`); a plain key given a list joins it with `,`.
//!
//! Placeholder names are the caller-facing parameter names, shared by both systems (legacy
//! `start_date={start}` and v2 `start={start}` both read `start`).

use crate::vecmap::VecMap;
use std::fmt;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use super::{EndpointError, ParamProblem, ParamValue};
use crate::routing::encode::{hides_dot_segment, percent_encode};

/// Longest template accepted (bytes).
pub const MAX_TEMPLATE_LEN: usize = 512;
/// Longest parameter value accepted (bytes, per value or list item).
pub const MAX_PARAM_LEN: usize = 1024;
/// Most items in one list parameter.
pub const MAX_LIST_LEN: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "UPPERCASE")
)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum QueryValue {
    Literal(String),
    Param { name: String, optional: bool },
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct QueryItem {
    key: String,
    value: QueryValue,
}

/// A parsed, validated `{method, path}` row cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub method: Method,
    source: String,
    segments: Vec<Segment>,
    query: Vec<QueryItem>,
}

/// Why a template was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub template: String,
    pub why: &'static str,
}

impl TemplateError {
    /// The `Display` text, without `core::fmt`.
    pub fn message(&self) -> String {
        crate::text![
            "invalid path template ",
            crate::text::Q(&self.template),
            ": ",
            self.why
        ]
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for TemplateError {}

fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

fn placeholder(text: &str) -> Option<&str> {
    text.strip_prefix('{').and_then(|t| t.strip_suffix('}'))
}

fn valid_param_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn parse_segment(text: &str) -> Result<Segment, &'static str> {
    if let Some(name) = placeholder(text) {
        return if valid_param_name(name) {
            Ok(Segment::Param(name.to_string()))
        } else {
            Err("bad path placeholder name")
        };
    }
    if text.is_empty() {
        return Err("empty path segment (double or trailing slash)");
    }
    if text == "." || text == ".." {
        return Err("dot segment in path");
    }
    if !text.chars().all(is_unreserved) {
        return Err("path literal may only use A-Z a-z 0-9 - . _ ~");
    }
    Ok(Segment::Literal(text.to_string()))
}

fn parse_query_item(text: &str) -> Result<QueryItem, &'static str> {
    let (key, value) = text.split_once('=').ok_or("query item without '='")?;
    let base = key.strip_suffix("[]").unwrap_or(key);
    if base.is_empty() || !base.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err("query key may only use A-Z a-z 0-9 _ (optionally ending in [])");
    }
    let value = match placeholder(value) {
        Some(inner) => {
            let (name, optional) = match inner.strip_suffix('?') {
                Some(name) => (name, true),
                None => (inner, false),
            };
            if !valid_param_name(name) {
                return Err("bad query placeholder name");
            }
            QueryValue::Param {
                name: name.to_string(),
                optional,
            }
        }
        None if value.chars().all(|c| is_unreserved(c) || c == ',') => {
            QueryValue::Literal(value.to_string())
        }
        None => return Err("query literal may only use A-Z a-z 0-9 - . _ ~ ,"),
    };
    Ok(QueryItem {
        key: key.to_string(),
        value,
    })
}

impl Template {
    pub fn parse(method: Method, template: &str) -> Result<Template, TemplateError> {
        let err = |why| TemplateError {
            template: template.chars().take(MAX_TEMPLATE_LEN).collect(),
            why,
        };
        if template.len() > MAX_TEMPLATE_LEN {
            return Err(err("too long"));
        }
        let (path, query) = match template.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (template, None),
        };
        let rest = path
            .strip_prefix('/')
            .ok_or_else(|| err("path must start with '/'"))?;
        let segments = rest
            .split('/')
            .map(parse_segment)
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        let query = match query {
            Some(q) => q
                .split('&')
                .map(parse_query_item)
                .collect::<Result<Vec<_>, _>>()
                .map_err(err)?,
            None => Vec::new(),
        };
        Ok(Template {
            method,
            source: template.to_string(),
            segments,
            query,
        })
    }

    /// The template text as configured.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The literal path before the first placeholder, e.g. `/vaos/v2/appointments` for
    /// `/vaos/v2/appointments/{id}`: no built URL leaves it.
    pub fn prefix(&self) -> String {
        self.segments
            .iter()
            .map_while(|s| match s {
                Segment::Literal(l) => Some(l.as_str()),
                Segment::Param(_) => None,
            })
            .fold(String::new(), |mut acc, l| {
                acc.push('/');
                acc.push_str(l);
                acc
            })
    }

    /// Number of path segments (a built URL's path has exactly this many).
    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

    /// Builds `path?query` from `params`. Params the template does not use are ignored (each
    /// system needs its own subset).
    pub fn build(
        &self,
        op: &str,
        params: &VecMap<String, ParamValue>,
    ) -> Result<String, EndpointError> {
        let mut url = String::new();
        for segment in &self.segments {
            url.push('/');
            match segment {
                Segment::Literal(l) => url.push_str(l),
                Segment::Param(name) => url.push_str(&path_value(op, name, params.get(name))?),
            }
        }
        let mut separator = '?';
        for item in &self.query {
            let values = match &item.value {
                QueryValue::Literal(l) => vec![l.clone()],
                QueryValue::Param { name, optional } => {
                    query_values(op, name, *optional, &item.key, params.get(name))?
                }
            };
            for value in values {
                url.push(separator);
                separator = '&';
                url.push_str(&item.key);
                url.push('=');
                url.push_str(&value);
            }
        }
        Ok(url)
    }
}

fn param_error(op: &str, name: &str, problem: ParamProblem) -> EndpointError {
    EndpointError::Param {
        op: op.to_string(),
        param: name.to_string(),
        problem,
    }
}

fn checked<'a>(op: &str, name: &str, value: &'a str) -> Result<&'a str, EndpointError> {
    if value.len() > MAX_PARAM_LEN {
        return Err(param_error(op, name, ParamProblem::TooLong));
    }
    Ok(value)
}

fn path_value(op: &str, name: &str, value: Option<&ParamValue>) -> Result<String, EndpointError> {
    let value = match value {
        Some(ParamValue::Str(s)) if !s.is_empty() => checked(op, name, s)?,
        Some(ParamValue::List(_)) => return Err(param_error(op, name, ParamProblem::ListInPath)),
        _ => return Err(param_error(op, name, ParamProblem::Missing)),
    };
    if hides_dot_segment(value) {
        return Err(param_error(op, name, ParamProblem::DotSegment));
    }
    Ok(percent_encode(value))
}

fn query_values(
    op: &str,
    name: &str,
    optional: bool,
    key: &str,
    value: Option<&ParamValue>,
) -> Result<Vec<String>, EndpointError> {
    let items: Vec<&str> = match value {
        Some(ParamValue::Str(s)) if !s.is_empty() => vec![checked(op, name, s)?],
        Some(ParamValue::List(list)) if list.len() > MAX_LIST_LEN => {
            return Err(param_error(op, name, ParamProblem::ListTooLong))
        }
        Some(ParamValue::List(list)) if list.iter().any(String::is_empty) => {
            return Err(param_error(op, name, ParamProblem::Missing))
        }
        Some(ParamValue::List(list)) => list
            .iter()
            .map(|s| checked(op, name, s))
            .collect::<Result<_, _>>()?,
        _ => Vec::new(),
    };
    if items.is_empty() {
        return if optional {
            Ok(Vec::new())
        } else {
            Err(param_error(op, name, ParamProblem::Missing))
        };
    }
    let encoded = items.into_iter().map(percent_encode);
    Ok(if key.ends_with("[]") {
        encoded.collect()
    } else {
        vec![encoded.collect::<Vec<_>>().join(",")]
    })
}
