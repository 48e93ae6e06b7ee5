//! Moving work items along, on behalf of a person or of CareMap itself. Every path — the pages'
//! server functions, the scanner, a capacity change — comes through here.

use super::{WorkRules, key};
use crate::error::AppError;
use crate::model::{
    Account, Facility, ReportKind, Responsible, ServiceCapacity, ServiceKind, TransitionError, WorkItem, WorkKind,
    WorkState, check_transition,
};
use crate::ssr::state::AppState;
use crate::ssr::store::{Actor, NewWorkItem};

/// May `account` act on `item`? Admins on every item; a manager on items about a facility they manage.
pub fn may_handle(account: &Account, item: &WorkItem) -> bool {
    account.is_admin() || item.facility_id.as_deref().is_some_and(|f| account.can_manage(f))
}

/// The item for a problem of `facility` (in `service`, if one), given to its managers if it has any,
/// else to the district; the caller fills in the detail.
pub fn facility_item(
    rules: &WorkRules,
    kind: WorkKind,
    facility: &Facility,
    service: Option<ServiceKind>,
    has_manager: bool,
    now: i64,
) -> NewWorkItem {
    let open_key = match (kind, service) {
        (WorkKind::StaleFigure, Some(s)) => key::stale(&facility.id, s),
        (WorkKind::FullTooLong, Some(s)) => key::full(&facility.id, s),
        (WorkKind::ReportWrong, _) => key::report(ReportKind::Wrong, &facility.id),
        _ => key::report(ReportKind::Full, &facility.id),
    };
    NewWorkItem {
        kind,
        responsible: if has_manager { Responsible::Managers } else { Responsible::District },
        facility_id: Some(facility.id.clone()),
        subject: facility.name.clone(),
        subdistrict_code: facility.subdistrict_code.clone(),
        community_code: facility.community_code.clone(),
        service,
        detail: String::new(),
        due_at: now + rules.due_for(kind),
        open_key,
    }
}

/// A resident's report: stored, and gathered into the facility's active item of that kind.
pub async fn take_report(
    state: &AppState,
    facility: &Facility,
    kind: ReportKind,
    text: &str,
    now: i64,
) -> Result<i64, AppError> {
    let has_manager = state.store.managed_facility_ids().await?.contains(&facility.id);
    let work_kind = match kind {
        ReportKind::Full => WorkKind::ReportFull,
        ReportKind::Wrong => WorkKind::ReportWrong,
    };
    let item = NewWorkItem {
        detail: text.to_string(),
        ..facility_item(&state.settings.work, work_kind, facility, None, has_manager, now)
    };
    Ok(state.store.add_report(&facility.id, kind, text, &item, now).await?)
}

/// A state's name as the pages show it.
fn state_name(s: WorkState) -> crate::message::Message {
    match s {
        WorkState::Open => crate::msg!(state_open),
        WorkState::Acknowledged => crate::msg!(state_acknowledged),
        WorkState::Resolved => crate::msg!(state_resolved),
        WorkState::Dismissed => crate::msg!(state_dismissed),
    }
}

/// A person moves item `id` to `to`. 404 unknown item, 403 not theirs, 409 not allowed from its
/// state now (or moved meanwhile), 400 a missing or too long note.
pub async fn transition(
    state: &AppState,
    account: &Account,
    id: i64,
    to: WorkState,
    text: &str,
) -> Result<WorkItem, AppError> {
    let item = state
        .store
        .work_item(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("work item {id}"), crate::msg!(err_no_work_item, id = id)))?;
    if !may_handle(account, &item) {
        return Err(AppError::forbidden(crate::msg!(err_not_your_item)));
    }
    let text = check_transition(item.state, to, text).map_err(|e| match e {
        TransitionError::NotAllowed => {
            AppError::Conflict { message: crate::msg!(err_item_state, state = state_name(item.state)), current: None }
        }
        TransitionError::NoteRequired => AppError::bad_param("note", crate::msg!(err_note_required)),
        TransitionError::NoteTooLong => AppError::bad_param("note", crate::msg!(err_note_too_long)),
    })?;
    let actor = Actor { user_id: Some(account.id), login: account.login.clone(), via: "page" };
    if !state.store.move_work_item(id, item.state, to, &text, &actor, crate::clock::now()).await? {
        return Err(AppError::Conflict { message: crate::msg!(err_someone_else), current: None });
    }
    state.store.work_item(id).await?.ok_or(AppError::Internal)
}

/// After a figure was confirmed or changed: a "full" report about the facility is answered, a stale
/// figure is fresh, and a service with free places is no longer full. Never fails the change itself.
pub async fn figure_updated(state: &AppState, facility_id: &str, figure: &ServiceCapacity, actor: &Actor) {
    let mut keys = vec![key::report(ReportKind::Full, facility_id), key::stale(facility_id, figure.service)];
    if figure.available > 0 {
        keys.push(key::full(facility_id, figure.service));
    }
    if let Err(e) = state
        .store
        .resolve_work_items(&keys, crate::model::system_note::FIGURE_UPDATED, actor, crate::clock::now())
        .await
    {
        tracing::error!(error = %e, facility_id, "could not close work items after a figure change");
    }
}
