//! `POST /v1/logs`: content type, rate limit, body limit, parse, queue, acknowledge after commit.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::{json, Value};

use super::otlp::{self, RequestError};
use super::writer::SubmitError;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::util::now_ms;

/// Seconds a client is asked to wait when the ingest queue is full.
pub const QUEUE_FULL_RETRY_AFTER_SECS: u64 = 1;
/// Response header: rows newly stored from this request.
pub const ACCEPTED_HEADER: &str = "x-va-rollout-accepted";
/// Response header: rows already stored (same event id) and so ignored.
pub const DUPLICATES_HEADER: &str = "x-va-rollout-duplicates";

/// The media types accepted: OTLP/HTTP JSON, and `text/plain` (what a beacon can send without
/// a CORS preflight). Parameters such as `charset` are ignored.
pub fn accepted_content_type(headers: &HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence == "text/plain"
}

/// The request decompression layer has already decoded (and removed) `gzip`; any encoding left
/// other than `identity` is one the collector cannot read.
pub fn accepted_content_encoding(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_ENCODING)
        .is_none_or(|v| v.as_bytes().eq_ignore_ascii_case(b"identity"))
}

/// Reads at most `limit` bytes (after gzip decoding by the decompression layer).
pub async fn read_limited(body: Body, limit: usize) -> ApiResult<axum::body::Bytes> {
    match Limited::new(body, limit).collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(ApiError::PayloadTooLarge),
        Err(_) => Err(ApiError::BadRequest("unreadable request body".into())),
    }
}

pub async fn post_logs(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    state.limiter.check(peer.ip()).map_err(ApiError::TooMany)?;
    state.require_allowed_origin(&headers)?;
    if !accepted_content_type(&headers) || !accepted_content_encoding(&headers) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > state.max_body_bytes) {
        return Err(ApiError::PayloadTooLarge);
    }
    let bytes = read_limited(body, state.max_body_bytes).await?;
    // Parsing a large body takes milliseconds: keep it off the async workers.
    let parsed = tokio::task::spawn_blocking(move || otlp::parse_request(&bytes, now_ms()))
        .await?
        .map_err(|e| match e {
            RequestError::TooManyRecords => ApiError::PayloadTooLarge,
            RequestError::Malformed(_) => ApiError::BadRequest(e.to_string()),
        })?;
    let total = parsed.rows.len();
    let (rejected, error_message) = (parsed.rejected, parsed.error_message());
    let inserted = if total == 0 {
        0
    } else {
        let done = state.queue.submit(parsed.rows).map_err(|e| match e {
            SubmitError::Full => ApiError::TooMany(QUEUE_FULL_RETRY_AFTER_SECS),
            SubmitError::Closed => ApiError::Unavailable,
        })?;
        match done.await {
            Ok(Ok(n)) => n,
            Ok(Err(e)) => return Err(ApiError::Internal(e)),
            Err(_) => return Err(ApiError::Unavailable),
        }
    };
    let body: Value = if rejected > 0 {
        json!({ "partialSuccess": { "rejectedLogRecords": rejected, "errorMessage": error_message } })
    } else {
        json!({})
    };
    let mut resp = Json(body).into_response();
    let h = resp.headers_mut();
    h.insert(ACCEPTED_HEADER, HeaderValue::from(inserted));
    h.insert(
        DUPLICATES_HEADER,
        HeaderValue::from(total.saturating_sub(inserted)),
    );
    Ok(resp)
}

#[cfg(test)]
mod tests;
