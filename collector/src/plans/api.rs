//! `POST /plans` (admin), `GET /plans`, `GET /plans/{id}`, `POST /plans/{id}/{command}` (admin),
//! `GET /plans/{id}/page` (HTML) and `GET /plans/{id}/results.md` (the seeds' Results blocks).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use super::commands::{status_text, Command};
use super::engine::{Engine, EngineError};
use super::{page, results, status, store, validate};
use crate::error::ApiError;
use crate::state::AppState;
use crate::util::now_ms;

/// The plan page's policy: nothing loads, nothing runs; only its own inline style applies.
pub const PAGE_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Header naming the person behind a command in the audit trail (default `admin`).
pub const ACTOR_HEADER: &str = "x-va-rollout-actor";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plans", get(list).post(create))
        .route("/plans/{id}", get(show))
        .route("/plans/{id}/page", get(html))
        .route("/plans/{id}/results.md", get(markdown))
        .route("/plans/{id}/{command}", post(command))
}

fn engine(state: &AppState) -> Result<Arc<Engine>, ApiError> {
    state.plans.clone().ok_or(ApiError::Unavailable)
}

async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Result<Response, ApiError> {
    state.require_admin(&headers)?;
    let plan = match tokio::task::spawn_blocking(move || validate::load(&body)).await? {
        Ok(p) => p,
        Err(problems) => {
            let body = json!({ "error": { "code": 422, "message": format!("the plan has {} problem(s)", problems.len()) }, "problems": problems });
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
        }
    };
    let kind = if headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"))
    {
        "json"
    } else {
        "yaml"
    };
    let (p2, now) = (plan.clone(), now_ms());
    let stored = state.db(move |c| store::put(c, &p2, kind, now)).await?;
    if !stored {
        return Err(ApiError::Unprocessable(format!(
            "at most {} plans",
            store::MAX_PLANS
        )));
    }
    tracing::info!(plan = %plan.id, hash = %store::hash(&plan), "release plan stored");
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": plan.id, "hash": store::hash(&plan) })),
    )
        .into_response())
}

async fn list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let all = state
        .db(|c| {
            let mut out = Vec::new();
            for id in store::ids(c)? {
                if let Some(sp) = store::get(c, &id)? {
                    out.push(json!({ "id": id, "title": sp.plan.title, "status": status_text(sp.state.status),
                        "stage": sp.state.stage.and_then(|i| sp.plan.stages.get(i)).map(|s| s.name.clone()),
                        "percentage": sp.state.percentage }));
                }
            }
            Ok(out)
        })
        .await?;
    Ok(Json(json!({ "plans": all })).into_response())
}

async fn load(
    state: &AppState,
    id: String,
) -> Result<
    (
        store::StoredPlan,
        Vec<store::AuditEntry>,
        Vec<store::EvalRow>,
    ),
    ApiError,
> {
    state
        .db(move |c| {
            let Some(sp) = store::get(c, &id)? else {
                return Ok(None);
            };
            Ok(Some((sp, store::audit(c, &id)?, store::evals(c, &id)?)))
        })
        .await?
        .ok_or(ApiError::NotFound)
}

async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let (sp, audit, _) = load(&state, id).await?;
    let v = tokio::task::spawn_blocking(move || status::view(&sp, audit, now_ms())).await?;
    Ok(Json(v).into_response())
}

async fn html(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let (sp, audit, evals) = load(&state, id).await?;
    let body =
        tokio::task::spawn_blocking(move || page::render(&sp, &audit, &evals, now_ms())).await?;
    Ok(([(header::CONTENT_SECURITY_POLICY, PAGE_CSP)], Html(body)).into_response())
}

async fn markdown(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (sp, audit, _) = load(&state, id).await?;
    let metrics = engine(&state)?.metrics.clone();
    let md = tokio::task::spawn_blocking(move || {
        results::markdown(&sp, &audit, metrics.as_ref(), now_ms())
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "text/markdown; charset=utf-8")], md).into_response())
}

async fn command(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, cmd)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    state.require_admin(&headers)?;
    let cmd = Command::parse(&cmd).ok_or(ApiError::NotFound)?;
    let by: String = headers
        .get(ACTOR_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().filter(|c| !c.is_control()).take(100).collect())
        .filter(|s: &String| !s.trim().is_empty())
        .unwrap_or_else(|| "admin".into());
    match engine(&state)?.command(&id, cmd, &by).await {
        Ok(s) => Ok(Json(json!({ "id": id, "command": cmd.as_str(), "status": status_text(s.status), "percentage": s.percentage, "stage": s.stage })).into_response()),
        Err(EngineError::NotFound) => Err(ApiError::NotFound),
        Err(EngineError::Conflict(m)) => Ok((StatusCode::CONFLICT, Json(json!({ "error": { "code": 409, "message": m } }))).into_response()),
        Err(EngineError::Busy) => Err(ApiError::TooMany(1)),
        Err(EngineError::Internal(e)) => Err(ApiError::Internal(e)),
    }
}
