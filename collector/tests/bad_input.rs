//! Bad input on every endpoint: no 5xx, no stack trace, no internal path or SQL detail in any
//! response, no file outside the static mounts, and the collector keeps serving afterwards
//! (including after malformed HTTP on raw sockets).

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seed/demo-flags.json");
const F: &str = "/flipper/api/features/mhv_secure_messaging_curated_list_flow";

/// What an error body must never contain: panics, backtraces, source or file-system paths,
/// database internals.
fn assert_no_internals(what: &str, body: &str, tmp: &str) {
    let lower = body.to_ascii_lowercase();
    for needle in [
        "panicked",
        "backtrace",
        "stack",
        ".rs:",
        "src/",
        "/work/",
        "/home/",
        "/usr/",
        "/tmp/",
        "cargo",
        "rusqlite",
        "sqlite",
        "syntax error",
        "no such table",
        "thread '",
        "tokio",
        "axum::",
        "hyper",
    ] {
        assert!(
            !lower.contains(needle),
            "{what}: response mentions {needle:?}: {body:.300}"
        );
    }
    assert!(
        !body.contains(tmp),
        "{what}: response leaks the data directory"
    );
}

type Req = (
    reqwest::Method,
    String,
    Option<(&'static str, Vec<u8>)>,
    bool,
);

fn bad_requests() -> Vec<Req> {
    use reqwest::Method as M;
    let json = |v: serde_json::Value| Some(("application/json", v.to_string().into_bytes()));
    let raw = |ct: &'static str, b: &[u8]| Some((ct, b.to_vec()));
    let many_names = (0..3000)
        .map(|i| format!("n{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let long = "x".repeat(20_000);
    let mut v: Vec<Req> = vec![
        (M::GET, format!("/v0/feature_toggles?features={many_names}&cookie_id={long}"), None, false),
        (M::GET, "/v0/feature_toggles?features=%FF%FE%00&cookie_id=%00".into(), None, false),
        (M::GET, "/v0/feature_toggles?features[]=a&features[x]=b&user[]=1".into(), None, false),
        (M::GET, "/flipper/api/features?keys=%00,%FF,,,&exclude_gates=maybe".into(), None, false),
        (M::GET, "/flipper/api/features/%00%FF..%2F..%2Fetc%2Fpasswd".into(), None, false),
        (M::GET, format!("/flipper/api/features/{long}"), None, false),
        (M::POST, "/flipper/api/features".into(), raw("application/json", b"{\"name\":"), true),
        (M::POST, "/flipper/api/features".into(), json(json!({"name": 5})), true),
        (M::POST, "/flipper/api/features".into(), json(json!({"name": "'; DROP TABLE features;--"})), true),
        (M::POST, "/flipper/api/features".into(), raw("application/x-www-form-urlencoded", b"name=%ZZ&&=="), true),
        (M::POST, "/flipper/api/features".into(), raw("text/xml", b"<name/>"), true),
        (M::POST, format!("{F}/percentage_of_actors"), json(json!({"percentage": "abc"})), true),
        (M::POST, format!("{F}/percentage_of_actors"), json(json!({"percentage": 1e308})), true),
        (M::POST, format!("{F}/percentage_of_actors"), json(json!({"percentage": -1})), true),
        (M::POST, format!("{F}/percentage_of_time"), json(json!({"percentage": [1]})), true),
        (M::POST, format!("{F}/actors"), json(json!({})), true),
        (M::POST, format!("{F}/actors"), json(json!({"flipper_id": long.clone() + &long})), true),
        (M::POST, format!("{F}/groups"), json(json!({"name": null})), true),
        (M::POST, format!("{F}/expression"), json(json!({"expression": {"Equal": [1, 2]}})), true),
        (M::POST, format!("{F}/nonsense_gate"), json(json!({})), true),
        (M::DELETE, "/flipper/api/features/does_not_exist".into(), None, true),
        (M::GET, "/report.json?from=yesterday&to=%FF".into(), None, false),
        (M::GET, "/report.json?from=-99999999999999999999999&to=1e400".into(), None, false),
        (M::GET, "/report?from=2026-13-45T99:99:99Z".into(), None, false),
        (M::GET, format!("/report.json?stage={long}"), None, false),
        (M::POST, "/admin/demo".into(), raw("application/json", b"{{{{"), true),
        (M::POST, "/admin/demo".into(), json(json!({"errorRate": "NaN", "latencyMs": -5})), true),
        (M::POST, "/admin/demo".into(), json(json!({"latencyMs": 18446744073709551615u64, "errorStatus": 99})), true),
        (M::GET, "/debug/requests.json?limit=-1&since=%FF".into(), None, false),
        (M::GET, "/vaos/v2/appointments?start=%FF&end=&statuses[]=%00".into(), None, false),
        (M::GET, "/vaos/v2/appointments/..%2F..%2F..%2Fetc%2Fpasswd".into(), None, false),
        (M::GET, format!("/vaos/v2/facilities/{long}"), None, false),
        (M::GET, "/vaos/v2/locations/%00/clinics/%FF/slots?start=x&end=y".into(), None, false),
        (M::GET, "/vaos/v0/appointments/va/'%20OR%201=1".into(), None, false),
        (M::PUT, "/vaos/v0/appointment_requests/%2e%2e".into(), raw("application/json", b"nope"), false),
        (M::GET, "/v1/facilities/va?ids=%00,%FF".into(), None, false),
        (M::POST, "/v1/logs".into(), raw("application/json", b"\xff\xfe\x00garbage"), false),
        (M::POST, "/v1/logs".into(), raw("application/json", &[b'['; 100_000]), false),
        (M::POST, "/v1/logs".into(), json(json!({"resourceLogs": [{"scopeLogs": [{"logRecords": [{"attributes": 7}]}]}]})), false),
        (M::POST, "/v1/logs".into(), raw("text/plain", b"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"99999999999999999999999999\"}]}]}]}"), false),
        (M::PATCH, "/healthz".into(), None, false),
        (M::GET, "/pkg/../Cargo.toml".into(), None, false),
        (M::GET, "/pkg/%2e%2e/Cargo.toml".into(), None, false),
        (M::GET, "/pkg/..%2FCargo.toml".into(), None, false),
        (M::GET, "/%2e%2e/%2e%2e/%2e%2e/etc/passwd".into(), None, false),
        (M::GET, "/pkg/%00".into(), None, false),
    ];
    // The same writes without a token.
    let unauth: Vec<Req> = v
        .iter()
        .filter(|r| r.3)
        .map(|r| (r.0.clone(), r.1.clone(), r.2.clone(), false))
        .collect();
    v.extend(unauth);
    v
}

#[tokio::test]
async fn every_endpoint_answers_bad_input_without_internals_and_keeps_serving() {
    let dir = tempfile::tempdir().expect("tempdir");
    let www = dir.path().join("www");
    std::fs::create_dir_all(&www).expect("mkdir");
    std::fs::write(
        www.join("index.html"),
        "<!doctype html><title>fixture</title>",
    )
    .expect("write");
    let mount = format!("/pkg={}", www.display());
    let srv = TestServer::start(&[
        "--flags-file",
        SEED,
        "--static-dir",
        &mount,
        "--max-body-bytes",
        "65536",
    ])
    .await;
    let tmp = srv.dir.path().to_string_lossy().to_string();
    let secret_file = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .expect("Cargo.toml");
    let c = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");
    let cases = bad_requests();
    assert!(cases.len() > 60, "{} cases", cases.len());
    for (method, path, body, with_token) in cases {
        let what = format!("{method} {:.80}", path);
        let mut req = c.request(method.clone(), srv.url(&path));
        if let Some((ct, bytes)) = body {
            req = req.header("content-type", ct).body(bytes);
        }
        if with_token {
            req = req.bearer_auth(TOKEN);
        }
        let r = req.send().await.unwrap_or_else(|e| {
            panic!(
                "{what}: {}",
                e.to_string().chars().take(200).collect::<String>()
            )
        });
        let status = r.status().as_u16();
        let text = r.text().await.unwrap_or_default();
        assert!(status < 500, "{what}: status {status}: {text:.300}");
        assert_no_internals(&what, &text, &tmp);
        assert!(
            !text.contains("[package]") && !text.contains(&secret_file[..40]),
            "{what}: served a file outside the mount"
        );
    }
    // Traversal out of a mount, sent byte for byte (an HTTP client would normalise the dots).
    std::fs::write(
        dir.path().join("secret.txt"),
        "TOP-SECRET-OUTSIDE-THE-MOUNT",
    )
    .expect("write");
    for path in [
        "/pkg/../secret.txt",
        "/pkg/%2e%2e/secret.txt",
        "/pkg/..%2fsecret.txt",
        "/pkg/%2e%2e%2fsecret.txt",
        "/pkg/..\\secret.txt",
        "/pkg//../secret.txt",
    ] {
        let answer = raw_exchange(
            srv.addr,
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await;
        assert!(
            !answer.contains("TOP-SECRET"),
            "{path} escaped the mount: {answer:.300}"
        );
        assert_no_internals(path, &answer, &tmp);
    }
    assert!(
        raw_exchange(
            srv.addr,
            b"GET /pkg/index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .await
        .contains("<title>fixture</title>"),
        "control: the mount serves its own file"
    );
    assert_keeps_serving(&srv, "after the HTTP barrage").await;
    srv.stop().await;
}

/// Writes `bytes` on a new connection and returns what comes back within 5 s.
async fn raw_exchange(addr: std::net::SocketAddr, bytes: &[u8]) -> String {
    let mut sock = TcpStream::connect(addr).await.expect("connect");
    sock.write_all(bytes).await.expect("write");
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), sock.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

/// Bytes that are not HTTP, or HTTP cut short, on raw sockets; some left hanging.
const RAW: [&[u8]; 8] = [
    b"GARBAGE\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"resourceLogs\":[",
    b"POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
    b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: ",
    b"GET /healthz HTTP/9.9\r\n\r\n",
];

#[tokio::test]
async fn malformed_http_on_raw_sockets_does_not_stop_the_collector() {
    let srv = TestServer::start(&["--flags-file", SEED]).await;
    let tmp = srv.dir.path().to_string_lossy().to_string();
    let mut hanging = Vec::new();
    for (i, bytes) in RAW.iter().enumerate() {
        let mut sock = TcpStream::connect(srv.addr).await.expect("connect");
        sock.write_all(bytes).await.expect("write");
        if i % 2 == 0 {
            // Read whatever comes back (bounded), then close.
            let mut buf = vec![0u8; 8192];
            let n = tokio::time::timeout(Duration::from_secs(2), sock.read(&mut buf))
                .await
                .ok()
                .and_then(Result::ok)
                .unwrap_or(0);
            assert_no_internals(
                &format!("raw case {i}"),
                &String::from_utf8_lossy(&buf[..n]),
                &tmp,
            );
        } else {
            hanging.push(sock);
        }
    }
    // A header far larger than any limit.
    let mut sock = TcpStream::connect(srv.addr).await.expect("connect");
    let mut big = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ".to_vec();
    big.extend(std::iter::repeat_n(b'a', 1_000_000));
    let _ = sock.write_all(&big).await;
    hanging.push(sock);
    assert_keeps_serving(&srv, "with malformed connections still open").await;
    // Many concurrent bad requests at once.
    let c = client();
    let bursts: Vec<_> = (0..200)
        .map(|i| {
            let c = c.clone();
            let url = srv.url(if i % 2 == 0 {
                "/v1/logs"
            } else {
                "/flipper/api/features"
            });
            tokio::spawn(async move {
                c.post(url)
                    .header("content-type", "application/json")
                    .body("{\"resourceLogs\": [}")
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            })
        })
        .collect();
    for b in bursts {
        let status = b.await.expect("task").expect("response");
        assert!(status < 500, "status {status}");
    }
    drop(hanging);
    assert_keeps_serving(&srv, "after 200 concurrent bad requests").await;
    srv.stop().await;
}

/// /healthz answers and a valid batch is stored.
async fn assert_keeps_serving(srv: &TestServer, when: &str) {
    let before = srv.event_count().await;
    let id = format!("alive-{}", before);
    let r = client()
        .post(srv.url("/v1/logs"))
        .header("content-type", "application/json")
        .body(click_batch(&id, 3, now_ms()).to_string())
        .send()
        .await
        .expect("ingest");
    assert_eq!(r.status().as_u16(), 200, "{when}");
    assert_eq!(
        srv.event_count().await,
        before + 3,
        "{when}: the batch was stored"
    );
    let flags =
        get_json(srv.url("/v0/feature_toggles?features=mhv_secure_messaging_curated_list_flow"))
            .await;
    assert_eq!(
        flags["data"]["features"][0]["name"], "mhv_secure_messaging_curated_list_flow",
        "{when}"
    );
}
