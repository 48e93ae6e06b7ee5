//! Keep this server's index in step with writes made elsewhere (another instance, `caremap import`)
//! by following the database's change log. On PostgreSQL a LISTEN wakes the follower as soon as a
//! change commits; a poll every `every` covers SQLite and any notification lost while reconnecting.
//! If the database goes away the loop keeps trying; the pools reconnect by themselves and the log
//! lets the follower catch up on everything it missed.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::PgListener;
use tokio::sync::Notify;

use super::catchment::{CHANGE_MARKER, Catchments};
use super::index::FacilityIndex;
use super::live::Live;
use super::store::Store;

pub const CHANNEL: &str = "caremap_changes";

/// Apply every change after `seq`; returns the new position. Errors leave the position unchanged.
/// A catchment import logs [`CHANGE_MARKER`] instead of a facility id: every year's catchments are reloaded.
pub async fn catch_up(
    store: &Store,
    index: &FacilityIndex,
    catchments: &Catchments,
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

/// Follow the log for as long as the server runs.
pub async fn follow(
    store: Store,
    index: Arc<FacilityIndex>,
    catchments: Arc<Catchments>,
    live: Live,
    mut seq: i64,
    every: Duration,
) {
    let wake = Arc::new(Notify::new());
    if let Store::Postgres(pool) = &store {
        tokio::spawn(listen(pool.clone(), wake.clone()));
    }
    let mut failing = false;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = wake.notified() => {}
        }
        match catch_up(&store, &index, &catchments, &live, seq).await {
            Ok(next) => {
                if failing {
                    tracing::info!(seq = next, "database reachable again; caught up");
                    failing = false;
                }
                seq = next;
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
