//! Routes and middleware of the demo VAOS endpoints.

use std::time::Duration;

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::knobs::KnobUpdate;
use super::{legacy, v2};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::requests::{self, RequestLogRow};
use crate::util::now_ms;

/// Request header carrying the SDK's session id, recorded in the request log.
pub const SESSION_HEADER: &str = "x-va-rollout-session";
const MAX_SESSION_BYTES: usize = 256;

type Params = Query<Vec<(String, String)>>;

/// Values of `key` and `key[]`, with comma-separated lists split (`ids=a,b`).
fn values(params: &[(String, String)], key: &str) -> Vec<String> {
    let bracket = format!("{key}[]");
    params
        .iter()
        .filter(|(k, _)| k == key || *k == bracket)
        .flat_map(|(_, v)| v.split(',').map(str::to_string).collect::<Vec<_>>())
        .filter(|v| !v.is_empty())
        .collect()
}

fn first(params: &[(String, String)], key: &str) -> String {
    values(params, key).into_iter().next().unwrap_or_default()
}

/// Which system a demo path belongs to.
pub fn system_of(path: &str) -> &'static str {
    if path.starts_with("/vaos/v2/") {
        "v2"
    } else {
        "legacy"
    }
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Json(json!({ "errors": [{ "title": "Record not found", "detail": "The record identified could not be found", "code": "404", "status": "404" }] }))).into_response()
}

fn found(v: Option<Value>) -> Response {
    v.map_or_else(not_found, |v| Json(v).into_response())
}

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/vaos/v2/appointments", get(|q: Params| async move { Json(v2::appointments(&values(&q, "statuses"), now_ms())) }).post(created))
        .route(
            "/vaos/v2/appointments/{id}",
            get(|Path(id): Path<String>| async move { found(super::data::appointment(&id).map(|a| json!({ "data": v2::appointment(a, now_ms()) }))) })
                .put(|Path(id): Path<String>| async move { found(super::data::appointment(&id).map(|a| { let mut v = v2::appointment(a, now_ms()); v["attributes"]["status"] = json!("cancelled"); json!({ "data": v }) })) }),
        )
        .route("/vaos/v2/facilities", get(|q: Params| async move { Json(v2::facilities(&values(&q, "ids"))) }))
        .route("/vaos/v2/facilities/{id}", get(|Path(id): Path<String>| async move { found(super::data::facility(&id).map(|f| json!({ "data": v2::facility(f) }))) }))
        .route("/vaos/v2/scheduling/configurations", get(|q: Params| async move { Json(v2::scheduling_configurations(&values(&q, "facility_ids"))) }))
        .route("/vaos/v2/eligibility", get(|q: Params| async move { Json(v2::eligibility(&first(&q, "facility_id"), &first(&q, "clinical_service_id"), &first(&q, "type"))) }))
        .route("/vaos/v2/locations/{id}/clinics", get(|Path(id): Path<String>| async move { Json(v2::clinics(&id)) }))
        .route("/vaos/v2/locations/{id}/clinics/{clinic}/slots", get(|Path((_, clinic)): Path<(String, String)>| async move { Json(v2::slots(&clinic, now_ms())) }))
        .route("/vaos/v0/appointments", get(|q: Params| async move { Json(legacy::appointments(&first(&q, "type"), now_ms())) }).post(created))
        .route("/vaos/v0/appointments/va/{id}", get(|Path(id): Path<String>| async move { found(legacy::va_appointment_by_id(&id, now_ms())) }))
        .route("/vaos/v0/appointment_requests", get(|| async { Json(legacy::appointment_requests(now_ms())) }).post(created))
        .route("/vaos/v0/appointment_requests/{id}", axum::routing::put(|Path(id): Path<String>| async move { Json(json!({ "data": { "id": id, "type": "appointment_requests", "attributes": { "status": "Cancelled" } } })) }))
        .route("/vaos/v0/facilities", get(|q: Params| async move { Json(legacy::facilities(&values(&q, "facility_codes"))) }))
        .route("/vaos/v0/facilities/{id}/clinics", get(|Path(id): Path<String>| async move { Json(legacy::clinics(&id)) }))
        .route("/vaos/v0/request_eligibility_criteria", get(|| async { Json(legacy::eligibility_criteria("request_eligibility_criteria")) }))
        .route("/vaos/v0/direct_booking_eligibility_criteria", get(|| async { Json(legacy::eligibility_criteria("direct_booking_eligibility_criteria")) }))
        .route("/v1/facilities/va", get(|q: Params| async move { Json(legacy::lighthouse_facilities(&values(&q, "ids"))) }))
        .route("/v1/facilities/va/{id}", get(|Path(id): Path<String>| async move { found(legacy::lighthouse_facility(&id)) }))
        .layer(middleware::from_fn_with_state(state, knobs_and_log))
        // Added after the layer: Secure Messaging is neither VAOS-logged nor knob-affected.
        .merge(super::messaging::router())
}

async fn created(body: axum::body::Bytes) -> Response {
    let echo: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    (StatusCode::CREATED, Json(json!({ "data": { "id": format!("demo-{}", now_ms()), "type": "appointments", "attributes": echo } }))).into_response()
}

/// Applies the latency and error knobs, then records the request in the request log.
async fn knobs_and_log(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let session = req
        .headers()
        .get(SESSION_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|s| s.len() <= MAX_SESSION_BYTES)
        .map(str::to_string);
    let knobs = state.demo.get();
    if knobs.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(knobs.latency_ms)).await;
    }
    let resp = if state.demo.should_fail(|| state.rng.next_f64()) {
        let status =
            StatusCode::from_u16(knobs.error_status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let code = status.as_u16().to_string();
        (status, Json(json!({ "errors": [{ "title": "Injected demo error", "detail": "The demo collector injected this error", "code": format!("VAOS_{code}"), "status": code }] }))).into_response()
    } else {
        next.run(req).await
    };
    let row = RequestLogRow {
        time_ms: now_ms(),
        method,
        system: system_of(&path).to_string(),
        path,
        session_id: session,
        status: resp.status().as_u16(),
    };
    if state.db(move |c| requests::insert(c, &row)).await.is_err() {
        tracing::warn!("request log write failed");
    }
    resp
}

/// `GET /debug/requests.json`: the demo request log.
pub async fn request_log(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let rows = state.db(|c| requests::list(c)).await?;
    Ok(Json(json!({ "requests": rows })))
}

/// `DELETE /debug/requests.json` (admin): empties the request log between journeys.
pub async fn clear_request_log(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    state.require_admin(&headers)?;
    let n = state.db(|c| requests::clear(c)).await?;
    Ok(Json(json!({ "deleted": n })))
}

/// `GET /admin/demo`: the current knobs.
pub async fn get_knobs(State(state): State<AppState>) -> Json<Value> {
    Json(json!(state.demo.get()))
}

/// `POST /admin/demo` (admin): `{latencyMs?, errorRate?, errorStatus?, failNext?, flagFault?, flagDelayMs?}`.
pub async fn set_knobs(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    state.require_admin(&headers)?;
    let update: KnobUpdate = serde_json::from_slice(&body).map_err(|_| {
        ApiError::BadRequest(
            "expected {latencyMs?, errorRate?, errorStatus?, failNext?, flagFault?, flagDelayMs?}"
                .into(),
        )
    })?;
    let v = state.demo.update(update).map_err(ApiError::Unprocessable)?;
    Ok(Json(json!(v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values() {
        let p = vec![
            ("ids[]".to_string(), "983".to_string()),
            ("ids".to_string(), "984,vha_552".to_string()),
            ("x".to_string(), "y".to_string()),
        ];
        assert_eq!(values(&p, "ids"), vec!["983", "984", "vha_552"]);
        assert_eq!(first(&p, "missing"), "");
    }

    #[test]
    fn systems() {
        assert_eq!(system_of("/vaos/v2/appointments"), "v2");
        assert_eq!(system_of("/vaos/v0/appointments"), "legacy");
        assert_eq!(system_of("/v1/facilities/va"), "legacy");
    }
}
