//! HTTP error responses: a small JSON body with a stable code and a generic message.
//! Internal details (SQL errors, I/O errors) are logged, never sent to the client.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug)]
pub enum ApiError {
    BadRequest(String),
    Unauthorized,
    /// A browser page on an origin that may not send here.
    Forbidden,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unprocessable(String),
    /// Too many requests; the value is the `Retry-After` in seconds.
    TooMany(u64),
    /// Something failed inside; the text is logged only.
    Internal(String),
    Unavailable,
    /// The report's engine (ClickHouse) could not answer; the message is shown (503).
    EngineUnavailable(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Unavailable | ApiError::EngineUnavailable(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
        }
    }

    pub fn public_message(&self) -> String {
        match self {
            ApiError::BadRequest(m) | ApiError::Unprocessable(m) => m.clone(),
            ApiError::Unauthorized => "admin token required".into(),
            ApiError::Forbidden => "origin not allowed".into(),
            ApiError::NotFound => "not found".into(),
            ApiError::PayloadTooLarge => "request body too large".into(),
            ApiError::UnsupportedMediaType => "unsupported content type or encoding".into(),
            ApiError::TooMany(_) => "too many requests, retry later".into(),
            ApiError::Internal(_) => "internal error".into(),
            ApiError::Unavailable => "service unavailable".into(),
            ApiError::EngineUnavailable(m) => format!("report engine unavailable: {m}"),
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::Internal(format!("sqlite: {e}"))
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::Internal(format!("task: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let status = self.status();
        let body =
            json!({ "error": { "code": status.as_u16(), "message": self.public_message() } });
        let mut resp = (status, Json(body)).into_response();
        if let ApiError::TooMany(secs) = self {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
