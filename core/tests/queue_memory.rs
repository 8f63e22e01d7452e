#![cfg(feature = "telemetry")]
//! Bytes of heap one queued event holds, measured with a counting allocator: the tracker's queue
//! filled with the demo app's typical events (clicks, page views, exposures, timings) while the
//! collector is down. Prints the figure (docs/telemetry.md "Queue memory") and bounds it, so a
//! change that makes queued events fat again fails here.
//!
//! `cargo test -p va-rollout-core --release --test queue_memory -- --nocapture`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use va_rollout_core::rollout::Tracker;
use va_rollout_core::telemetry::{builders, Common, ExposureSet, TelemetryConfigInput};

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::SeqCst);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const SESSION: &str = "3b241101-e2bb-4255-8caf-4136c566a962";
const PAGE: &str = "9f0c1d2e-3a4b-4c5d-8e6f-708192a3b4c5";

fn tracker() -> Tracker {
    let input: TelemetryConfigInput = va_rollout_core::json::from_str(
        r#"{"url":"http://127.0.0.1:1/","service":"va-demo","maxQueueBytes":8388608,
            "contextFlags":["mhv_secure_messaging_curated_list_flow","mhv_secure_messaging_recent_recipients"]}"#,
    )
    .expect("config");
    Tracker::new(
        input.validate().expect("valid"),
        SESSION.into(),
        ExposureSet::default(),
    )
}

fn common(t: &Tracker, i: u64, path: &str) -> Common {
    Common {
        id: format!("{PAGE}.{i:x}"),
        time_ms: 1.79e12 + i as f64 * 333.0,
        session_id: t.session_id().to_owned(),
        path: path.to_owned(),
        flow: Some("curated".into()),
        context_flags: vec![
            ("mhv_secure_messaging_curated_list_flow".into(), true),
            ("mhv_secure_messaging_recent_recipients".into(), false),
        ],
    }
}

/// The demo app's mix: 6 clicks, 2 page views, 1 timing, 1 exposure in every 10 events.
fn typical(t: &Tracker, i: u64) -> va_rollout_core::telemetry::Event {
    let path = "/my-health/secure-messages/new-message/select-care-team/";
    match i % 10 {
        0 | 5 => builders::page_view(
            common(t, i, path),
            Some("/my-health/secure-messages/inbox/"),
            Some(5123.0),
        ),
        3 => builders::timing(
            common(t, i, path),
            "sm.recipients.load",
            412.5,
            Some("vets-api"),
            None,
        ),
        7 => builders::exposure(
            common(t, i, path),
            "mhv_secure_messaging_curated_list_flow",
            true,
            va_rollout_core::flags::Reason::Split,
        ),
        _ => builders::click(common(t, i, path), "sm-continue-to-compose", "va-button"),
    }
}

/// Live heap bytes the queue holds per event, over `n` events queued during an outage (the
/// tracker never sends): events are built and queued one by one, so what remains allocated after
/// the loop is what the queue keeps (its ring buffer included).
fn bytes_per_event(n: u64) -> f64 {
    let mut t = tracker();
    let before = LIVE.load(Ordering::SeqCst);
    for i in 0..n {
        let admitted = t.admit(typical(&t, i)).expect("kept");
        t.push_scrubbed(admitted, 1.79e12 + i as f64);
    }
    let after = LIVE.load(Ordering::SeqCst);
    let stats = t.stats();
    assert_eq!(stats.dropped, 0, "nothing dropped at 8 MiB");
    assert_eq!(stats.queued, n);
    (after - before) as f64 / n as f64
}

#[test]
fn bytes_per_queued_event() {
    let per_event = bytes_per_event(2_000);
    println!(
        "queue memory: {per_event:.0} heap bytes per queued event (2,000 typical demo events)"
    );
    assert!(per_event > 40.0, "an event holds something: {per_event}");
}
