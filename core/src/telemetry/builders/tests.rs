use super::*;
use crate::telemetry::catalogue::{allowed_in_record, markdown};
use crate::telemetry::otlp::encode_record;

fn common() -> Common {
    Common {
        id: "id-1".into(),
        time_ms: 10.0,
        session_id: "s".into(),
        path: "/my-health/secure-messages/new-message/select-care-team/".into(),
        flow: Some("curated".into()),
        context_flags: vec![("mhv_secure_messaging_curated_list_flow".into(), true)],
    }
}

fn every_builder() -> Vec<Event> {
    let app = vec![
        ("count".to_string(), AttrValue::Int(4)),
        ("label".to_string(), AttrValue::Str("x".into())),
    ];
    vec![
        click(common(), "Select a different care team link", "VA-LINK"),
        page_view(
            common(),
            Some("/my-health/secure-messages/new-message/recent/"),
            Some(3200.0),
        ),
        transition(
            common(),
            "/new-message/recent/",
            "/new-message/start-message/",
            "continue",
            Some("curated"),
        ),
        timing(
            common(),
            "sm.drafts.create",
            120.0,
            Some("vets-api"),
            Some(201),
        ),
        with_app_attrs(timing(common(), "render", 8.0, None, None), app.clone()),
        request(common(), "sm.send", 300.0, Some(200), "post", "vets-api"),
        request(common(), "sm.send", 300.0, Some(500), "post", "vets-api"),
        request(common(), "sm.send", 300.0, None, "post", "vets-api"),
        with_app_attrs(error(common(), "boom", Some(404)), app.clone()),
        exposure(
            common(),
            "mhv_secure_messaging_curated_list_flow",
            true,
            Reason::Split,
        ),
        action(common(), "Recent Care Teams loaded", app),
        group_mixed(
            common(),
            "sm_curated",
            &[("a".into(), true), ("b".into(), false)],
        ),
    ]
}

#[test]
fn every_output_key_is_in_the_catalogue() {
    let catalogue = markdown();
    for event in every_builder() {
        let rec: serde_json::Value = serde_json::from_str(&encode_record(&event)).unwrap();
        for kv in rec["attributes"].as_array().unwrap() {
            let key = kv["key"].as_str().unwrap();
            assert!(
                allowed_in_record(event.kind, key),
                "{key} not allowed on {:?}",
                event.kind
            );
            let row_key = if key.starts_with("va_rollout.flag.") {
                "va_rollout.flag.*"
            } else if key.starts_with("va_rollout.attr.") {
                "va_rollout.attr.*"
            } else {
                key
            };
            assert!(
                catalogue.contains(&format!("| `{}` | `{row_key}` |", event.kind.event_name()))
                    || catalogue.contains(&format!("| `every event` | `{row_key}` |")),
                "{key} not in the README table"
            );
        }
    }
}

#[test]
fn request_outcomes() {
    let ok = request(common(), "r", 1.0, Some(204), "get", "mhv");
    assert_eq!(ok.kind, EventKind::Timing);
    assert_eq!(
        ok.attr("http.request.method"),
        Some(&AttrValue::Str("GET".into()))
    );
    assert_eq!(
        ok.attr("http.response.status_code"),
        Some(&AttrValue::Int(204))
    );
    let failed = request(common(), "r", 1.0, Some(429), "get", "mhv");
    assert_eq!(failed.kind, EventKind::Error);
    let network = request(common(), "r", 1.0, None, "get", "mhv");
    assert_eq!(
        (network.kind, network.attr("error.type")),
        (EventKind::Error, Some(&AttrValue::Str("network".into())))
    );
    assert_eq!(network.attr("http.response.status_code"), None);
}

#[test]
fn kinds_names_and_attrs() {
    let c = click(
        common(),
        "Care System Radio button",
        "VA-RADIO-OPTION<script>",
    );
    assert_eq!(
        (c.kind, c.name.as_str()),
        (EventKind::Click, "Care System Radio button")
    );
    assert_eq!(
        c.attr("va_rollout.element"),
        Some(&AttrValue::Str("va-radio-optionscript".into()))
    );
    let p = page_view(common(), None, None);
    assert_eq!(
        (p.name.as_str(), p.attrs.len()),
        (
            "/my-health/secure-messages/new-message/select-care-team/",
            0
        )
    );
    let t = transition(common(), "/a/", "/b/", "redirect", Some("legacy"));
    assert_eq!(
        (t.name.as_str(), t.flow.as_deref()),
        ("/b/", Some("legacy"))
    );
    let e = exposure(common(), "f", false, Reason::Default);
    assert_eq!(
        e.attr("feature_flag.result.reason"),
        Some(&AttrValue::Str("default".into()))
    );
    assert_eq!(
        e.attr("feature_flag.result.value"),
        Some(&AttrValue::Bool(false))
    );
    let g = group_mixed(common(), "grp", &[("a".into(), true), ("b".into(), false)]);
    assert_eq!(
        g.attr("va_rollout.group.members"),
        Some(&AttrValue::Str("a:true,b:false".into()))
    );
    let a = action(
        common(),
        "Care System Radio Switch Count",
        vec![
            ("switchCount".into(), AttrValue::Int(0)),
            ("bad key!".into(), AttrValue::Bool(true)),
            ("!!".into(), AttrValue::Bool(true)),
        ],
    );
    let keys: Vec<&str> = a.attrs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "va_rollout.action.name",
            "va_rollout.attr.switchCount",
            "va_rollout.attr.badkey"
        ]
    );
}
