//! vets-api `/v0/feature_toggles` compatibility and the Flipper API, against a real server.

mod common;

use common::{client, TestServer, TOKEN};
use serde_json::{json, Value};
use va_rollout_core::flags::crc32::crc32;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seed/demo-flags.json");

async fn get(s: &TestServer, path: &str) -> (u16, Value) {
    let r = client().get(s.url(path)).send().await.expect("request");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn admin(
    s: &TestServer,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = client().request(method, s.url(path)).bearer_auth(TOKEN);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.expect("request");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn values(v: &Value) -> Vec<(String, bool)> {
    v["data"]["features"]
        .as_array()
        .expect("features array")
        .iter()
        .map(|f| {
            (
                f["name"].as_str().expect("name").to_string(),
                f["value"].as_bool().expect("value"),
            )
        })
        .collect()
}

/// Flipper's bucket, computed here from crc32 independently of the engine's gate code.
fn in_percentage(feature: &str, id: &str, pct: u32) -> bool {
    crc32(format!("{feature}{id}").as_bytes()) % 100_000 < pct * 1_000
}

#[tokio::test]
async fn features_param_echoes_names_and_unknown_is_false() {
    let s = TestServer::start(&["--flags-file", SEED]).await;
    let (st, v) = get(&s, "/v0/feature_toggles?features=mhv_secure_messaging_recent_recipients,no_such_flag,mhvSecureMessagingRecentRecipients").await;
    assert_eq!(st, 200);
    assert_eq!(v["data"]["type"], "feature_toggles");
    assert_eq!(
        values(&v),
        vec![
            ("mhv_secure_messaging_recent_recipients".into(), true),
            ("no_such_flag".into(), false),
            ("mhvSecureMessagingRecentRecipients".into(), true),
        ]
    );
    s.stop().await;
}

#[tokio::test]
async fn without_features_param_every_flag_twice_camel_then_snake() {
    let s = TestServer::start(&["--flags-file", SEED]).await;
    let (_, v) = get(&s, "/v0/feature_toggles").await;
    let vals = values(&v);
    assert_eq!(vals.len(), 12);
    assert_eq!(vals[0].0, "mhvSecureMessagingCuratedListFlow");
    assert_eq!(vals[1].0, "mhv_secure_messaging_curated_list_flow");
    assert!(vals
        .iter()
        .any(|(n, _)| n == "vaOnlineSchedulingFacilitiesServiceV2"));
    for pair in vals.chunks(2) {
        assert_eq!(pair[0].1, pair[1].1, "camel and snake carry the same value");
        assert_eq!(
            va_rollout_core::flags::names::underscore(&pair[0].0),
            pair[1].0
        );
    }
    s.stop().await;
}

#[tokio::test]
async fn cookie_actor_versus_user_actor() {
    // A cookie_id feature and a user feature, both at 50% of actors.
    let seed = json!({"features": [
        {"key": "cookie_flag", "actor_type": "cookie_id", "gates": [{"key": "percentage_of_actors", "value": "50"}]},
        {"key": "user_flag", "actor_type": "user", "gates": [{"key": "percentage_of_actors", "value": "50"}]}
    ]});
    let dir = tempfile::tempdir().expect("tempdir");
    let seed_path = dir.path().join("seed.json");
    std::fs::write(&seed_path, seed.to_string()).expect("write seed");
    let sp = seed_path.to_string_lossy().to_string();
    let s = TestServer::start_in(dir, &["--flags-file", &sp]).await;

    let mut cookie_on = 0;
    for i in 0..200 {
        let cookie = format!("cookie{i}");
        let (_, v) = get(
            &s,
            &format!("/v0/feature_toggles?features=cookie_flag,user_flag&cookie_id={cookie}"),
        )
        .await;
        let vals = values(&v);
        assert_eq!(
            vals[0].1,
            in_percentage("cookie_flag", &cookie, 50),
            "cookie actor for {cookie}"
        );
        assert!(
            !vals[1].1,
            "user flag with no user: no actor, percentage cannot open"
        );
        cookie_on += usize::from(vals[0].1);
    }
    assert!((60..=140).contains(&cookie_on), "about half: {cookie_on}");
    for i in 0..50 {
        let user = format!("vet{i}@example.com");
        let r = client()
            .get(s.url("/v0/feature_toggles?features=user_flag,cookie_flag"))
            .header("X-VA-Rollout-User", &user)
            .send()
            .await
            .expect("req");
        let vals = values(&r.json().await.expect("json"));
        assert_eq!(
            vals[0].1,
            in_percentage("user_flag", &user, 50),
            "user actor for {user}"
        );
        // No cookie_id: vets-api's anonymous actor "" (one shared bucket for everybody).
        assert_eq!(vals[1].1, in_percentage("cookie_flag", "", 50));
    }
    // camelCase names look actor_type up by the raw name: the cookie flag uses the user actor.
    let cookie = (0..500)
        .map(|i| format!("c{i}"))
        .find(|c| in_percentage("cookie_flag", c, 50))
        .expect("some cookie in bucket");
    let (_, v) = get(
        &s,
        &format!("/v0/feature_toggles?features=cookieFlag&cookie_id={cookie}"),
    )
    .await;
    assert_eq!(values(&v), vec![("cookieFlag".to_string(), false)]);
    s.stop().await;
}

#[tokio::test]
async fn flipper_reads_and_writes() {
    let s = TestServer::start(&["--flags-file", SEED]).await;
    let (st, v) = get(&s, "/flipper/api/features").await;
    assert_eq!(st, 200);
    assert_eq!(v["features"].as_array().map(Vec::len), Some(6));
    let (st, v) = get(
        &s,
        "/flipper/api/features/mhv_secure_messaging_curated_list_flow",
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(v["state"], "conditional");
    assert_eq!(
        v["gates"][3],
        json!({"key": "percentage_of_actors", "name": "percentage_of_actors", "value": "5"})
    );
    let (st, v) = get(&s, "/flipper/api/features/nope").await;
    assert_eq!((st, v["code"].clone()), (404, json!(1)));
    let (_, v) = get(
        &s,
        "/flipper/api/features?keys=mhv_secure_messaging_recent_recipients&exclude_gates=true",
    )
    .await;
    assert_eq!(
        v,
        json!({"features": [{"key": "mhv_secure_messaging_recent_recipients", "state": "on"}]})
    );

    let f = "/flipper/api/features/demo_flag";
    let m = reqwest::Method::POST;
    let d = reqwest::Method::DELETE;
    let (st, v) = admin(
        &s,
        m.clone(),
        "/flipper/api/features",
        Some(json!({"name": "demo_flag"})),
    )
    .await;
    assert_eq!((st, v["state"].clone()), (200, json!("off")));
    let (_, v) = admin(
        &s,
        m.clone(),
        &format!("{f}/actors"),
        Some(json!({"flipper_id": "vet@example.com"})),
    )
    .await;
    assert_eq!(v["gates"][2]["value"], json!(["vet@example.com"]));
    let on = |user: &'static str| {
        let url = s.url("/v0/feature_toggles?features=demo_flag");
        async move {
            let r = client()
                .get(url)
                .header("X-VA-Rollout-User", user)
                .send()
                .await
                .expect("req");
            values(&r.json().await.expect("json"))[0].1
        }
    };
    assert!(on("vet@example.com").await);
    assert!(!on("other@example.com").await);
    let (_, v) = admin(
        &s,
        d.clone(),
        &format!("{f}/actors"),
        Some(json!({"flipper_id": "vet@example.com"})),
    )
    .await;
    assert_eq!(v["gates"][2]["value"], json!([]));
    assert!(!on("vet@example.com").await);

    let (_, v) = admin(
        &s,
        m.clone(),
        &format!("{f}/groups"),
        Some(json!({"name": "beta_testers"})),
    )
    .await;
    assert_eq!(v["gates"][5]["value"], json!(["beta_testers"]));
    let r = client()
        .get(s.url("/v0/feature_toggles?features=demo_flag"))
        .header("X-VA-Rollout-User", "x@example.com")
        .header("X-VA-Rollout-Groups", "beta_testers")
        .send()
        .await
        .expect("req");
    assert!(values(&r.json().await.expect("json"))[0].1, "group member");
    let (_, v) = admin(
        &s,
        d.clone(),
        &format!("{f}/groups"),
        Some(json!({"name": "beta_testers"})),
    )
    .await;
    assert_eq!(v["gates"][5]["value"], json!([]));

    let (_, v) = admin(
        &s,
        m.clone(),
        &format!("{f}/percentage_of_actors"),
        Some(json!({"percentage": "25"})),
    )
    .await;
    assert_eq!(
        (v["state"].clone(), v["gates"][3]["value"].clone()),
        (json!("conditional"), json!("25"))
    );
    let (st, v) = admin(
        &s,
        m.clone(),
        &format!("{f}/percentage_of_actors"),
        Some(json!({"percentage": "250"})),
    )
    .await;
    assert_eq!((st, v["code"].clone()), (422, json!(3)));
    let (_, v) = admin(&s, d.clone(), &format!("{f}/percentage_of_actors"), None).await;
    assert_eq!(v["gates"][3]["value"], "0");
    let (_, v) = admin(
        &s,
        m.clone(),
        &format!("{f}/percentage_of_time"),
        Some(json!({"percentage": "100"})),
    )
    .await;
    assert_eq!(v["state"], "on");
    assert!(
        on("anyone@example.com").await,
        "100% of time opens for everyone"
    );
    let (_, v) = admin(&s, d.clone(), &format!("{f}/percentage_of_time"), None).await;
    assert_eq!(v["state"], "off");

    let (_, v) = admin(&s, m.clone(), &format!("{f}/boolean"), None).await;
    assert_eq!(
        (v["state"].clone(), v["gates"][0]["value"].clone()),
        (json!("on"), json!("true"))
    );
    assert!(on("anyone@example.com").await);
    admin(
        &s,
        m.clone(),
        &format!("{f}/actors"),
        Some(json!({"flipper_id": "keep?"})),
    )
    .await;
    let (_, v) = admin(&s, d.clone(), &format!("{f}/boolean"), None).await;
    assert_eq!(v["state"], "off", "disable clears every gate");
    assert_eq!(v["gates"][2]["value"], json!([]));
    assert!(!on("anyone@example.com").await);

    admin(&s, m.clone(), &format!("{f}/boolean"), None).await;
    let (st, v) = admin(&s, d.clone(), &format!("{f}/clear"), None).await;
    assert_eq!((st, v["state"].clone()), (200, json!("off")));
    let (st, _) = admin(&s, m.clone(), &format!("{f}/bogus_gate"), None).await;
    assert_eq!(st, 404);
    let (st, _) = admin(&s, d.clone(), f, None).await;
    assert_eq!(st, 204);
    let (st, _) = get(&s, f).await;
    assert_eq!(st, 404);
    s.stop().await;
}

#[tokio::test]
async fn writes_need_the_token() {
    let s = TestServer::start(&["--flags-file", SEED]).await;
    let f = "/flipper/api/features/mhv_secure_messaging_curated_list_flow";
    let c = client();
    let attempts = [
        c.post(s.url(&format!("{f}/boolean"))),
        c.delete(s.url(&format!("{f}/boolean"))),
        c.post(s.url(&format!("{f}/actors")))
            .json(&json!({"flipper_id": "x"})),
        c.post(s.url(&format!("{f}/groups")))
            .json(&json!({"name": "x"})),
        c.post(s.url(&format!("{f}/percentage_of_actors")))
            .json(&json!({"percentage": "100"})),
        c.post(s.url(&format!("{f}/percentage_of_time")))
            .json(&json!({"percentage": "100"})),
        c.delete(s.url(f)),
        c.post(s.url("/flipper/api/features"))
            .json(&json!({"name": "x"})),
        c.post(s.url(&format!("{f}/boolean")))
            .bearer_auth("wrong-token"),
        c.post(s.url("/admin/demo"))
            .json(&json!({"errorRate": 1.0})),
        c.delete(s.url("/debug/requests.json")),
    ];
    for req in attempts {
        let r = req.send().await.expect("request");
        assert_eq!(r.status().as_u16(), 401);
        let body = r.text().await.expect("body");
        assert!(
            !body.contains("panicked") && !body.contains("src/"),
            "{body}"
        );
    }
    let (_, v) = get(&s, f).await;
    assert_eq!(v["state"], "conditional", "unchanged");
    // Form-encoded writes work as in Flipper.
    let r = c
        .post(s.url(&format!("{f}/percentage_of_actors")))
        .bearer_auth(TOKEN)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("percentage=25")
        .send()
        .await
        .expect("req");
    assert_eq!(r.status().as_u16(), 200);
    let (_, v) = get(&s, f).await;
    assert_eq!(v["gates"][3]["value"], "25");
    s.stop().await;
}
