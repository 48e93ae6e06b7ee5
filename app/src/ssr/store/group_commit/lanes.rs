//! The writer task's loop: batches of whatever has queued, each on a lane (a connection of the
//! writer's own), until the queue is closed and empty.
//!
//! SQLite has one lane: it writes one transaction at a time anyway (its write lock). PostgreSQL could
//! have more ([`PG_LANES`]: while one batch's commit waits for its WAL flush, the next is written on
//! another connection), but CareMap's commits cannot share a flush there (see [`PG_LANES`]). Batches in flight
//! never share a figure (a change to a figure in flight waits for that batch to end, and so do the
//! later changes to it), so each figure's changes are still written in the order they came, each seeing
//! the one before.

use std::collections::{HashSet, VecDeque};

use futures::stream::{FuturesUnordered, StreamExt};
use tokio::sync::mpsc;

use super::checkpoint::Checkpointer;
use super::conn::Conn;
use super::failure::Failure;
use super::{Job, batch};
use crate::model::ServiceKind;
use crate::ssr::store::Store;
use crate::ssr::store::capacity::CapacityError;

/// The most changes one transaction takes (more wait for the next).
const MAX_BATCH: usize = 512;
/// At most this many yields to the scheduler while gathering a batch.
const GATHER_TURNS: usize = 8;
/// Batches in flight at once on PostgreSQL. One, as measured: CareMap's change log NOTIFYs, and
/// PostgreSQL holds a database-wide lock from a NOTIFYing commit until its WAL is flushed, so a second
/// batch in flight cannot share the first one's flush — it only splits the callers into smaller
/// batches, each waiting for a flush of its own (`updates` bench, same binary and server: 2 lanes
/// 3,158 changes/s, 1 lane 8,156/s).
const PG_LANES: usize = 1;

type Figure = (String, ServiceKind);

fn figure(job: &Job) -> Figure {
    (job.facility_id.clone(), job.service)
}

pub(super) async fn run(store: Store, mut jobs: mpsc::UnboundedReceiver<Job>) {
    let lanes = if store.backend() == "postgres" { PG_LANES } else { 1 };
    let mut checkpointer = match &store {
        Store::Sqlite(pool) => Some(Checkpointer::start(pool.clone())),
        Store::Postgres(_) => None,
    };
    let own_checkpoints = checkpointer.is_some();
    // Idle lanes, each with its connection once it has one.
    let mut idle: Vec<Option<Conn>> = (0..lanes).map(|_| None).collect();
    let mut busy = FuturesUnordered::new();
    // Changes queued and not yet in a batch, in the order they came.
    let mut waiting: VecDeque<Job> = VecDeque::new();
    let mut in_flight: HashSet<Figure> = HashSet::new();
    let mut open = true;
    loop {
        open = open && drain(&mut jobs, &mut waiting);
        if !idle.is_empty() && !waiting.is_empty() {
            if open {
                // The callers the last batch answered are likely about to queue again: a few turns of the
                // scheduler, for as long as the queue grows, let one commit serve them too.
                for _ in 0..GATHER_TURNS {
                    let queued = jobs.len();
                    tokio::task::yield_now().await;
                    if jobs.len() == queued {
                        break;
                    }
                }
                open = drain(&mut jobs, &mut waiting);
            }
            let batch = take(&mut waiting, &in_flight);
            if !batch.is_empty()
                && let Some(conn) = idle.pop()
            {
                in_flight.extend(batch.iter().map(figure));
                busy.push(write(&store, conn, batch, own_checkpoints));
                continue;
            }
        }
        if !open && waiting.is_empty() && busy.is_empty() {
            break;
        }
        tokio::select! {
            Some((conn, figures)) = busy.next(), if !busy.is_empty() => {
                idle.push(conn);
                if let Some(checkpointer) = &mut checkpointer {
                    checkpointer.committed();
                }
                for f in figures {
                    in_flight.remove(&f);
                }
            }
            job = jobs.recv(), if open => match job {
                Some(job) => waiting.push_back(job),
                None => open = false,
            },
            // Cannot be (nothing in flight and the queue closed means every waiting change could go);
            // the changes still waiting are answered by their dropped replies.
            else => break,
        }
    }
    for conn in idle.into_iter().flatten() {
        conn.close().await;
    }
    if let Some(checkpointer) = checkpointer {
        checkpointer.stop().await;
    }
}

/// Move what is queued to `waiting`; false once the queue is closed (and empty).
fn drain(jobs: &mut mpsc::UnboundedReceiver<Job>, waiting: &mut VecDeque<Job>) -> bool {
    loop {
        match jobs.try_recv() {
            Ok(job) => waiting.push_back(job),
            Err(mpsc::error::TryRecvError::Empty) => return true,
            Err(mpsc::error::TryRecvError::Disconnected) => return false,
        }
    }
}

/// The next batch from `waiting`: up to [`MAX_BATCH`] changes, in the order they came, leaving those
/// whose figure is in flight (they and any later change to it go in a later batch).
fn take(waiting: &mut VecDeque<Job>, in_flight: &HashSet<Figure>) -> Vec<Job> {
    let mut batch = Vec::new();
    let mut left = VecDeque::new();
    while let Some(job) = waiting.pop_front() {
        if batch.len() == MAX_BATCH {
            waiting.push_front(job);
            break;
        }
        if in_flight.is_empty() || !in_flight.contains(&figure(&job)) {
            batch.push(job);
        } else {
            left.push_back(job);
        }
    }
    left.append(waiting);
    *waiting = left;
    batch
}

/// Write one batch on a lane and answer each of its callers; the lane's connection back (none when it
/// failed the batch) and the batch's figures.
async fn write(
    store: &Store,
    conn: Option<Conn>,
    mut jobs: Vec<Job>,
    checkpoints_elsewhere: bool,
) -> (Option<Conn>, Vec<Figure>) {
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
    let mut figures = Vec::with_capacity(jobs.len());
    for (job, outcome) in jobs.into_iter().zip(outcomes) {
        figures.push((job.facility_id, job.service));
        // A caller that stopped waiting is not an error: its change is written all the same.
        let _ = job.reply.send(outcome);
    }
    (conn, figures)
}

#[cfg(test)]
mod tests {
    use tokio::sync::oneshot;

    use super::*;
    use crate::model::CapacityChange;
    use crate::ssr::store::capacity::Actor;

    fn job(facility: &str, delta: i32) -> Job {
        let (reply, _) = oneshot::channel();
        let actor = Actor { user_id: None, login: "test".into(), via: "api" };
        let change = CapacityChange::Delta { delta };
        Job { facility_id: facility.into(), service: ServiceKind::Meals, change, actor, now: 0, reply }
    }

    fn deltas(jobs: &[Job]) -> Vec<(String, i32)> {
        let delta = |j: &Job| match j.change {
            CapacityChange::Delta { delta } => delta,
            _ => 0,
        };
        jobs.iter().map(|j| (j.facility_id.clone(), delta(j))).collect()
    }

    #[test]
    fn a_batch_leaves_the_figures_in_flight_and_keeps_the_order() {
        let mut waiting: VecDeque<Job> = [job("a", 1), job("b", 2), job("a", 3), job("c", 4), job("b", 5)].into();
        let in_flight: HashSet<Figure> = [("b".to_string(), ServiceKind::Meals)].into();
        let batch = take(&mut waiting, &in_flight);
        assert_eq!(deltas(&batch), [("a".into(), 1), ("a".into(), 3), ("c".into(), 4)]);
        let left: Vec<Job> = waiting.into();
        assert_eq!(deltas(&left), [("b".into(), 2), ("b".into(), 5)], "b's changes wait, in order");
    }

    #[test]
    fn a_batch_takes_at_most_its_size_and_the_rest_waits_in_order() {
        let mut waiting: VecDeque<Job> = (0..MAX_BATCH as i32 + 3).map(|i| job("a", i)).collect();
        let batch = take(&mut waiting, &HashSet::new());
        assert_eq!(batch.len(), MAX_BATCH);
        let left: Vec<Job> = waiting.into();
        let n = MAX_BATCH as i32;
        assert_eq!(deltas(&left), [("a".into(), n), ("a".into(), n + 1), ("a".into(), n + 2)]);
    }
}
