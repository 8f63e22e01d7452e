use super::*;
use crate::telemetry::sampling::{Rule, Sampler};
use crate::telemetry::{Common, EventKind};
use std::collections::BTreeSet;

const PREFIX: &str = "3b241101-e2bb-4255-8caf-4136c566a962";

#[test]
fn ids_are_the_prefix_and_a_base36_counter() {
    let mut ids = EventIds::new(PREFIX);
    let got: Vec<String> = (0..38).map(|_| ids.next_id()).collect();
    assert_eq!(got[0], format!("{PREFIX}.0"));
    assert_eq!(got[35], format!("{PREFIX}.z"));
    assert_eq!(got[36], format!("{PREFIX}.10"));
    let mut big = EventIds {
        prefix: "p".into(),
        next: u64::MAX,
    };
    assert_eq!(big.next_id(), "p.3w5e11264sgsf", "u64::MAX in base 36");
    assert_eq!(
        EventIds::new("a b\u{e9}\n").next_id(),
        "ab.0",
        "only printable ASCII"
    );
    let long = "x".repeat(500);
    assert!(EventIds::new(&long).next_id().len() <= MAX_ID_LEN);
}

#[test]
fn ids_are_unique_and_tokens() {
    let mut ids = EventIds::new(PREFIX);
    let all: BTreeSet<String> = (0..50_000).map(|_| ids.next_id()).collect();
    assert_eq!(all.len(), 50_000);
    assert!(all
        .iter()
        .all(|id| id.bytes().all(|b| b.is_ascii_graphic()) && id.len() <= MAX_ID_LEN));
}

/// Sequential ids must not bias per-event sampling (`crc32(id) % 10000 < rate × 10000`).
#[test]
fn sequential_ids_sample_at_the_configured_rate() {
    for prefix in [
        PREFIX,
        "k3j4h5l6m7n8p9q0r1s2t3u4v5",
        "00000000-0000-4000-8000-000000000000",
    ] {
        for rate in [0.5, 0.1, 0.01] {
            let sampler = Sampler {
                session_rate: 100.0,
                rules: vec![Rule {
                    kind: EventKind::Action,
                    when: Default::default(),
                    rate,
                }],
                base_path: String::new(),
            };
            let mut ids = EventIds::new(prefix);
            let n = 20_000;
            let kept = (0..n)
                .filter(|_| {
                    let c = Common {
                        id: ids.next_id(),
                        time_ms: 0.0,
                        session_id: "s".into(),
                        path: "/".into(),
                        flow: None,
                        context_flags: vec![],
                    };
                    sampler.keep(&c.event(EventKind::Action, "a", vec![]))
                })
                .count();
            let share = kept as f64 / f64::from(n);
            assert!(
                (share - rate).abs() <= rate * 0.15 + 0.002,
                "{prefix} at {rate}: {share}"
            );
        }
    }
}
