//! `POST /v1/logs`: rate limit, admission, content type and encoding, body limit, gzip decode and
//! parse off the async workers, queue, acknowledge after commit.

use std::io::Read;
use std::net::SocketAddr;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::{json, Value};

use super::otlp::{self, Parsed, RequestError};
use super::writer::SubmitError;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::util::now_ms;

/// Seconds a client is asked to wait when the ingest backlog is full.
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

/// How the body is encoded: `Some(true)` gzip, `Some(false)` none (absent or `identity`),
/// `None` an encoding the collector cannot read.
pub fn body_encoding(headers: &HeaderMap) -> Option<bool> {
    match headers.get(header::CONTENT_ENCODING).map(|v| v.as_bytes()) {
        None => Some(false),
        Some(v) if v.eq_ignore_ascii_case(b"identity") => Some(false),
        Some(v) if v.eq_ignore_ascii_case(b"gzip") => Some(true),
        Some(_) => None,
    }
}

/// Reads at most `limit` bytes of the body as sent.
pub async fn read_limited(body: Body, limit: usize) -> ApiResult<Bytes> {
    match Limited::new(body, limit).collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(ApiError::PayloadTooLarge),
        Err(_) => Err(ApiError::BadRequest("unreadable request body".into())),
    }
}

/// Decodes a gzip body to at most `limit` bytes (a gzip bomb is refused as too large).
pub fn gunzip(compressed: &[u8], limit: usize) -> ApiResult<Vec<u8>> {
    let mut out = Vec::with_capacity(compressed.len().saturating_mul(8).min(limit));
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    flate2::read::GzDecoder::new(compressed)
        .take(cap)
        .read_to_end(&mut out)
        .map_err(|_| ApiError::BadRequest("unreadable request body: invalid gzip".into()))?;
    if out.len() > limit {
        return Err(ApiError::PayloadTooLarge);
    }
    Ok(out)
}

/// A refused request's body is read (up to the cap) before the answer, so the answer is not lost
/// to a connection reset while the client is still sending.
async fn refuse(body: Body, limit: usize, e: ApiError) -> ApiError {
    let _ = read_limited(body, limit).await;
    e
}

/// Decodes and parses a body: the CPU-heavy part, run on the blocking pool. Also returns the
/// decoded size (what the batch weighs in the backlog).
fn decode(raw: Bytes, gzip: bool, limit: usize) -> ApiResult<(Parsed, usize)> {
    let plain: std::borrow::Cow<'_, [u8]> = if gzip {
        gunzip(&raw, limit)?.into()
    } else {
        raw.as_ref().into()
    };
    let parsed = otlp::parse_request(&plain, now_ms()).map_err(|e| match e {
        RequestError::TooManyRecords => ApiError::PayloadTooLarge,
        RequestError::Malformed(_) => ApiError::BadRequest(e.to_string()),
    })?;
    Ok((parsed, plain.len()))
}

pub async fn post_logs(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let limit = state.max_body_bytes;
    if let Err(secs) = state.limiter.check(peer.ip()) {
        return Err(refuse(body, limit, ApiError::TooMany(secs)).await);
    }
    state.require_allowed_origin(&headers)?;
    let gzip = match body_encoding(&headers) {
        Some(gzip) if accepted_content_type(&headers) => gzip,
        _ => return Err(ApiError::UnsupportedMediaType),
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::PayloadTooLarge);
    }
    let full = ApiError::TooMany(QUEUE_FULL_RETRY_AFTER_SECS);
    let Ok(entry) = state.admission.enter() else {
        return Err(refuse(body, limit, full).await);
    };
    let raw = read_limited(body, limit).await?;
    let (parsed, decoded_bytes) =
        tokio::task::spawn_blocking(move || decode(raw, gzip, limit)).await??;
    let total = parsed.rows.len();
    let (rejected, error_message) = (parsed.rejected, parsed.error_message());
    let inserted = if total == 0 {
        0
    } else {
        let reservation = entry.reserve(total, decoded_bytes).map_err(|_| full)?;
        let done = state
            .queue
            .submit(parsed.rows, reservation)
            .map_err(|e| match e {
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
