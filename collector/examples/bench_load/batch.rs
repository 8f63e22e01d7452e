//! The SDK-shaped request bodies the load generator sends: batches of 50 records with unique ids,
//! built once before the clock starts and gzip-compressed as the SDK sends them.

use std::io::Write;

use serde_json::{json, Value};

/// Records per request (the SDK's batch size).
pub const EVENTS_PER_BATCH: usize = 50;

fn attr(k: &str, v: Value) -> Value {
    json!({ "key": k, "value": v })
}

/// One ExportLogsServiceRequest of `EVENTS_PER_BATCH` records with ids `{prefix}-{i}`.
pub fn json(prefix: &str, t_ms: i64) -> String {
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

/// gzip at the fast level (what `CompressionStream("gzip")` is closest to in cost).
pub fn gzip(body: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(body);
    enc.finish().unwrap_or_default()
}

/// The bodies of client `client`: `count` gzip batches, ids `{prefix}{client}x{b}-{i}`, times
/// from `start_ms` on.
pub fn bodies(prefix: &str, client: usize, count: usize, start_ms: i64) -> Vec<Vec<u8>> {
    (0..count)
        .map(|b| {
            gzip(json(&format!("{prefix}{client}x{b}"), start_ms + (b as i64) * 50).as_bytes())
        })
        .collect()
}

/// `make(0..count)`, built on every core.
pub fn prebuilt<T: Send>(count: usize, make: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let make = &make;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| s.spawn(move || (t..count).step_by(threads).map(make).collect::<Vec<T>>()))
            .collect();
        let mut parts: Vec<std::vec::IntoIter<T>> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default().into_iter())
            .collect();
        (0..count)
            .filter_map(|i| parts[i % threads].next())
            .collect()
    })
}

/// Most bodies built before a paced run's clock starts (2,000,000 events). A longer run (a
/// 30-minute soak offers about 460,000 batches) gets its first `PREBUILT_MAX` bodies built
/// before the clock and the rest from a producer thread that stays up to `PREBUILT_MAX` ahead
/// of the sender: built all at once, a soak's bodies took longer than the run and held
/// gigabytes.
pub const PREBUILT_MAX: usize = 40_000;

/// Body `i` of a run: ids `{prefix}x{i}-{0..50}`, times 50 ms apart from an hour ago.
pub fn numbered(prefix: String) -> impl Fn(usize) -> Vec<u8> + Send + Sync + 'static {
    let start_ms = crate::now_ms() - 3_600_000;
    move |i| gzip(json(&format!("{prefix}x{i}"), start_ms + (i as i64) * 50).as_bytes())
}

/// `make(0..count)` in order, as a channel: all of it built on every core when `count` is at
/// most `ahead`, else the first `ahead` before this returns and the rest by a producer thread
/// that stays up to `ahead` bodies in front of the receiver (until the receiver is dropped).
pub fn streamed(
    count: usize,
    ahead: usize,
    make: impl Fn(usize) -> Vec<u8> + Send + Sync + 'static,
) -> tokio::sync::mpsc::Receiver<Vec<u8>> {
    let ahead = count.min(ahead).max(1);
    let (tx, rx) = tokio::sync::mpsc::channel(ahead);
    let first = prebuilt(ahead.min(count), &make);
    for body in first {
        // The channel has room for exactly `ahead` bodies and nothing drains it yet.
        let _ = tx.try_send(body);
    }
    if count > ahead {
        std::thread::spawn(move || {
            for i in ahead..count {
                if tx.blocking_send(make(i)).is_err() {
                    break;
                }
            }
        });
    }
    rx
}
