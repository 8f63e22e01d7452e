use super::*;
use crate::telemetry::event::{Common, EventKind};
use proptest::prelude::*;

fn ev(i: usize, name_len: usize) -> Event {
    let c = Common {
        id: format!("e{i}"),
        time_ms: 0.0,
        session_id: "s".into(),
        path: "/".into(),
        flow: None,
        context_flags: vec![],
    };
    c.event(EventKind::Action, &"n".repeat(name_len), vec![])
}

#[test]
fn estimate_is_close_to_the_encoding() {
    let event = crate::telemetry::builders::timing(
        Common {
            id: "id-123".into(),
            time_ms: 1.7e12,
            session_id: "sess".into(),
            path: "/my-health/secure-messages/".into(),
            flow: Some("curated".into()),
            context_flags: vec![("mhv_secure_messaging_curated_list_flow".into(), true)],
        },
        "sm.drafts.create",
        123.4,
        Some("vets-api"),
        Some(201),
    );
    let real = crate::telemetry::otlp::encode_record(&event).len();
    let est = estimate_bytes(&event);
    assert!(
        est >= real && est <= real + real / 2,
        "estimate {est} vs real {real}"
    );
}

#[test]
fn drops_oldest_and_counts() {
    let one = estimate_bytes(&ev(0, 10));
    let mut q = Queue::new(one * 3, 100);
    for i in 0..5 {
        q.push(ev(i, 10), i as f64);
    }
    assert_eq!(q.len(), 3);
    assert_eq!(q.pop_front().map(|x| x.event.id), Some("e2".to_string()));
    assert_eq!(q.take_dropped(), 2);
    assert_eq!(q.take_dropped(), 0);
    assert_eq!(
        q.push(ev(9, one * 4), 0.0),
        1,
        "an event bigger than the cap drops itself"
    );
    assert_eq!(q.len(), 2);
    let mut small = Queue::new(usize::MAX, 2);
    for i in 0..3 {
        small.push(ev(i, 1), 0.0);
    }
    assert_eq!((small.len(), small.oldest_queued_at()), (2, Some(0.0)));
}

proptest! {
    #[test]
    fn caps_hold_and_nothing_is_lost_silently(
        sizes in proptest::collection::vec(0usize..3000, 0..300),
        max_bytes in 1000usize..20_000,
        max_events in 1usize..50,
    ) {
        let mut q = Queue::new(max_bytes, max_events);
        let mut dropped = 0;
        for (i, s) in sizes.iter().enumerate() {
            dropped += q.push(ev(i, *s), i as f64);
            prop_assert!(q.bytes() <= max_bytes);
            prop_assert!(q.len() <= max_events);
        }
        prop_assert_eq!(q.take_dropped() as usize, dropped);
        let mut delivered = 0;
        let mut last = None;
        while let Some(item) = q.pop_front() {
            let i: usize = item.event.id[1..].parse().unwrap();
            prop_assert!(last.map_or(true, |l| i > l), "order kept");
            last = Some(i);
            delivered += 1;
        }
        prop_assert_eq!(dropped + delivered, sizes.len());
        prop_assert_eq!(q.bytes(), 0);
    }
}
