//! Keep this server's index in step with writes made elsewhere (another instance, `caremap import`)
//! by following the database's change log. If the database goes away the loop keeps trying; the pool
//! reconnects by itself, and the log lets it catch up on everything it missed.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use super::index::FacilityIndex;
use super::live::Live;
use super::store::Store;

/// Apply every change after `seq`; returns the new position. Errors leave the position unchanged.
pub async fn catch_up(store: &Store, index: &FacilityIndex, live: &Live, mut seq: i64) -> Result<i64, sqlx::Error> {
    loop {
        let changes = store.changes_since(seq, 5000).await?;
        let Some(&(last, _)) = changes.last() else {
            return Ok(seq);
        };
        let ids: BTreeSet<String> = changes.into_iter().map(|(_, id)| id).collect();
        for id in ids {
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

/// Poll the log every `every` for as long as the server runs.
pub async fn follow(store: Store, index: Arc<FacilityIndex>, live: Live, mut seq: i64, every: Duration) {
    let mut failing = false;
    loop {
        tokio::time::sleep(every).await;
        match catch_up(&store, &index, &live, seq).await {
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
