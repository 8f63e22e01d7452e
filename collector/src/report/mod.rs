//! The rollout report: `GET /report` (HTML) and `GET /report.json`, for a window and a stage.

pub mod cli;
pub mod html;
pub mod markdown;
pub mod model;
pub mod paths;
pub mod source;
pub mod sqlite;
pub mod stats;
pub mod svg;

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Html;
use axum::Json;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::util::parse_time;
use model::{Report, Window};

/// Longest stage label accepted.
pub const MAX_STAGE_BYTES: usize = 100;
/// Latest time accepted in `to` (year 2262: nanoseconds still fit an i64).
const MAX_TIME_MS: i64 = i64::MAX / 1_000_000;

/// `from` (default: the beginning), `to` (default: the end of time), both Unix ms or
/// ISO-8601 UTC; `stage`: a free label for the rollout stage (e.g. `B-25%`), echoed in the report.
pub fn window(params: &HashMap<String, String>) -> ApiResult<Window> {
    let time = |k: &str, default: i64| match params.get(k).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => parse_time(v)
            .map(|t| t.clamp(0, MAX_TIME_MS))
            .ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "{k} must be Unix milliseconds or YYYY-MM-DDTHH:MM:SSZ"
                ))
            }),
    };
    let (from_ms, to_ms) = (time("from", 0)?, time("to", MAX_TIME_MS)?);
    if from_ms > to_ms {
        return Err(ApiError::BadRequest("from must not be after to".into()));
    }
    let stage = params.get("stage").filter(|s| !s.is_empty()).cloned();
    if stage.as_ref().is_some_and(|s| s.len() > MAX_STAGE_BYTES) {
        return Err(ApiError::BadRequest(format!(
            "stage longer than {MAX_STAGE_BYTES} bytes"
        )));
    }
    Ok(Window {
        from_ms,
        to_ms,
        stage,
    })
}

async fn build(state: &AppState, params: &HashMap<String, String>) -> ApiResult<Report> {
    let w = window(params)?;
    let source = state.source.clone();
    tokio::task::spawn_blocking(move || source.report(w)).await?
}

pub async fn report_json(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<Report>> {
    Ok(Json(build(&state, &params).await?))
}

pub async fn report_html(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Html<String>> {
    let r = build(&state, &params).await?;
    Ok(Html(html::render(&r)))
}

pub async fn report_markdown(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<impl axum::response::IntoResponse> {
    let r = build(&state, &params).await?;
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            "text/markdown; charset=utf-8",
        )],
        markdown::render(&r),
    ))
}
