//! Event generator for `scripts/collector-bench.sh`'s report figures: N SDK-shaped events
//! (deterministic), a share of them resent as the SDK's resends are (same record, same
//! `va_rollout.event.id`), written in bulk, not over HTTP, to both engines' inputs:
//! - the collector's SQLite store (`store::init` schema and `store::events::insert`, which
//!   keeps each event id once, as the collector's ingest does), and
//! - a TSV of `otel_logs` rows (ns, Body, LogAttributes as a JSON object of strings, the
//!   exporter's `AsString` forms, EventName), every copy included, which the script inserts
//!   into ClickHouse (chdb) with `INSERT ... SELECT ... FROM file()`.
//!
//! Usage: bench_gen DB TSV EVENTS [RESENT_PERCENT]. Prints `generated N events + D resent`.

use std::io::{BufWriter, Write};
use std::path::Path;

use serde_json::{json, Map, Value};
use va_rollout_collector::ingest::row::{EventFields, EventRow};
use va_rollout_collector::store::{self, events};

/// The events end here (2026-01-01T00:00:00Z) and span the day before.
const END_MS: i64 = 1_767_225_600_000;
const SPAN_MS: i64 = 86_400_000;
const FLAG: &str = "mhv_secure_messaging_curated_list_flow";
const ROOT: &str = "/my-health/secure-messages/new-message";
const ROWS_PER_TRANSACTION: usize = 50_000;

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// One event and its `otel_logs` attributes (strings, as the exporter stores them).
fn event(i: u64, total: u64) -> (EventRow, Map<String, Value>) {
    let h = mix(i);
    let sessions = (total / 25).max(1);
    let s = mix(h) % sessions;
    let variant = match s % 10 {
        9 => None,
        k => Some(k % 2 == 0),
    };
    let flow = ["curated", "legacy", ""][(s % 3) as usize];
    let kind = match (h >> 8) % 100 {
        0..30 => "va_rollout.click",
        30..50 => "va_rollout.timing",
        50..54 => "va_rollout.error",
        54..70 => "va_rollout.transition",
        70..80 => "va_rollout.action",
        _ => "va_rollout.pageview",
    };
    let requests = [
        "sm.messages.send",
        "GET /vaos/v2/appointments",
        "GET /sm/recipients",
        "POST /vaos/v2/appointments",
    ];
    let labels = [
        "Care System Radio button",
        "Continue",
        "Back",
        "sm.messages.send",
    ];
    let pages = [
        "",
        "/recent/",
        "/select-care-team/",
        "/start-message/",
        "/care-team-help/",
        "/../inbox",
    ];
    let timed = matches!(kind, "va_rollout.timing" | "va_rollout.error");
    let name = if timed {
        requests[((h >> 16) % 4) as usize]
    } else {
        labels[((h >> 16) % 4) as usize]
    };
    let status = match kind {
        "va_rollout.error" => [Some(500), Some(503), Some(404), None][((h >> 24) % 4) as usize],
        "va_rollout.timing" => Some(200),
        _ => None,
    };
    let duration = timed.then(|| ((h >> 28) % 200_000) as f64 / 100.0);
    let transition = (kind == "va_rollout.transition").then(|| {
        let p = |k: u64| format!("{ROOT}{}", pages[(k % 6) as usize]);
        (p(h >> 32), p(h >> 40))
    });
    let dropped = h.is_multiple_of(1000).then_some(1 + (h >> 48) % 7);
    let time_ns = (END_MS - SPAN_MS) * 1_000_000
        + (i as i128 * SPAN_MS as i128 * 1_000_000 / total.max(1) as i128) as i64
        + ((h >> 12) % 1_000_000) as i64;

    let mut typed = Map::new();
    let mut strings = Map::new();
    let mut put = |k: &str, v: Value, s: String| {
        typed.insert(k.into(), v);
        strings.insert(k.into(), Value::String(s));
    };
    let id = format!("e{i}");
    let session = format!("s{s}");
    put("va_rollout.event.id", json!(id), id.clone());
    put("event.name", json!(kind), kind.into());
    put("session.id", json!(session), session.clone());
    if let Some(v) = variant {
        put(&format!("va_rollout.flag.{FLAG}"), json!(v), v.to_string());
    }
    if !flow.is_empty() {
        put("va_rollout.flow", json!(flow), flow.into());
    }
    if let Some(st) = status {
        put("http.response.status_code", json!(st), st.to_string());
    }
    if let Some(d) = duration {
        put("va_rollout.duration_ms", json!(d), d.to_string());
    }
    if kind == "va_rollout.click" || kind == "va_rollout.action" {
        put("va_rollout.action.name", json!(name), name.into());
    }
    if let Some((from, to)) = &transition {
        put("va_rollout.transition.from", json!(from), from.clone());
        put("va_rollout.transition.to", json!(to), to.clone());
    }
    if let Some(n) = dropped {
        put("va_rollout.dropped", json!(n), n.to_string());
    }
    let flags = variant.map_or_else(|| json!({}), |v| json!({ FLAG: v }));
    let row = EventRow {
        event_id: id,
        time_ns,
        fields: EventFields {
            session_id: Some(session),
            event_name: kind.into(),
            name: Some(name.into()),
            flow: (!flow.is_empty()).then(|| flow.into()),
            path: Some(ROOT.into()),
            status,
            duration_ms: duration,
            action_name: typed
                .get("va_rollout.action.name")
                .map(|_| name.to_string()),
            transition_from: transition.as_ref().map(|t| t.0.clone()),
            transition_to: transition.map(|t| t.1),
            variant,
        },
        service: Some("vets-website".into()),
        flag_context: flags.to_string(),
        attributes: Value::Object(typed).to_string(),
        elided: 0,
        received_at_ms: END_MS,
    };
    (row, strings)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(db), Some(tsv), Some(total)) = (
        args.get(1),
        args.get(2),
        args.get(3).and_then(|n| n.parse::<u64>().ok()),
    ) else {
        eprintln!("usage: bench_gen DB TSV EVENTS [RESENT_PERCENT]");
        std::process::exit(2);
    };
    let resent_pct = args.get(4).and_then(|p| p.parse::<u64>().ok()).unwrap_or(3);
    let mut conn = store::init(Path::new(db))?;
    // A bulk load of a throw-away benchmark file, not the collector's durable ingest.
    conn.pragma_update(None, "synchronous", "OFF")?;
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(tsv)?);
    let (mut batch, mut resent) = (Vec::with_capacity(ROWS_PER_TRANSACTION), 0u64);
    let mut flush = |batch: &mut Vec<EventRow>| -> rusqlite::Result<()> {
        let tx = conn.transaction()?;
        events::insert(&tx, batch)?;
        batch.clear();
        tx.commit()
    };
    for i in 0..total {
        let (row, attrs) = event(i, total);
        let copies = if mix(i ^ 0x5eed) % 100 < resent_pct {
            2
        } else {
            1
        };
        let line = format!(
            "{}\t{}\t{}\t{}\n",
            row.time_ns,
            row.fields.name.as_deref().unwrap_or(""),
            Value::Object(attrs),
            row.fields.event_name
        );
        for _ in 0..copies {
            out.write_all(line.as_bytes())?;
            batch.push(row.clone());
        }
        resent += copies - 1;
        if batch.len() >= ROWS_PER_TRANSACTION {
            flush(&mut batch)?;
        }
    }
    flush(&mut batch)?;
    out.flush()?;
    println!("generated {total} events + {resent} resent");
    Ok(())
}
