//! Group commit of capacity changes. One writer task per store owns their write path: callers queue a
//! change and wait; the task takes every change that has queued meanwhile, writes them in one
//! transaction, commits once, and only then answers each caller with its own outcome. One commit (one
//! WAL append; one fsync where there is one) serves many changes, and SQLite's write lock is taken once
//! for them, not once each.
//!
//! Each change is still checked, versioned, audited and change-logged as it was in a transaction of its
//! own (`batch` says how): a refused one (no such service, out of bounds, stale version — each with the
//! figure as it is) writes nothing and leaves the others alone; no statement can fail on the data (the
//! checks are in the statements' `WHERE` or made before them), so only the database itself can fail a
//! batch, and then every change of it fails and none is acknowledged. One figure changed twice in a
//! batch: the second sees the first. [`Writer::close`] (from `Store::close`) writes and answers what
//! is queued before the pool closes.
//!
//! The task (`task`) writes one batch at a time (measured on both databases) on a connection of its
//! own (`conn`: no pool acquire per batch), and on SQLite leaves the log's checkpoints to a task of
//! their own (`checkpoint`).

mod batch;
mod checkpoint;
mod conn;
mod failure;
mod sql;
mod task;

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{mpsc, oneshot, watch};

use super::Store;
use super::capacity::{Actor, CapacityError};
use crate::model::{CapacityChange, ServiceCapacity, ServiceKind};

pub(super) type Outcome = Result<ServiceCapacity, CapacityError>;

/// One queued change and the caller waiting for its outcome.
pub(super) struct Job {
    pub facility_id: String,
    pub service: ServiceKind,
    pub change: CapacityChange,
    pub actor: Actor,
    pub now: i64,
    pub reply: oneshot::Sender<Outcome>,
}

/// The handle on a store's writer task. The task starts with the first change and ends when
/// [`Writer::close`] is called, after writing what was queued.
#[derive(Clone, Default)]
pub(super) struct Writer(Arc<Mutex<State>>);

/// Each open store's writer, by the store's pool: every clone of a store shares the pool, so it shares
/// the writer. A pool is known by the address of its connection options, which it keeps for its life
/// (sqlx allocates them once per pool; CareMap never replaces them) — and a pool with a writer lives
/// until [`close`], since the writer's task holds a clone of it: no address is reused while listed.
static WRITERS: Mutex<Vec<(usize, Writer)>> = Mutex::new(Vec::new());

fn pool_key(store: &Store) -> usize {
    match store {
        Store::Sqlite(pool) => Arc::as_ptr(&pool.connect_options()) as *const () as usize,
        Store::Postgres(pool) => Arc::as_ptr(&pool.connect_options()) as *const () as usize,
    }
}

/// `store`'s writer (a closed one when its pool is closed).
pub(super) fn writer(store: &Store) -> Writer {
    let closed = match store {
        Store::Sqlite(pool) => pool.is_closed(),
        Store::Postgres(pool) => pool.is_closed(),
    };
    if closed {
        return Writer(Arc::new(Mutex::new(State::Closed { gone: None })));
    }
    let key = pool_key(store);
    let mut writers = WRITERS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, writer)) = writers.iter().find(|(k, _)| *k == key) {
        return writer.clone();
    }
    let writer = Writer::default();
    writers.push((key, writer.clone()));
    writer
}

/// Write and answer what is queued for `store`, and forget its writer (`Store::close`).
pub(super) async fn close(store: &Store) {
    let key = pool_key(store);
    let writer = {
        let mut writers = WRITERS.lock().unwrap_or_else(PoisonError::into_inner);
        writers.iter().position(|(k, _)| *k == key).map(|at| writers.swap_remove(at).1)
    };
    if let Some(writer) = writer {
        writer.close().await;
    }
}

#[derive(Default)]
enum State {
    #[default]
    Idle,
    Running {
        queue: mpsc::UnboundedSender<Job>,
        /// Never sent on: its sender lives as long as the task, so `changed()` ends when the task does.
        gone: watch::Receiver<()>,
    },
    Closed {
        gone: Option<watch::Receiver<()>>,
    },
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match *self.0.lock().unwrap_or_else(PoisonError::into_inner) {
            State::Idle => "idle",
            State::Running { .. } => "running",
            State::Closed { .. } => "closed",
        };
        f.debug_tuple("Writer").field(&state).finish()
    }
}

impl Writer {
    /// Queue `job` for `store`'s writer, starting it if need be. A closed store refuses (and `job`'s
    /// caller is answered through the error, not the reply).
    pub(super) fn submit(&self, store: &Store, job: Job) -> Result<(), CapacityError> {
        let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let job = match &*state {
            State::Running { queue, .. } => match queue.send(job) {
                Ok(()) => return Ok(()),
                // The task is gone without being closed (it panicked): start another.
                Err(mpsc::error::SendError(job)) => {
                    tracing::error!("the capacity writer stopped; starting it again");
                    job
                }
            },
            State::Idle => job,
            State::Closed { .. } => return Err(CapacityError::Db(sqlx::Error::PoolClosed)),
        };
        let (queue, jobs) = mpsc::unbounded_channel();
        let (alive, gone) = watch::channel(());
        let own = store.clone();
        tokio::spawn(async move {
            task::run(own, jobs).await;
            drop(alive);
        });
        let sent = queue.send(job).map_err(|_| CapacityError::Db(sqlx::Error::WorkerCrashed));
        *state = State::Running { queue, gone };
        sent
    }

    /// Refuse new changes, and return once every change already queued is written and answered.
    async fn close(&self) {
        let gone = {
            let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            let gone = match std::mem::take(&mut *state) {
                // Dropping the queue's only sender: the task writes what is queued, then ends.
                State::Running { gone, .. } => Some(gone),
                State::Closed { gone } => gone,
                State::Idle => None,
            };
            *state = State::Closed { gone: gone.clone() };
            gone
        };
        if let Some(mut gone) = gone {
            // Err once the task has ended (it never sends).
            while gone.changed().await.is_ok() {}
        }
    }
}
