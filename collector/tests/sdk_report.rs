//! Events built and encoded by the SDK's own telemetry code (`va_rollout_core::telemetry`) parse with
//! `opentelemetry-proto`'s serde types, are accepted by the collector, and the report counts
//! exactly what was sent.

mod common;

use common::{client, get_json, TestServer};
use opentelemetry_proto::tonic::collector::logs::v1::{
    ExportLogsServiceRequest, ExportLogsServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::any_value::Value as Any;
use serde_json::Value;
use va_rollout_core::telemetry::{
    builders, encode_record, encode_request, Common, Event, Resource,
};

const CURATED: &str = "mhv_secure_messaging_curated_list_flow";
const ROOT: &str = "/my-health/secure-messages/new-message/";
const T0: f64 = 1_763_700_000_000.0;

struct Script {
    n: u32,
    events: Vec<Event>,
}

impl Script {
    fn common(&mut self, session: &str, path: &str, new_flow: bool, flow: &str) -> Common {
        self.n += 1;
        Common {
            id: format!("ev-{session}-{}", self.n),
            time_ms: T0 + f64::from(self.n) * 1000.0,
            session_id: session.into(),
            path: path.into(),
            flow: Some(flow.into()),
            context_flags: vec![(CURATED.into(), new_flow)],
        }
    }

    fn go(&mut self, session: &str, from: &str, to: &str, new_flow: bool) {
        let c = self.common(
            session,
            &format!("{ROOT}{to}"),
            new_flow,
            if new_flow { "curated" } else { "legacy" },
        );
        self.events.push(builders::transition(
            c,
            &format!("{ROOT}{from}"),
            &format!("{ROOT}{to}"),
            "click",
            None,
        ));
    }

    fn click(&mut self, session: &str, name: &str, new_flow: bool) {
        let c = self.common(
            session,
            ROOT,
            new_flow,
            if new_flow { "curated" } else { "legacy" },
        );
        self.events
            .push(builders::click(c, name, "va-radio-option"));
    }

    fn request(
        &mut self,
        session: &str,
        name: &str,
        ms: f64,
        status: u16,
        new_flow: bool,
        flow: &str,
    ) {
        let c = self.common(session, ROOT, new_flow, flow);
        self.events
            .push(builders::request(c, name, ms, Some(status), "POST", flow));
    }
}

fn script() -> Vec<Event> {
    let mut s = Script {
        n: 0,
        events: Vec::new(),
    };
    // Session a (new flow): interstitial → recent → start-message, sends.
    s.go("a", "", "recent/", true);
    s.click("a", "Recent Care Teams radio option", true);
    s.go("a", "recent/", "start-message/", true);
    s.request("a", "sm.messages.send", 300.0, 200, true, "curated");
    // Session b (new flow): recent → select-care-team → care-team-help; a failed draft.
    s.go("b", "", "recent/", true);
    s.go("b", "recent/", "select-care-team/", true);
    s.click("b", "Care System Radio button", true);
    s.click("b", "Care System Radio button", true);
    s.click("b", "Update your contact list", true);
    s.go("b", "select-care-team/", "care-team-help/", true);
    s.request("b", "sm.drafts.create", 1200.0, 500, true, "curated");
    // Session c (base flow): legacy compose, sends, and one breaker (503).
    s.request("c", "sm.messages.send", 250.0, 201, false, "legacy");
    s.request("c", "sm.messages.send", 90.0, 503, false, "legacy");
    s.events
}

fn encode(events: &[Event]) -> String {
    let records: Vec<String> = events.iter().map(encode_record).collect();
    encode_request(
        &Resource::new(
            "va.gov-mhv-secure-messaging",
            Some("1.0.0"),
            Some("staging"),
        ),
        &records,
    )
}

#[test]
fn sdk_encoder_output_parses_as_otlp() {
    let events = script();
    let body = encode(&events);
    let req: ExportLogsServiceRequest =
        serde_json::from_str(&body).expect("opentelemetry-proto parses the SDK body");
    let records = &req.resource_logs[0].scope_logs[0].log_records;
    assert_eq!(records.len(), events.len());
    for (r, e) in records.iter().zip(&events) {
        assert_eq!(r.time_unix_nano, (e.time_ms as u64) * 1_000_000);
        assert_eq!(r.event_name, e.kind.event_name());
        let attr = |k: &str| {
            r.attributes
                .iter()
                .find(|kv| kv.key == k)
                .and_then(|kv| kv.value.clone())
                .and_then(|v| v.value)
        };
        assert_eq!(
            attr("va_rollout.event.id"),
            Some(Any::StringValue(e.id.clone()))
        );
        assert_eq!(
            attr("session.id"),
            Some(Any::StringValue(e.session_id.clone()))
        );
        assert!(matches!(
            attr("va_rollout.flag.mhv_secure_messaging_curated_list_flow"),
            Some(Any::BoolValue(_))
        ));
    }
    let statuses: Vec<Any> = records
        .iter()
        .filter_map(|r| {
            r.attributes
                .iter()
                .find(|kv| kv.key == "http.response.status_code")
        })
        .filter_map(|kv| kv.value.clone().and_then(|v| v.value))
        .collect();
    let want: Vec<Any> = [200, 500, 201, 503]
        .into_iter()
        .map(Any::IntValue)
        .collect();
    assert_eq!(statuses, want, "intValue strings parse as int64");
}

#[tokio::test]
async fn report_counts_exactly_what_the_script_did() {
    let srv = TestServer::start(&[]).await;
    let events = script();
    let body = encode(&events);
    let r = client()
        .post(srv.url("/v1/logs"))
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 200);
    let resp: ExportLogsServiceResponse =
        serde_json::from_str(&r.text().await.expect("text")).expect("response parses as OTLP");
    assert!(resp.partial_success.is_none());
    // A partial success response parses too.
    let bad = body.replacen("\"timeUnixNano\":\"", "\"timeUnixNano\":\"x", 1);
    let r = client()
        .post(srv.url("/v1/logs"))
        .header("content-type", "application/json")
        .body(bad)
        .send()
        .await
        .expect("post");
    let resp: ExportLogsServiceResponse =
        serde_json::from_str(&r.text().await.expect("text")).expect("parses");
    assert_eq!(
        resp.partial_success.map(|p| p.rejected_log_records),
        Some(1)
    );

    let v: Value = get_json(srv.url("/report.json?stage=A-5%25")).await;
    assert_eq!(v["window"]["stage"], "A-5%");
    assert_eq!(v["all"]["events"], events.len());
    let new = &v["variants"]["new"];
    let base = &v["variants"]["base"];
    assert_eq!(
        (new["sessions"].as_u64(), base["sessions"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(new["errors"], 1);
    assert_eq!(new["errorsByStatus"]["500"], 1);
    assert_eq!(base["errorsByStatus"]["503"], 1);
    assert_eq!(new["messagesSent"], 1);
    assert_eq!(base["messagesSent"], 1);
    assert_eq!(new["breakerEvents"], 0);
    assert_eq!(base["breakerEvents"], 1);
    assert_eq!(new["clicks"]["Care System Radio button"], 2);
    assert_eq!(new["clicks"]["Update your contact list"], 1);
    assert_eq!(new["clicks"]["Recent Care Teams radio option"], 1);
    let p = &new["paths"];
    assert_eq!(
        (
            p["entriesRecent"].as_u64(),
            p["entriesSelectCareTeam"].as_u64()
        ),
        (Some(2), Some(1))
    );
    assert_eq!(
        (
            p["recentToStartMessage"].as_u64(),
            p["recentToSelectCareTeam"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(p["shareRecentToStartMessage"], 0.5);
    assert_eq!(
        (
            p["careTeamHelpSessions"].as_u64(),
            p["flowSessions"].as_u64()
        ),
        (Some(1), Some(2))
    );
    let drafts = new["latency"]
        .as_array()
        .expect("latency")
        .iter()
        .find(|l| l["name"] == "sm.drafts.create")
        .expect("drafts");
    assert_eq!(
        (drafts["count"].as_u64(), drafts["avgMs"].as_f64()),
        (Some(1), Some(1200.0))
    );
    assert_eq!(v["flows"]["curated"]["events"], 11);
    assert_eq!(v["flows"]["legacy"]["events"], 2);
    // The breaker in the base flow makes the whole window a no-go.
    assert_eq!(v["go"], false);
    let failing: Vec<&str> = v["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .filter(|c| c["scope"] == "all" && c["pass"] == false)
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(failing, vec!["breaker_events"]);

    // A window that excludes the base session's breaker (it happens last) is a go.
    let to = (T0 as i64) + 11_500;
    let v: Value = get_json(srv.url(&format!("/report.json?to={to}"))).await;
    assert_eq!(v["all"]["events"], 11);
    assert_eq!(v["go"], true);
    let r = client()
        .get(srv.url("/report.json?from=yesterday"))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status().as_u16(), 400);

    let html = client()
        .get(srv.url("/report?stage=%3Cscript%3E"))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(html.contains("<svg") && html.contains("NO-GO"));
    assert!(
        html.contains("&lt;script&gt;") && !html.contains("<script>"),
        "stage label escaped"
    );
    for external in ["src=\"http", "href=\"http", "@import", "<link", "<script"] {
        assert!(!html.contains(external), "no external assets: {external}");
    }
    srv.stop().await;
}

#[tokio::test]
async fn eleven_errors_in_ten_minutes_fail_the_error_criterion() {
    let srv = TestServer::start(&[]).await;
    let mut s = Script {
        n: 0,
        events: Vec::new(),
    };
    for _ in 0..11 {
        s.request("v", "vaos.appointments", 800.0, 500, false, "v2");
    }
    s.request("w", "vaos.appointments", 6_000.0, 200, false, "legacy");
    let r = client()
        .post(srv.url("/v1/logs"))
        .header("content-type", "application/json")
        .body(encode(&s.events))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = get_json(srv.url("/report.json")).await;
    let crit = |scope: &str, id: &str| {
        v["criteria"]
            .as_array()
            .and_then(|cs| {
                cs.iter()
                    .find(|c| c["scope"] == scope && c["id"] == id)
                    .cloned()
            })
            .expect("criterion")
    };
    assert_eq!(crit("flow:v2", "errors_per_10_min")["value"], 11.0);
    assert_eq!(crit("flow:v2", "errors_per_10_min")["pass"], false);
    assert_eq!(crit("flow:legacy", "errors_per_10_min")["pass"], true);
    assert_eq!(
        crit("flow:legacy", "avg_latency")["pass"],
        false,
        "6 s average"
    );
    assert_eq!(crit("flow:v2", "avg_latency")["pass"], true);
    assert_eq!(v["go"], false);
    srv.stop().await;
}
