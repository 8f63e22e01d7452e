//! The single SQLite writer: a queue of parsed batches (bounded by `--ingest-queue` batches and,
//! through `admission`, in events and bytes), drained by one thread that commits many batches
//! per transaction and acknowledges each only after COMMIT.

use std::path::Path;
use std::thread::JoinHandle;

use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot};

use super::admission::Reservation;
use super::row::EventRow;
use crate::store;

/// Most rows committed in one transaction (the writer drains queued batches up to this).
pub const MAX_ROWS_PER_TX: usize = 20_000;

/// The writer's answer for one batch: how many rows were new (not duplicates).
pub type Ack = Result<usize, String>;

struct Job {
    rows: Vec<EventRow>,
    ack: oneshot::Sender<Ack>,
    /// Given back to the admission bounds when the batch is answered.
    reservation: Reservation,
}

impl Job {
    /// Gives the batch's room in the backlog back, then answers its request (so a client that
    /// sends its next batch on the answer finds the room free).
    fn answer(self, ack: Ack) {
        let Job {
            ack: to,
            reservation,
            ..
        } = self;
        drop(reservation);
        let _ = to.send(ack);
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum SubmitError {
    /// The bounded queue is full: answer 429.
    Full,
    /// The writer has stopped (shutting down).
    Closed,
}

/// The sending side of the queue, shared by the ingest handlers.
#[derive(Clone)]
pub struct IngestQueue {
    tx: mpsc::Sender<Job>,
}

impl IngestQueue {
    /// Queues a batch without waiting; the receiver resolves after the batch is committed.
    pub fn submit(
        &self,
        rows: Vec<EventRow>,
        reservation: Reservation,
    ) -> Result<oneshot::Receiver<Ack>, SubmitError> {
        let (ack, done) = oneshot::channel();
        let job = Job {
            rows,
            ack,
            reservation,
        };
        self.tx.try_send(job).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => SubmitError::Full,
            mpsc::error::TrySendError::Closed(_) => SubmitError::Closed,
        })?;
        Ok(done)
    }
}

/// Starts the writer thread on its own connection. It exits once every `IngestQueue` clone is
/// dropped and the queue is drained; join the handle to wait for that.
pub fn spawn(db: &Path, capacity: usize) -> rusqlite::Result<(IngestQueue, JoinHandle<()>)> {
    let conn = store::open_writer(db)?;
    let (tx, rx) = mpsc::channel(capacity.max(1));
    let handle = std::thread::Builder::new()
        .name("ingest-writer".into())
        .spawn(move || run(conn, rx))
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    Ok((IngestQueue { tx }, handle))
}

fn run(mut conn: Connection, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.blocking_recv() {
        let mut rows_total = first.rows.len();
        let mut jobs = vec![first];
        while rows_total < MAX_ROWS_PER_TX {
            match rx.try_recv() {
                Ok(job) => {
                    rows_total += job.rows.len();
                    jobs.push(job);
                }
                Err(_) => break,
            }
        }
        match commit(&mut conn, &jobs) {
            Ok(counts) => {
                for (job, n) in jobs.into_iter().zip(counts) {
                    job.answer(Ok(n));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, batches = jobs.len(), "ingest transaction failed");
                for job in jobs {
                    job.answer(Err("storage error".into()));
                }
            }
        }
    }
    tracing::info!("ingest writer drained and stopped");
}

fn commit(conn: &mut Connection, jobs: &[Job]) -> rusqlite::Result<Vec<usize>> {
    let tx = conn.transaction()?;
    let mut counts = Vec::with_capacity(jobs.len());
    for job in jobs {
        counts.push(store::events::insert(&tx, &job.rows)?);
    }
    tx.commit()?;
    Ok(counts)
}
