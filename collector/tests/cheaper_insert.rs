//! Rows go in 50 to a statement (`store::events::insert`, issue 15 item 3) and are stored as one
//! row per statement stores them, column for column, each event id once.

use rusqlite::Connection;
use serde_json::{json, Value};
use va_rollout_collector::ingest::otlp;
use va_rollout_collector::store::{self, events};

mod common;
use common::{attr, record, request, s};

/// Events of every kind the report reads and `va_rollout.action`, over two flows and both
/// variants, with pages, durations and statuses.
fn rows(n: usize) -> Vec<va_rollout_collector::ingest::row::EventRow> {
    const PAGE: &str = "/my-health/secure-messages/new-message/";
    let pages = [
        "recent/",
        "select-care-team/",
        "start-message/",
        "care-team-help/",
    ];
    let kinds = [
        "va_rollout.click",
        "va_rollout.transition",
        "va_rollout.timing",
        "va_rollout.error",
        "va_rollout.action",
    ];
    let records = (0..n)
        .map(|i| {
            let kind = kinds[i % kinds.len()];
            record(
                &format!("id-{i}"),
                1_767_225_600_000 + (i as i64) * 7_919,
                kind,
                if i % 3 == 0 { "GET /x" } else { "Send" },
                vec![
                    attr("session.id", s(&format!("s{}", i % 7))),
                    attr("va_rollout.flow", s(["curated", "legacy"][i % 2])),
                    attr(
                        "va_rollout.flag.mhv_secure_messaging_curated_list_flow",
                        json!({ "boolValue": i % 3 == 1 }),
                    ),
                    attr("va_rollout.action.name", s(["breaker", "send"][i % 2])),
                    attr(
                        "va_rollout.transition.from",
                        s(&format!("{PAGE}{}", pages[i % 4])),
                    ),
                    attr(
                        "va_rollout.transition.to",
                        s(&format!("{PAGE}{}", pages[(i / 4) % 4])),
                    ),
                    attr(
                        "va_rollout.duration_ms",
                        json!({ "doubleValue": (i * 37 % 900) as f64 }),
                    ),
                    attr(
                        "http.response.status_code",
                        json!({ "intValue": [200, 500, 503][i % 3] }),
                    ),
                ],
            )
        })
        .collect::<Vec<Value>>();
    otlp::parse_request(request(records).to_string().as_bytes(), 1)
        .unwrap()
        .rows
}

/// Every stored column but the rowid, by event id.
fn stored(c: &Connection) -> Vec<Vec<rusqlite::types::Value>> {
    let mut stmt = c.prepare("SELECT * FROM events ORDER BY event_id").unwrap();
    let n = stmt.column_count();
    let rows = stmt.query_map([], |r| (1..n).map(|i| r.get(i)).collect());
    rows.unwrap().map(Result::unwrap).collect()
}

#[test]
fn rows_in_groups_are_stored_as_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let all = rows(137);
    let mut grouped = store::init(&dir.path().join("grouped.db")).unwrap();
    let tx = grouped.transaction().unwrap();
    assert_eq!(
        events::insert(&tx, &all[..60]).unwrap(),
        60,
        "a group and 10 rows"
    );
    let again = [&all[30..], &all[100..105], &all[..50]].concat();
    assert_eq!(
        events::insert(&tx, &again).unwrap(),
        77,
        "only the new ids count"
    );
    tx.commit().unwrap();
    let mut single = store::init(&dir.path().join("single.db")).unwrap();
    let tx = single.transaction().unwrap();
    for r in &all {
        assert_eq!(events::insert(&tx, std::slice::from_ref(r)).unwrap(), 1);
    }
    tx.commit().unwrap();
    let (g, s) = (stored(&grouped), stored(&single));
    assert_eq!(g.len(), 137);
    assert_eq!(g, s, "the same rows, column for column");
}
