//! Security properties of the collector at its HTTP edge: the per-client-address rate limit,
//! the Content-Security-Policy option on static mounts, and ingest refusing browser pages from
//! foreign origins. (Admin tokens and SQL through bound parameters: `security.rs`.)

mod common;

use std::net::IpAddr;

use common::*;

async fn ingest_from(s: &TestServer, from: IpAddr, id: &str) -> u16 {
    let c = reqwest::Client::builder()
        .local_address(from)
        .build()
        .expect("client");
    c.post(s.url("/v1/logs"))
        .header("content-type", "application/json")
        .body(click_batch(id, 1, now_ms()).to_string())
        .send()
        .await
        .expect("ingest")
        .status()
        .as_u16()
}

#[tokio::test]
async fn rate_limit_is_per_client_address() {
    let s = TestServer::start(&[
        "--ingest-rate",
        "0.2",
        "--ingest-burst",
        "3",
        "--rate-limit-loopback",
    ])
    .await;
    let a: IpAddr = "127.0.0.1".parse().expect("ip");
    let b: IpAddr = "127.0.0.2".parse().expect("ip");
    let mut statuses_a = Vec::new();
    for i in 0..5 {
        statuses_a.push(ingest_from(&s, a, &format!("a{i}")).await);
    }
    assert_eq!(statuses_a, vec![200, 200, 200, 429, 429]);
    // Another address has its own bucket, and X-Forwarded-For does not move a client into another.
    assert_eq!(ingest_from(&s, b, "b0").await, 200);
    let spoofed = reqwest::Client::builder()
        .local_address(a)
        .build()
        .expect("client")
        .post(s.url("/v1/logs"))
        .header("content-type", "application/json")
        .header("x-forwarded-for", "198.51.100.7")
        .header("x-real-ip", "198.51.100.7")
        .body(click_batch("spoof", 1, now_ms()).to_string())
        .send()
        .await
        .expect("ingest");
    assert_eq!(spoofed.status().as_u16(), 429);
    assert_eq!(s.event_count().await, 4);
    s.stop().await;
}

#[tokio::test]
async fn csp_option_sets_the_header_on_static_mounts_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let www = dir.path().join("www");
    std::fs::create_dir_all(&www).expect("mkdir");
    std::fs::write(www.join("index.html"), "<!doctype html><title>t</title>").expect("write");
    std::fs::write(www.join("app.js"), "export {};").expect("write");
    let root = format!("/={}", www.display());
    let pkg = format!("/pkg={}", www.display());
    let policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'";
    let s = TestServer::start(&[
        "--static-dir",
        &root,
        "--static-dir",
        &pkg,
        "--content-security-policy",
        policy,
    ])
    .await;
    let csp = |r: &reqwest::Response| {
        r.headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    for path in [
        "/",
        "/index.html",
        "/app.js",
        "/pkg/app.js",
        "/deep/link/",
        "/missing.js",
    ] {
        let r = client().get(s.url(path)).send().await.expect("static");
        assert_eq!(csp(&r).as_deref(), Some(policy), "{path}");
    }
    for path in ["/healthz", "/v0/feature_toggles", "/report.json"] {
        let r = client().get(s.url(path)).send().await.expect("api");
        assert_eq!(csp(&r), None, "{path}");
    }
    s.stop().await;
    let plain = TestServer::start(&["--static-dir", &root]).await;
    let r = client()
        .get(plain.url("/app.js"))
        .send()
        .await
        .expect("static");
    assert_eq!(csp(&r), None, "no header unless configured");
    plain.stop().await;
}

#[tokio::test]
async fn ingest_refuses_browser_pages_from_foreign_origins() {
    let s = TestServer::start(&["--cors-origin", "http://localhost:3001"]).await;
    let send = |origin: Option<&'static str>, id: &'static str| {
        let url = s.url("/v1/logs");
        async move {
            let mut req = client().post(url).header("content-type", "text/plain");
            if let Some(o) = origin {
                req = req.header("origin", o);
            }
            let r = req
                .body(click_batch(id, 1, now_ms()).to_string())
                .send()
                .await
                .expect("ingest");
            (r.status().as_u16(), r.text().await.expect("body"))
        }
    };
    let own = format!("http://{}", s.addr);
    let own: &'static str = Box::leak(own.into_boxed_str());
    for (origin, id) in [
        (Some("https://evil.example"), "f1"),
        (Some("null"), "f2"),
        (Some("http://localhost:3002"), "f3"),
    ] {
        let (status, body) = send(origin, id).await;
        assert_eq!(status, 403, "{origin:?}");
        assert!(body.contains("origin not allowed"), "{body}");
    }
    assert_eq!(
        s.event_count().await,
        0,
        "nothing from foreign pages was stored"
    );
    for (origin, id) in [
        (Some("http://localhost:3001"), "a1"),
        (Some(own), "a2"),
        (None, "a3"),
    ] {
        assert_eq!(send(origin, id).await.0, 200, "{origin:?}");
    }
    assert_eq!(s.event_count().await, 3);
    s.stop().await;
}
