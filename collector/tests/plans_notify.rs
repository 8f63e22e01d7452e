//! Notifications: a kill, a rollback or a wait for a person reaches the plan's webhook (a real
//! HTTP receiver on 127.0.0.1); a webhook that cannot be reached is audited, never silent.

mod common;

use std::sync::{Arc, Mutex};

use axum::routing::post;
use axum::{Json, Router};
use common::plans::{actions, apply, command, wait_for};
use common::TestServer;
use serde_json::Value;

fn plan(id: &str, webhook: &str) -> String {
    format!(
        "id: {id}
toggles: [{{name: notify_leader}}]
evaluation_interval: 300ms
notifications: {{webhook: '{webhook}'}}
stages:
  - {{name: A, percentage: 5, min_duration: 1s}}
  - {{name: B, percentage: 25, min_duration: 1h, requires_approval: true}}
"
    )
}

/// A webhook receiver; returns its URL and what it received.
async fn receiver() -> (String, Arc<Mutex<Vec<Value>>>) {
    let got = Arc::new(Mutex::new(Vec::new()));
    let sink = got.clone();
    let app = Router::new().route(
        "/hook",
        post(move |Json(v): Json<Value>| {
            let sink = sink.clone();
            async move {
                sink.lock().expect("lock").push(v);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, got)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waits_and_kills_reach_the_webhook() {
    let (url, got) = receiver().await;
    let srv = TestServer::start(&[]).await;
    assert_eq!(apply(&srv.base, &plan("hooked", &url)).await.0, 201);
    assert_eq!(command(&srv.base, "hooked", "start", "pm").await.0, 200);
    wait_for(&srv.base, "hooked", 10, "the approval wait", |s| {
        s["status"] == "waiting for approval"
    })
    .await;
    assert_eq!(
        command(&srv.base, "hooked", "kill", "oncall@va.gov")
            .await
            .0,
        200
    );
    let events = |got: &Arc<Mutex<Vec<Value>>>| -> Vec<Value> { got.lock().expect("lock").clone() };
    for _ in 0..100 {
        if events(&got).len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let all = events(&got);
    let kinds: Vec<&str> = all.iter().filter_map(|e| e["event"].as_str()).collect();
    assert_eq!(kinds, ["waiting_for_approval", "kill"], "{all:?}");
    assert_eq!(all[1]["plan"], "hooked");
    assert_eq!(all[1]["reason"], "killed by oncall@va.gov");
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_webhook_is_audited_not_silent() {
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}/hook", l.local_addr().expect("addr"))
    };
    let srv = TestServer::start(&[]).await;
    assert_eq!(apply(&srv.base, &plan("deaf", &closed)).await.0, 201);
    assert_eq!(command(&srv.base, "deaf", "start", "pm").await.0, 200);
    assert_eq!(command(&srv.base, "deaf", "kill", "oncall").await.0, 200);
    let s = wait_for(&srv.base, "deaf", 10, "the failed delivery audited", |s| {
        actions(s).contains(&"notification_failed".to_string())
    })
    .await;
    let failed = s["audit"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["action"] == "notification_failed"))
        .cloned()
        .unwrap_or_default();
    assert!(
        failed["reason"].as_str().unwrap_or("").contains(&closed),
        "{failed}"
    );
    assert_eq!(s["status"], "killed", "the kill itself was carried out");
    srv.stop().await;
}
