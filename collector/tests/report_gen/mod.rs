//! Generated events for the report's SQL tests (`report_sql.rs`): every event kind, odd labels,
//! few distinct durations (ties at every rank), times on and around the 10-minute edges.

use serde_json::json;
use va_rollout_collector::ingest::row::{EventFields, EventRow};
use va_rollout_collector::report::stats;

use crate::rng::Rng;

pub const FLAG: &str = "mhv_secure_messaging_curated_list_flow";
pub const T0: i64 = 1_767_225_600_000;
pub const MIN: i64 = 60_000;

pub const ROOT: &str = "/my-health/secure-messages/new-message";
pub const PATHS: [&str; 10] = [
    "/my-health/secure-messages/new-message",
    "/my-health/secure-messages/new-message/",
    "/my-health/secure-messages/new-message/recent",
    "/my-health/secure-messages/new-message/recent/?x=1",
    "/my-health/secure-messages/new-message/select-care-team#top",
    "/my-health/secure-messages/new-message/start-message",
    "/my-health/secure-messages/new-message/care-team-help",
    "/my-health/secure-messages/inbox",
    "",
    "/x/new-message/recent//",
];

pub fn event(rng: &mut Rng, i: usize, time_ms: i64) -> EventRow {
    let kinds = [
        stats::EVENT_ERROR,
        stats::EVENT_TIMING,
        stats::EVENT_CLICK,
        stats::EVENT_ACTION,
        stats::EVENT_TRANSITION,
        "va_rollout.pageview",
        "va_rollout.loss",
    ];
    let kind = *rng.pick(&kinds);
    let names = [
        None,
        Some("GET /vaos/v2/appointments"),
        Some("sm.messages.send"),
        Some("x.messages.send"),
        Some("X.MESSAGES.SEND"),
        Some("Circuit BrEaKeR open"),
        Some("50%_off ünïcode"),
    ];
    let flows = [None, Some("none"), Some("curated"), Some("legacy")];
    let statuses = [None, None, Some(200), Some(400), Some(500), Some(503)];
    // Few distinct durations: ties at every rank, the p95 included.
    let durations = [
        None,
        Some(0.0),
        Some(100.0),
        Some(100.0),
        Some(99.9),
        Some(250.0),
        Some(5_000.5),
        Some(12_345.678),
        Some(-1.0),
    ];
    let flag_values = [
        json!(true),
        json!(false),
        json!("true"),
        json!("false"),
        json!(null),
    ];
    let mut flags = serde_json::Map::new();
    if rng.below(5) > 0 {
        flags.insert(FLAG.into(), rng.pick(&flag_values).clone());
    }
    let variant = match flags.get(FLAG) {
        Some(v) if *v == json!(true) => Some(true),
        Some(v) if *v == json!(false) => Some(false),
        _ => None,
    };
    let dropped = [
        None,
        None,
        None,
        Some(json!(3)),
        Some(json!(-2)),
        Some(json!(1u64 << 40)),
        Some(json!("7")),
        Some(json!(2.5)),
    ];
    let mut attrs = serde_json::Map::new();
    if let Some(d) = rng.pick(&dropped) {
        attrs.insert("va_rollout.dropped".into(), d.clone());
    }
    let session = (rng.below(8) > 0).then(|| format!("s{}", rng.below(40)));
    let transition = kind == stats::EVENT_TRANSITION;
    EventRow {
        event_id: format!("e{i}"),
        time_ns: time_ms * 1_000_000 + rng.below(1_000_000) as i64,
        fields: EventFields {
            session_id: session,
            event_name: kind.into(),
            name: rng.pick(&names).map(String::from),
            flow: rng.pick(&flows).map(String::from),
            path: Some(ROOT.into()),
            status: *rng.pick(&statuses),
            duration_ms: *rng.pick(&durations),
            action_name: (rng.below(3) == 0)
                .then(|| rng.pick(&names).unwrap_or("breaker").to_string()),
            transition_from: transition.then(|| rng.pick(&PATHS).to_string()),
            transition_to: transition.then(|| rng.pick(&PATHS).to_string()),
            variant,
        },
        service: Some("svc".into()),
        flag_context: serde_json::Value::Object(flags).to_string(),
        attributes: serde_json::Value::Object(attrs).to_string(),
        elided: 0,
        received_at_ms: 0,
    }
}

/// `n` events: bursts of errors around exact 10-minute edges, the rest spread over 2 hours.
pub fn generate(seed: u64, n: usize) -> Vec<EventRow> {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    (0..n)
        .map(|i| {
            let t = match rng.below(4) {
                0 => T0 + 10 * MIN * rng.below(12) as i64 + rng.below(3) as i64 - 1,
                _ => T0 + rng.below(120 * MIN as u64) as i64,
            };
            event(&mut rng, i, t)
        })
        .collect()
}
