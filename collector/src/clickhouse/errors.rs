//! What can go wrong talking to ClickHouse, each with a message a person can act on.

use std::time::Duration;

/// ClickHouse error codes that mean "not the table we expect" (see `docs/clickhouse.md`).
pub const WRONG_TABLE_CODES: [u32; 4] = [
    16, // NO_SUCH_COLUMN_IN_TABLE
    47, // UNKNOWN_IDENTIFIER (a column the query names is missing)
    60, // UNKNOWN_TABLE
    81, // UNKNOWN_DATABASE
];
/// AUTHENTICATION_FAILED, and REQUIRED_PASSWORD.
pub const AUTH_CODES: [u32; 2] = [516, 194];

#[derive(Debug, Clone, PartialEq)]
pub enum ClickHouseError {
    /// Bad `--clickhouse-url` / database / table name (nothing was sent).
    Config(String),
    /// No connection: refused, DNS, TLS handshake.
    Unreachable { url: String, reason: String },
    /// No complete answer within the timeout.
    Timeout { url: String, after: Duration },
    /// The server refused the credentials.
    Auth { code: u32, message: String },
    /// The table (or database, or a column the report needs) is not there.
    WrongTable { table: String, message: String },
    /// Any other query error, with ClickHouse's code and message.
    Query { code: u32, message: String },
    /// An answer that is not what ClickHouse sends (non-JSON row, HTTP error without a code).
    BadResponse(String),
}

impl std::fmt::Display for ClickHouseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Config(m) => write!(f, "ClickHouse configuration: {m}"),
            Self::Unreachable { url, reason } => {
                write!(f, "ClickHouse at {url} is unreachable: {reason}")
            }
            Self::Timeout { url, after } => write!(
                f,
                "ClickHouse at {url} did not answer within {} ms",
                after.as_millis()
            ),
            Self::Auth { code, message } => write!(
                f,
                "ClickHouse refused the credentials (code {code}): {message} \
                 (set CLICKHOUSE_USER / CLICKHOUSE_PASSWORD)"
            ),
            Self::WrongTable { table, message } => {
                write!(
                    f,
                    "ClickHouse table {table} is not an otel_logs table: {message}"
                )
            }
            Self::Query { code, message } => {
                write!(f, "ClickHouse query failed (code {code}): {message}")
            }
            Self::BadResponse(m) => write!(f, "unexpected answer from ClickHouse: {m}"),
        }
    }
}

impl std::error::Error for ClickHouseError {}

/// ClickHouse's exception text `Code: 60. DB::Exception: ...` → (60, the text).
pub fn parse_exception(text: &str) -> Option<(u32, String)> {
    let start = text.find("Code: ")?;
    let rest = &text[start + 6..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let code = digits.parse().ok()?;
    Some((code, text[start..].trim().to_string()))
}

/// The error for an exception `code` + `message` raised by a query on `table`.
pub fn classify(code: u32, message: String, table: &str) -> ClickHouseError {
    if WRONG_TABLE_CODES.contains(&code) {
        ClickHouseError::WrongTable {
            table: table.to_string(),
            message,
        }
    } else if AUTH_CODES.contains(&code) {
        ClickHouseError::Auth { code, message }
    } else {
        ClickHouseError::Query { code, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exception_text() {
        let (code, m) =
            parse_exception("Code: 60. DB::Exception: Unknown table x. (UNKNOWN_TABLE)\n").unwrap();
        assert_eq!(code, 60);
        assert!(m.starts_with("Code: 60."));
        assert_eq!(parse_exception("no exception"), None);
        assert_eq!(parse_exception("Code: x"), None);
    }

    #[test]
    fn classifies_codes() {
        assert!(matches!(
            classify(60, "m".into(), "t"),
            ClickHouseError::WrongTable { .. }
        ));
        assert!(matches!(
            classify(516, "m".into(), "t"),
            ClickHouseError::Auth { .. }
        ));
        assert!(matches!(
            classify(62, "m".into(), "t"),
            ClickHouseError::Query { code: 62, .. }
        ));
    }
}
