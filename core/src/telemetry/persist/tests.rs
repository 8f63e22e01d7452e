use super::*;
use proptest::prelude::*;

const HOUR: f64 = 3_600_000.0;

const TTL: f64 = 24.0 * HOUR;

/// Records of `records` (for comparing with what `load` returns).
fn strings(records: Vec<(String, f64)>) -> Vec<String> {
    records.into_iter().map(|(r, _)| r).collect()
}

/// A compact record, with event id `id`.
fn rec(id: &str) -> String {
    let c = crate::telemetry::event::Common {
        id: id.into(),
        time_ms: 1.0,
        session_id: "s".into(),
        path: "/".into(),
        flow: None,
        context_flags: vec![],
    };
    crate::telemetry::compact::pack(&c.event(
        crate::telemetry::event::EventKind::Action,
        "a",
        vec![],
    ))
}

#[test]
fn append_caps_and_remove_takes_exactly_the_acknowledged() {
    let (p, _) = Persisted::build(vec![("{\"a\":1}".into(), 1.0)]);
    let (mut p, over) = p.append(vec![("{\"b\":2}".into(), 2.0), ("{\"c\":3}".into(), 3.0)]);
    assert!(over.is_empty());
    assert_eq!(
        p.remove(&["{\"b\":2}".to_string(), "{\"zz\":0}".to_string()]),
        1
    );
    let left: Vec<&str> = p.records.iter().map(|r| r.r.as_str()).collect();
    assert_eq!(left, ["{\"a\":1}", "{\"c\":3}"]);
    let big = "x".repeat(MAX_PERSISTED_BYTES / 2);
    let (p, over) = p.append(vec![(big.clone(), 4.0), (big, 5.0)]);
    assert_eq!(p.records.len(), 2);
    let over: Vec<f64> = over.iter().map(|(_, t)| *t).collect();
    assert_eq!(
        over,
        [1.0, 3.0],
        "the oldest go first, handed back for the spill store"
    );
}

#[test]
fn round_trip_and_ttl() {
    let now = 1_700_000_000_000.0;
    let (p, over) = Persisted::build(vec![
        (rec("a"), now - 25.0 * HOUR),
        (rec("b"), now - 23.0 * HOUR),
        (rec("c"), now),
    ]);
    assert!(over.is_empty());
    let json = serde_json::to_string(&p).unwrap();
    let back: Persisted = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    let (records, expired) = load(back.clone(), now, TTL);
    assert_eq!(strings(records), [rec("b"), rec("c")]);
    assert_eq!(expired, 1);
    // The age limit is the configured one.
    assert_eq!(load(back, now, HOUR).1, 2);
}

#[test]
fn garbage_and_other_versions_are_refused() {
    for bad in [
        r#"{"version":0,"records":[]}"#,
        r#"{"version":2,"records":[]}"#,
        r#"{"records":[]}"#,
        r#"{"version":1,"records":[{"r":"{}"}]}"#,
        r#"{"version":1,"records":[],"extra":1}"#,
        r#"[1,2,3]"#,
        "not json",
    ] {
        assert!(serde_json::from_str::<Persisted>(bad).is_err(), "{bad}");
    }
    let err = serde_json::from_str::<Persisted>(r#"{"version":2,"records":[]}"#).unwrap_err();
    assert!(err.to_string().contains("version 2 is not supported"));
}

#[test]
fn tampered_records_are_dropped_on_load() {
    let p = Persisted {
        version: 1,
        records: vec![
            PersistedRecord {
                r: rec("nan"),
                t: f64::NAN,
            },
            PersistedRecord {
                r: "]}".into(),
                t: 0.0,
            },
            PersistedRecord {
                r: rec("future"),
                t: 10.0 * TTL,
            },
            PersistedRecord {
                r: rec("ok"),
                t: 0.0,
            },
        ],
    };
    assert_eq!(load(p, 0.0, TTL), (vec![(rec("ok"), 0.0)], 3));
}

#[test]
fn only_generated_shaped_session_ids_are_reused() {
    for ok in [
        "3b241101-e2bb-4255-8caf-4136c566a962",
        "k3j4h5l6m7n8p9q0r1s2t3u4v5",
        "abcdefgh",
    ] {
        assert!(is_session_id(ok), "{ok}");
    }
    let long = "a".repeat(MAX_SESSION_ID_LEN + 1);
    for bad in [
        "",
        "abc",
        long.as_str(),
        r#"{"id":"veteran@example.com","v":0}"#,
        "veteran@example.com",
        "123-45-6789",
        "12345678901",
        "3B241101-E2BB-4255-8CAF-4136C566A962",
        "a b c d e f g h",
        "sess\u{0}ion-id",
    ] {
        assert!(!is_session_id(bad), "{bad}");
    }
}

#[test]
fn records_of_another_format_are_dropped_on_load() {
    let good = rec("ev-1");
    // An OTLP record (the format of an older SDK's outbox) is not a compact record.
    let otlp = crate::telemetry::encode_record(&crate::telemetry::compact::unpack(&good).unwrap());
    let records = [
        "{not json}",
        r#"{"old":"record format"}"#,
        good.as_str(),
        otlp.as_str(),
    ];
    let p = Persisted {
        version: 1,
        records: records
            .iter()
            .map(|r| PersistedRecord {
                r: r.to_string(),
                t: 0.0,
            })
            .collect(),
    };
    assert_eq!(load(p, 0.0, TTL), (vec![(good.clone(), 0.0)], 3));
}

proptest! {
    #[test]
    fn cap_keeps_the_newest_in_order(lens in proptest::collection::vec(1usize..40_000, 0..30)) {
        let records: Vec<(String, f64)> = lens.iter().enumerate().map(|(i, n)| (rec(&format!("{i:04}{}", "x".repeat(*n))), i as f64)).collect();
        let (p, over) = Persisted::build(records.clone());
        let dropped = over.len();
        prop_assert!(p.records.iter().map(|r| r.r.len()).sum::<usize>() <= MAX_PERSISTED_BYTES);
        prop_assert_eq!(dropped + p.records.len(), records.len());
        let kept: Vec<String> = p.records.iter().map(|r| r.r.clone()).collect();
        let expected: Vec<String> = records[dropped..].iter().map(|(r, _)| r.clone()).collect();
        prop_assert_eq!(&kept, &expected);
        let (loaded, expired) = load(p, 0.0, TTL);
        prop_assert_eq!((strings(loaded), expired), (kept, 0));
    }
}
