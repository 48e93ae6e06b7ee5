//! Changing a facility's figures or status: authorise, write (the database decides), then bring the
//! index and every open page up to date. Shared by the manager page and the machine API.

use super::state::AppState;
use super::store::{Actor, CapacityError};
use crate::clock::now;
use crate::error::AppError;
use crate::model::{Account, CapacityChange, FacilityStatus, OpeningHours, Role, ServiceCapacity, ServiceKind, Via};

fn actor(account: &Account, via: Via) -> Actor {
    Actor { user_id: Some(account.id), login: account.login.clone(), via: via.as_str() }
}

/// 404 for an unknown facility, 403 for one this account does not manage: checked before any write.
pub fn authorise(state: &AppState, account: &Account, facility_id: &str) -> Result<(), AppError> {
    if state.index.get(facility_id).is_none() {
        return Err(AppError::no_facility(facility_id));
    }
    if !account.can_manage(facility_id) {
        return Err(AppError::forbidden(crate::msg!(err_not_manager)));
    }
    Ok(())
}

pub async fn change(
    state: &AppState,
    account: &Account,
    via: Via,
    facility_id: &str,
    service: ServiceKind,
    change: CapacityChange,
) -> Result<ServiceCapacity, AppError> {
    authorise(state, account, facility_id)?;
    match state.store.change_capacity(facility_id, service, change, &actor(account, via), now()).await {
        Ok(capacity) => {
            state.index.set_capacity(facility_id, capacity.clone());
            state.live.publish(&state.index, facility_id);
            super::work::lifecycle::figure_updated(state, facility_id, &capacity, &actor(account, via)).await;
            Ok(capacity)
        }
        Err(CapacityError::NoSuchService) => Err(AppError::not_found(
            format!("service `{service}` at `{facility_id}`"),
            crate::msg!(err_no_service_here, id = facility_id),
        )),
        Err(CapacityError::OutOfBounds(current)) => {
            state.index.set_capacity(facility_id, current.clone());
            Err(AppError::Unprocessable {
                message: crate::msg!(err_out_of_bounds, available = current.available, maximum = current.maximum),
                current: Some(current),
            })
        }
        Err(CapacityError::Stale(current)) => {
            state.index.set_capacity(facility_id, current.clone());
            Err(AppError::Conflict {
                message: crate::msg!(
                    err_stale,
                    available = current.available,
                    maximum = current.maximum,
                    version = current.version
                ),
                current: Some(current),
            })
        }
        Err(CapacityError::Db(e)) => Err(e.into()),
    }
}

/// Open / temporarily closed and opening hours (`hours` in the `Mo-Fr 08:00-17:30` form).
pub async fn set_info(
    state: &AppState,
    account: &Account,
    via: Via,
    facility_id: &str,
    status: Option<FacilityStatus>,
    hours: Option<&str>,
) -> Result<(), AppError> {
    authorise(state, account, facility_id)?;
    // Closing for good (and reopening what was closed) is the district's decision, made through its
    // register; a manager switches only between open and temporarily closed.
    let closed_now = state.index.get(facility_id).is_some_and(|f| f.status == FacilityStatus::Closed);
    if status.is_some() && (closed_now || status == Some(FacilityStatus::Closed)) && account.role != Role::DistrictAdmin
    {
        return Err(AppError::forbidden(crate::msg!(err_close_for_good)));
    }
    let hours = hours.map(OpeningHours::parse).transpose().map_err(|m| AppError::bad_param("hours", m))?;
    if !state.store.set_facility_info(facility_id, status, hours.as_ref(), &actor(account, via), now()).await? {
        return Err(AppError::no_facility(facility_id));
    }
    if let Some(f) = state.store.facility(facility_id).await? {
        state.index.upsert(f);
    }
    state.live.publish(&state.index, facility_id);
    Ok(())
}
