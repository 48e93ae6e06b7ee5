//! The writer task's loop: batches of whatever has queued, one at a time on a connection of the
//! writer's own, until the queue is closed and empty.
//!
//! One batch at a time on either database. SQLite writes one transaction at a time anyway (its write
//! lock). On PostgreSQL a second batch in flight, on a second connection, was measured and is slower:
//! CareMap's change log NOTIFYs, and PostgreSQL holds a database-wide lock from a NOTIFYing commit until
//! its WAL is flushed, so a second batch cannot share the first one's flush; it only splits the callers
//! into smaller batches, each waiting for a flush of its own (`updates` bench, same binary and server:
//! two batches in flight 3,158 changes/s, one 8,156/s).

use tokio::sync::mpsc;

use super::checkpoint::Checkpointer;
use super::conn::Conn;
use super::failure::Failure;
use super::{Job, batch};
use crate::ssr::store::Store;
use crate::ssr::store::capacity::CapacityError;

/// The most changes one transaction takes (more wait for the next).
const MAX_BATCH: usize = 512;
/// At most this many yields to the scheduler while gathering a batch.
const GATHER_TURNS: usize = 8;

pub(super) async fn run(store: Store, mut jobs: mpsc::UnboundedReceiver<Job>) {
    let mut checkpointer = match &store {
        Store::Sqlite(pool) => Some(Checkpointer::start(pool.clone())),
        Store::Postgres(_) => None,
    };
    let own_checkpoints = checkpointer.is_some();
    let mut conn = None;
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = jobs.recv().await {
        batch.push(first);
        // The callers the last batch answered are likely about to queue again: a few turns of the
        // scheduler, for as long as the queue grows, let one commit serve them too.
        for _ in 0..GATHER_TURNS {
            let queued = jobs.len();
            tokio::task::yield_now().await;
            if jobs.len() == queued {
                break;
            }
        }
        while batch.len() < MAX_BATCH
            && let Ok(job) = jobs.try_recv()
        {
            batch.push(job);
        }
        conn = write(&store, conn, std::mem::take(&mut batch), own_checkpoints).await;
        if let Some(checkpointer) = &mut checkpointer {
            checkpointer.committed();
        }
    }
    if let Some(conn) = conn {
        conn.close().await;
    }
    if let Some(checkpointer) = checkpointer {
        checkpointer.stop().await;
    }
}

/// Write one batch and answer each of its callers; the connection back (none when it failed the
/// batch: the next batch opens a new one).
async fn write(store: &Store, conn: Option<Conn>, mut jobs: Vec<Job>, checkpoints_elsewhere: bool) -> Option<Conn> {
    // One order of rows for every server (PostgreSQL servers sharing a database lock a batch's rows
    // alike); stable, so one figure's changes keep the order they came in, and adjacent.
    jobs.sort_by(|a, b| (a.facility_id.as_str(), a.service).cmp(&(b.facility_id.as_str(), b.service)));
    let opened = match conn {
        Some(conn) => Ok(conn),
        None => Conn::open(store, checkpoints_elsewhere).await,
    };
    let (outcomes, conn) = match opened {
        Ok(mut conn) => {
            let (outcomes, healthy) = batch::write(&mut conn, &jobs).await;
            if healthy {
                (outcomes, Some(conn))
            } else {
                conn.close().await;
                (outcomes, None)
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "the capacity writer could not connect; a batch of changes failed");
            let failure = Failure::from(e);
            (jobs.iter().map(|_| Err(CapacityError::Db(failure.copy()))).collect(), None)
        }
    };
    for (job, outcome) in jobs.into_iter().zip(outcomes) {
        // A caller that stopped waiting is not an error: its change is written all the same.
        let _ = job.reply.send(outcome);
    }
    conn
}
