//! The single SQLite writer: a queue of parsed batches (bounded by `--ingest-queue` batches and,
//! through `admission`, in events and bytes), drained by one thread that commits many batches
//! per transaction, and a syncer thread that makes each committed transaction durable before
//! its batches are acknowledged (group commit, pipelined: the writer inserts the next batches
//! while the previous transactions' WAL is being synced).

use std::path::{Path, PathBuf};
use std::sync::mpsc as std_mpsc;
use std::thread::JoinHandle;

use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot};

use super::admission::Reservation;
use super::row::EventRow;
use crate::store::{self, Durability};

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

/// The batches of one committed transaction, with each batch's count of new rows, waiting for
/// the WAL sync that makes them durable.
struct Committed(Vec<(Job, usize)>);

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

/// Starts the writer and syncer threads, the writer on its own connection. They exit once
/// every `IngestQueue` clone is dropped and the queue is drained and answered; join the handle
/// to wait for that.
pub fn spawn(
    db: &Path,
    capacity: usize,
    durability: Durability,
) -> rusqlite::Result<(IngestQueue, JoinHandle<()>)> {
    let conn = store::open_writer(db)?;
    let wal = durability.syncs_each_commit().then(|| store::wal_path(db));
    let (tx, rx) = mpsc::channel(capacity.max(1));
    let thread = |name: &str, f: Box<dyn FnOnce() + Send>| {
        std::thread::Builder::new()
            .name(name.into())
            .spawn(f)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
    };
    let (to_sync, synced) = std_mpsc::channel();
    let syncer = thread("ingest-syncer", Box::new(move || sync_loop(wal, synced)))?;
    let handle = thread(
        "ingest-writer",
        Box::new(move || {
            run(conn, rx, to_sync);
            let _ = syncer.join();
        }),
    )?;
    Ok((IngestQueue { tx }, handle))
}

fn run(mut conn: Connection, mut rx: mpsc::Receiver<Job>, to_sync: std_mpsc::Sender<Committed>) {
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
                let committed = Committed(jobs.into_iter().zip(counts).collect());
                if let Err(std_mpsc::SendError(Committed(lost))) = to_sync.send(committed) {
                    for (job, _) in lost {
                        job.answer(Err("storage error".into()));
                    }
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

/// Answers committed transactions, after one sync of the WAL file for all those committed
/// meanwhile (when `wal` is given; `None`: at once, as committed to the operating system).
fn sync_loop(wal: Option<PathBuf>, synced: std_mpsc::Receiver<Committed>) {
    while let Ok(first) = synced.recv() {
        let mut groups = vec![first];
        groups.extend(synced.try_iter());
        let outcome = match &wal {
            Some(path) => store::sync_file(path),
            None => Ok(()),
        };
        if let Err(e) = &outcome {
            tracing::error!(error = %e, "ingest WAL sync failed");
        }
        for Committed(jobs) in groups {
            for (job, n) in jobs {
                job.answer(match &outcome {
                    Ok(()) => Ok(n),
                    Err(_) => Err("storage error".into()),
                });
            }
        }
    }
}

fn commit(conn: &mut Connection, jobs: &[Job]) -> rusqlite::Result<Vec<usize>> {
    let tx = conn.transaction()?;
    let mut counts = Vec::with_capacity(jobs.len());
    let mut inserter = store::events::Inserter::new(&tx);
    for job in jobs {
        counts.push(inserter.insert(&job.rows)?);
    }
    drop(inserter);
    tx.commit()?;
    Ok(counts)
}

#[cfg(test)]
mod tests;
