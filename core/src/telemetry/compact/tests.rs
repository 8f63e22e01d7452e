use super::*;
use crate::telemetry::event::Common;
use proptest::prelude::*;

fn sample() -> Event {
    let c = Common {
        id: "3b241101-e2bb-4255-8caf-4136c566a962.1a".into(),
        time_ms: 1.789e12 + 0.25,
        session_id: "sess-1".into(),
        path: "/my-health/secure-messages/inbox/".into(),
        flow: Some("curated".into()),
        context_flags: vec![("flag_a".into(), true), ("flag_b".into(), false)],
    };
    c.event(
        EventKind::Timing,
        "sm \"quoted\" \u{2028} name",
        vec![
            ("va_rollout.duration_ms".into(), AttrValue::Float(12.0)),
            ("http.response.status_code".into(), AttrValue::Int(503)),
            (
                "va_rollout.system".into(),
                AttrValue::Str("vets-api".into()),
            ),
            ("va_rollout.attr.ok".into(), AttrValue::Bool(false)),
        ],
    )
}

#[test]
fn round_trips_every_field_and_value_type() {
    let e = sample();
    let packed = pack(&e);
    assert_eq!(unpack(&packed), Some(e.clone()));
    assert_eq!(id_of(&packed).as_deref(), Some(e.id.as_str()));
    // A float that is a whole number stays a float; a non-finite one stays a non-finite float.
    let mut nan = e;
    nan.attrs = vec![("k".into(), AttrValue::Float(f64::INFINITY))];
    let back = unpack(&pack(&nan)).unwrap();
    assert!(matches!(back.attrs[0].1, AttrValue::Float(f) if f.is_nan()));
}

#[test]
fn much_smaller_than_the_otlp_record() {
    let e = sample();
    let otlp = crate::telemetry::otlp::encode_record(&e).len();
    assert!(pack(&e).len() * 2 < otlp, "{} vs {otlp}", pack(&e).len());
}

#[test]
fn refuses_what_it_did_not_write() {
    let good = pack(&sample());
    for bad in [
        "",
        "{}",
        "[]",
        "[1,2,3]",
        &good[..good.len() - 1],
        &good.replacen("[3,", "[99,", 1),
        &good.replacen("[3,", "[-1,", 1),
        &good.replacen("[3,", "[3.5,", 1),
        r#"[0,"",1,"s","/","n",null,[],[]]"#,
        r#"[0,"i",1,"s","/","n",null,["odd"],[]]"#,
        r#"[0,"i",1,"s","/","n",null,[],["k",{"o":1}]]"#,
    ] {
        assert_eq!(unpack(bad), None, "{bad}");
    }
    assert_eq!(unpack(&format!("[{}", " ".repeat(MAX_COMPACT_LEN))), None);
    // An id with an escape is read through the full parser.
    let mut e = sample();
    e.id = "a\\b".into();
    assert_eq!(id_of(&pack(&e)).as_deref(), Some("a\\b"));
}

proptest! {
    #[test]
    fn any_event_round_trips(
        name in ".{0,40}", path in ".{0,40}", id in "[!-~]{1,40}",
        t in 0.0f64..4e12, i in any::<i32>(), b in any::<bool>(), s in ".{0,20}",
    ) {
        let c = Common { id, time_ms: t, session_id: "s".into(), path, flow: None, context_flags: vec![("f".into(), b)] };
        let e = c.event(EventKind::Action, &name, vec![
            ("i".into(), AttrValue::Int(i64::from(i))),
            ("s".into(), AttrValue::Str(s)),
            ("f".into(), AttrValue::Float(t)),
        ]);
        let packed = pack(&e);
        prop_assert_eq!(unpack(&packed), Some(e.clone()));
        prop_assert_eq!(id_of(&packed), Some(e.id));
    }
}
