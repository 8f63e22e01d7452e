//! With a spill store, page exit never depends on an asynchronous write: what this page holds
//! unsent in memory stays within what the outbox takes, spill writes count as done only once
//! confirmed, and what the outbox cannot take at exit is counted and reported.

use super::*;
use crate::telemetry::persist::{LOSS_RESERVE_BYTES, MAX_PERSISTED_BYTES, MAX_UNSENT_BYTES};
use crate::telemetry::queue::DEFAULT_MAX_QUEUE_BYTES;
use proptest::prelude::*;

/// Record bytes page exit would have to persist now (queued and in flight, this page's own).
fn unsent(t: &Tracker) -> usize {
    t.queue.unsent()
        + t.in_flight
            .iter()
            .flatten()
            .map(Queued::unsent)
            .sum::<usize>()
}

fn balanced(t: &Tracker) {
    let s = t.stats();
    assert_eq!(
        s.queued,
        s.sent + s.dropped + s.failed + s.pending(),
        "{s:?}"
    );
}

#[test]
fn with_a_store_unsent_records_stay_within_the_outbox_and_the_rest_spills() {
    let mut t = tracker("");
    t.set_spill(true);
    push_n(&mut t, 3_000, 0.0);
    assert!(unsent(&t) <= MAX_UNSENT_BYTES, "{}", unsent(&t));
    assert!(
        t.queue.held() < DEFAULT_MAX_QUEUE_BYTES,
        "under the memory cap too"
    );
    let (_, spilled) = t.take_spill();
    assert!(
        !spilled.is_empty(),
        "the oldest spilled while the page lives"
    );
    assert_eq!(spilled[0].id, "id-0");
    assert_eq!(t.stats().dropped, 0);
    balanced(&t);
}

#[test]
fn without_a_store_the_memory_cap_alone_holds() {
    let mut t = tracker("");
    t.set_spill(false);
    push_n(&mut t, 3_000, 0.0);
    assert!(
        unsent(&t) > MAX_UNSENT_BYTES,
        "more kept in memory: nowhere to spill"
    );
    assert!(t.take_spill().1.is_empty());
}

#[test]
fn a_batch_in_flight_counts_towards_the_cap() {
    let mut t = tracker("");
    t.set_spill(true);
    push_n(&mut t, 100, 0.0);
    t.take(0.0, true).expect("batch");
    push_ids(&mut t, 100..3_000, 1.0);
    assert!(unsent(&t) <= MAX_UNSENT_BYTES);
    t.on_response(None, None, 0.0, 2.0);
    assert!(
        unsent(&t) <= MAX_UNSENT_BYTES,
        "the failed batch is back, the cap holds"
    );
    balanced(&t);
}

#[test]
fn unconfirmed_spill_writes_join_the_exit_and_are_deleted_from_the_store() {
    let mut t = tracker("");
    t.set_spill(true);
    push_n(&mut t, 3_000, 0.0);
    let (one, first) = t.take_spill();
    t.spill_written(one, true);
    push_ids(&mut t, 3_000..3_200, 1.0);
    let (two, second) = t.take_spill();
    assert!(!second.is_empty());
    // The page exits before the second write's transaction completes.
    let plan = t.exit(2.0, empty());
    let ids: Vec<String> = plan.requests.iter().flat_map(|r| ids_in(&r.body)).collect();
    for r in &second {
        assert!(ids.contains(&r.id), "{} leaves with the exit", r.id);
    }
    for r in &first {
        assert!(!ids.contains(&r.id), "{} is stored", r.id);
    }
    let (done, _) = t.take_spill_done();
    assert_eq!(
        done,
        second.iter().map(|r| r.key.clone()).collect::<Vec<_>>()
    );
    assert_eq!(
        plan.outbox.records.len(),
        plan.count,
        "the outbox takes all of it"
    );
    // The late confirmation changes nothing.
    t.spill_written(two, true);
    assert_eq!(t.stats().dropped, 0);
    balanced(&t);
}

#[test]
fn a_failed_spill_write_is_counted_and_reported() {
    let mut t = tracker(r#","maxQueueBytes":16384"#);
    t.set_spill(true);
    push_n(&mut t, 200, 0.0);
    let (batch, writes) = t.take_spill();
    t.spill_written(batch, false);
    assert_eq!(t.stats().dropped, writes.len() as u64);
    let sent = t.take(1.0, true).expect("batch");
    assert!(
        sent.body.contains("va_rollout.loss"),
        "a loss record reports them"
    );
    balanced(&t);
}

#[test]
fn what_the_outbox_cannot_take_at_exit_is_dropped_and_reported_in_it() {
    // Another tab's exit left the outbox nearly full.
    let mut other = tracker("");
    push_n(&mut other, 1_500, 0.0);
    let earlier = other.exit(0.5, empty()).outbox;
    let before = earlier.records.len();
    let mut t = tracker("");
    t.set_spill(true);
    push_ids(&mut t, 5_000..5_400, 1.0);
    let plan = t.exit(2.0, earlier);
    let bytes: usize = plan.outbox.records.iter().map(|r| r.r.len()).sum();
    assert!(bytes <= MAX_PERSISTED_BYTES, "{bytes}");
    let s = t.stats();
    assert!(s.dropped > 0, "the oldest did not fit: {s:?}");
    let kept = plan.outbox.records.len() as u64;
    assert_eq!(
        kept + s.dropped,
        before as u64 + 400 + 1,
        "each record kept or counted, and one loss record"
    );
    let loss = plan.outbox.records.last().expect("records");
    assert!(
        loss.r.contains("va_rollout.loss"),
        "the loss record is in the outbox, newest"
    );
    let ids: Vec<String> = plan.requests.iter().flat_map(|r| ids_in(&r.body)).collect();
    assert_eq!(
        ids.len(),
        plan.count,
        "the requests carry this page's kept records and the loss record"
    );
    assert!(plan
        .requests
        .iter()
        .any(|r| r.body.contains("\"overflow\"")));
    balanced(&t);
}

#[test]
fn excess_leaves_out_the_oldest_first() {
    let (outbox, _) = Persisted::build(vec![("a".repeat(10), 1.0), ("b".repeat(10), 2.0)]);
    assert_eq!(outbox.excess([5usize, 5].into_iter(), 30), (0, 0));
    assert_eq!(outbox.excess([5usize, 5].into_iter(), 25), (1, 0));
    assert_eq!(outbox.excess([5usize, 5].into_iter(), 5), (2, 1));
    assert_eq!(outbox.excess([5usize, 5].into_iter(), 0), (2, 2));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// With a spill store, whatever the traffic and the collector do, this page's unsent records
    /// in memory never exceed what page exit persists synchronously (the loss records of a batch
    /// may pass the unsent cap until the next push: the outbox keeps room for them), and the
    /// stats balance.
    #[test]
    fn unsent_in_memory_fits_the_outbox(ops in proptest::collection::vec((0u8..5, 1usize..400), 1..40)) {
        let mut t = tracker("");
        t.set_spill(true);
        let mut next_id = 0;
        let mut now = 0.0;
        for (op, n) in ops {
            now += 10.0;
            match op {
                0 | 1 => {
                    push_ids(&mut t, next_id..next_id + n, now);
                    next_id += n;
                }
                2 => {
                    t.take(now, true);
                }
                3 => {
                    t.on_response(if n % 2 == 0 { None } else { Some(200) }, None, 0.5, now);
                }
                _ => {
                    let (batch, _) = t.take_spill();
                    t.spill_written(batch, n % 7 != 0);
                }
            }
            let max = MAX_UNSENT_BYTES + LOSS_RESERVE_BYTES;
            prop_assert!(unsent(&t) <= max, "{} > {}", unsent(&t), max);
            let s = t.stats();
            prop_assert_eq!(s.queued, s.sent + s.dropped + s.failed + s.pending());
        }
    }
}
