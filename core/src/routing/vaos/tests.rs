use super::*;
use crate::routing::vaos::table::{CC_APPOINTMENTS, FACILITIES_V2, REQUESTS, VA_APPOINTMENTS};
use crate::routing::vaos::template::{MAX_LIST_LEN, MAX_PARAM_LEN};

fn params(json: &str) -> BTreeMap<String, ParamValue> {
    serde_json::from_str(json).unwrap()
}

const DATES: &str = r#"{"start":"2024-01-01","end":"2024-02-01"}"#;

/// Every row, both systems, written out by hand from va-gov-facts.md §4 and the vets-website
/// v0/v2 service files (independent of the template code).
type Expected = (
    &'static str,
    &'static str,
    (&'static str, &'static str),
    (&'static str, &'static str),
);
#[rustfmt::skip]
const EXPECTED: &[Expected] = &[
    ("appointments.list", DATES,
        ("GET", "/vaos/v2/appointments?_include=facilities,clinics&start=2024-01-01&end=2024-02-01&statuses[]=booked&statuses[]=arrived&statuses[]=fulfilled&statuses[]=cancelled"),
        ("GET", "/vaos/v0/appointments?start_date=2024-01-01&end_date=2024-02-01&type=va")),
    ("cc_appointments.list", DATES,
        ("GET", "/vaos/v2/appointments?_include=facilities,clinics&start=2024-01-01&end=2024-02-01&statuses[]=booked&statuses[]=arrived&statuses[]=fulfilled&statuses[]=cancelled"),
        ("GET", "/vaos/v0/appointments?start_date=2024-01-01&end_date=2024-02-01&type=cc")),
    ("appointments.get", r#"{"id":"var983_1234"}"#,
        ("GET", "/vaos/v2/appointments/var983_1234"),
        ("GET", "/vaos/v0/appointments/va/var983_1234")),
    ("appointments.create", "{}",
        ("POST", "/vaos/v2/appointments"),
        ("POST", "/vaos/v0/appointments")),
    ("appointments.cancel", r#"{"id":"1234"}"#,
        ("PUT", "/vaos/v2/appointments/1234"),
        ("PUT", "/vaos/v0/appointments/cancel")),
    ("requests.list", DATES,
        ("GET", "/vaos/v2/appointments?_include=facilities,clinics&start=2024-01-01&end=2024-02-01&statuses[]=proposed&statuses[]=cancelled"),
        ("GET", "/vaos/v0/appointment_requests?start_date=2024-01-01&end_date=2024-02-01")),
    ("requests.create", r#"{"type":"cc"}"#,
        ("POST", "/vaos/v2/appointments"),
        ("POST", "/vaos/v0/appointment_requests?type=cc")),
    ("requests.cancel", r#"{"id":"8a48"}"#,
        ("PUT", "/vaos/v2/appointments/8a48"),
        ("PUT", "/vaos/v0/appointment_requests/8a48")),
    ("facilities.list", r#"{"ids":["vha_442","vha_552"],"children":"true"}"#,
        ("GET", "/vaos/v2/facilities?children=true&ids[]=vha_442&ids[]=vha_552"),
        ("GET", "/v1/facilities/va?ids=vha_442,vha_552")),
    ("facilities.get", r#"{"id":"vha_442"}"#,
        ("GET", "/vaos/v2/facilities/vha_442"),
        ("GET", "/v1/facilities/va/vha_442")),
    ("scheduling.configurations", r#"{"facilityIds":["983","984"],"ccEnabled":"true"}"#,
        ("GET", "/vaos/v2/scheduling/configurations?facility_ids[]=983&facility_ids[]=984&cc_enabled=true"),
        ("GET", "/vaos/v0/request_eligibility_criteria?parent_sites[]=983&parent_sites[]=984")),
    ("eligibility", r#"{"facilityId":"983","clinicalServiceId":"primaryCare","type":"direct","systemId":"983"}"#,
        ("GET", "/vaos/v2/eligibility?facility_id=983&clinical_service_id=primaryCare&type=direct"),
        ("GET", "/vaos/v0/facilities/983/visits/direct?system_id=983&type_of_care_id=primaryCare")),
    ("clinics", r#"{"locationId":"983GC","clinicalServiceId":"323","systemId":"983"}"#,
        ("GET", "/vaos/v2/locations/983GC/clinics?clinical_service=323"),
        ("GET", "/vaos/v0/facilities/983GC/clinics?type_of_care_id=323&system_id=983")),
    ("slots", r#"{"locationId":"983","clinicId":"308","clinicalServiceId":"323","start":"2020-05-01","end":"2020-06-30"}"#,
        ("GET", "/vaos/v2/locations/983/clinics/308/slots?start=2020-05-01&end=2020-06-30"),
        ("GET", "/vaos/v0/facilities/983/available_appointments?type_of_care_id=323&clinic_ids[]=308&start_date=2020-05-01&end_date=2020-06-30")),
];

#[test]
fn every_row_for_both_systems() {
    let table = VaosTable::default();
    assert_eq!(
        table.operations().count(),
        EXPECTED.len(),
        "the default table parsed completely"
    );
    for (op, json, (v2m, v2u), (lm, lu)) in EXPECTED {
        let p = params(json);
        for (system, method, url) in [(System::VaosService, v2m, v2u), (System::Legacy, lm, lu)] {
            let e = table
                .endpoint(op, &p, system)
                .unwrap_or_else(|err| panic!("{op} {system:?}: {err}"));
            assert_eq!(
                (e.method.as_str(), e.url.as_str()),
                (*method, *url),
                "{op} {system:?}"
            );
            assert_eq!((e.system, e.operation.as_str()), (system, *op));
        }
    }
}

#[test]
fn category_toggles() {
    let table = VaosTable::default();
    let expect = |op: &str| match op {
        "cc_appointments.list" => CC_APPOINTMENTS,
        o if o.starts_with("requests.") => REQUESTS,
        o if o.starts_with("facilities.") || o == "scheduling.configurations" => FACILITIES_V2,
        _ => VA_APPOINTMENTS,
    };
    for (op, ..) in EXPECTED {
        assert_eq!(table.category_toggle(op), Some(expect(op)), "{op}");
        let e = table
            .endpoint(
                op,
                &params(EXPECTED.iter().find(|r| r.0 == *op).unwrap().1),
                System::Legacy,
            )
            .unwrap();
        assert_eq!(e.category, expect(op));
    }
    assert_eq!(
        VA_APPOINTMENTS,
        "va_online_scheduling_vaos_service_va_appointments"
    );
    assert_eq!(table.category_toggle("nope"), None);
}

#[test]
fn system_for_toggle_value_and_serialization() {
    assert_eq!(system_for(true), System::VaosService);
    assert_eq!(system_for(false), System::Legacy);
    let e = VaosTable::default()
        .endpoint("appointments.create", &BTreeMap::new(), System::VaosService)
        .unwrap();
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["system"], "vaos-service");
    assert_eq!(json["method"], "POST");
    assert_eq!(json["category"], VA_APPOINTMENTS);
}

#[test]
fn errors_name_operation_and_parameter() {
    let t = VaosTable::default();
    let err = t
        .endpoint("appointments.delete", &BTreeMap::new(), System::Legacy)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "vaos: unknown operation \"appointments.delete\""
    );
    let err = t
        .endpoint("appointments.get", &BTreeMap::new(), System::VaosService)
        .unwrap_err();
    assert_eq!(
        err,
        EndpointError::Param {
            op: "appointments.get".into(),
            param: "id".into(),
            problem: ParamProblem::Missing,
        }
    );
    assert_eq!(
        err.to_string(),
        "vaos appointments.get: parameter \"id\" is required but missing or empty"
    );
    let err = t
        .endpoint(
            "appointments.list",
            &params(r#"{"start":"2024-01-01"}"#),
            System::Legacy,
        )
        .unwrap_err();
    assert!(
        matches!(err, EndpointError::Param { ref param, problem: ParamProblem::Missing, .. } if param == "end")
    );
    let cases = [
        (
            "appointments.get",
            r#"{"id":["a","b"]}"#,
            ParamProblem::ListInPath,
        ),
        ("facilities.list", r#"{"ids":[]}"#, ParamProblem::Missing),
        (
            "facilities.list",
            r#"{"ids":["1",""]}"#,
            ParamProblem::Missing,
        ),
        ("facilities.get", r#"{"id":""}"#, ParamProblem::Missing),
    ];
    for (op, json, want) in cases {
        assert_eq!(problem(op, &params(json)), Some(want), "{op} {json}");
    }
}

/// The parameter problem `op` reports on the VAOS service, if any.
fn problem(op: &str, p: &BTreeMap<String, ParamValue>) -> Option<ParamProblem> {
    match VaosTable::default().endpoint(op, p, System::VaosService) {
        Err(EndpointError::Param { problem, .. }) => Some(problem),
        _ => None,
    }
}

#[test]
fn caps_are_enforced() {
    let t = VaosTable::default();
    let long = BTreeMap::from([("id".into(), ParamValue::Str("9".repeat(MAX_PARAM_LEN + 1)))]);
    assert_eq!(
        problem("facilities.get", &long),
        Some(ParamProblem::TooLong)
    );
    let list = BTreeMap::from([(
        "ids".into(),
        ParamValue::List(vec!["1".into(); MAX_LIST_LEN + 1]),
    )]);
    assert_eq!(
        problem("facilities.list", &list),
        Some(ParamProblem::ListTooLong)
    );
    let many: BTreeMap<String, ParamValue> = (0..=MAX_PARAMS)
        .map(|i| (format!("p{i}"), ParamValue::Str("x".into())))
        .collect();
    assert!(matches!(
        t.endpoint("appointments.create", &many, System::Legacy),
        Err(EndpointError::TooManyParams { .. })
    ));
}

#[test]
fn ids_cannot_leave_the_path() {
    let t = VaosTable::default();
    for bad in [
        "",
        ".",
        "..",
        "%2e%2e",
        "%2E",
        "%252e%252e",
        "../../v0/users",
        "a/../../b",
        "..\\x",
    ] {
        let p = BTreeMap::from([("id".to_string(), ParamValue::Str(bad.into()))]);
        let err = t
            .endpoint("appointments.get", &p, System::VaosService)
            .unwrap_err();
        assert!(
            matches!(
                err,
                EndpointError::Param {
                    problem: ParamProblem::DotSegment | ParamProblem::Missing,
                    ..
                }
            ),
            "{bad}: {err}"
        );
    }
    let p = params(r#"{"id":"a/b?c=d#e f"}"#);
    let e = t
        .endpoint("appointments.get", &p, System::VaosService)
        .unwrap();
    assert_eq!(e.url, "/vaos/v2/appointments/a%2Fb%3Fc%3Dd%23e%20f");
}

#[test]
fn query_values_are_encoded_and_lists_join_safely() {
    let t = VaosTable::default();
    let p = params(r#"{"start":"2024&type=cc","end":"x#y"}"#);
    let e = t.endpoint("appointments.list", &p, System::Legacy).unwrap();
    assert_eq!(
        e.url,
        "/vaos/v0/appointments?start_date=2024%26type%3Dcc&end_date=x%23y&type=va"
    );
    let e = t
        .endpoint(
            "facilities.list",
            &params(r#"{"ids":["a,b","c"]}"#),
            System::Legacy,
        )
        .unwrap();
    assert_eq!(e.url, "/v1/facilities/va?ids=a%2Cb,c");
    let e = t
        .endpoint(
            "facilities.list",
            &params(r#"{"ids":"983"}"#),
            System::VaosService,
        )
        .unwrap();
    assert_eq!(
        e.url, "/vaos/v2/facilities?ids[]=983",
        "optional children omitted, a string is a one-item list"
    );
}

#[test]
fn overrides_extend_and_replace_rows() {
    let json = r#"{
        "appointments.get": { "vaosService": { "method": "GET", "path": "/vaos/v2/appointments/{id}?_include=facilities" } },
        "cc.eligibility": { "category": "va_online_scheduling_vaos_service_cc_appointments",
            "vaosService": { "method": "GET", "path": "/vaos/v2/cc/eligibility/{serviceType}" },
            "legacy": { "method": "GET", "path": "/vaos/v0/community_care/eligibility/{serviceType}" } }
    }"#;
    let entries: BTreeMap<String, RowOverride> = serde_json::from_str(json).unwrap();
    let t = VaosTable::default().with_overrides(entries).unwrap();
    let p = params(r#"{"id":"1","serviceType":"Podiatry"}"#);
    assert_eq!(
        t.endpoint("appointments.get", &p, System::VaosService)
            .unwrap()
            .url,
        "/vaos/v2/appointments/1?_include=facilities"
    );
    assert_eq!(
        t.endpoint("appointments.get", &p, System::Legacy)
            .unwrap()
            .url,
        "/vaos/v0/appointments/va/1",
        "untouched cell kept"
    );
    assert_eq!(
        t.endpoint("cc.eligibility", &p, System::Legacy)
            .unwrap()
            .url,
        "/vaos/v0/community_care/eligibility/Podiatry"
    );
    assert_eq!(t.category_toggle("cc.eligibility"), Some(CC_APPOINTMENTS));
}

#[test]
fn invalid_overrides_are_rejected() {
    let spec = |path: &str| {
        Some(TemplateSpec {
            method: Method::Get,
            path: path.into(),
        })
    };
    let row = |path: &str| RowOverride {
        category: Some("t".into()),
        vaos_service: spec(path),
        legacy: spec("/ok"),
    };
    let one = |op: &str, r: RowOverride| {
        VaosTable::default().with_overrides(BTreeMap::from([(op.to_string(), r)]))
    };
    for bad in [
        "vaos/v2",
        "/vaos/../x",
        "/vaos//x",
        "/vaos/",
        "/a/{b c}",
        "/a/b%2e",
        "/a?x",
        "/a?k={v",
        "/a?k=v v",
        "/a/x{id}",
    ] {
        assert!(
            matches!(one("new.op", row(bad)), Err(TableError::BadTemplate { .. })),
            "{bad}"
        );
    }
    assert!(matches!(
        one("bad op", row("/x")),
        Err(TableError::BadOperationName { .. })
    ));
    let incomplete = RowOverride {
        category: Some("t".into()),
        vaos_service: spec("/x"),
        legacy: None,
    };
    let err = one("new.op", incomplete).unwrap_err();
    assert_eq!(
        err.to_string(),
        "vaos table: new operation \"new.op\" needs a legacy {method, path}"
    );
    assert!(matches!(
        one(
            "new.op",
            RowOverride {
                category: Some(String::new()),
                ..row("/x")
            }
        ),
        Err(TableError::BadCategory { .. })
    ));
    let many: BTreeMap<String, RowOverride> = (0..MAX_TABLE_ROWS)
        .map(|i| (format!("op{i}"), row("/x")))
        .collect();
    assert!(matches!(
        VaosTable::default().with_overrides(many),
        Err(TableError::TooManyRows { .. })
    ));
    assert!(
        serde_json::from_str::<RowOverride>(r#"{"legacy":{"method":"TRACE","path":"/x"}}"#)
            .is_err()
    );
}

mod prop;
