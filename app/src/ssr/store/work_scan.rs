//! The work items' bulk reads and writes: what the scanner opens, closes, escalates and hands over each
//! scan (at national scale over a million items), and closing by key (also after a capacity change). The
//! statements themselves are `work_items.rs`'s.

use std::collections::HashSet;

use super::capacity::Actor;
use super::work_items::{NewWorkItem, insert_event, insert_item, move_item, system};
use super::{SYSTEM, Store, on_pool};
use crate::model::{Responsible, WorkKind, WorkState};

/// Items the scanner opens or closes in one transaction. One commit each opened ~3,600 items a second
/// (SQLite, 1e6 facilities a day after their import: 1.36 million stale figures, ~6 minutes); 256 to a
/// commit, all of them in 77 s. A batch holds the database's write lock for milliseconds, so capacity
/// writes wait no longer than that.
const WRITE_BATCH: usize = 256;

impl Store {
    /// Open an item for each of `items` that has no active one for the same problem, `WRITE_BATCH` to a
    /// transaction. Returns how many were opened.
    pub async fn open_work_items(&self, items: &[NewWorkItem], now: i64) -> Result<u32, sqlx::Error> {
        let mut opened = 0;
        for chunk in items.chunks(WRITE_BATCH) {
            opened += on_pool!(self, |pool| {
                let mut tx = pool.begin().await?;
                let mut n = 0;
                for item in chunk {
                    if let Some(id) = insert_item!(&mut *tx, item, 0i32, now).await? {
                        insert_event!(&mut *tx, id, system(), None::<&str>, WorkState::Open.as_str(), "", now).await?;
                        n += 1;
                    }
                }
                tx.commit().await?;
                Ok::<u32, sqlx::Error>(n)
            })?;
        }
        Ok(opened)
    }

    /// Resolve the active items with these keys (their problem is gone), recording `actor` and `note`.
    /// Returns how many were closed.
    pub async fn resolve_work_items(
        &self,
        keys: &[String],
        note: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<u32, sqlx::Error> {
        // One look-up per 500 keys (databases cap bound parameters): this runs after every capacity
        // change, where usually none is active.
        let mut active: Vec<(i64, String)> = Vec::new();
        for chunk in keys.chunks(500) {
            let places: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
            let sql = format!("SELECT id, state FROM work_item WHERE open_key IN ({})", places.join(", "));
            let found: Vec<(i64, String)> = on_pool!(self, |pool| {
                let mut q = sqlx::query_as(&sql);
                for key in chunk {
                    q = q.bind(key);
                }
                q.fetch_all(pool).await
            })?;
            active.extend(found);
        }
        let mut closed = 0;
        for chunk in active.chunks(WRITE_BATCH) {
            closed += on_pool!(self, |pool| {
                let mut tx = pool.begin().await?;
                let mut n = 0;
                for (id, state) in chunk {
                    let Some(from) = WorkState::parse(state) else { continue };
                    n += u32::from(move_item!(tx, *id, from, WorkState::Resolved, note, actor, now));
                }
                tx.commit().await?;
                Ok::<u32, sqlx::Error>(n)
            })?;
        }
        Ok(closed)
    }

    /// Items left with the managers past their due time become the district's concern too.
    /// Returns how many were escalated now.
    pub async fn escalate_overdue(&self, now: i64) -> Result<u64, sqlx::Error> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO work_item_event (item_id, at, user_id, login, from_state, to_state, note) \
                 SELECT id, $1, NULL, $2, state, state, 'escalated' FROM work_item \
                 WHERE responsible = 'managers' AND state IN ('open', 'acknowledged') AND due_at < $1 \
                 AND escalated_at IS NULL",
            )
            .bind(now)
            .bind(SYSTEM)
            .execute(&mut *tx)
            .await?;
            let done = sqlx::query(
                "UPDATE work_item SET escalated_at = $1 WHERE responsible = 'managers' \
                 AND state IN ('open', 'acknowledged') AND due_at < $1 AND escalated_at IS NULL",
            )
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(done.rows_affected())
        })
    }

    /// The keys of active items of `kind` (the scanner closes those whose problem is gone).
    pub async fn active_work_keys(&self, kind: WorkKind) -> Result<Vec<String>, sqlx::Error> {
        on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT open_key FROM work_item WHERE kind = $1 AND open_key IS NOT NULL")
                .bind(kind.as_str())
                .fetch_all(pool)
                .await
        })
    }

    /// Give each active facility item to its managers if the facility has any now, else to the district
    /// (managers come and go after an item is opened). Returns how many changed hands.
    pub async fn refresh_responsible(&self, managed: &HashSet<String>) -> Result<u32, sqlx::Error> {
        let active: Vec<(i64, String, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, facility_id, responsible FROM work_item \
                 WHERE state IN ('open', 'acknowledged') AND facility_id IS NOT NULL",
            )
            .fetch_all(pool)
            .await
        })?;
        let mut changed = 0;
        for (id, facility_id, responsible) in active {
            let due = if managed.contains(&facility_id) { Responsible::Managers } else { Responsible::District };
            if responsible == due.as_str() {
                continue;
            }
            on_pool!(self, |pool| {
                sqlx::query("UPDATE work_item SET responsible = $2 WHERE id = $1")
                    .bind(id)
                    .bind(due.as_str())
                    .execute(pool)
                    .await
                    .map(|_| ())
            })?;
            changed += 1;
        }
        Ok(changed)
    }
}
