//! Capacity changes that lose nothing: each is checked against the figure as it is when it is written
//! (concurrent taps serialise, a stale exact edit is recognised by its version, bounds are checked
//! against the current value), and acknowledged only once committed. The writing itself is
//! [`super::group_commit`]'s: many callers' changes share one transaction and one commit.

use tokio::sync::oneshot;

use super::group_commit::Job;
use super::rows::{CapacityRow, capacity_columns};
use super::{Store, audit_line, change_log_line, on_pool};
use crate::model::{CapacityChange, FacilityStatus, OpeningHours, ServiceCapacity, ServiceKind};

/// Who is making a change, for the audit trail.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub login: String,
    pub via: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum CapacityError {
    #[error("this facility does not offer that service")]
    NoSuchService,
    /// The change would leave `available` below 0 or above `maximum`; the figure as it is.
    #[error("out of bounds")]
    OutOfBounds(ServiceCapacity),
    /// The edit was based on an older version; the figure as it is.
    #[error("stale version")]
    Stale(ServiceCapacity),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

const SELECT_CAPACITY: &str =
    concat!("SELECT ", capacity_columns!(), " FROM service_capacity WHERE facility_id = $1 AND service = $2");

/// The new (available, maximum) for `change` applied to `old`, or why not.
pub(super) fn apply(old: &ServiceCapacity, change: CapacityChange) -> Result<(i32, i32), CapacityError> {
    let (available, maximum) = match change {
        CapacityChange::Delta { delta } => (old.available.checked_add(delta).unwrap_or(-1), old.maximum),
        CapacityChange::Set { available, maximum, version } => {
            if version != old.version {
                return Err(CapacityError::Stale(old.clone()));
            }
            (available.unwrap_or(old.available), maximum.unwrap_or(old.maximum))
        }
        CapacityChange::Confirm => (old.available, old.maximum),
    };
    if maximum < 0 || available < 0 || available > maximum {
        return Err(CapacityError::OutOfBounds(old.clone()));
    }
    Ok((available, maximum))
}

impl Store {
    pub async fn capacity(
        &self,
        facility_id: &str,
        service: ServiceKind,
    ) -> Result<Option<ServiceCapacity>, sqlx::Error> {
        on_pool!(self, |pool| {
            let row = sqlx::query_as::<_, CapacityRow>(SELECT_CAPACITY)
                .bind(facility_id)
                .bind(service.as_str())
                .fetch_optional(pool)
                .await?;
            Ok(row.and_then(CapacityRow::into_model))
        })
    }

    /// Change one service's figure, checked against the figure as it is (bounds; the version, for an exact
    /// edit), versioned, audited and change-logged. Returns once the change is committed (or refused):
    /// the store's writer task commits the changes of many callers at once ([`super::group_commit`]).
    pub async fn change_capacity(
        &self,
        facility_id: &str,
        service: ServiceKind,
        change: CapacityChange,
        actor: &Actor,
        now: i64,
    ) -> Result<ServiceCapacity, CapacityError> {
        let (reply, outcome) = oneshot::channel();
        let job = Job { facility_id: facility_id.to_string(), service, change, actor: actor.clone(), now, reply };
        super::group_commit::writer(self).submit(self, job)?;
        // No answer: the writer task died mid-batch (its transaction was rolled back).
        outcome.await.unwrap_or(Err(CapacityError::Db(sqlx::Error::WorkerCrashed)))
    }

    /// Open / temporarily closed, and opening hours. Returns false if there is no such facility.
    pub async fn set_facility_info(
        &self,
        facility_id: &str,
        status: Option<FacilityStatus>,
        hours: Option<&OpeningHours>,
        actor: &Actor,
        now: i64,
    ) -> Result<bool, sqlx::Error> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let locked = sqlx::query("UPDATE facility SET status = status WHERE id = $1")
                .bind(facility_id)
                .execute(&mut *tx)
                .await?;
            if locked.rows_affected() == 0 {
                return Ok(false);
            }
            let (old_status, old_hours): (String, String) =
                sqlx::query_as("SELECT status, hours FROM facility WHERE id = $1")
                    .bind(facility_id)
                    .fetch_one(&mut *tx)
                    .await?;
            let new_status = status.map(|s| s.as_str().to_string()).unwrap_or_else(|| old_status.clone());
            let new_hours = hours.map(|h| h.to_string()).unwrap_or_else(|| old_hours.clone());
            sqlx::query("UPDATE facility SET status = $2, hours = $3 WHERE id = $1")
                .bind(facility_id)
                .bind(&new_status)
                .bind(&new_hours)
                .execute(&mut *tx)
                .await?;
            for (field, from, to) in [("status", old_status, new_status), ("hours", old_hours, new_hours)] {
                if from == to {
                    continue;
                }
                audit_line!(tx, now, actor, facility_id, None::<&str>, field, from, to)?;
            }
            change_log_line!(tx, facility_id, now)?;
            tx.commit().await?;
            Ok(true)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cap(available: i32, maximum: i32, version: i64) -> ServiceCapacity {
        ServiceCapacity { service: ServiceKind::Meals, available, maximum, updated_at: 0, version }
    }

    #[test]
    fn bounds_and_versions() {
        let old = cap(3, 5, 7);
        assert_eq!(apply(&old, CapacityChange::Delta { delta: 2 }).ok(), Some((5, 5)));
        assert!(matches!(apply(&old, CapacityChange::Delta { delta: 3 }), Err(CapacityError::OutOfBounds(_))));
        assert!(matches!(apply(&old, CapacityChange::Delta { delta: -4 }), Err(CapacityError::OutOfBounds(_))));
        assert!(matches!(apply(&old, CapacityChange::Delta { delta: i32::MAX }), Err(CapacityError::OutOfBounds(_))));
        let set = |available, maximum, version| CapacityChange::Set { available, maximum, version };
        assert_eq!(apply(&old, set(Some(0), None, 7)).ok(), Some((0, 5)));
        assert!(matches!(apply(&old, set(Some(0), None, 6)), Err(CapacityError::Stale(c)) if c.available == 3));
        assert_eq!(apply(&old, set(None, Some(10), 7)).ok(), Some((3, 10)));
        assert!(
            matches!(apply(&old, set(None, Some(2), 7)), Err(CapacityError::OutOfBounds(_))),
            "maximum below available"
        );
        assert!(matches!(apply(&old, set(Some(6), None, 7)), Err(CapacityError::OutOfBounds(_))));
        assert_eq!(apply(&old, CapacityChange::Confirm).ok(), Some((3, 5)));
    }
}
