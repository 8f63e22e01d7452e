//! Every toggle change goes through a Flipper HTTP API, exactly as a person would drive it: the
//! collector's own (`/flipper/api` on its own address, with its admin token) or an external one
//! (e.g. the Flipper API vets-api mounts) at a base URL with its credentials.

use std::time::Duration;

use serde_json::{json, Value};

use super::lockstep::FlipperOp;

/// How long one Flipper request may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// Longest response body kept in the audit trail (bytes).
const MAX_KEPT: usize = 2_000;

#[derive(Clone)]
pub struct FlipperClient {
    /// e.g. `http://127.0.0.1:8080/flipper/api` (no trailing slash).
    pub base: String,
    token: Option<String>,
    http: reqwest::Client,
}

/// Percent-encodes a feature name for a path segment.
fn segment(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl FlipperClient {
    pub fn new(base: &str, token: Option<String>) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| format!("http client: {e}"))?;
        Ok(FlipperClient {
            base: base.trim_end_matches('/').to_string(),
            token,
            http,
        })
    }

    /// Carries out one write; `Ok` holds Flipper's status and (shortened) answer for the audit.
    pub async fn apply(&self, op: &FlipperOp) -> Result<Value, String> {
        let (method, name, gate, body) = match op {
            FlipperOp::Percentage(n, p) => (
                reqwest::Method::POST,
                n,
                "percentage_of_actors",
                Some(json!({ "percentage": p.to_string() })),
            ),
            FlipperOp::Enable(n) => (reqwest::Method::POST, n, "boolean", None),
            FlipperOp::Disable(n) => (reqwest::Method::DELETE, n, "boolean", None),
        };
        let url = format!("{}/features/{}/{gate}", self.base, segment(name));
        let mut req = self.http.request(method.clone(), &url);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| format!("{method} {url}: {e}"))?;
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap_or_default();
        let kept: String = text.chars().take(MAX_KEPT).collect();
        let answer = json!({ "request": format!("{method} {url}"), "status": status, "body": serde_json::from_str::<Value>(&kept).unwrap_or(Value::String(kept)) });
        if (200..300).contains(&status) {
            Ok(answer)
        } else {
            Err(answer.to_string())
        }
    }
}
