//! Work items and their history. An active item is identified by its `open_key` (the problem it is
//! about), so opening is idempotent; every change of state writes a `work_item_event` in the same
//! transaction, and a change is made only from the state the caller saw (`WHERE state = $from`). The
//! scanner's bulk reads and writes are in `work_scan.rs`, with these statements.

use super::capacity::Actor;
use super::{Store, on_pool};
use crate::model::{ReportKind, Responsible, ServiceKind, WorkEvent, WorkItem, WorkKind, WorkState};

/// A problem to open an item for (nothing happens if an active item has the same `open_key`).
#[derive(Debug, Clone)]
pub struct NewWorkItem {
    pub kind: WorkKind,
    pub responsible: Responsible,
    pub facility_id: Option<String>,
    pub subject: String,
    pub subdistrict_code: Option<String>,
    pub community_code: Option<String>,
    pub service: Option<ServiceKind>,
    pub detail: String,
    pub due_at: i64,
    pub open_key: String,
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    kind: String,
    state: String,
    responsible: String,
    facility_id: Option<String>,
    subject: String,
    subdistrict_code: Option<String>,
    community_code: Option<String>,
    service: Option<String>,
    reports: i32,
    detail: String,
    created_at: i64,
    due_at: i64,
    escalated_at: Option<i64>,
    closed_at: Option<i64>,
    note: String,
}

impl ItemRow {
    fn into_model(self) -> Option<WorkItem> {
        Some(WorkItem {
            id: self.id,
            kind: WorkKind::parse(&self.kind)?,
            state: WorkState::parse(&self.state)?,
            responsible: Responsible::parse(&self.responsible)?,
            facility_id: self.facility_id,
            subject: self.subject,
            subdistrict_code: self.subdistrict_code,
            community_code: self.community_code,
            service: self.service.as_deref().and_then(ServiceKind::parse),
            reports: u32::try_from(self.reports).unwrap_or(0),
            detail: self.detail,
            created_at: self.created_at,
            due_at: self.due_at,
            escalated_at: self.escalated_at,
            closed_at: self.closed_at,
            note: self.note,
        })
    }
}

const ITEM_COLUMNS: &str = "id, kind, state, responsible, facility_id, subject, subdistrict_code, community_code, \
     service, reports, detail, created_at, due_at, escalated_at, closed_at, note";

/// The login recorded for changes made by CareMap itself (the scanner, escalation).
pub const SYSTEM: &str = "system";

/// Insert an item unless its problem already has an active one; `Some(id)` when inserted.
macro_rules! insert_item {
    ($conn:expr, $item:expr, $reports:expr, $now:expr) => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO work_item (kind, responsible, facility_id, subject, subdistrict_code, community_code, \
             service, reports, detail, created_at, due_at, open_key) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
             ON CONFLICT (open_key) DO NOTHING RETURNING id",
        )
        .bind($item.kind.as_str())
        .bind($item.responsible.as_str())
        .bind($item.facility_id.as_deref())
        .bind(&$item.subject)
        .bind($item.subdistrict_code.as_deref())
        .bind($item.community_code.as_deref())
        .bind($item.service.map($crate::model::ServiceKind::as_str))
        .bind($reports)
        .bind(&$item.detail)
        .bind($now)
        .bind($item.due_at)
        .bind(&$item.open_key)
        .fetch_optional($conn)
    };
}
pub(super) use insert_item;

/// Record one step of an item's life.
macro_rules! insert_event {
    ($conn:expr, $id:expr, $actor:expr, $from:expr, $to:expr, $note:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO work_item_event (item_id, at, user_id, login, from_state, to_state, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind($id)
        .bind($now)
        .bind($actor.user_id)
        .bind(&$actor.login)
        .bind($from)
        .bind($to)
        .bind($note)
        .execute($conn)
    };
}
pub(super) use insert_event;

/// Move item `$id` from state `$from` to `$to` inside transaction `$tx`, with its event: `true` if it was
/// in `$from` (else nothing is written). The one place a state changes.
macro_rules! move_item {
    ($tx:expr, $id:expr, $from:expr, $to:expr, $note:expr, $actor:expr, $now:expr) => {{
        let closing = !$to.is_active();
        let moved = sqlx::query(
            "UPDATE work_item SET state = $3, note = $4, \
             closed_at = CASE WHEN $5 THEN $6 ELSE closed_at END, \
             open_key = CASE WHEN $5 THEN NULL ELSE open_key END \
             WHERE id = $1 AND state = $2",
        )
        .bind($id)
        .bind($from.as_str())
        .bind($to.as_str())
        .bind($note)
        .bind(closing)
        .bind($now)
        .execute(&mut *$tx)
        .await?;
        let moved = moved.rows_affected() == 1;
        if moved {
            insert_event!(&mut *$tx, $id, $actor, Some($from.as_str()), $to.as_str(), $note, $now).await?;
        }
        moved
    }};
}
pub(super) use move_item;

pub(super) fn system() -> Actor {
    Actor { user_id: None, login: SYSTEM.to_string(), via: "system" }
}

impl Store {
    /// A resident's report, gathered into the active item for the same facility and kind (opened if
    /// there is none), in one transaction. Returns the report's id.
    pub async fn add_report(
        &self,
        facility_id: &str,
        kind: ReportKind,
        note: &str,
        item: &NewWorkItem,
        now: i64,
    ) -> Result<i64, sqlx::Error> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let report_id: i64 = sqlx::query_scalar(
                "INSERT INTO report (at, facility_id, kind, note) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(now)
            .bind(facility_id)
            .bind(kind.as_str())
            .bind(note)
            .fetch_one(&mut *tx)
            .await?;
            let item_id = match insert_item!(&mut *tx, item, 1i32, now).await? {
                Some(id) => {
                    insert_event!(&mut *tx, id, system(), None::<&str>, WorkState::Open.as_str(), "", now).await?;
                    id
                }
                // Already active: one more report; the newest note is the one shown.
                None => {
                    sqlx::query_scalar(
                        "UPDATE work_item SET reports = reports + 1, \
                         detail = CASE WHEN $2 <> '' THEN $2 ELSE detail END WHERE open_key = $1 RETURNING id",
                    )
                    .bind(&item.open_key)
                    .bind(&item.detail)
                    .fetch_one(&mut *tx)
                    .await?
                }
            };
            sqlx::query("UPDATE report SET work_item_id = $2 WHERE id = $1")
                .bind(report_id)
                .bind(item_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(report_id)
        })
    }

    /// Move item `id` from `from` to `to`. False when it is no longer in `from` (someone else moved it).
    pub async fn move_work_item(
        &self,
        id: i64,
        from: WorkState,
        to: WorkState,
        note: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<bool, sqlx::Error> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let moved = move_item!(tx, id, from, to, note, actor, now);
            // Not moved: nothing was written, and the transaction is dropped (rolled back).
            if moved {
                tx.commit().await?;
            }
            Ok(moved)
        })
    }

    pub async fn work_item(&self, id: i64) -> Result<Option<WorkItem>, sqlx::Error> {
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, ItemRow>(&format!("SELECT {ITEM_COLUMNS} FROM work_item WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row.and_then(ItemRow::into_model))
    }

    /// Active items, and closed ones closed since `closed_since`, newest first.
    pub async fn work_items(&self, closed_since: i64) -> Result<Vec<WorkItem>, sqlx::Error> {
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, ItemRow>(&format!(
                "SELECT {ITEM_COLUMNS} FROM work_item WHERE state IN ('open', 'acknowledged') OR closed_at >= $1 \
                 ORDER BY id DESC"
            ))
            .bind(closed_since)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows.into_iter().filter_map(ItemRow::into_model).collect())
    }

    pub async fn work_events(&self, item_id: i64) -> Result<Vec<WorkEvent>, sqlx::Error> {
        let rows: Vec<(i64, String, Option<String>, String, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT at, login, from_state, to_state, note FROM work_item_event WHERE item_id = $1 ORDER BY id",
            )
            .bind(item_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|(at, login, from, to, note)| {
                Some(WorkEvent {
                    at,
                    login,
                    from: from.as_deref().and_then(WorkState::parse),
                    to: WorkState::parse(&to)?,
                    note,
                })
            })
            .collect())
    }

    /// Facilities with at least one enabled manager account (the others' items go to the district).
    pub async fn managed_facility_ids(&self) -> Result<std::collections::HashSet<String>, sqlx::Error> {
        let ids: Vec<String> = on_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT DISTINCT uf.facility_id FROM user_facility uf JOIN app_user u ON u.id = uf.user_id \
                 WHERE u.role = 'facility_manager' AND NOT u.disabled",
            )
            .fetch_all(pool)
            .await
        })?;
        Ok(ids.into_iter().collect())
    }
}
