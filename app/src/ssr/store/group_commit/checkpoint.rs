//! SQLite: checkpoints of the write-ahead log off the writer's path. Left to itself, the connection
//! whose commit takes the log past 1,000 pages copies them into the database file and syncs it before
//! its COMMIT returns; for the writer's connection that would stall every caller queued behind it. So
//! that connection does no automatic checkpoint, and after every [`EVERY`] batches the writer asks
//! this task for a passive one on a connection of the pool, which copies what it can while the writer
//! goes on committing (a passive checkpoint takes no write lock). Durability is the same either way: a
//! commit is durable once in the log.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use sqlx::SqlitePool;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// Batches between checkpoints: a batch of 16 changes writes ~30 pages to the log (capacity rows,
/// audit-log and index pages), so about SQLite's own 1,000 pages between checkpoints.
pub(super) const EVERY: usize = 32;

pub(super) struct Checkpointer {
    shared: Arc<Shared>,
    task: JoinHandle<()>,
    batches: usize,
}

#[derive(Default)]
struct Shared {
    wanted: Notify,
    stopped: AtomicBool,
}

impl Checkpointer {
    pub(super) fn start(pool: SqlitePool) -> Checkpointer {
        let shared = Arc::new(Shared::default());
        let asked = shared.clone();
        let task = tokio::spawn(async move {
            loop {
                asked.wanted.notified().await;
                if asked.stopped.load(Ordering::Acquire) || pool.is_closed() {
                    break;
                }
                if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&pool).await {
                    // The next checkpoint (or the next connection to close) copies what this one did not.
                    tracing::warn!(error = %e, "a checkpoint of the write-ahead log failed");
                }
            }
        });
        Checkpointer { shared, task, batches: 0 }
    }

    /// One more batch committed: a checkpoint every [`EVERY`] (a request while one runs waits for it).
    pub(super) fn committed(&mut self) {
        self.batches += 1;
        if self.batches >= EVERY {
            self.batches = 0;
            self.shared.wanted.notify_one();
        }
    }

    /// Stop the task, once the checkpoint under way (if any) is done.
    pub(super) async fn stop(self) {
        self.shared.stopped.store(true, Ordering::Release);
        self.shared.wanted.notify_one();
        // Err only if the task panicked: nothing left to stop.
        let _ = self.task.await;
    }
}
