//! Writing snapshots: periodically while there are changes, and once more at a graceful shutdown.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::file;
use super::record::{FacilitiesOut, PayloadOut};
use crate::ssr::index::FacilityIndex;
use crate::ssr::state::AppState;
use crate::ssr::store::Store;

/// Writes this server's snapshots, one at a time, and remembers the position of the last one.
pub struct Saver {
    path: PathBuf,
    /// The position of the snapshot on disk that this server knows to be current (`None`: none yet,
    /// or one it did not use). Held while writing, so two writes never overlap.
    written: tokio::sync::Mutex<Option<i64>>,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot read the database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("cannot write the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("the writing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl Saver {
    /// `current`: the position of a snapshot already at `path` that this server started from and that
    /// is still exact (no change replayed since), so it is not written again until something changes.
    pub fn new(path: PathBuf, current: Option<i64>) -> Self {
        Saver { path, written: tokio::sync::Mutex::new(current) }
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Write the snapshot of `index` as of `position` unless the last one written is at it already.
    /// `index` must include every change up to `position` (later ones may be in it too: the log
    /// replays them again from the database). Returns the file's size when it wrote one.
    pub async fn save(&self, store: &Store, index: &FacilityIndex, position: i64) -> Result<Option<u64>, SaveError> {
        let mut written = self.written.lock().await;
        if *written == Some(position) {
            return Ok(None);
        }
        let started = Instant::now();
        let identity = store.database_identity().await?;
        let mark = store.change_at(position).await?;
        // Shared records: the index's lock is held only while the pointers are copied.
        let facilities = index.all();
        let path = self.path.clone();
        let count = facilities.len();
        let size = tokio::task::spawn_blocking(move || {
            let payload = PayloadOut {
                identity: &identity,
                position,
                mark,
                written_at: crate::clock::now(),
                facilities: FacilitiesOut(&facilities),
            };
            file::write(&path, &payload)
        })
        .await??;
        *written = Some(position);
        tracing::info!(
            path = %self.path.display(),
            facilities = count,
            position,
            bytes = size,
            ms = started.elapsed().as_millis() as u64,
            "snapshot written"
        );
        Ok(Some(size))
    }

    /// Every `every`, write a snapshot if this server's log position moved since the last one. The
    /// position is the one the follower records (`follow.rs`), which it records only once the index
    /// holds every change up to it.
    pub async fn save_forever(self: Arc<Self>, state: AppState, instance: String, every: Duration) {
        loop {
            tokio::time::sleep(every).await;
            let position = match state.store.position_of(&instance).await {
                Ok(Some(position)) => position,
                Ok(None) => continue,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read this server's log position; no snapshot this time");
                    continue;
                }
            };
            if let Err(e) = self.save(&state.store, &state.index, position).await {
                tracing::warn!(path = %self.path.display(), error = %e, "cannot write the snapshot; will try again");
            }
        }
    }

    /// At a graceful shutdown (requests finished): replay what the follower has not yet, so the
    /// snapshot is as current as the database, and write it.
    pub async fn save_at_shutdown(&self, state: &AppState, instance: &str) {
        let result = async {
            // Recorded at start, so always there unless the database was changed under the server.
            let Some(from) = state.store.position_of(instance).await? else { return Ok(None) };
            let AppState { store, index, catchments, places, live, .. } = state;
            let position = crate::ssr::follow::catch_up(store, index, catchments, places, live, from).await?;
            self.save(store, index, position).await
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(path = %self.path.display(), error = %e, "cannot write the snapshot at shutdown");
        }
    }
}
