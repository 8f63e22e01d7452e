//! `GET /v0/feature_toggles`, answering exactly like vets-api's FeatureTogglesController
//! (see va-gov-facts §1), with stored Flipper gates evaluated by the SDK's engine.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http_body_util::{Full, Limited};
use serde_json::{json, Value};
use va_rollout_core::flags::names::underscore;

use super::engine::{evaluate_for, Requester};
use super::model::{ActorType, StoredFeature};
use crate::demo::knobs::FlagFault;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::features;

/// Most names accepted in `features=`.
pub const MAX_REQUESTED: usize = 1_000;
/// Longest `cookie_id`, dev user id or requested name accepted.
pub const MAX_ID_BYTES: usize = 256;
/// Header naming the dev user (stands in for the vets-api session's `User#flipper_id`).
pub const USER_HEADER: &str = "x-va-rollout-user";
/// Header listing the dev user's Flipper groups, comma-separated.
pub const GROUPS_HEADER: &str = "x-va-rollout-groups";

/// Rails `camelize(:lower)` without acronyms: the first character downcased, then every
/// `_segment` (ASCII letters/digits) capitalised, i.e. first letter up and the rest down.
pub fn camelize_lower(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '_' {
            let mut j = i + 1;
            while chars.get(j).is_some_and(char::is_ascii_alphanumeric) {
                j += 1;
            }
            let seg = chars.get(i + 1..j).unwrap_or(&[]);
            if let Some((first, rest)) = seg.split_first() {
                out.push(first.to_ascii_uppercase());
                out.extend(rest.iter().map(char::to_ascii_lowercase));
            }
            i = j;
        } else {
            out.push(if i == 0 && (c.is_alphanumeric()) {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                c
            });
            i += 1;
        }
    }
    out
}

/// Ruby `String#split(',')`: inner empty fields kept, trailing empty fields dropped.
pub fn ruby_split_commas(s: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = s.split(',').collect();
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    parts
}

fn last_param<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn bounded(s: Option<&str>, what: &str) -> ApiResult<Option<String>> {
    match s {
        Some(v) if v.len() > MAX_ID_BYTES => Err(ApiError::BadRequest(format!(
            "{what} longer than {MAX_ID_BYTES} bytes"
        ))),
        other => Ok(other.map(str::to_string)),
    }
}

/// Who asks: `cookie_id` from the query; the dev user from the `X-VA-Rollout-User` header or
/// the `user` query parameter; groups from `X-VA-Rollout-Groups`.
fn requester(params: &[(String, String)], headers: &HeaderMap) -> ApiResult<Requester> {
    let header = |k: &str| headers.get(k).and_then(|v| v.to_str().ok());
    let user = bounded(
        header(USER_HEADER).or_else(|| last_param(params, "user")),
        "user",
    )?
    .filter(|u| !u.is_empty());
    let groups: Vec<String> = header(GROUPS_HEADER)
        .map(|g| {
            g.split(',')
                .map(str::trim)
                .filter(|g| !g.is_empty() && g.len() <= MAX_ID_BYTES)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok(Requester {
        cookie_id: bounded(last_param(params, "cookie_id"), "cookie_id")?,
        user,
        groups,
    })
}

/// The `features` array vets-api returns, computed from the stored features.
pub fn toggle_values(
    stored: &[StoredFeature],
    requested: Option<&[&str]>,
    who: &Requester,
    random: &mut dyn FnMut() -> f64,
) -> Vec<Value> {
    let by_key: BTreeMap<&str, &StoredFeature> =
        stored.iter().map(|f| (f.key.as_str(), f)).collect();
    match requested {
        Some(names) => names
            .iter()
            .map(|raw| {
                let snake = underscore(raw);
                // vets-api looks actor_type up by the raw name: camelCase names use the user actor.
                let actor_type = by_key.get(raw).map_or(ActorType::User, |f| f.actor_type);
                let value = by_key
                    .get(snake.as_str())
                    .is_some_and(|f| evaluate_for(f, actor_type, who, random()).value);
                json!({ "name": raw, "value": value })
            })
            .collect(),
        None => stored
            .iter()
            .flat_map(|f| {
                let value = evaluate_for(f, f.actor_type, who, random()).value;
                [
                    json!({ "name": camelize_lower(&f.key), "value": value }),
                    json!({ "name": f.key, "value": value }),
                ]
            })
            .collect(),
    }
}

/// The injected response of a flag fault (`POST /admin/demo {"flagFault": …}`), if any. `Down`
/// is a body that fails before its first byte, so the server drops the connection.
pub fn fault_response(fault: FlagFault) -> Option<Response> {
    match fault {
        FlagFault::None | FlagFault::Slow => None,
        FlagFault::Down => Some(Body::new(Limited::new(Full::new(Bytes::from_static(b"down")), 1)).into_response()),
        FlagFault::Http500 => Some(
            (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({ "errors": [{ "title": "Internal server error", "detail": "The demo collector injected this flag fault", "code": "500", "status": "500" }] })))
                .into_response(),
        ),
        FlagFault::Garbage => Some(
            (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], "{\"data\":{\"type\":\"feature_toggles\",\"features\":[{\"name\":<<garbage>>")
                .into_response(),
        ),
    }
}

/// `GET /v0/feature_toggles`, after the demo flag fault (if one is set).
pub async fn feature_toggles(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Query<Vec<(String, String)>>,
) -> Response {
    let knobs = state.demo.get();
    if knobs.flag_fault == FlagFault::Slow {
        tokio::time::sleep(Duration::from_millis(knobs.flag_delay_ms)).await;
    }
    match fault_response(knobs.flag_fault) {
        Some(r) => r,
        None => toggles(state, headers, params).await.into_response(),
    }
}

async fn toggles(
    state: AppState,
    headers: HeaderMap,
    Query(params): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let who = requester(&params, &headers)?;
    let requested: Option<Vec<&str>> = last_param(&params, "features").map(ruby_split_commas);
    if let Some(names) = &requested {
        if names.len() > MAX_REQUESTED || names.iter().any(|n| n.len() > MAX_ID_BYTES) {
            return Err(ApiError::BadRequest(format!(
                "at most {MAX_REQUESTED} feature names of at most {MAX_ID_BYTES} bytes"
            )));
        }
    }
    let stored = state.db(|c| features::all(c)).await?;
    let rng = state.rng.clone();
    let list = toggle_values(&stored, requested.as_deref(), &who, &mut || rng.next_f64());
    Ok(Json(
        json!({ "data": { "type": "feature_toggles", "features": list } }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camelize_like_rails() {
        assert_eq!(
            camelize_lower("va_online_scheduling_vaos_service_va_appointments"),
            "vaOnlineSchedulingVaosServiceVaAppointments"
        );
        assert_eq!(
            camelize_lower("va_online_scheduling_datadog_RUM"),
            "vaOnlineSchedulingDatadogRum"
        );
        assert_eq!(
            camelize_lower("mhv_secure_messaging_curated_list_flow"),
            "mhvSecureMessagingCuratedListFlow"
        );
        assert_eq!(camelize_lower("Foo__bar"), "fooBar");
        assert_eq!(
            camelize_lower("facilities_service_v2"),
            "facilitiesServiceV2"
        );
    }

    #[test]
    fn split_like_ruby() {
        assert_eq!(ruby_split_commas("a,,b,,"), vec!["a", "", "b"]);
        assert!(ruby_split_commas("").is_empty());
        assert!(ruby_split_commas(",,").is_empty());
    }
}
