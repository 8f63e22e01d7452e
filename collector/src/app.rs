//! The HTTP router: every endpoint, CORS, body limits, gzip request decoding, static mounts.

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::config::StaticMount;
use crate::demo::routes as demo;
use crate::error::ApiResult;
use crate::flags::{flipper_api, toggles};
use crate::ingest::handler as ingest;
use crate::report;
use crate::state::AppState;
use crate::store;

/// How long browsers may cache a CORS preflight.
const CORS_MAX_AGE: Duration = Duration::from_secs(600);

fn cors(origins: &[String]) -> CorsLayer {
    let list: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let h = |s: &'static str| HeaderName::from_static(s);
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(list))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::CONTENT_TYPE,
            header::CONTENT_ENCODING,
            header::AUTHORIZATION,
            h("x-va-rollout-session"),
            h("x-va-rollout-user"),
            h("x-va-rollout-groups"),
            h("x-va-rollout-admin-token"),
            h("x-key-inflection"),
            h("x-csrf-token"),
        ])
        .expose_headers([
            header::RETRY_AFTER,
            h(ingest::ACCEPTED_HEADER),
            h(ingest::DUPLICATES_HEADER),
        ])
        .allow_credentials(true)
        .max_age(CORS_MAX_AGE)
}

async fn health(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let (events, features) = state
        .db(|c| Ok((store::events::stored_rows(c)?, store::features::count(c)?)))
        .await?;
    let ingest = state.admission.snapshot();
    Ok(Json(
        json!({ "status": "ok", "events": events, "features": features, "ingest": ingest }),
    ))
}

/// Routes, CORS for `origins`, and the static `mounts`; every static response carries `csp` as its
/// `Content-Security-Policy` when one is given (API responses are JSON/HTML of the collector's
/// own and are not affected).
pub fn router(
    state: AppState,
    origins: &[String],
    mounts: &[StaticMount],
    csp: Option<HeaderValue>,
) -> Router {
    use tower::Layer;
    let with_csp = tower::util::option_layer(
        csp.map(|v| SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, v)),
    );
    // The handler decodes gzip itself, off the async workers (and not at all for a request
    // refused at admission).
    let ingest_route = Router::new().route("/v1/logs", post(ingest::post_logs));
    let mut app = Router::new()
        .route("/healthz", get(health))
        .route("/v0/feature_toggles", get(toggles::feature_toggles))
        .route("/report", get(report::report_html))
        .route("/report.json", get(report::report_json))
        .route("/report.md", get(report::report_markdown))
        .route(
            "/debug/requests.json",
            get(demo::request_log).delete(demo::clear_request_log),
        )
        .route("/admin/demo", get(demo::get_knobs).post(demo::set_knobs))
        .merge(flipper_api::router())
        .merge(crate::plans::api::router())
        .merge(demo::router(state.clone()))
        .merge(ingest_route);
    for m in mounts {
        if m.prefix == "/" {
            let index = m.dir.join("index.html");
            app = app.fallback_service(
                with_csp.layer(ServeDir::new(&m.dir).fallback(ServeFile::new(index))),
            );
        } else {
            app = app.nest_service(&m.prefix, with_csp.layer(ServeDir::new(&m.dir)));
        }
    }
    app.layer(DefaultBodyLimit::max(state.max_body_bytes))
        .layer(cors(origins))
        .with_state(state)
}
