//! Command-line options and their validation (loopback rule, static mounts, CORS origins).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// Default body cap for every request that carries one (ingest, Flipper API writes): 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
/// Default capacity of the bounded queue between ingest handlers and the single writer.
pub const DEFAULT_INGEST_QUEUE: usize = 256;
/// Exit code for invalid options (non-loopback without a token, bad mount, ...).
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "va-rollout-collector",
    version,
    about = "va-rollout dev collector: flags, OTLP ingest, rollout report"
)]
pub struct Options {
    /// Address to listen on. A non-loopback address requires --admin-token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// SQLite database file (WAL mode).
    #[arg(long, default_value = "./va-rollout.db")]
    pub db: PathBuf,
    /// Token for admin endpoints (Flipper API writes, demo knobs). Generated per run on loopback if absent.
    #[arg(long, env = "VA_ROLLOUT_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Flipper features document (JSON) to seed the flag store at start (existing features are replaced).
    #[arg(long)]
    pub flags_file: Option<PathBuf>,
    /// Static mount `prefix=dir`, repeatable, e.g. `/=www/dist` `/pkg=pkg`.
    #[arg(long = "static-dir")]
    pub static_dirs: Vec<String>,
    /// Allowed CORS origin, repeatable. Default: the collector's own loopback origins.
    #[arg(long = "cors-origin")]
    pub cors_origins: Vec<String>,
    /// Maximum request body size in bytes (after gzip decoding, for ingest).
    #[arg(long, default_value_t = DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
    /// Capacity of the bounded ingest queue (batches); when full, ingest answers 429.
    #[arg(long, default_value_t = DEFAULT_INGEST_QUEUE)]
    pub ingest_queue: usize,
    /// Most events queued for the SQLite writer (accepted, not yet committed); past it ingest
    /// answers 429 before reading the request.
    #[arg(long, default_value_t = crate::ingest::admission::DEFAULT_MAX_EVENTS)]
    pub ingest_queue_events: usize,
    /// Most decoded request bytes queued for the SQLite writer; past it ingest answers 429.
    #[arg(long, default_value_t = crate::ingest::admission::DEFAULT_MAX_BYTES)]
    pub ingest_queue_bytes: usize,
    /// When an ingest batch is acknowledged: `full` after its WAL frames are synced to disk
    /// (survives a power cut), `normal` after its commit (survives a collector crash only).
    #[arg(long, value_enum, default_value_t = crate::store::Durability::Full)]
    pub ingest_sync: crate::store::Durability,
    /// Most ingest requests being read, decoded and parsed at once; past it ingest answers 429.
    #[arg(long, default_value_t = crate::ingest::admission::DEFAULT_MAX_IN_FLIGHT)]
    pub ingest_in_flight: usize,
    /// Sustained ingest requests per second per client IP (0 disables the limit).
    #[arg(long, default_value_t = crate::ratelimit::DEFAULT_RATE_PER_SEC)]
    pub ingest_rate: f64,
    /// Also rate-limit loopback clients (off by default: every local browser and test shares
    /// 127.0.0.1, so a per-IP limit there only throttles the demo).
    #[arg(long)]
    pub rate_limit_loopback: bool,
    /// Ingest burst per client IP (token bucket size).
    #[arg(long, default_value_t = crate::ratelimit::DEFAULT_BURST)]
    pub ingest_burst: f64,
    /// `Content-Security-Policy` header sent with every file of the static mounts (e.g.
    /// "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"). Default: none.
    #[arg(long = "content-security-policy", value_name = "POLICY")]
    pub content_security_policy: Option<String>,
    /// Injected latency for the demo VAOS endpoints, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub demo_latency_ms: u64,
    /// Injected error rate (0..=1) for the demo VAOS endpoints.
    #[arg(long, default_value_t = 0.0)]
    pub demo_error_rate: f64,
    /// Release plans: an external Flipper API base URL to drive (e.g. the one vets-api mounts,
    /// `https://…/flipper/api`). Default: this collector's own `/flipper/api`.
    #[arg(long, value_name = "URL")]
    pub plan_flipper_url: Option<String>,
    /// Credential sent as `Authorization: Bearer …` to `--plan-flipper-url`.
    #[arg(long, env = "VA_ROLLOUT_PLAN_FLIPPER_TOKEN", hide_env_values = true)]
    pub plan_flipper_token: Option<String>,

    /// The engine of `GET /report` and of the plan guardrails (default: this SQLite store).
    #[command(flatten)]
    pub engine: crate::report::source::EngineArgs,
    /// `plan …`: release-plan commands (see docs/plans.md); without one the collector serves.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(clap::Subcommand, Debug, Clone)]
pub enum Command {
    /// Release plans: validate, dry-run, check (the guardrails on --db or --clickhouse-url),
    /// apply, status, results, start, approve, pause, resume, advance, rollback, kill.
    #[command(subcommand)]
    Plan(crate::plans::cli::PlanCommand),
    /// Prints the rollout report of a window (json, html or markdown) from a SQLite store
    /// (`--db`) or ClickHouse (`--clickhouse-url`): exactly what `GET /report.json`,
    /// `/report` or `/report.md` answer.
    Report(crate::report::cli::ReportArgs),
}

/// A static directory served under a URL prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticMount {
    pub prefix: String,
    pub dir: PathBuf,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ConfigError {
    NonLoopbackWithoutToken(SocketAddr),
    EmptyAdminToken,
    BadMount(String),
    BadErrorRate,
    ZeroQueue,
    ZeroBodyLimit,
    BadCsp,
    BadFlipperUrl,
    BadClickHouse(String),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::NonLoopbackWithoutToken(a) => write!(
                f,
                "refusing to listen on non-loopback address {a} without an admin token (set --admin-token or VA_ROLLOUT_ADMIN_TOKEN)"
            ),
            ConfigError::EmptyAdminToken => write!(f, "the admin token must not be empty"),
            ConfigError::BadMount(m) => write!(f, "bad --static-dir {m:?}: expected prefix=dir with prefix starting with '/'"),
            ConfigError::BadErrorRate => write!(f, "--demo-error-rate must be within 0..=1"),
            ConfigError::ZeroQueue => write!(
                f,
                "--ingest-queue, --ingest-queue-events, --ingest-queue-bytes and --ingest-in-flight must be at least 1"
            ),
            ConfigError::ZeroBodyLimit => write!(f, "--max-body-bytes must be at least 1"),
            ConfigError::BadFlipperUrl => write!(
                f,
                "--plan-flipper-url must be an http:// or https:// URL"
            ),
            ConfigError::BadClickHouse(m) => write!(f, "{m}"),
            ConfigError::BadCsp => write!(
                f,
                "--content-security-policy must be a non-empty, valid header value (visible ASCII, no line breaks)"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Options {
    /// Checks the options that clap cannot: the loopback rule, ranges, and static mounts.
    pub fn validate(&self) -> Result<Vec<StaticMount>, ConfigError> {
        match &self.admin_token {
            Some(t) if t.is_empty() => return Err(ConfigError::EmptyAdminToken),
            None if !self.addr.ip().is_loopback() => {
                return Err(ConfigError::NonLoopbackWithoutToken(self.addr))
            }
            _ => {}
        }
        if !(0.0..=1.0).contains(&self.demo_error_rate) {
            return Err(ConfigError::BadErrorRate);
        }
        if [
            self.ingest_queue,
            self.ingest_queue_events,
            self.ingest_queue_bytes,
            self.ingest_in_flight,
        ]
        .contains(&0)
        {
            return Err(ConfigError::ZeroQueue);
        }
        if self.max_body_bytes == 0 {
            return Err(ConfigError::ZeroBodyLimit);
        }
        if self
            .plan_flipper_url
            .as_deref()
            .is_some_and(|u| !(u.starts_with("http://") || u.starts_with("https://")))
        {
            return Err(ConfigError::BadFlipperUrl);
        }
        self.engine
            .clickhouse()
            .map_err(ConfigError::BadClickHouse)?;
        if self.content_security_policy.is_some() && self.csp_header().is_none() {
            return Err(ConfigError::BadCsp);
        }
        self.static_dirs.iter().map(|m| parse_mount(m)).collect()
    }

    /// The `Content-Security-Policy` value for static mounts, if one is configured and valid.
    pub fn csp_header(&self) -> Option<axum::http::HeaderValue> {
        let policy = self.content_security_policy.as_deref()?.trim();
        if policy.is_empty() {
            return None;
        }
        axum::http::HeaderValue::from_str(policy).ok()
    }

    /// The ingest admission bounds.
    pub fn admission_limits(&self) -> crate::ingest::admission::Limits {
        crate::ingest::admission::Limits {
            max_events: self.ingest_queue_events,
            max_bytes: self.ingest_queue_bytes,
            max_in_flight: self.ingest_in_flight,
        }
    }

    /// The CORS allow-list: configured origins, else the loopback origins of this collector.
    pub fn allowed_origins(&self, bound: SocketAddr) -> Vec<String> {
        if !self.cors_origins.is_empty() {
            return self.cors_origins.clone();
        }
        let port = bound.port();
        vec![
            format!("http://127.0.0.1:{port}"),
            format!("http://localhost:{port}"),
            format!("http://[::1]:{port}"),
        ]
    }
}

/// Parses `prefix=dir`; the prefix must start with `/` and is normalised without a trailing slash
/// (the root mount stays `/`).
pub fn parse_mount(spec: &str) -> Result<StaticMount, ConfigError> {
    let bad = || ConfigError::BadMount(spec.to_string());
    let (prefix, dir) = spec.split_once('=').ok_or_else(bad)?;
    if !prefix.starts_with('/') || dir.is_empty() || prefix.contains("..") {
        return Err(bad());
    }
    let trimmed = prefix.trim_end_matches('/');
    let prefix = if trimmed.is_empty() {
        "/".to_string()
    } else {
        trimmed.to_string()
    };
    Ok(StaticMount {
        prefix,
        dir: PathBuf::from(dir),
    })
}

#[cfg(test)]
mod tests;
