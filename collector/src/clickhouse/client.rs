//! A small client for ClickHouse's HTTP interface: the query in the POST body, answers in
//! `FORMAT JSONEachRow`, credentials in `X-ClickHouse-User` / `X-ClickHouse-Key`, errors from
//! `X-ClickHouse-Exception-Code` or from an exception written into a 200 body mid-stream.

use std::time::Duration;

use serde_json::{Map, Value};

use super::errors::{classify, parse_exception, ClickHouseError};
use super::sql::{Span, Sql};

/// Environment variables holding the credentials (never a command-line flag: it would show in
/// `ps`).
pub const ENV_USER: &str = "CLICKHOUSE_USER";
pub const ENV_PASSWORD: &str = "CLICKHOUSE_PASSWORD";
pub const DEFAULT_DATABASE: &str = "default";
pub const DEFAULT_TABLE: &str = "otel_logs";
/// How long one query may take by default (`--clickhouse-timeout-ms`).
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(DEFAULT_TIMEOUT_MS);
/// Largest answer read (a report's aggregates are kilobytes; more means a wrong query).
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;
/// Columns of the exporter's table that the report's queries read.
pub const REQUIRED_COLUMNS: [&str; 5] = [
    "Timestamp",
    "TimestampTime",
    "Body",
    "LogAttributes",
    "EventName",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `http://host:8123` or `https://host:8443` (no path, query or credentials).
    pub url: String,
    pub database: String,
    pub table: String,
    pub user: Option<String>,
    pub password: Option<String>,
    pub timeout: Duration,
}

/// A database or table name: `[A-Za-z0-9_]`, 1..=128 bytes, so it can be quoted safely.
pub fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.len() <= 128 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl Config {
    /// A checked configuration; credentials from `CLICKHOUSE_USER` / `CLICKHOUSE_PASSWORD`.
    pub fn new(url: &str, database: &str, table: &str) -> Result<Self, ClickHouseError> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Self::with_credentials(url, database, table, env(ENV_USER), env(ENV_PASSWORD))
    }

    pub fn with_credentials(
        url: &str,
        database: &str,
        table: &str,
        user: Option<String>,
        password: Option<String>,
    ) -> Result<Self, ClickHouseError> {
        let bad = |m: String| Err(ClickHouseError::Config(m));
        let rest = url
            .strip_prefix("http://")
            .or_else(|| url.strip_prefix("https://"));
        let Some(rest) = rest else {
            return bad(format!(
                "--clickhouse-url must start with http:// or https://: {url}"
            ));
        };
        let host = rest.trim_end_matches('/');
        if host.is_empty() || host.contains(['/', '?', '#', '@']) {
            return bad(format!(
                "--clickhouse-url must be scheme://host[:port] only (credentials go in \
                 {ENV_USER} / {ENV_PASSWORD}): {url}"
            ));
        }
        for (what, name) in [("database", database), ("table", table)] {
            if !is_identifier(name) {
                return bad(format!(
                    "--clickhouse-{what} must be letters, digits or _: {name:?}"
                ));
            }
        }
        Ok(Config {
            url: url.trim_end_matches('/').to_string(),
            database: database.to_string(),
            table: table.to_string(),
            user,
            password,
            timeout: DEFAULT_TIMEOUT,
        })
    }

    /// `` `database`.`table` `` for the queries.
    pub fn qualified_table(&self) -> String {
        format!("`{}`.`{}`", self.database, self.table)
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    config: Config,
}

impl Client {
    pub fn new(config: Config) -> Result<Self, ClickHouseError> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| ClickHouseError::Config(format!("HTTP client: {e}")))?;
        Ok(Client { http, config })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Runs `sql` (without a FORMAT clause) and returns its rows as JSON objects.
    pub async fn query(&self, sql: &str) -> Result<Vec<Map<String, Value>>, ClickHouseError> {
        self.query_with(sql, &[]).await
    }

    /// Runs a report query over the configured table for window `w`: binds `{db:Identifier}`,
    /// `{table:Identifier}` and the window's parameters (`Span::params`).
    pub async fn query_window(
        &self,
        sql: &Sql,
        w: Span,
    ) -> Result<Vec<Map<String, Value>>, ClickHouseError> {
        self.query_window_split(sql, w, &super::sql::default_variant_attr())
            .await
    }

    /// As [`Client::query_window`], with the `variant` scope split on `variant_attr`
    /// (`sql::variant_attr`).
    pub async fn query_window_split(
        &self,
        sql: &Sql,
        w: Span,
        variant_attr: &str,
    ) -> Result<Vec<Map<String, Value>>, ClickHouseError> {
        let mut params = vec![
            ("db", self.config.database.clone()),
            ("table", self.config.table.clone()),
            ("variant_attr", variant_attr.to_string()),
        ];
        params.extend(w.params());
        self.query_with(sql.text(), &params).await
    }

    /// Runs `sql` with query parameters bound by ClickHouse (`param_<name>` in the URL; the
    /// values never enter the SQL text).
    pub async fn query_with(
        &self,
        sql: &str,
        params: &[(&str, String)],
    ) -> Result<Vec<Map<String, Value>>, ClickHouseError> {
        let c = &self.config;
        let mut url_params: Vec<(String, &str)> = vec![
            ("database".into(), c.database.as_str()),
            ("default_format".into(), "JSONEachRow"),
            ("output_format_json_quote_64bit_integers".into(), "0"),
        ];
        url_params.extend(
            params
                .iter()
                .map(|(k, v)| (format!("param_{k}"), v.as_str())),
        );
        let mut req = self
            .http
            .post(format!("{}/", c.url))
            .query(&url_params)
            .body(format!("{sql}\nFORMAT JSONEachRow"));
        if let Some(u) = &c.user {
            req = req.header("X-ClickHouse-User", u);
        }
        if let Some(p) = &c.password {
            req = req.header("X-ClickHouse-Key", p);
        }
        let resp = req.send().await.map_err(|e| self.transport(e))?;
        let status = resp.status();
        let code = resp
            .headers()
            .get("X-ClickHouse-Exception-Code")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u32>().ok());
        let body = resp.bytes().await.map_err(|e| self.transport(e))?;
        if body.len() > MAX_RESPONSE_BYTES {
            return Err(ClickHouseError::BadResponse(format!(
                "answer larger than {MAX_RESPONSE_BYTES} bytes"
            )));
        }
        let text = String::from_utf8_lossy(&body);
        if let Some(code) = code {
            return Err(classify(
                code,
                text.trim().to_string(),
                &c.qualified_table(),
            ));
        }
        if !status.is_success() {
            return Err(match parse_exception(&text) {
                Some((code, m)) => classify(code, m, &c.qualified_table()),
                None => ClickHouseError::BadResponse(format!("HTTP {status}: {}", text.trim())),
            });
        }
        parse_rows(&text, &c.qualified_table())
    }

    /// Checks that the table exists and has the exporter's columns the queries read.
    pub async fn check_table(&self) -> Result<(), ClickHouseError> {
        let c = &self.config;
        let rows = self
            .query_with(
                "SELECT name FROM system.columns WHERE database = {db:String} AND table = {table:String}",
                &[("db", c.database.clone()), ("table", c.table.clone())],
            )
            .await?;
        let have: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.get("name").and_then(Value::as_str))
            .collect();
        if have.is_empty() {
            return Err(ClickHouseError::WrongTable {
                table: c.qualified_table(),
                message: "no such table".into(),
            });
        }
        let missing: Vec<&str> = REQUIRED_COLUMNS
            .into_iter()
            .filter(|col| !have.contains(col))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(ClickHouseError::WrongTable {
                table: c.qualified_table(),
                message: format!("missing columns {}", missing.join(", ")),
            })
        }
    }

    fn transport(&self, e: reqwest::Error) -> ClickHouseError {
        let url = self.config.url.clone();
        if e.is_timeout() {
            ClickHouseError::Timeout {
                url,
                after: self.config.timeout,
            }
        } else {
            let mut reason = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                reason = format!("{reason}: {s}");
                src = s.source();
            }
            ClickHouseError::Unreachable { url, reason }
        }
    }
}

/// JSONEachRow text → rows. An exception written after a 200 (ClickHouse streams, so a late
/// error lands in the body) is a query error, not a row.
pub fn parse_rows(text: &str, table: &str) -> Result<Vec<Map<String, Value>>, ClickHouseError> {
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(m)) => {
                if let Some(e) = m.get("exception").and_then(Value::as_str) {
                    let (code, msg) = parse_exception(e).unwrap_or((0, e.to_string()));
                    return Err(classify(code, msg, table));
                }
                rows.push(m);
            }
            _ => {
                return Err(match parse_exception(line) {
                    Some((code, m)) => classify(code, m, table),
                    None => ClickHouseError::BadResponse(format!(
                        "not a JSONEachRow line: {}",
                        line.chars().take(200).collect::<String>()
                    )),
                })
            }
        }
    }
    Ok(rows)
}

/// A count from a row (ClickHouse may quote 64-bit integers).
pub fn get_u64(row: &Map<String, Value>, key: &str) -> u64 {
    match row.get(key) {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
        Some(Value::String(s)) => s.parse().unwrap_or(0),
        _ => 0,
    }
}

/// A float from a row (`null` and absent → `None`).
pub fn get_f64(row: &Map<String, Value>, key: &str) -> Option<f64> {
    match row.get(key) {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
}

/// A string from a row.
pub fn get_str<'a>(row: &'a Map<String, Value>, key: &str) -> &'a str {
    row.get(key).and_then(Value::as_str).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_checks_url_and_names() {
        let ok =
            Config::with_credentials("http://127.0.0.1:8123/", "default", "otel_logs", None, None)
                .unwrap();
        assert_eq!(ok.url, "http://127.0.0.1:8123");
        assert_eq!(ok.qualified_table(), "`default`.`otel_logs`");
        for url in [
            "ftp://x",
            "http://",
            "http://u:p@h",
            "http://h/path",
            "h:8123",
        ] {
            assert!(
                Config::with_credentials(url, "d", "t", None, None).is_err(),
                "{url}"
            );
        }
        assert!(Config::with_credentials("http://h", "d;", "t", None, None).is_err());
        assert!(Config::with_credentials("http://h", "d", "t`x", None, None).is_err());
    }

    #[test]
    fn rows_and_late_exceptions() {
        let rows = parse_rows("{\"a\":1}\n{\"a\":\"2\"}\n", "t").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(get_u64(&rows[1], "a"), 2);
        let late = parse_rows("{\"a\":1}\nCode: 241. DB::Exception: Memory limit\n", "t");
        assert_eq!(
            late.unwrap_err(),
            ClickHouseError::Query {
                code: 241,
                message: "Code: 241. DB::Exception: Memory limit".into()
            }
        );
        assert!(matches!(
            parse_rows("<html>", "t"),
            Err(ClickHouseError::BadResponse(_))
        ));
    }
}
