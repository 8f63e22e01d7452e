//! Shared state of the handlers.

use std::sync::Arc;

use axum::http::HeaderMap;

use crate::auth;
use crate::demo::knobs::DemoKnobs;
use crate::error::ApiError;
use crate::ingest::admission::Admission;
use crate::ingest::writer::IngestQueue;
use crate::ratelimit::RateLimiter;
use crate::store::Pool;
use crate::util::Rng;

#[derive(Clone)]
pub struct AppState {
    pub pool: Arc<Pool>,
    /// The report's engine (SQLite, or ClickHouse with `--clickhouse-url`).
    pub source: Arc<dyn crate::plans::metrics::Metrics>,
    pub queue: IngestQueue,
    /// The bounds on what ingest holds (backlog events and bytes, requests being parsed).
    pub admission: Arc<Admission>,
    pub limiter: Arc<RateLimiter>,
    pub admin_token: Arc<str>,
    /// The CORS allow-list; also the browser origins whose pages may send telemetry.
    pub allowed_origins: Arc<[String]>,
    pub max_body_bytes: usize,
    pub demo: Arc<DemoKnobs>,
    pub rng: Arc<Rng>,
    /// The release-plan engine (`plans`); `None` until the server has its address.
    pub plans: Option<Arc<crate::plans::engine::Engine>>,
}

impl AppState {
    /// `Err(Unauthorized)` unless the request carries the admin token.
    pub fn require_admin(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        if auth::is_admin(headers, &self.admin_token) {
            Ok(())
        } else {
            Err(ApiError::Unauthorized)
        }
    }

    /// `Err(Forbidden)` for a browser request from a page outside the allow-list (see `origin`).
    pub fn require_allowed_origin(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let get = |h: axum::http::HeaderName| headers.get(h).and_then(|v| v.to_str().ok());
        let origin = headers
            .get(axum::http::header::ORIGIN)
            .map(|v| v.to_str().unwrap_or("invalid"));
        if crate::origin::is_foreign(origin, get(axum::http::header::HOST), &self.allowed_origins) {
            Err(ApiError::Forbidden)
        } else {
            Ok(())
        }
    }

    /// Runs a blocking closure with a pooled connection on the blocking thread pool.
    pub async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut rusqlite::Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let pool = self.pool.clone();
        Ok(tokio::task::spawn_blocking(move || pool.with(f)).await??)
    }
}
