//! Spilling past the memory cap, reading back after a 2xx, loss records for what is given up.

use super::*;
use crate::telemetry::queue::LossReason;

const SMALL: &str = r#","maxQueueBytes":16384"#;

#[test]
fn without_a_store_the_oldest_are_given_up_and_a_loss_record_says_so() {
    let mut t = tracker(SMALL);
    push_n(&mut t, 400, 0.0);
    let s = t.stats();
    assert!(s.dropped > 0, "16 KiB holds fewer than 400");
    assert!(t.take_spill().1.is_empty());
    let batch = t.take(1.0, true).expect("batch");
    let recs = records_in(&batch.body);
    assert_eq!(recs[0]["eventName"], "va_rollout.loss");
    assert!(recs[0]
        .to_string()
        .contains(&format!(r#""intValue":"{}""#, s.dropped)));
    assert!(recs[0].to_string().contains(r#""stringValue":"overflow""#));
    assert!(ids_in(&batch.body)[0].ends_with(".loss"));
}

#[test]
fn a_loss_record_pushed_out_by_the_cap_keeps_its_count() {
    // Collector down, no store: the loss record rides at the front of the retried batch and is
    // itself pushed out; the count it carried is reported by the next one, in full.
    let mut t = tracker(SMALL);
    let mut now = 0.0;
    for round in 0..5 {
        push_ids(&mut t, round * 100..round * 100 + 100, now);
        if t.take(now, true).is_some() {
            t.on_response(None, None, 0.0, now);
        }
        now += 100_000.0;
    }
    let dropped = t.stats().dropped;
    assert!(dropped > 300, "{dropped}");
    let b = t.take(now, true).expect("batch");
    let recs = records_in(&b.body);
    assert_eq!(recs[0]["eventName"], "va_rollout.loss");
    assert!(
        recs[0]
            .to_string()
            .contains(&format!(r#""intValue":"{dropped}""#)),
        "{} carries {dropped}",
        recs[0]
    );
    let s = t.stats();
    assert_eq!(s.queued, s.sent + s.dropped + s.failed + s.pending());
}

#[test]
fn with_a_store_nothing_is_dropped_and_spilled_records_come_back_once_after_a_2xx() {
    let mut t = tracker(SMALL);
    t.set_spill(true);
    // The collector is down: the first batch fails and waits.
    push_n(&mut t, 10, 0.0);
    t.take(0.0, true).expect("batch");
    t.on_response(None, None, 0.0, 0.0);
    push_ids(&mut t, 10..400, 1.0);
    let (_, spilled) = t.take_spill();
    assert!(!spilled.is_empty());
    assert_eq!(t.stats().dropped, 0, "spilled, not dropped");
    assert_eq!(
        spilled[0].id, "id-0",
        "the oldest first, the retried batch among them"
    );
    // The store holds them; no claim while the collector is failing.
    assert_eq!(t.wants_spilled(1.0), None);
    let mut seen: Vec<String> = Vec::new();
    let mut now = 1_000.0;
    // The collector is back: what is in memory leaves, then the store is read back.
    while let Some(b) = t.take(now, true) {
        seen.extend(ids_in(&b.body));
        t.on_response(Some(200), None, 0.0, now);
        now += 1.0;
    }
    assert_eq!(seen.len(), 400 - spilled.len());
    let (limit, _) = t.wants_spilled(now).expect("read the store now");
    assert!(limit >= 50);
    let back: Vec<(String, f64, bool)> = spilled
        .iter()
        .map(|r| (r.record.clone(), r.queued_at_ms, true))
        .collect();
    assert_eq!(t.restore_spilled(back, 0, now), Next::SendNow);
    assert_eq!(t.wants_spilled(now), None, "one read at a time");
    while let Some(b) = t.take(now, false) {
        seen.extend(ids_in(&b.body));
        t.on_response(Some(200), None, 0.0, now);
    }
    let (done, released) = t.take_spill_done();
    assert_eq!(done.len(), spilled.len(), "delete what was sent");
    assert!(released.is_empty());
    // An empty claim: the store is empty; no more reads until something spills again.
    assert!(t.wants_spilled(now).is_some());
    // All claimed by another tab: asked again once its claims lapse.
    t.restore_spilled(Vec::new(), 3, now);
    assert_eq!(t.wants_spilled(now), None);
    let again = now + crate::telemetry::spill::CLAIM_MS;
    assert_eq!(t.next(now), Next::At(again));
    assert!(t.wants_spilled(again).is_some());
    t.restore_spilled(Vec::new(), 0, again);
    assert_eq!(t.wants_spilled(again + 1e9), None);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!((seen.len(), sorted.len()), (400, 400), "every event once");
    let s = t.stats();
    assert_eq!((s.queued, s.sent, s.dropped, s.pending()), (400, 400, 0, 0));
}

#[test]
fn read_back_records_that_fail_again_are_released_not_requeued() {
    let mut t = tracker("");
    t.set_spill(true);
    push_n(&mut t, 1, 0.0);
    t.take(0.0, true).unwrap();
    t.on_response(Some(200), None, 0.0, 0.0);
    let other = crate::telemetry::compact::pack(&action(&t, 77, 0.0));
    t.restore_spilled(vec![(other, 0.0, false)], 0, 1.0);
    assert_eq!(
        t.stats().queued,
        2,
        "another page's record counts when it is read back"
    );
    t.take(1.0, false).unwrap();
    t.on_response(Some(503), None, 0.0, 1.0);
    assert_eq!(t.stats().queued, 1, "released: it counts where it is sent");
    assert_eq!(t.stats().pending(), 0);
    let key = crate::telemetry::spill::key("id-77", 0.0);
    assert_eq!(t.take_spill_done(), (vec![], vec![key]));
    assert!(
        t.take(1e9, true).is_none(),
        "not held in memory: it is still in the store"
    );
}

#[test]
fn refused_batches_are_failed_and_reported_by_a_loss_record() {
    let mut t = tracker("");
    push_n(&mut t, 2, 0.0);
    t.take(0.0, true).unwrap();
    t.on_response(Some(400), None, 0.0, 0.0);
    assert_eq!((t.stats().failed, t.stats().dropped), (2, 0));
    push_ids(&mut t, 5..6, 1.0);
    let b = t.take(1.0, true).unwrap();
    let recs = records_in(&b.body);
    assert_eq!(recs[0]["eventName"], "va_rollout.loss");
    assert!(recs[0].to_string().contains(r#""stringValue":"refused""#));
    assert_eq!(ids_in(&b.body)[0], "id-0.loss");
}

#[test]
fn store_trims_are_counted_once_per_reason() {
    let mut t = tracker("");
    t.set_spill(true);
    t.spill_trimmed(&[
        ("a".into(), LossReason::Overflow, true),
        ("b".into(), LossReason::Overflow, false),
        ("c".into(), LossReason::Expired, false),
    ]);
    let s = t.stats();
    assert_eq!(
        (s.queued, s.dropped),
        (2, 3),
        "the other page's two count as queued here"
    );
    push_n(&mut t, 1, 0.0);
    let b = t.take(0.0, true).unwrap();
    let ids = ids_in(&b.body);
    assert_eq!(ids[..2], ["a.loss".to_string(), "c.loss".to_string()]);
}
