use super::*;

#[test]
fn the_first_call_schedules_idle_processing_and_later_ones_wait() {
    let mut b = CaptureBuffer::default();
    assert_eq!(b.push("a", 1), AfterCapture::ProcessWhenIdle);
    assert_eq!(b.push("b", 1), AfterCapture::Wait);
    assert_eq!(b.take(), ["a", "b"]);
    assert!(b.is_empty());
    assert_eq!(
        b.push("c", 1),
        AfterCapture::ProcessWhenIdle,
        "empty again after take"
    );
}

#[test]
fn the_call_cap_processes_synchronously() {
    let mut b = CaptureBuffer::default();
    for i in 1..MAX_PENDING_CALLS {
        assert_ne!(b.push(i, 0), AfterCapture::ProcessNow, "call {i}");
    }
    assert_eq!(b.push(MAX_PENDING_CALLS, 0), AfterCapture::ProcessNow);
    assert_eq!(b.len(), MAX_PENDING_CALLS);
    assert_eq!(b.take().len(), MAX_PENDING_CALLS);
}

#[test]
fn the_byte_cap_processes_synchronously_and_take_resets_it() {
    let mut b = CaptureBuffer::default();
    assert_eq!(
        b.push((), MAX_PENDING_BYTES - 1),
        AfterCapture::ProcessWhenIdle
    );
    assert_eq!(b.push((), 1), AfterCapture::ProcessNow);
    b.take();
    assert_eq!(
        b.push((), MAX_PENDING_BYTES - 1),
        AfterCapture::ProcessWhenIdle
    );
    assert_eq!(b.push((), 0), AfterCapture::Wait);
}

#[test]
fn the_deferred_start_is_taken_once() {
    use crate::flags::{Actor, Environment, FlagConfig, FlagStore};
    use crate::telemetry::TelemetryConfigInput;
    let config: TelemetryConfigInput =
        serde_json::from_str(r#"{"url":"http://127.0.0.1:1","service":"t"}"#).expect("config");
    let config = config.validate().expect("valid");
    let tracker = super::super::Tracker::new(config, "s".into(), Default::default());
    let store = FlagStore::new(
        FlagConfig::default(),
        Environment::Production,
        None::<Actor>,
        None,
    );
    let mut d = DeferredStart::default();
    assert!(d.take().is_none(), "nothing armed");
    d.arm("/a?b=1".into(), tracker.call_context(5.0, None, &store));
    let (raw, context) = d.take().expect("armed");
    assert_eq!(raw, "/a?b=1");
    assert_eq!(context, tracker.call_context(5.0, None, &store));
    assert!(d.take().is_none(), "taken once");
}

#[test]
fn a_failed_exit_is_retried_here_only_while_visible_and_not_unloading() {
    let mut life = PageLife::default();
    assert!(life.retry_failed_exit(false));
    assert!(!life.retry_failed_exit(true), "hidden: wait for visibility");
    life.page_hide();
    assert!(
        !life.retry_failed_exit(false),
        "unloading: the next page load resends"
    );
    life.visible_again();
    assert!(life.retry_failed_exit(false));
}
