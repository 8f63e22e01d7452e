//! The readable form of a plan status (the JSON of `GET /plans/{id}`), for `plan status`.

use std::fmt::Write;

use serde_json::Value;

fn s(v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub fn render(v: &Value) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "plan {} — {}", s(&v["id"]), s(&v["title"]));
    let _ = writeln!(
        out,
        "status:  {}{}",
        s(&v["status"]),
        v["reason"]
            .as_str()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "stage:   {} at {}% since {} ({} new-variant sessions)",
        s(&v["stage"]),
        s(&v["percentage"]),
        s(&v["stage_since"]),
        s(&v["new_sessions"])
    );
    let _ = writeln!(out, "verdict: {}", s(&v["verdict"]));
    let _ = writeln!(
        out,
        "next:    {}{}{}",
        s(&v["next_action"]["action"]),
        v["next_action_earliest"]
            .as_str()
            .map(|t| format!(" at {t}"))
            .unwrap_or_default(),
        v["next_action"]["waiting_for"]
            .as_str()
            .map(|w| format!(" — waiting for: {w}"))
            .unwrap_or_default()
    );
    out.push_str("stages:\n");
    for st in v["stages"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "  {} {:<20} {:>6}%  effective exposure {:>6}%{}",
            if st["current"] == true { "▶" } else { " " },
            s(&st["name"]),
            s(&st["percentage"]),
            s(&st["effective_exposure"]),
            if st["requires_approval"] == true {
                "  (approval)"
            } else {
                ""
            }
        );
    }
    out.push_str("criteria:\n");
    for c in v["criteria"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "  {:<22} {} {} {} — {} ({} samples, {} failure(s) in a row)",
            s(&c["id"]),
            s(&c["value"]),
            s(&c["op"]),
            s(&c["threshold"]),
            s(&c["verdict"]),
            s(&c["samples"]),
            s(&c["consecutive_failures"])
        );
    }
    out.push_str("audit:\n");
    for a in v["audit"].as_array().into_iter().flatten() {
        let t = a["time_ms"]
            .as_i64()
            .map(crate::util::iso_utc)
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {t} {:<10} {:<22} {}",
            s(&a["actor"]),
            s(&a["action"]),
            s(&a["reason"])
        );
    }
    out
}
