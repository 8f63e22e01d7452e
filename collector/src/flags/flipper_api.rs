//! Flipper HTTP API v1 under `/flipper/api`: reads (open) and gate writes (admin token).
//! Shapes and error codes follow `flippercloud/flipper` `lib/flipper/api/v1`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::TransactionBehavior;
use serde_json::{json, Value};

use super::model::{
    normalize_percentage, valid_name, GateEdit, GateError, StoredFeature, MAX_FEATURES,
};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::features;
use crate::util::now_ms;

const MORE_INFO: &str = "https://flippercloud.io/docs/api#error-code-reference";

/// A Flipper API error: `{"code":N,"message":…,"more_info":…}`.
pub struct FlipperError(StatusCode, u8, String);

impl IntoResponse for FlipperError {
    fn into_response(self) -> Response {
        (
            self.0,
            Json(json!({ "code": self.1, "message": self.2, "more_info": MORE_INFO })),
        )
            .into_response()
    }
}

impl From<ApiError> for FlipperError {
    fn from(e: ApiError) -> Self {
        if let ApiError::Internal(detail) = &e {
            tracing::error!(%detail, "internal error");
        }
        FlipperError(e.status(), 0, e.public_message())
    }
}

fn not_found() -> FlipperError {
    FlipperError(StatusCode::NOT_FOUND, 1, "Feature not found.".into())
}

fn from_gate(e: GateError) -> FlipperError {
    match e {
        GateError::BadPercentage => {
            FlipperError(StatusCode::UNPROCESSABLE_ENTITY, 3, e.to_string())
        }
        GateError::BadName => FlipperError(StatusCode::UNPROCESSABLE_ENTITY, 5, e.to_string()),
        GateError::TooMany => FlipperError(StatusCode::UNPROCESSABLE_ENTITY, 5, e.to_string()),
    }
}

type FResult = Result<Response, FlipperError>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/flipper/api/features", get(list).post(create))
        .route("/flipper/api/features/{name}", get(show).delete(remove))
        .route(
            "/flipper/api/features/{name}/{gate}",
            post(gate_write).delete(gate_write),
        )
}

fn flag(params: &HashMap<String, String>, key: &str) -> bool {
    params.get(key).is_some_and(|v| v == "true")
}

async fn list(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> FResult {
    let all = state.db(|c| features::all(c)).await?;
    let keys: Option<Vec<&str>> = params.get("keys").map(|k| k.split(',').collect());
    let (ex_gates, ex_names) = (
        flag(&params, "exclude_gates"),
        flag(&params, "exclude_gate_names"),
    );
    let list: Vec<Value> = all
        .iter()
        .filter(|f| keys.as_ref().is_none_or(|k| k.contains(&f.key.as_str())))
        .map(|f| f.decorate(ex_gates, ex_names))
        .collect();
    Ok(Json(json!({ "features": list })).into_response())
}

async fn show(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> FResult {
    let f = state
        .db(move |c| features::get(c, &name))
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(f.decorate(
        flag(&params, "exclude_gates"),
        flag(&params, "exclude_gate_names"),
    ))
    .into_response())
}

/// Request parameters from a JSON object or a form-encoded body (Flipper accepts both).
fn body_params(body: &[u8]) -> HashMap<String, Value> {
    if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(body) {
        return m.into_iter().collect();
    }
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .map(|v| v.into_iter().map(|(k, v)| (k, Value::String(v))).collect())
        .unwrap_or_default()
}

fn text_param(body: &[u8], key: &str, code: u8, what: &str) -> Result<String, FlipperError> {
    body_params(body)
        .get(key)
        .and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .filter(|s| valid_name(s))
        .ok_or_else(|| {
            FlipperError(
                StatusCode::UNPROCESSABLE_ENTITY,
                code,
                format!("Required parameter {what} is missing or invalid."),
            )
        })
}

/// Loads (or creates, as Flipper's `enable` does) a feature, applies the edit, stores it, and
/// answers with the decorated feature. One IMMEDIATE transaction, so concurrent writes serialise.
async fn edit(state: &AppState, headers: &HeaderMap, name: String, edit: GateEdit) -> FResult {
    state.require_admin(headers)?;
    if !valid_name(&name) {
        return Err(FlipperError(
            StatusCode::UNPROCESSABLE_ENTITY,
            5,
            "Invalid feature name.".into(),
        ));
    }
    let result = state
        .db(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let existing = features::get(&tx, &name)?;
            if existing.is_none() && features::count(&tx)? >= MAX_FEATURES as i64 {
                return Ok(Err(GateError::TooMany));
            }
            let mut f = existing.unwrap_or_else(|| StoredFeature::new(&name));
            if let Err(e) = f.apply(edit) {
                return Ok(Err(e));
            }
            features::upsert(&tx, &f, now_ms())?;
            tx.commit()?;
            Ok(Ok(f))
        })
        .await?;
    let f = result.map_err(from_gate)?;
    tracing::info!(feature = %f.key, state = f.state(), "flipper gate changed");
    Ok(Json(f.decorate(false, false)).into_response())
}

async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> FResult {
    state.require_admin(&headers)?;
    let name = text_param(&body, "name", 5, "name")?;
    let resp = edit(&state, &headers, name, GateEdit::Touch).await?;
    Ok((StatusCode::OK, resp).into_response())
}

async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> FResult {
    state.require_admin(&headers)?;
    let deleted = state.db(move |c| features::delete(c, &name)).await?;
    if deleted {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(not_found())
    }
}

/// Every gate write: `POST` adds or enables, `DELETE` removes or disables
/// (`boolean`, `actors {flipper_id}`, `groups {name}`, `percentage_of_actors {percentage}`,
/// `percentage_of_time {percentage}`, `DELETE clear`).
async fn gate_write(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path((name, gate)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> FResult {
    state.require_admin(&headers)?;
    let add = method == Method::POST;
    let gate_edit = match (gate.as_str(), add) {
        ("boolean", true) => GateEdit::EnableBoolean,
        ("boolean", false) => GateEdit::DisableBoolean,
        ("clear", false) => GateEdit::ClearAll,
        ("actors", _) => {
            let id = text_param(&body, "flipper_id", 4, "flipper_id")?;
            if add {
                GateEdit::AddActor(id)
            } else {
                GateEdit::RemoveActor(id)
            }
        }
        ("groups", _) => {
            let g = text_param(&body, "name", 2, "name")?;
            if add {
                GateEdit::AddGroup(g)
            } else {
                GateEdit::RemoveGroup(g)
            }
        }
        ("percentage_of_actors", _) => {
            GateEdit::PercentageOfActors(if add { percentage(&body)? } else { "0".into() })
        }
        ("percentage_of_time", _) => {
            GateEdit::PercentageOfTime(if add { percentage(&body)? } else { "0".into() })
        }
        _ => return Err(FlipperError(StatusCode::NOT_FOUND, 0, "not found".into())),
    };
    edit(&state, &headers, name, gate_edit).await
}

fn percentage(body: &[u8]) -> Result<String, FlipperError> {
    let v = body_params(body)
        .remove("percentage")
        .unwrap_or(Value::Null);
    normalize_percentage(&v).map_err(from_gate)
}
