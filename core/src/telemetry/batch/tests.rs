use super::*;
use crate::telemetry::event::{Common, Event, EventKind};
use crate::telemetry::otlp::encode_request;
use proptest::prelude::*;

fn push(q: &mut Queue, e: Event, at: f64) -> usize {
    q.push(Queued::new(&e, at)).len()
}

fn ev(i: usize, name_len: usize) -> Event {
    let c = Common {
        id: format!("e{i}"),
        time_ms: 1.0,
        session_id: "s".into(),
        path: "/".into(),
        flow: None,
        context_flags: vec![],
    };
    c.event(EventKind::Action, &"n".repeat(name_len), vec![])
}

fn resource() -> Resource {
    Resource::new(
        "va.gov-mhv-secure-messaging",
        Some("1.0.0"),
        Some("production"),
    )
}

#[test]
fn defaults_and_config_shape() {
    assert_eq!(
        BatchPolicy::default(),
        BatchPolicy {
            max_events: 50,
            max_bytes: 16_384,
            max_delay_ms: 5_000
        }
    );
    let p: BatchPolicy = serde_json::from_str(r#"{"maxEvents": 10}"#).unwrap();
    assert_eq!((p.max_events, p.max_bytes), (10, 16_384));
    assert!(serde_json::from_str::<BatchPolicy>(r#"{"max_events": 10}"#).is_err());
}

#[test]
fn flush_decisions() {
    let policy = BatchPolicy {
        max_events: 3,
        max_bytes: 1_000_000,
        max_delay_ms: 5_000,
    };
    let mut q = Queue::new(usize::MAX, 100);
    assert_eq!(policy.on_push(&q, 0.0), FlushDecision::Wait);
    push(&mut q, ev(0, 1), 1_000.0);
    assert_eq!(policy.on_push(&q, 1_000.0), FlushDecision::At(6_000.0));
    push(&mut q, ev(1, 1), 2_000.0);
    assert_eq!(policy.on_push(&q, 2_000.0), FlushDecision::At(6_000.0));
    assert_eq!(policy.on_push(&q, 6_000.0), FlushDecision::Now);
    push(&mut q, ev(2, 1), 2_500.0);
    assert_eq!(policy.on_push(&q, 2_500.0), FlushDecision::Now);
    let by_bytes = BatchPolicy {
        max_events: 50,
        max_bytes: 1_000,
        max_delay_ms: 5_000,
    };
    let mut big = Queue::new(usize::MAX, 100);
    push(&mut big, ev(0, 2_000), 0.0);
    assert_eq!(by_bytes.on_push(&big, 0.0), FlushDecision::Now);
}

#[test]
fn batches_respect_count_and_encoded_bytes() {
    let mut q = Queue::new(usize::MAX, 1_000);
    for i in 0..120 {
        push(&mut q, ev(i, 300), 0.0);
    }
    let policy = BatchPolicy::default();
    let mut all = Vec::new();
    while !q.is_empty() {
        let batch = take_batch(&mut q, &policy, &resource());
        assert!(!batch.records.is_empty() && batch.records.len() <= 50);
        assert_eq!(batch.records.len(), batch.items.len());
        assert!(encode_request(&resource(), &batch.records).len() <= policy.max_bytes);
        all.extend(batch.records);
    }
    assert_eq!(all.len(), 120);
    for (i, r) in all.iter().enumerate() {
        assert!(
            r.contains(&format!(r#""stringValue":"e{i}""#)),
            "order kept"
        );
    }
}

#[test]
fn unreadable_records_are_counted_not_sent() {
    let mut q = Queue::new(usize::MAX, 100);
    push(&mut q, ev(0, 1), 0.0);
    q.push_front(Queued::restore(crate::telemetry::compact::pack(&ev(1, 1)), 0.0).unwrap());
    let mut broken = Queued::new(&ev(2, 1), 0.0);
    broken.record = "[not".into();
    q.push_front(broken);
    let batch = take_batch(&mut q, &BatchPolicy::default(), &resource());
    assert_eq!(batch.records.len(), 2);
    assert_eq!(q.losses.total(), 1);
}

#[test]
fn oversize_record_goes_alone_then_is_dropped_at_exit() {
    let mut q = Queue::new(usize::MAX, 100);
    push(&mut q, ev(0, 20_000), 0.0);
    push(&mut q, ev(1, 10), 0.0);
    let batch = take_batch(&mut q, &BatchPolicy::default(), &resource());
    assert_eq!(batch.records.len(), 1, "the first record is always taken");
    let huge = "x".repeat(KEEPALIVE_BUDGET_BYTES);
    let split = split_for_keepalive(
        vec![("a".into(), 1), (huge, 2), ("b".into(), 3)],
        keepalive_budget(&resource()),
    );
    assert_eq!(
        (split.chunks, split.dropped),
        (
            vec![vec![("a".to_string(), 1), ("b".to_string(), 3)]],
            vec![2]
        )
    );
}

#[test]
fn exit_drains_everything_with_queue_times() {
    let mut q = Queue::new(usize::MAX, 60);
    for i in 0..61 {
        push(&mut q, ev(i, 10), i as f64);
    }
    let all = drain_for_exit(&mut q);
    assert!(q.is_empty());
    assert_eq!(all.len(), 60);
    assert_eq!(all[0].queued_at_ms, 1.0);
    assert_eq!(all.last().map(|q| q.queued_at_ms), Some(60.0));
    let (encoded, unreadable) = encode_items(all);
    assert_eq!(unreadable, 0);
    let split = split_for_keepalive(encoded, keepalive_budget(&resource()));
    assert_eq!((split.chunks.concat().len(), split.dropped.len()), (60, 0));
}

proptest! {
    #[test]
    fn keepalive_chunks_fit_and_keep_order(lens in proptest::collection::vec(1usize..30_000, 0..40)) {
        let records: Vec<String> = lens.iter().enumerate().map(|(i, n)| format!("{i:05}{}", "r".repeat(*n))).collect();
        let budget = keepalive_budget(&resource());
        let split = split_for_keepalive(records.iter().map(|r| (r.clone(), ())).collect(), budget);
        for chunk in &split.chunks {
            let chunk: Vec<String> = chunk.iter().map(|(r, _)| r.clone()).collect();
            prop_assert!(!chunk.is_empty());
            prop_assert!(encode_request(&resource(), &chunk).len() <= KEEPALIVE_BUDGET_BYTES);
            prop_assert_eq!(body_len(&resource(), &chunk), encode_request(&resource(), &chunk).len());
        }
        let sent: Vec<String> = split.chunks.concat().into_iter().map(|(r, _)| r).collect();
        let expected: Vec<String> = records.into_iter().filter(|r| r.len() <= budget).collect();
        prop_assert_eq!(split.dropped.len() + sent.len(), lens.len());
        prop_assert_eq!(sent, expected);
    }
}
