//! One batch: its statements, and each change's outcome.
//!
//! The changes, sorted by figure, go in rounds (the first change of each figure, then the second of
//! those changed twice, …), so that within a round every figure is changed once:
//! - the round's ±n go in one set-wise `UPDATE … SET available = available + d … WHERE <the result stays
//!   within 0..=maximum> RETURNING …`; each row it returns is a change written (the figure before is the
//!   one after less the delta); for those it did not write, one read of their figures as they are says
//!   why (out of bounds, or no such service);
//! - each exact edit or confirmation (and a ±n that would fit after all) reads its figure, is checked by
//!   `capacity::apply` (bounds, version), and is written by an `UPDATE … WHERE <the figure is still the
//!   one read> RETURNING …`;
//! - then one INSERT writes every audit row, one every change-log row, in the order of the changes (on
//!   SQLite both in one round trip to the connection's thread).
//!
//! On PostgreSQL the usual batch, ±n on distinct figures, is one statement (data-modifying CTEs) in its
//! own transaction: one round trip and one commit.

use std::collections::HashMap;

use sqlx::Connection;

use super::conn::{Conn, on_conn};
use super::failure::Failure;
use super::sql::{Figure, LOCK, PG_DELTAS_AT_ONCE, POSTGRES, READ, SET_IF, SQLITE, SQLITE_AUDIT_AND_LOG};
use super::{Job, Outcome};
use crate::model::{CapacityChange, ServiceCapacity};
use crate::ssr::store::capacity::{CapacityError, apply};
use crate::ssr::store::rows::CapacityRow;

/// Attempts at a batch that PostgreSQL ended as a deadlock or serialisation failure (nothing of it was
/// written, so it is simply run again).
const ATTEMPTS: usize = 3;

/// `$write` (an expression giving a future of a `Result<_, sqlx::Error>`), run again while it fails
/// retryably, up to [`ATTEMPTS`] in all. A macro, not a function: each attempt borrows the connection anew.
macro_rules! with_retries {
    ($write:expr) => {{
        let mut attempt = 1;
        loop {
            match $write.await {
                Err(e) if attempt < ATTEMPTS && retryable(&e) => attempt += 1,
                result => break result,
            }
        }
    }};
}

/// Write `jobs` (sorted by figure) on `conn` and say how each went: written, refused, or failed with
/// the batch; and whether `conn` is fit for the next batch (false once a transaction failed on it).
pub(super) async fn write(conn: &mut Conn, jobs: &[Job]) -> (Vec<Outcome>, bool) {
    let mut healthy = true;
    let mut outcomes: Vec<Option<Outcome>> = jobs.iter().map(|_| None).collect();
    let mut rest: Vec<usize> = (0..jobs.len()).collect();
    let distinct = jobs.windows(2).all(|w| !same_figure(&w[0], &w[1]));
    if let Conn::Postgres(c) = &mut *conn
        && distinct
        && jobs.iter().all(|job| delta(job).is_some())
    {
        match with_retries!(deltas_at_once(c, jobs)) {
            Ok(settled) => {
                for (i, outcome) in settled {
                    outcomes[i] = Some(outcome);
                }
                rest.retain(|&i| outcomes[i].is_none());
            }
            Err(e) => {
                fail(&mut outcomes, &rest, e);
                rest.clear();
                healthy = false;
            }
        }
    }
    if !rest.is_empty() {
        match with_retries!(in_transaction(conn, jobs, &rest)) {
            Ok(done) => {
                for (i, outcome) in done {
                    outcomes[i] = Some(outcome);
                }
            }
            Err(e) => {
                fail(&mut outcomes, &rest, e);
                healthy = false;
            }
        }
    }
    // Every job has its outcome by now; `NoSuchService` stands in for none (never reached).
    (outcomes.into_iter().map(|o| o.unwrap_or(Err(CapacityError::NoSuchService))).collect(), healthy)
}

/// The jobs `which` failed with their transaction: each gets the error.
fn fail(outcomes: &mut [Option<Outcome>], which: &[usize], e: sqlx::Error) {
    tracing::warn!(error = %e, changes = which.len(), "a batch of capacity changes failed; none was made");
    let failure = Failure::from(e);
    for &i in which {
        outcomes[i] = Some(Err(CapacityError::Db(failure.copy())));
    }
}

/// PostgreSQL's deadlock (40P01) and serialisation failure (40001): the transaction was rolled back.
fn retryable(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if matches!(d.code().as_deref(), Some("40P01" | "40001")))
}

fn same_figure(a: &Job, b: &Job) -> bool {
    a.facility_id == b.facility_id && a.service == b.service
}

/// A ±n that can go in a set-wise statement.
fn delta(job: &Job) -> Option<i32> {
    match job.change {
        CapacityChange::Delta { delta } if delta != 0 => Some(delta),
        _ => None,
    }
}

/// Which of `which` each written row is (their figures are distinct).
fn by_figure<'a>(jobs: &'a [Job], which: &[usize]) -> HashMap<(&'a str, &'a str), usize> {
    which.iter().map(|&i| ((jobs[i].facility_id.as_str(), jobs[i].service.as_str()), i)).collect()
}

/// `[facility, service, delta, now, user_id, login, via]` for each ±n of `which`, as the set-wise
/// statements read them (the audit's part only PostgreSQL's statement of a whole batch uses).
fn delta_rows(jobs: &[Job], which: &[usize]) -> String {
    let rows = which.iter().map(|&i| {
        let job = &jobs[i];
        serde_json::json!([
            job.facility_id,
            job.service.as_str(),
            delta(job),
            job.now,
            job.actor.user_id,
            job.actor.login,
            job.actor.via
        ])
    });
    serde_json::Value::Array(rows.collect()).to_string()
}

/// PostgreSQL: every job a ±n, on distinct figures — [`PG_DELTAS_AT_ONCE`]. The outcomes it settles.
async fn deltas_at_once(c: &mut sqlx::PgConnection, jobs: &[Job]) -> Result<Vec<(usize, Outcome)>, sqlx::Error> {
    let all: Vec<usize> = (0..jobs.len()).collect();
    let figures =
        sqlx::query_as::<_, Figure>(PG_DELTAS_AT_ONCE).bind(delta_rows(jobs, &all)).fetch_all(&mut *c).await?;
    let mut found: Vec<Option<(bool, ServiceCapacity)>> = jobs.iter().map(|_| None).collect();
    let index = by_figure(jobs, &all);
    for Figure { written, row } in figures {
        if let Some(&i) = index.get(&(row.facility_id.as_str(), row.service.as_str())) {
            found[i] = row.into_model().map(|figure| (written, figure));
        }
    }
    Ok(found.into_iter().enumerate().filter_map(|(i, found)| Some((i, settle(&jobs[i], found)?))).collect())
}

/// A set-wise ±n's outcome from its figure, `(written, figure)`: written; refused (the figure as it is
/// says why, or there is none); or `None` when it would fit after all (another server changed the
/// figure meanwhile) — then it is tried again on its own.
fn settle(job: &Job, found: Option<(bool, ServiceCapacity)>) -> Option<Outcome> {
    match found {
        None => Some(Err(CapacityError::NoSuchService)),
        Some((true, written)) => Some(Ok(written)),
        Some((false, current)) => apply(&current, job.change).err().map(Err),
    }
}

/// The jobs `which` (in batch order) in rounds: the first change of every figure, then the second of
/// those changed twice, and so on. Within a round every figure is changed once, so a round's ±n can
/// go in one statement; round after round, each change sees the ones before it.
fn rounds(jobs: &[Job], which: &[usize]) -> Vec<Vec<usize>> {
    let mut rounds: Vec<Vec<usize>> = Vec::new();
    let mut nth = 0;
    for (k, &i) in which.iter().enumerate() {
        nth = if k > 0 && same_figure(&jobs[which[k - 1]], &jobs[i]) { nth + 1 } else { 0 };
        if rounds.len() == nth {
            rounds.push(Vec::new());
        }
        rounds[nth].push(i);
    }
    rounds
}

/// What the audit trail records for a change from `old` to `new` (`[field, old, new]` each): each
/// figure that moved or, when none did, that it was confirmed (when it was last set, and now).
fn audit_entries(old: &ServiceCapacity, new: &ServiceCapacity, now: i64) -> Vec<[String; 3]> {
    let mut entries = Vec::new();
    if old.available != new.available {
        entries.push(["available".into(), old.available.to_string(), new.available.to_string()]);
    }
    if old.maximum != new.maximum {
        entries.push(["maximum".into(), old.maximum.to_string(), new.maximum.to_string()]);
    }
    if entries.is_empty() {
        entries.push(["confirmed".into(), old.updated_at.to_string(), now.to_string()]);
    }
    entries
}

/// The jobs `which` in one transaction: each one's outcome, or the error that failed them all.
async fn in_transaction(conn: &mut Conn, jobs: &[Job], which: &[usize]) -> Result<Vec<(usize, Outcome)>, sqlx::Error> {
    let sqlite = matches!(conn, Conn::Sqlite(_));
    let sql = if sqlite { &SQLITE } else { &POSTGRES };
    let mut outcomes: HashMap<usize, Outcome> = HashMap::with_capacity(which.len());
    // Jobs written, in the order they were, and their audit entries.
    let mut written: Vec<(usize, Vec<[String; 3]>)> = Vec::with_capacity(which.len());
    on_conn!(conn, |c| {
        // SQLite: the write lock from the start, so that what is read is what is written over.
        let mut tx = c.begin_with(sql.begin).await?;
        for round in rounds(jobs, which) {
            let deltas: Vec<usize> = round.iter().copied().filter(|&i| delta(&jobs[i]).is_some()).collect();
            if !deltas.is_empty() {
                let done = sqlx::query_as::<_, CapacityRow>(sql.deltas)
                    .bind(delta_rows(jobs, &deltas))
                    .fetch_all(&mut *tx)
                    .await?;
                let index = by_figure(jobs, &deltas);
                for row in done {
                    let Some(&i) = index.get(&(row.facility_id.as_str(), row.service.as_str())) else { continue };
                    let Some(new) = row.into_model() else { continue };
                    // Only `available` moved, by the delta, so that is the figure before.
                    let before = new.available - delta(&jobs[i]).unwrap_or_default();
                    written.push((i, vec![["available".into(), before.to_string(), new.available.to_string()]]));
                    outcomes.insert(i, Ok(new));
                }
                // Those not written: why, from the figures as they are (one statement for them all).
                let missed: Vec<usize> = deltas.iter().copied().filter(|i| !outcomes.contains_key(i)).collect();
                if !missed.is_empty() {
                    let current = sqlx::query_as::<_, CapacityRow>(sql.current)
                        .bind(delta_rows(jobs, &missed))
                        .fetch_all(&mut *tx)
                        .await?;
                    let mut found: HashMap<usize, ServiceCapacity> = HashMap::new();
                    let index = by_figure(jobs, &missed);
                    for row in current {
                        if let Some(&i) = index.get(&(row.facility_id.as_str(), row.service.as_str())) {
                            found.extend(row.into_model().map(|figure| (i, figure)));
                        }
                    }
                    for i in missed {
                        if let Some(outcome) = settle(&jobs[i], found.remove(&i).map(|figure| (false, figure))) {
                            outcomes.insert(i, outcome);
                        }
                    }
                }
            }
            // Exact edits, confirmations, and any ±n that did not fit: read the figure and let `apply`
            // say; write only if the figure is still the one read. (On SQLite it is: the transaction holds
            // the write lock. On PostgreSQL another server may have written it meanwhile: then the row is
            // locked and read again, and that read stands.)
            for &i in &round {
                if outcomes.contains_key(&i) {
                    continue;
                }
                let job = &jobs[i];
                let (facility, service) = (job.facility_id.as_str(), job.service.as_str());
                for read in [READ, LOCK] {
                    let current = sqlx::query_as::<_, CapacityRow>(read)
                        .bind(facility)
                        .bind(service)
                        .fetch_optional(&mut *tx)
                        .await?
                        .and_then(CapacityRow::into_model);
                    let Some(old) = current else {
                        outcomes.insert(i, Err(CapacityError::NoSuchService));
                        break;
                    };
                    let (available, maximum) = match apply(&old, job.change) {
                        Ok(figures) => figures,
                        Err(refused) => {
                            outcomes.insert(i, Err(refused));
                            break;
                        }
                    };
                    let new = sqlx::query_as::<_, CapacityRow>(SET_IF)
                        .bind(facility)
                        .bind(service)
                        .bind(available)
                        .bind(maximum)
                        .bind(job.now)
                        .bind(old.version)
                        .bind(old.available)
                        .bind(old.maximum)
                        .bind(old.updated_at)
                        .fetch_optional(&mut *tx)
                        .await?
                        .and_then(CapacityRow::into_model);
                    if let Some(new) = new {
                        written.push((i, audit_entries(&old, &new, job.now)));
                        outcomes.insert(i, Ok(new));
                        break;
                    }
                }
                // Not even under the row lock: cannot be; fail the batch rather than guess.
                if !outcomes.contains_key(&i) {
                    return Err(sqlx::Error::RowNotFound);
                }
            }
        }
        if !written.is_empty() {
            let audit: Vec<serde_json::Value> = written
                .iter()
                .flat_map(|(i, entries)| {
                    let job = &jobs[*i];
                    entries.iter().map(move |[field, old, new]| {
                        serde_json::json!([
                            job.now,
                            job.actor.user_id,
                            job.actor.login,
                            job.actor.via,
                            job.facility_id,
                            job.service.as_str(),
                            field,
                            old,
                            new
                        ])
                    })
                })
                .collect();
            let audit = serde_json::Value::Array(audit).to_string();
            let log: Vec<serde_json::Value> =
                written.iter().map(|(i, _)| serde_json::json!([jobs[*i].facility_id, jobs[*i].now])).collect();
            let log = serde_json::Value::Array(log).to_string();
            if sqlite {
                sqlx::query(SQLITE_AUDIT_AND_LOG).bind(audit).bind(log).execute(&mut *tx).await?;
            } else {
                sqlx::query(sql.audit).bind(audit).execute(&mut *tx).await?;
                sqlx::query(sql.log).bind(log).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(())
    })?;
    Ok(outcomes.into_iter().collect())
}
