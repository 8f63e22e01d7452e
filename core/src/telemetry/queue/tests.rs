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

fn q(i: usize, name_len: usize, at: f64) -> Queued {
    Queued::new(&ev(i, name_len), at)
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
    // The compact form holds the same event in far less.
    let held = Queued::new(&event, 0.0).held();
    assert!(held * 2 < real, "compact {held} vs encoded {real}");
}

#[test]
fn evicts_oldest_for_the_caller() {
    let one = q(0, 10, 0.0).held();
    let mut queue = Queue::new(one * 3, 100);
    let mut out = Vec::new();
    for i in 0..5 {
        out.extend(queue.push(q(i, 10, i as f64)));
    }
    assert_eq!(queue.len(), 3);
    let ids: Vec<String> = out.iter().filter_map(Queued::id).collect();
    assert_eq!(ids, ["e0", "e1"]);
    assert_eq!(
        queue.pop_front().and_then(|x| x.id()),
        Some("e2".to_string())
    );
    let big = queue.push(q(9, one * 4, 0.0));
    assert_eq!(
        big.len(),
        1,
        "an event bigger than the cap is handed back itself"
    );
    assert_eq!(queue.len(), 2);
    let mut small = Queue::new(usize::MAX, 2);
    for i in 0..3 {
        small.push(q(i, 1, i as f64));
    }
    assert_eq!((small.len(), small.oldest_queued_at()), (2, Some(1.0)));
}

#[test]
fn put_back_records_go_first_and_expire_by_age() {
    let mut queue = Queue::new(usize::MAX, 100);
    queue.push(q(1, 1, 10.0));
    queue.push(q(2, 1, 20.0));
    let first = queue.pop_front().unwrap();
    queue.push_front(first);
    assert_eq!(queue.oldest_queued_at(), Some(10.0));
    let old = queue.expire(15.0);
    assert_eq!(
        old.iter().filter_map(Queued::id).collect::<Vec<_>>(),
        ["e1"]
    );
    assert_eq!(queue.len(), 1);
    assert_eq!(queue.held(), q(2, 1, 0.0).held());
}

#[test]
fn losses_count_per_reason_with_the_first_id() {
    let mut l = Losses::default();
    l.note(LossReason::Overflow, 2, Some("a"));
    l.note(LossReason::Overflow, 3, Some("b"));
    l.note(LossReason::Refused, 1, None);
    l.note(LossReason::Expired, 0, Some("ignored"));
    assert_eq!(l.total(), 6);
    assert_eq!(
        l.take(),
        vec![
            (LossReason::Overflow, 5, Some("a".to_string())),
            (LossReason::Refused, 1, None)
        ]
    );
    assert_eq!(l.total(), 0);
}

proptest! {
    #[test]
    fn caps_hold_and_nothing_is_lost_silently(
        sizes in proptest::collection::vec(0usize..3000, 0..300),
        max_bytes in 1000usize..20_000,
        max_events in 1usize..50,
    ) {
        let mut queue = Queue::new(max_bytes, max_events);
        let mut evicted = 0;
        for (i, s) in sizes.iter().enumerate() {
            evicted += queue.push(q(i, *s, i as f64)).len();
            prop_assert!(queue.held() <= max_bytes);
            prop_assert!(queue.len() <= max_events);
        }
        let mut delivered = 0;
        let mut last = None;
        while let Some(item) = queue.pop_front() {
            let i: usize = item.id().unwrap()[1..].parse().unwrap();
            prop_assert!(last.map_or(true, |l| i > l), "order kept");
            last = Some(i);
            delivered += 1;
        }
        prop_assert_eq!(evicted + delivered, sizes.len());
        prop_assert_eq!((queue.bytes(), queue.held()), (0, 0));
    }
}

#[test]
fn past_the_unsent_cap_the_oldest_leave_and_read_back_ones_do_not_count() {
    let mut queue = Queue::new(1 << 20, 100);
    let mut read_back = q(0, 10, 0.0);
    read_back.spilled = true;
    queue.push_front(read_back);
    assert_eq!(queue.unsent(), 0, "a read-back record stays stored");
    let one = q(1, 10, 1.0).record.len();
    queue.set_max_unsent(2 * one);
    assert!(queue.push(q(1, 10, 1.0)).is_empty());
    assert!(queue.push(q(2, 10, 2.0)).is_empty(), "two fit");
    let out = queue.push(q(3, 10, 3.0));
    let ids: Vec<String> = out.iter().filter_map(Queued::id).collect();
    assert_eq!(
        ids,
        ["e0", "e1"],
        "the oldest leave, the read-back one first"
    );
    assert_eq!(queue.unsent(), 2 * one);
    queue.pop_front();
    queue.expire(2.5);
    assert_eq!(queue.unsent(), one, "kept in step by pop and expire");
    assert_eq!(queue.len(), 1);
}
