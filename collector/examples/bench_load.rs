//! Load generator for `scripts/collector-bench.sh`: CLIENTS concurrent clients each send BATCHES
//! batches of 50 SDK-shaped events to a running collector, then it prints events/s.
//! Usage: bench_load BASE_URL CLIENTS BATCHES [ID_PREFIX]

use std::time::{Duration, Instant};

use serde_json::{json, Value};

const EVENTS_PER_BATCH: usize = 50;

fn attr(k: &str, v: Value) -> Value {
    json!({ "key": k, "value": v })
}

fn batch(prefix: &str, t_ms: i64) -> String {
    let pages = [
        "recent/",
        "select-care-team/",
        "start-message/",
        "care-team-help/",
    ];
    let records: Vec<Value> = (0..EVENTS_PER_BATCH)
        .map(|i| {
            let kind = ["va_rollout.click", "va_rollout.transition", "va_rollout.timing", "va_rollout.error"][i % 4];
            let session = format!("{prefix}-s{}", i % 5);
            let t = (t_ms + i as i64) * 1_000_000;
            json!({
                "timeUnixNano": t.to_string(), "observedTimeUnixNano": t.to_string(), "eventName": kind,
                "body": { "stringValue": if i % 4 >= 2 { "sm.messages.send" } else { "Care System Radio button" } },
                "attributes": [
                    attr("va_rollout.event.id", json!({ "stringValue": format!("{prefix}-{i}") })),
                    attr("event.name", json!({ "stringValue": kind })),
                    attr("session.id", json!({ "stringValue": session })),
                    attr("url.path", json!({ "stringValue": format!("/my-health/secure-messages/new-message/{}", pages[i % 4]) })),
                    attr("va_rollout.flow", json!({ "stringValue": if i % 2 == 0 { "curated" } else { "legacy" } })),
                    attr("va_rollout.flag.mhv_secure_messaging_curated_list_flow", json!({ "boolValue": i % 2 == 0 })),
                    attr("va_rollout.transition.from", json!({ "stringValue": "/my-health/secure-messages/new-message/recent/" })),
                    attr("va_rollout.transition.to", json!({ "stringValue": format!("/my-health/secure-messages/new-message/{}", pages[(i + 1) % 4]) })),
                    attr("va_rollout.duration_ms", json!({ "doubleValue": (i * 37 % 900) as f64 })),
                    attr("http.response.status_code", json!({ "intValue": if i % 4 == 3 { "500" } else { "200" } })),
                ],
            })
        })
        .collect();
    json!({ "resourceLogs": [{ "resource": { "attributes": [attr("service.name", json!({ "stringValue": "bench" }))] },
        "scopeLogs": [{ "scope": { "name": "va-rollout" }, "logRecords": records }] }] })
    .to_string()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(base), Some(clients), Some(batches)) = (
        args.get(1),
        args.get(2).and_then(|c| c.parse::<usize>().ok()),
        args.get(3).and_then(|b| b.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: bench_load BASE_URL CLIENTS BATCHES [ID_PREFIX]");
        std::process::exit(2);
    };
    let prefix = args.get(4).cloned().unwrap_or_else(|| "b".into());
    let url = format!("{base}/v1/logs");
    let start_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
        - 3_600_000;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (url, prefix) = (url.clone(), prefix.clone());
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut retries = 0u64;
            for b in 0..batches {
                let body = batch(&format!("{prefix}{c}x{b}"), start_ms + (b as i64) * 50);
                loop {
                    let r = http
                        .post(&url)
                        .header("content-type", "application/json")
                        .body(body.clone())
                        .send()
                        .await;
                    match r.map(|r| r.status().as_u16()) {
                        Ok(200) => break,
                        Ok(429) | Err(_) => {
                            retries += 1;
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        Ok(other) => panic!("unexpected status {other}"),
                    }
                }
            }
            retries
        }));
    }
    let mut retries = 0;
    for t in tasks {
        retries += t.await.unwrap_or(0);
    }
    let secs = started.elapsed().as_secs_f64();
    let events = clients * batches * EVENTS_PER_BATCH;
    println!("ingest: {clients} clients x {batches} batches x {EVENTS_PER_BATCH} = {events} events in {secs:.1} s = {:.0} events/s ({retries} retries)", events as f64 / secs);
}
