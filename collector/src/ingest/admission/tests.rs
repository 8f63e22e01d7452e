use super::*;

fn limits(max_events: usize, max_bytes: usize, max_in_flight: usize) -> Limits {
    Limits {
        max_events,
        max_bytes,
        max_in_flight,
    }
}

#[test]
fn in_flight_is_bounded_and_given_back() {
    let a = Admission::new(limits(100, 1000, 2));
    let e1 = a.enter().expect("first");
    let e2 = a.enter().expect("second");
    assert_eq!(a.enter().err(), Some(Busy), "third refused");
    drop(e1);
    let e3 = a.enter().expect("a slot again");
    let r = e2.reserve(10, 10).expect("fits");
    assert_eq!(
        a.snapshot().in_flight,
        1,
        "a reserved batch is no longer in flight"
    );
    drop((e3, r));
    let s = a.snapshot();
    assert_eq!((s.in_flight, s.queued_events, s.queued_bytes), (0, 0, 0));
    assert_eq!((s.peak_in_flight, s.refused), (2, 1));
}

#[test]
fn backlog_is_bounded_in_events_and_bytes() {
    let a = Admission::new(limits(100, 1000, 8));
    let r1 = a.enter().expect("enter").reserve(60, 100).expect("fits");
    assert_eq!(
        a.enter().expect("enter").reserve(50, 100).err(),
        Some(Busy),
        "events"
    );
    let r2 = a
        .enter()
        .expect("enter")
        .reserve(40, 100)
        .expect("exactly full");
    assert_eq!(a.enter().err(), Some(Busy), "full: refused before parsing");
    drop(r1);
    assert_eq!(
        a.enter().expect("enter").reserve(10, 901).err(),
        Some(Busy),
        "bytes"
    );
    drop(r2);
    let s = a.snapshot();
    assert_eq!((s.queued_events, s.queued_bytes), (0, 0));
    assert_eq!((s.peak_queued_events, s.peak_queued_bytes), (100, 200));
    assert_eq!(s.refused, 3);
}

#[test]
fn an_oversized_batch_fits_an_empty_backlog_only() {
    let a = Admission::new(limits(10, 10, 4));
    let big = a
        .enter()
        .expect("enter")
        .reserve(500, 5000)
        .expect("empty backlog");
    assert_eq!(a.enter().err(), Some(Busy));
    drop(big);
    assert!(a.enter().expect("enter").reserve(1, 1).is_ok());
}

#[test]
fn zero_limits_are_raised_to_one() {
    let a = Admission::new(limits(0, 0, 0));
    assert_eq!(a.limits(), limits(1, 1, 1));
    let e = a.enter().expect("one");
    assert!(a.enter().is_err());
    drop(e);
}
