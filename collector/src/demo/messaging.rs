//! Demo Secure Messaging endpoints, shaped like vets-api's `/my_health/v1/messaging`: the demo
//! app's "Send" (`POST …/messages`) and the draft saved on /select-care-team
//! (`POST …/message_drafts`). Nothing is stored and no text is echoed back: the answer carries a
//! new id, the recipient and the category only.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::AppState;
use crate::util::{iso_utc, now_ms};

/// vets-api's subject limit (characters).
pub const MAX_SUBJECT_CHARS: usize = 50;
/// Longest message body accepted (characters).
pub const MAX_BODY_CHARS: usize = 20_000;
/// Longest recipient id accepted (bytes).
pub const MAX_RECIPIENT_BYTES: usize = 64;

static NEXT_ID: AtomicU64 = AtomicU64::new(700_001);

#[derive(Debug, Deserialize)]
struct MessageIn {
    #[serde(default)]
    recipient_id: Option<Value>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    body: Option<String>,
}

/// A validated message or draft: the recipient id (a string or a number in the JSON) and the category.
#[derive(Debug, PartialEq, Eq)]
pub struct Accepted {
    pub recipient_id: String,
    pub category: String,
}

/// Validates a request body; a draft may have a blank subject and body, a message may not.
pub fn validate(bytes: &[u8], draft: bool) -> Result<Accepted, String> {
    let m: MessageIn = serde_json::from_slice(bytes).map_err(|_| {
        "expected a JSON object {recipient_id, category, subject, body}".to_string()
    })?;
    let recipient_id = match m.recipient_id {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    if recipient_id.trim().is_empty() || recipient_id.len() > MAX_RECIPIENT_BYTES {
        return Err("recipient_id is required".into());
    }
    let subject = m.subject.unwrap_or_default();
    let body = m.body.unwrap_or_default();
    if subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(format!(
            "subject is longer than {MAX_SUBJECT_CHARS} characters"
        ));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(format!("body is longer than {MAX_BODY_CHARS} characters"));
    }
    if !draft && (subject.trim().is_empty() || body.trim().is_empty()) {
        return Err("subject and body can't be blank".into());
    }
    let category = m
        .category
        .filter(|c| !c.is_empty() && c.len() <= 32)
        .unwrap_or_else(|| "OTHER".into());
    Ok(Accepted {
        recipient_id,
        category,
    })
}

fn answer(bytes: &[u8], draft: bool) -> Response {
    match validate(bytes, draft) {
        Ok(a) => {
            let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
            let kind = if draft { "message_drafts" } else { "messages" };
            let status = if draft {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            let body = json!({ "data": { "id": id.to_string(), "type": kind, "attributes": {
                "messageId": id, "recipientId": a.recipient_id, "category": a.category, "sentDate": if draft { Value::Null } else { json!(iso_utc(now_ms())) } } } });
            (status, Json(body)).into_response()
        }
        Err(m) => ApiError::Unprocessable(m).into_response(),
    }
}

/// `POST /my_health/v1/messaging/messages` and `POST /my_health/v1/messaging/message_drafts`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/my_health/v1/messaging/messages",
            post(|b: axum::body::Bytes| async move { answer(&b, false) }),
        )
        .route(
            "/my_health/v1/messaging/message_drafts",
            post(|b: axum::body::Bytes| async move { answer(&b, true) }),
        )
}

#[cfg(test)]
mod tests;
