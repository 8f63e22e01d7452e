//! Page exit, the outbox and its resend, and how a backlog leaves.

use super::*;

#[test]
fn exit_requests_carry_exactly_their_records() {
    let mut t = tracker("");
    push_n(&mut t, 5, 0.0);
    let plan = t.exit(1.0, empty());
    let in_requests: Vec<(String, f64)> = plan
        .requests
        .iter()
        .flat_map(|r| r.records.clone())
        .collect();
    assert_eq!(in_requests, stored(&plan.outbox));
    for req in &plan.requests {
        assert_eq!(records_in(&req.body).len(), req.records.len());
    }
}

#[test]
fn restored_records_that_are_expired_or_malformed_count_as_queued_and_dropped() {
    let mut first = tracker("");
    push_n(&mut first, 3, 0.0);
    let plan = first.exit(1.0, empty());
    let mut records = stored(&plan.outbox);
    records.push(("{not json}".into(), 1.0));
    records.push((r#"{"old":"record format"}"#.into(), 1.0));
    records.insert(
        0,
        (
            records[0].0.replace("id-0", "id-old"),
            1.0 - 2.0 * crate::telemetry::delivery::DEFAULT_MAX_AGE_MS as f64,
        ),
    );
    let (outbox, _) = Persisted::build(records);
    let mut next_page = tracker("");
    assert_eq!(
        next_page.restore(outbox, 2.0),
        3,
        "the three current records are re-sent"
    );
    let s = next_page.stats();
    assert_eq!((s.queued, s.dropped, s.pending()), (6, 3, 3));
    // The next batch starts with a loss record for the 3 (expired and malformed share none of
    // their ids: the loss record's id is made from the session and the time).
    let batch = next_page.take(2.0, false).expect("a batch");
    let records = records_in(&batch.body);
    assert_eq!(records.len(), 4, "the loss record and the 3 re-sent");
    assert_eq!(records[0]["eventName"], "va_rollout.loss");
    let attr = |key: &str| {
        records[0]["attributes"]
            .as_array()
            .expect("attributes")
            .iter()
            .find(|a| a["key"] == key)
            .map(|a| a["value"].clone())
    };
    assert_eq!(attr("va_rollout.dropped").unwrap()["intValue"], "3");
    assert_eq!(
        attr("va_rollout.loss.reason").unwrap()["stringValue"],
        "expired"
    );
    next_page.on_response(Some(200), None, 0.5, 2.0);
    let s = next_page.stats();
    assert_eq!((s.queued, s.sent, s.dropped, s.pending()), (7, 4, 3, 0));
}

#[test]
fn failed_exit_requests_are_resent_once_the_page_is_visible_again() {
    let mut t = tracker("");
    push_n(&mut t, 3, 0.0);
    let plan = t.exit(1.0, empty());
    assert_eq!(
        t.next(1.0),
        Next::Idle,
        "everything was handed to the browser"
    );
    for req in plan.requests {
        t.on_exit_failed(req.records);
    }
    assert_eq!(t.take(2.0, true), None, "parked until the page is visible");
    let resumed = t.resume();
    assert_eq!(resumed.len(), 3);
    assert!(t.resume().is_empty(), "resumed once");
    assert_eq!(t.next(3.0), Next::SendNow);
    let batch = t.take(3.0, false).expect("the parked records");
    assert_eq!(records_in(&batch.body).len(), 3);
    t.on_response(Some(200), None, 0.5, 3.0);
    let s = t.stats();
    assert_eq!(
        (s.queued, s.sent, s.pending()),
        (3, 3, 0),
        "counted once, as sent"
    );
}

/// Sends everything `t` has due at `now`, acknowledging each request; the bodies, in order.
fn drain(t: &mut Tracker, now: f64) -> Vec<String> {
    let mut bodies = Vec::new();
    while let Some(b) = t.take(now, false) {
        bodies.push(b.body);
        t.on_response(Some(200), None, 0.5, now);
    }
    bodies
}

#[test]
fn a_backlog_leaves_in_few_large_requests_each_event_once_in_order() {
    for (gzip, max_body) in [
        (true, crate::telemetry::batch::REQUEST_MAX_BYTES_GZIP),
        (false, 64 * 1024),
    ] {
        let mut t = tracker(r#","maxQueueBytes":4194304"#);
        t.set_gzip(gzip);
        push_n(&mut t, 1_200, 0.0);
        let bodies = drain(&mut t, 0.0);
        let per_request: Vec<usize> = bodies.iter().map(|b| records_in(b).len()).collect();
        assert!(
            bodies.iter().all(|b| b.len() <= max_body),
            "gzip {gzip}: {:?}",
            bodies.iter().map(String::len).collect::<Vec<_>>()
        );
        assert!(per_request
            .iter()
            .all(|n| *n <= crate::telemetry::batch::REQUEST_MAX_EVENTS));
        let bytes: usize = bodies.iter().map(String::len).sum();
        // As few requests as the byte and count limits allow (one more for the rounding).
        let fewest =
            (bytes / max_body + 1).max(1_200 / crate::telemetry::batch::REQUEST_MAX_EVENTS + 1);
        assert!(bodies.len() <= fewest, "gzip {gzip}: {per_request:?}");
        let ids: Vec<String> = bodies.iter().flat_map(|b| ids_in(b)).collect();
        assert_eq!(
            ids,
            (0..1_200).map(|i| format!("id-{i}")).collect::<Vec<_>>(),
            "gzip {gzip}"
        );
        assert_eq!((t.stats().sent, t.stats().pending()), (1_200, 0));
    }
}
