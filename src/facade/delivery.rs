//! Telemetry delivery in the browser: acting on the tracker's `Next` (timers), sending batches
//! with `fetch`, and page exit (keepalive requests, the outbox, resending once visible again).
//! Every decision (what to send, when, what counts as acknowledged) is the core tracker's.
use wasm_bindgen::JsCast;

use super::outbox;
use super::persist;
use super::runtime::{now, with, Shared};
use super::telemetry::ingest_then;
use crate::browser::global::{is_hidden, random};
use crate::browser::promise::settled;
use crate::browser::send::{post_json, send_at_exit};
use crate::browser::storage::{self, Area};
use va_rollout_core::rollout::Next;

/// Acts on the tracker's `Next`: send now, or wake at a time.
pub fn schedule(shared: &Shared, next: Next) {
    // What passed the memory cap goes to the spill store (and sent records leave it).
    super::spill::sync(shared);
    match next {
        Next::Idle => {}
        Next::SendNow => send(shared, false),
        Next::At(at) => {
            // A timer already due no later than `at` re-decides when it fires: keep it.
            let timer = with(shared, |rt| {
                let t = rt.telemetry.as_mut()?;
                if t.timer_at.is_some_and(|due| due <= at) {
                    return None;
                }
                t.timer_at = Some(at);
                Some(t.timer.clone())
            });
            let Some(Some(timer)) = timer else { return };
            let task = shared.clone();
            timer.schedule(at - now(), move || {
                let next = with(&task, |rt| {
                    rt.telemetry.as_mut().map(|t| {
                        t.timer_at = None;
                        t.tracker.next(now())
                    })
                });
                if let Some(Some(next)) = next {
                    schedule(&task, next);
                }
            });
        }
    }
}

/// Sends the next due batch (all queued events when `force`).
pub fn send(shared: &Shared, force: bool) {
    if force {
        ingest_then(shared, false);
    }
    let Some(Some((batch, url))) = with(shared, |rt| {
        let t = rt.telemetry.as_mut()?;
        t.tracker.take(now(), force).map(|b| (b, t.endpoint()))
    }) else {
        return;
    };
    let task = shared.clone();
    post_json(&url, &batch.body, true, move |result| {
        let next = with(&task, |rt| {
            rt.telemetry.as_mut().map(|t| {
                t.tracker.on_response(
                    result.status,
                    result.retry_after.as_deref(),
                    random(),
                    now(),
                )
            })
        });
        if let Some(Some(next)) = next {
            schedule(&task, next);
        }
    });
}

/// `pagehide`: the document may be unloading, so records of exit requests that fail from now on
/// stay in the outbox for the next page load (unless this page is shown again).
pub fn page_hide(shared: &Shared) {
    with(shared, |rt| {
        rt.telemetry.as_mut().map(|t| t.life.page_hide())
    });
    exit(shared);
}

/// Page exit (hidden, pagehide, freeze): every pending record leaves now, in keepalive-sized
/// requests, and stays in the outbox until the browser reports a 2xx for it.
pub fn exit(shared: &Shared) {
    ingest_then(shared, false);
    let Some(Some((plan, url))) = with(shared, |rt| {
        rt.telemetry
            .as_mut()
            .map(|t| (t.tracker.exit(now(), outbox::load()), t.endpoint()))
    }) else {
        return;
    };
    if plan.count > 0 {
        // Done when the call returns: the tracker fitted it, and counted what did not fit.
        let _ = storage::set(Area::Local, persist::OUTBOX_KEY, &plan.outbox.to_json());
    }
    // Deletes (records written twice) and released claims, if the document lives long enough.
    super::spill::sync(shared);
    for request in plan.requests {
        if let Some(p) = send_at_exit(&url, &request.body) {
            let task = shared.clone();
            settled(&p, move |sent| {
                let ok = sent
                    .ok()
                    .and_then(|r| r.dyn_into::<web_sys::Response>().ok())
                    .is_some_and(|r| r.ok());
                if ok {
                    let records: Vec<String> =
                        request.records.iter().map(|(r, _)| r.clone()).collect();
                    let acked = outbox::remove(&records);
                    with(&task, |rt| {
                        rt.telemetry.as_mut().map(|t| t.tracker.on_exit_ack(acked))
                    });
                } else {
                    // The page lived on (hidden, or shown again): retry from here once visible,
                    // not only at the next page load. Until then the records stay in the outbox.
                    let life = with(&task, |rt| {
                        rt.telemetry.as_mut().map(|t| {
                            t.tracker.on_exit_failed(request.records);
                            t.life
                        })
                    });
                    if matches!(life, Some(Some(l)) if l.retry_failed_exit(is_hidden())) {
                        resume(&task);
                    }
                }
            });
        }
    }
}

/// The page is visible again: records of failed exit requests leave the outbox and are sent
/// (with retries) like any batch.
pub fn resume(shared: &Shared) {
    let resumed = with(shared, |rt| {
        rt.telemetry.as_mut().map(|t| {
            t.life.visible_again();
            t.tracker.resume()
        })
    });
    let Some(Some(records)) = resumed else { return };
    if records.is_empty() {
        return;
    }
    outbox::remove(&records);
    if let Some(Some(next)) = with(shared, |rt| {
        rt.telemetry.as_ref().map(|t| t.tracker.next(now()))
    }) {
        schedule(shared, next);
    }
}
