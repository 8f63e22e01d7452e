//! The page-side rules of telemetry capture, kept out of the facade so they are tested natively:
//! when captured `track.*` calls are processed ([`CaptureBuffer`]), the part of `Rollout.start`
//! that waits for the page to be idle ([`DeferredStart`]), and whether a failed exit request may
//! be retried from this page ([`PageLife`]). The facade holds these and does what they say.

use core::mem;

use super::tracker::CallContext;

/// Most captured calls held before they are processed synchronously (bounds the buffer in a
/// loop that tracks without ever yielding to the page).
pub const MAX_PENDING_CALLS: usize = 1_000;
/// Most bytes of captured names held before they are processed synchronously.
pub const MAX_PENDING_BYTES: usize = 256 * 1024;
/// Captured calls are processed when the page is idle, at the latest after this (ms).
pub const INGEST_TIMEOUT_MS: f64 = 200.0;

/// What the shell does after a call was captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterCapture {
    /// An idle-time processing is already scheduled.
    Wait,
    /// The first call in an empty buffer: schedule processing when the page is idle
    /// (within [`INGEST_TIMEOUT_MS`]).
    ProcessWhenIdle,
    /// The buffer reached [`MAX_PENDING_CALLS`] or [`MAX_PENDING_BYTES`]: process now.
    ProcessNow,
}

/// Captured calls not yet processed, with the bytes of their names.
#[derive(Debug)]
pub struct CaptureBuffer<T> {
    calls: Vec<T>,
    bytes: usize,
}

impl<T> Default for CaptureBuffer<T> {
    fn default() -> Self {
        CaptureBuffer {
            calls: Vec::new(),
            bytes: 0,
        }
    }
}

impl<T> CaptureBuffer<T> {
    /// Holds `call` (whose name is `name_bytes` long) and says what to do next.
    pub fn push(&mut self, call: T, name_bytes: usize) -> AfterCapture {
        self.bytes += name_bytes;
        self.calls.push(call);
        if self.calls.len() >= MAX_PENDING_CALLS || self.bytes >= MAX_PENDING_BYTES {
            AfterCapture::ProcessNow
        } else if self.calls.len() == 1 {
            AfterCapture::ProcessWhenIdle
        } else {
            AfterCapture::Wait
        }
    }

    /// Every held call, oldest first; the buffer is empty afterwards.
    pub fn take(&mut self) -> Vec<T> {
        self.bytes = 0;
        mem::take(&mut self.calls)
    }

    pub fn len(&self) -> usize {
        self.calls.len()
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }
}

/// The page view `Rollout.start` leaves for when the page is idle: the raw path and the call
/// context as they were at `start`. Taken once, by whichever comes first: the idle processing,
/// a page view, page exit.
#[derive(Debug, Default)]
pub struct DeferredStart(Option<(String, CallContext)>);

impl DeferredStart {
    pub fn arm(&mut self, raw_path: String, context: CallContext) {
        self.0 = Some((raw_path, context));
    }

    /// The deferred page view, the first time only.
    pub fn take(&mut self) -> Option<(String, CallContext)> {
        self.0.take()
    }
}

/// Whether the document may be going away: set by `pagehide`, cleared when the page is visible
/// again. A failed exit request is retried from this page only when it is not unloading and is
/// visible; otherwise its records wait in the outbox for the next page load.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageLife {
    unloading: bool,
}

impl PageLife {
    pub fn page_hide(&mut self) {
        self.unloading = true;
    }

    pub fn visible_again(&mut self) {
        self.unloading = false;
    }

    pub fn retry_failed_exit(&self, hidden: bool) -> bool {
        !self.unloading && !hidden
    }
}

#[cfg(test)]
mod tests;
