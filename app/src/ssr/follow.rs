//! Keep this server's index in step with writes made elsewhere (another instance, `caremap import`)
//! by following the database's change log. On PostgreSQL a LISTEN wakes the follower as soon as a
//! change commits; a poll every `every` covers SQLite and any notification lost while reconnecting.
//! If the database goes away the loop keeps trying; the pools reconnect by themselves and the log
//! lets the follower catch up on everything it missed.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::postgres::PgListener;
use tokio::sync::Notify;

use super::catchment::{CHANGE_MARKER, Catchments};
use super::gazetteer::ImportedPlaces;
use super::index::FacilityIndex;
use super::live::Live;
use super::state::AppState;
use super::store::Store;

pub const CHANNEL: &str = "caremap_changes";

/// Apply every change after `seq`; returns the new position. Errors leave the position unchanged.
/// A catchment import logs [`CHANGE_MARKER`] instead of a facility id: every year's catchments are reloaded;
/// a gazetteer import logs [`super::gazetteer_import::CHANGE_MARKER`]: the imported places are reloaded.
pub async fn catch_up(
    store: &Store,
    index: &FacilityIndex,
    catchments: &Catchments,
    places: &ImportedPlaces,
    live: &Live,
    mut seq: i64,
) -> Result<i64, sqlx::Error> {
    loop {
        let changes = store.changes_since(seq, 5000).await?;
        let Some(&(last, _)) = changes.last() else { return Ok(seq) };
        let ids: BTreeSet<String> = changes.into_iter().map(|(_, id)| id).collect();
        for id in ids {
            if id == CHANGE_MARKER {
                catchments.reload(store).await?;
                continue;
            }
            if id == super::gazetteer_import::CHANGE_MARKER {
                places.reload(store).await?;
                continue;
            }
            match store.facility(&id).await? {
                Some(f) => {
                    index.upsert(f);
                    live.publish(index, &id);
                }
                None => {
                    index.remove(&id);
                }
            }
        }
        seq = last;
    }
}

/// Who this server is to the others, and how often the log is pruned of what all have read.
#[derive(Debug, Clone)]
pub struct Pruning {
    /// This server's name in `follower_position` (random, per process).
    pub instance: String,
    pub every: Duration,
    /// Changes younger than this are kept whatever the positions say (see `Store::prune_changes`).
    pub keep: Duration,
}

/// A server not heard of for this long is taken to be gone; its position no longer holds the log.
const GONE_AFTER_S: i64 = 3600;

/// Follow the log for as long as the server runs, keeping `state`'s in-memory views in step.
pub async fn follow(state: AppState, mut seq: i64, every: Duration, pruning: Pruning) {
    let AppState { store, index, catchments, places, live, .. } = state;
    let (mut recorded, mut last_record, mut last_prune) = (seq, Instant::now(), Instant::now());
    let wake = Arc::new(Notify::new());
    if let Store::Postgres(pool) = &store {
        tokio::spawn(listen(pool.clone(), wake.clone()));
    }
    let mut failing = false;
    // Recording the position fails while the storage refuses writes (reads still work): say so once.
    let mut record_failing = false;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = wake.notified() => {}
        }
        match catch_up(&store, &index, &catchments, &places, &live, seq).await {
            Ok(next) => {
                if failing {
                    tracing::info!(seq = next, "database reachable again; caught up");
                    failing = false;
                }
                seq = next;
                // Tell the others how far this server has read (on progress, else as a heartbeat).
                if seq != recorded || last_record.elapsed() >= Duration::from_secs(60) {
                    match store.record_position(&pruning.instance, seq, crate::clock::now()).await {
                        Ok(()) => {
                            (recorded, last_record) = (seq, Instant::now());
                            if std::mem::take(&mut record_failing) {
                                tracing::info!("the change-log position is recorded again");
                            }
                        }
                        Err(e) => {
                            crate::ssr::error::note_storage_fault(&e);
                            if !std::mem::replace(&mut record_failing, true) {
                                tracing::warn!(error = %e, "cannot record the change-log position; will keep trying");
                            }
                        }
                    }
                }
                if last_prune.elapsed() >= pruning.every {
                    last_prune = Instant::now();
                    let now = crate::clock::now();
                    let keep = i64::try_from(pruning.keep.as_secs()).unwrap_or(i64::MAX);
                    match store.prune_changes(now - GONE_AFTER_S, now.saturating_sub(keep)).await {
                        Ok(0) => {}
                        Ok(n) => tracing::info!(pruned = n, "change log pruned of what every server has read"),
                        Err(e) => tracing::warn!(error = %e, "cannot prune the change log"),
                    }
                }
            }
            Err(e) => {
                if !failing {
                    tracing::warn!(error = %e, "cannot read the change log; will keep trying");
                    failing = true;
                }
            }
        }
    }
}

/// LISTEN on PostgreSQL and wake the follower on every notification. `PgListener` reconnects
/// (and re-listens) by itself; while it cannot, the follower's poll carries on.
async fn listen(pool: sqlx::PgPool, wake: Arc<Notify>) {
    loop {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "cannot LISTEN yet; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %e, "LISTEN failed; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        loop {
            match listener.recv().await {
                Ok(_) => wake.notify_one(),
                Err(e) => {
                    tracing::warn!(error = %e, "lost the notification connection; reconnecting");
                    // Whatever happened meanwhile is in the log: catch up once reconnected.
                    wake.notify_one();
                    break;
                }
            }
        }
    }
}
