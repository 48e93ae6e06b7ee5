//! Start-up snapshots: every facility as of a change-log position, in one file, so a server starts from
//! the file instead of reading a million facilities through the database (most of a start's time).
//!
//! A snapshot is used only when it fits the database it is about to serve from: it names that database
//! (`database_identity`, migration 0013), and the change log still holds every change after its position
//! (nothing pruned, and the entry at its position is the one it saw). Then the server builds its index
//! from it and replays the log from its position before it listens (`follow::catch_up`), so its first
//! answer is as current as a load from the database. Anything else (no file, a damaged or foreign file,
//! a log that moved on without it) and the server loads from the database as before, saying why.
//! Written by `Saver` (`save.rs`): at a graceful shutdown, and periodically when there were changes.

mod file;
mod record;
mod save;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use file::Unreadable;
pub use save::Saver;

use super::store::Store;
use crate::model::Facility;

/// A snapshot read whole and found sound (header, length, checksum); not yet checked against a database.
pub struct Snapshot {
    pub path: PathBuf,
    identity: String,
    position: i64,
    mark: Option<(String, i64)>,
    facilities: Vec<Arc<Facility>>,
}

/// Why a sound snapshot does not fit the database (or could not be checked against it).
#[derive(Debug, thiserror::Error)]
pub enum Mismatch {
    #[error("it was taken of another database")]
    OtherDatabase,
    #[error("it is at change {position} but this database's log has only reached {high_water} (a backup restored?)")]
    Ahead { position: i64, high_water: i64 },
    #[error(
        "the database's change {0} is not the one the snapshot saw (a copy of the database that went on differently)"
    )]
    Diverged(i64),
    #[error("the change log no longer holds every change after {0} (pruned)")]
    Pruned(i64),
    #[error("{0} changes were made after it: loading from the database is quicker than replaying them")]
    TooFarBehind(i64),
    #[error("cannot check it against the database: {0}")]
    Db(#[from] sqlx::Error),
}

/// Read the snapshot at `path`, off the async threads. `None` when there is none (said at info level)
/// or it cannot be used whatever the database holds (said as a warning, with why).
pub async fn read(path: &Path) -> Option<Snapshot> {
    let owned = path.to_path_buf();
    let started = std::time::Instant::now();
    let read = tokio::task::spawn_blocking(move || file::read(&owned)).await;
    let payload = match read {
        Ok(Ok(payload)) => payload,
        Ok(Err(Unreadable::Io(e))) if e.kind() == std::io::ErrorKind::NotFound => {
            tracing::info!(path = %path.display(), "no snapshot yet: loading from the database");
            return None;
        }
        Ok(Err(why)) => {
            tracing::warn!(path = %path.display(), reason = %why, "snapshot not used: loading from the database");
            return None;
        }
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "snapshot not used (reading it failed): loading from the database");
            return None;
        }
    };
    tracing::info!(
        path = %path.display(),
        facilities = payload.facilities.0.len(),
        bytes_per_record = std::mem::size_of::<Facility>(),
        position = payload.position,
        written_at = payload.written_at,
        ms = started.elapsed().as_millis() as u64,
        "snapshot read"
    );
    Some(Snapshot {
        path: path.to_path_buf(),
        identity: payload.identity,
        position: payload.position,
        mark: payload.mark,
        facilities: payload.facilities.0,
    })
}

impl Snapshot {
    /// The change-log position the facilities include: the log is replayed from here.
    pub fn position(&self) -> i64 {
        self.position
    }

    pub fn len(&self) -> usize {
        self.facilities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.facilities.is_empty()
    }

    /// Whether this snapshot may be served from `store`'s database. The caller holds the log from just
    /// before [`Snapshot::position`] (`record_position`) first, so nothing the check relies on is pruned
    /// between the check and the replay.
    pub async fn check(&self, store: &Store) -> Result<(), Mismatch> {
        if store.database_identity().await? != self.identity {
            return Err(Mismatch::OtherDatabase);
        }
        let high_water = store.change_high_water().await?;
        let position = self.position;
        if position > high_water {
            return Err(Mismatch::Ahead { position, high_water });
        }
        if position < high_water {
            // Pruning deletes a prefix of the log, so while the entry at the position is there every later
            // one is too; and it must be the entry the snapshot saw. Position 0 has no entry: then nothing
            // may ever have been pruned (the log still starts at 1).
            let holds_all_after = if position == 0 {
                store.change_at(1).await?.is_some()
            } else {
                match store.change_at(position).await? {
                    Some(entry) if Some(&entry) == self.mark.as_ref() => true,
                    Some(_) => return Err(Mismatch::Diverged(position)),
                    None => false,
                }
            };
            if !holds_all_after {
                return Err(Mismatch::Pruned(position));
            }
        } else if let Some(entry) = store.change_at(position).await? {
            // Nothing after the position; the entry itself may have been pruned since, but if it is there
            // it must be the one seen.
            if Some(&entry) != self.mark.as_ref() {
                return Err(Mismatch::Diverged(position));
            }
        }
        // Each change is a reload of one facility (a few indexed reads): past a tenth of the facilities,
        // reading them all is quicker.
        let behind = store.count_changes_after(position).await?;
        if behind > (self.facilities.len() as i64 / 10).max(10_000) {
            return Err(Mismatch::TooFarBehind(behind));
        }
        Ok(())
    }

    /// The records, each in the `Arc` the index keeps (`FacilityIndex::build_shared`).
    pub fn into_facilities(self) -> Vec<Arc<Facility>> {
        self.facilities
    }
}
