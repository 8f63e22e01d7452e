//! Notifications: always the collector's log, and the plan's webhook when it has one. A failed
//! delivery is logged as an error and returned, so the engine audits it: nothing fails silently.

use std::time::Duration;

use serde_json::{json, Value};

/// How long a webhook may take to answer.
pub const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(5);

/// The JSON body POSTed to the webhook.
pub fn body(plan_id: &str, what: &str, why: &str, time_ms: i64) -> Value {
    json!({ "plan": plan_id, "event": what, "reason": why, "time": crate::util::iso_utc(time_ms), "timeMs": time_ms })
}

/// Logs the notification and delivers it to `webhook`; `Err` says why the delivery failed.
pub async fn send(
    http: &reqwest::Client,
    webhook: Option<&str>,
    body: &Value,
) -> Result<(), String> {
    tracing::warn!(plan = %body["plan"], event = %body["event"], reason = %body["reason"], "release plan notification");
    let Some(url) = webhook else { return Ok(()) };
    let r = http
        .post(url)
        .timeout(WEBHOOK_TIMEOUT)
        .json(body)
        .send()
        .await
        .map_err(|e| format!("webhook {url}: {e}"))?;
    if r.status().is_success() {
        Ok(())
    } else {
        let e = format!("webhook {url} answered {}", r.status().as_u16());
        tracing::error!(%e, "release plan notification not delivered");
        Err(e)
    }
}
