//! Security properties of the collector: exact admin tokens on every write, and SQL only through
//! bound parameters (source scan + injection-shaped strings stored verbatim). The rate limit, the
//! Content-Security-Policy option and foreign origins: `security_http.rs`.

mod common;

use std::path::Path;

use common::*;
use serde_json::{json, Value};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seed/demo-flags.json");
const FEATURE: &str = "/flipper/api/features/mhv_secure_messaging_curated_list_flow";

/// Strings shaped like SQL injection (and quoting trouble) that must be stored as plain data.
const INJECTIONS: [&str; 6] = [
    "'; DROP TABLE events; --",
    "\" OR \"1\"=\"1",
    "Robert'); DROP TABLE features;--",
    "x' UNION SELECT key, actors FROM features --",
    "1; DELETE FROM request_log",
    "%' OR 1=1 /* ? ?1 :name @p $x */",
];

fn open_db(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).expect("open the collector's database")
}

#[tokio::test]
async fn every_write_refuses_near_miss_tokens() {
    let s = TestServer::start(&["--flags-file", SEED]).await;
    let c = client();
    let near_misses: Vec<(&str, String)> = vec![
        (
            "authorization",
            format!("Bearer {}", &TOKEN[..TOKEN.len() - 1]),
        ),
        (
            "authorization",
            format!("Bearer {}x", &TOKEN[..TOKEN.len() - 1]),
        ),
        ("authorization", format!("Bearer {TOKEN}{TOKEN}")),
        ("authorization", format!("bearer {TOKEN}")),
        ("authorization", format!("Basic {TOKEN}")),
        ("authorization", TOKEN.to_string()),
        ("authorization", format!("Bearer {}", TOKEN.to_uppercase())),
        ("x-va-rollout-admin-token", format!("{TOKEN}\t0")),
        ("x-va-rollout-admin-token", "A".repeat(100_000)),
        ("x-va-rollout-admin-token", String::new()),
    ];
    let writes: Vec<(reqwest::Method, String, Value)> = vec![
        (
            reqwest::Method::POST,
            "/flipper/api/features".into(),
            json!({"name": "x"}),
        ),
        (reqwest::Method::DELETE, FEATURE.into(), json!({})),
        (
            reqwest::Method::POST,
            format!("{FEATURE}/boolean"),
            json!({}),
        ),
        (
            reqwest::Method::DELETE,
            format!("{FEATURE}/boolean"),
            json!({}),
        ),
        (
            reqwest::Method::POST,
            format!("{FEATURE}/actors"),
            json!({"flipper_id": "x"}),
        ),
        (
            reqwest::Method::POST,
            format!("{FEATURE}/percentage_of_actors"),
            json!({"percentage": "100"}),
        ),
        (
            reqwest::Method::DELETE,
            format!("{FEATURE}/clear"),
            json!({}),
        ),
        (
            reqwest::Method::POST,
            "/admin/demo".into(),
            json!({"errorRate": 1.0}),
        ),
        (
            reqwest::Method::DELETE,
            "/debug/requests.json".into(),
            json!({}),
        ),
    ];
    for (method, path, body) in &writes {
        for (header, value) in &near_misses {
            let r = c
                .request(
                    method.clone(),
                    s.url(&format!("{path}?token={TOKEN}&admin_token={TOKEN}")),
                )
                .header(*header, value)
                .json(body)
                .send()
                .await
                .expect("request");
            assert_eq!(
                r.status().as_u16(),
                401,
                "{method} {path} with {header}: {:.40}",
                value
            );
        }
    }
    let (st, v) = (
        c.get(s.url(FEATURE))
            .send()
            .await
            .expect("get")
            .status()
            .as_u16(),
        get_json(s.url(FEATURE)).await,
    );
    assert_eq!(
        (st, v["state"].as_str()),
        (200, Some("conditional")),
        "nothing changed"
    );
    let knobs = get_json(s.url("/admin/demo")).await;
    assert_eq!(
        knobs["errorRate"].as_f64(),
        Some(0.0),
        "knobs unchanged: {knobs}"
    );
    // The exact token works (so the refusals above are about the token, not the requests).
    let r = c
        .post(s.url(&format!("{FEATURE}/boolean")))
        .header("x-va-rollout-admin-token", TOKEN)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status().as_u16(), 200);
    s.stop().await;
}

/// Every SQL text in the collector's sources is a literal, or a `format!` that interpolates only
/// SCREAMING_CASE constants (column lists); no value ever reaches SQL except as a bound parameter.
#[test]
fn sql_is_never_built_from_values() {
    let mut files = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 20, "found the sources: {}", files.len());
    let sql = regex_lite_sql();
    let mut checked = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        for (i, line) in text.lines().enumerate() {
            let Some(start) = line.find("format!(") else {
                continue;
            };
            // The format string is on this line or the next one.
            let rest: String = text.lines().skip(i).take(2).collect::<Vec<_>>().join(" ");
            let fmt = &rest[rest.find("format!(").unwrap_or(start)..];
            if !sql.iter().any(|k| fmt.to_ascii_uppercase().contains(k)) {
                continue;
            }
            checked += 1;
            for hole in fmt.split('{').skip(1).filter_map(|h| h.split('}').next()) {
                let name = hole.split(':').next().unwrap_or("");
                assert!(
                    name.chars()
                        .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
                        && !name.is_empty(),
                    "{}:{}: SQL built with a non-constant `{{{hole}}}`: {line}",
                    f.display(),
                    i + 1
                );
            }
        }
    }
    assert!(
        checked >= 2,
        "the scan saw the known format!-built SELECTs ({checked})"
    );
}

fn regex_lite_sql() -> [&'static str; 5] {
    ["SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", " WHERE "]
}

#[tokio::test]
async fn injection_shaped_strings_are_stored_verbatim() {
    let srv = TestServer::start(&["--flags-file", SEED]).await;
    let c = client();
    // Telemetry: every stored text column.
    let records: Vec<Value> = INJECTIONS
        .iter()
        .enumerate()
        .map(|(i, inj)| {
            record(
                &event_id(i, inj),
                now_ms(),
                "va_rollout.click",
                inj,
                vec![
                    attr("session.id", s(inj)),
                    attr("url.path", s(inj)),
                    attr("va_rollout.flow", s(inj)),
                    attr("va_rollout.action.name", s(inj)),
                ],
            )
        })
        .collect();
    let r = c
        .post(srv.url("/v1/logs"))
        .header("content-type", "application/json")
        .body(request(records).to_string())
        .send()
        .await
        .expect("ingest");
    assert_eq!(r.status().as_u16(), 200);
    // Flipper: an actor id and a group name; the request log: a session header.
    for inj in INJECTIONS {
        for (gate, body) in [
            ("actors", json!({ "flipper_id": inj })),
            ("groups", json!({ "name": inj })),
        ] {
            let r = c
                .post(srv.url(&format!("{FEATURE}/{gate}")))
                .bearer_auth(TOKEN)
                .json(&body)
                .send()
                .await
                .expect("gate write");
            assert_eq!(r.status().as_u16(), 200, "{gate} {inj}");
        }
        let r = c
            .get(srv.url("/vaos/v2/facilities/983"))
            .header("x-va-rollout-session", inj)
            .send()
            .await
            .expect("demo");
        assert_eq!(r.status().as_u16(), 200);
        let r = c
            .get(srv.url(&format!("/report.json?stage={}", urlencode(inj))))
            .send()
            .await
            .expect("report");
        assert_eq!(r.status().as_u16(), 200, "report with stage {inj}");
    }
    let db_path = srv.db.clone();
    let _dir = srv.stop().await;
    let db = open_db(&db_path);
    for (i, inj) in INJECTIONS.iter().enumerate() {
        let row: (String, String, String, String, String, String) = db
            .query_row(
                "SELECT session_id, name, path, flow, action_name, event_id FROM events WHERE event_id = ?1",
                [event_id(i, inj)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .expect("the injected record is stored");
        assert_eq!(
            row,
            (
                inj.to_string(),
                inj.to_string(),
                inj.to_string(),
                inj.to_string(),
                inj.to_string(),
                event_id(i, inj)
            )
        );
    }
    let (actors, groups): (String, String) = db
        .query_row(
            "SELECT actors, groups FROM features WHERE key = 'mhv_secure_messaging_curated_list_flow'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the feature is still there");
    let actors: Vec<String> = serde_json::from_str(&actors).expect("actors JSON");
    let groups: Vec<String> = serde_json::from_str(&groups).expect("groups JSON");
    let sessions: Vec<String> = db
        .prepare("SELECT session_id FROM request_log")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for inj in INJECTIONS {
        assert!(
            actors.iter().any(|a| a == inj),
            "actor {inj} stored verbatim"
        );
        assert!(
            groups.iter().any(|g| g == inj),
            "group {inj} stored verbatim"
        );
        assert!(
            sessions.iter().any(|x| x == inj),
            "session {inj} stored verbatim"
        );
    }
    for table in ["events", "features", "request_log"] {
        let n: i64 = db
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .expect("table exists");
        assert!(n > 0, "{table} still holds its rows");
    }
}

/// Event ids are printable ASCII without spaces: the injection with its spaces removed.
fn event_id(i: usize, inj: &str) -> String {
    format!("inj-{i}-{}", inj.replace(' ', ""))
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
