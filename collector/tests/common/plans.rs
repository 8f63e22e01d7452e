//! Release-plan test helpers: synthetic SDK traffic on the new or base variant, plan API calls,
//! and bounded waits on a plan's status.

use std::time::Duration;

use serde_json::{json, Value};

use super::{attr, client, record, request, s, TOKEN};

/// `n` timing events (`ms` each) of request `name` on the variant `new`, plus `errors` error
/// events (status 500), now, with the plan's variant flag in the flag context.
pub fn traffic(tag: &str, flag: &str, new: bool, n: usize, errors: usize, ms: f64) -> Value {
    let now = super::now_ms();
    let f = attr(
        &format!("va_rollout.flag.{flag}"),
        json!({ "boolValue": new }),
    );
    let mut recs: Vec<Value> = (0..n)
        .map(|i| {
            record(
                &format!("{tag}-t{i}"),
                now,
                "va_rollout.timing",
                "vaos.appointments",
                vec![
                    attr("session.id", s(&format!("{tag}-s{}", i % 5))),
                    attr("va_rollout.duration_ms", json!({ "doubleValue": ms })),
                    f.clone(),
                ],
            )
        })
        .collect();
    recs.extend((0..errors).map(|i| {
        record(
            &format!("{tag}-e{i}"),
            now,
            "va_rollout.error",
            "vaos.appointments",
            vec![
                attr("session.id", s(&format!("{tag}-s{i}"))),
                attr("http.response.status_code", json!({ "intValue": "500" })),
                f.clone(),
            ],
        )
    }));
    request(recs)
}

pub async fn post_logs(base: &str, body: &Value) {
    let r = client()
        .post(format!("{base}/v1/logs"))
        .json(body)
        .send()
        .await
        .expect("ingest");
    assert!(r.status().is_success(), "ingest {}", r.status());
}

/// POSTs a plan (YAML) with the admin token; returns the status code and body.
pub async fn apply(base: &str, yaml: &str) -> (u16, Value) {
    let r = client()
        .post(format!("{base}/plans"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/yaml")
        .body(yaml.to_string())
        .send()
        .await
        .expect("POST /plans");
    let code = r.status().as_u16();
    (code, r.json().await.unwrap_or(Value::Null))
}

/// `POST /plans/{id}/{cmd}` as `who`; returns the status code and body.
pub async fn command(base: &str, id: &str, cmd: &str, who: &str) -> (u16, Value) {
    let r = client()
        .post(format!("{base}/plans/{id}/{cmd}"))
        .bearer_auth(TOKEN)
        .header("x-va-rollout-actor", who)
        .send()
        .await
        .expect("command");
    let code = r.status().as_u16();
    (code, r.json().await.unwrap_or(Value::Null))
}

pub async fn status(base: &str, id: &str) -> Value {
    super::get_json(format!("{base}/plans/{id}")).await
}

/// Polls the status every 50 ms until `pred` holds (panics after `secs`, with the last status).
pub async fn wait_for(
    base: &str,
    id: &str,
    secs: u64,
    what: &str,
    pred: impl Fn(&Value) -> bool,
) -> Value {
    let mut last = Value::Null;
    for _ in 0..secs * 20 {
        last = status(base, id).await;
        if pred(&last) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}: {last:#}");
}

/// The `percentage_of_actors` gate of `feature` in a collector's Flipper API (None: unset/absent).
pub async fn flipper_percentage(base: &str, feature: &str) -> Option<String> {
    let r = client()
        .get(format!("{base}/flipper/api/features/{feature}"))
        .send()
        .await
        .expect("flipper");
    if !r.status().is_success() {
        return None;
    }
    let v: Value = r.json().await.ok()?;
    v["gates"]
        .as_array()?
        .iter()
        .find(|g| g["key"] == "percentage_of_actors")?["value"]
        .as_str()
        .map(str::to_string)
}

/// Actions of the audit trail, in order.
pub fn actions(status: &Value) -> Vec<String> {
    status["audit"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["action"].as_str().map(str::to_string))
        .collect()
}
