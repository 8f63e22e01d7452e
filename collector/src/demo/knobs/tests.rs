use super::*;

fn values(latency_ms: u64, error_rate: f64, error_status: u16) -> KnobValues {
    KnobValues {
        latency_ms,
        error_rate,
        error_status,
        fail_next: 0,
        flag_fault: FlagFault::None,
        flag_delay_ms: DEFAULT_FLAG_DELAY_MS,
    }
}

#[test]
fn update_validates_all_or_nothing() {
    let k = DemoKnobs::new(5, 0.1);
    assert!(k
        .update(KnobUpdate {
            latency_ms: Some(1),
            error_rate: Some(2.0),
            ..Default::default()
        })
        .is_err());
    assert!(k
        .update(KnobUpdate {
            fail_next: Some(MAX_FAIL_NEXT + 1),
            flag_fault: Some(FlagFault::Down),
            ..Default::default()
        })
        .is_err());
    assert!(k
        .update(KnobUpdate {
            flag_delay_ms: Some(MAX_LATENCY_MS + 1),
            latency_ms: Some(1),
            ..Default::default()
        })
        .is_err());
    assert_eq!(k.get(), values(5, 0.1, 500));
    let v = k
        .update(KnobUpdate {
            error_status: Some(503),
            ..Default::default()
        })
        .expect("valid");
    assert_eq!(v, values(5, 0.1, 503));
    assert!(k
        .update(KnobUpdate {
            error_status: Some(200),
            ..Default::default()
        })
        .is_err());
}

#[test]
fn flag_faults_round_trip_by_name() {
    let k = DemoKnobs::new(0, 0.0);
    for (name, fault) in [
        ("none", FlagFault::None),
        ("down", FlagFault::Down),
        ("http500", FlagFault::Http500),
        ("slow", FlagFault::Slow),
        ("garbage", FlagFault::Garbage),
    ] {
        let u: KnobUpdate =
            serde_json::from_str(&format!(r#"{{"flagFault":"{name}","flagDelayMs":7}}"#))
                .expect("parses");
        let v = k.update(u).expect("valid");
        assert_eq!((v.flag_fault, v.flag_delay_ms), (fault, 7));
        assert_eq!(
            serde_json::to_value(v).expect("json")["flagFault"],
            serde_json::json!(name)
        );
    }
    assert!(serde_json::from_str::<KnobUpdate>(r#"{"flagFault":"bogus"}"#).is_err());
}

#[test]
fn fail_next_forces_exactly_n_failures_then_the_rate_decides() {
    let k = DemoKnobs::new(0, 0.0);
    k.update(KnobUpdate {
        fail_next: Some(3),
        ..Default::default()
    })
    .expect("valid");
    let outcomes: Vec<bool> = (0..6).map(|_| k.should_fail(|| 0.0)).collect();
    assert_eq!(outcomes, [true, true, true, false, false, false]);
    assert_eq!(k.get().fail_next, 0);
    k.update(KnobUpdate {
        error_rate: Some(0.5),
        ..Default::default()
    })
    .expect("valid");
    assert!(k.should_fail(|| 0.49));
    assert!(!k.should_fail(|| 0.5));
}
