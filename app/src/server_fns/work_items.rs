//! Work items: `GET /api/admin/work-items` (district admins: every item, filtered), `GET
//! /api/manage/work-items` (a manager: the items of their facilities), `POST /api/work-items/move`
//! (whoever may handle the item), `GET /api/work-items/history?id=`. Each checks its caller itself.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::model::{WorkEvent, WorkFilter, WorkKind, WorkList, WorkState};
use crate::msg;

/// The filter from query strings, each checked (an unknown value is a 400 naming its field).
pub fn parse_filter(
    subdistrict: Option<String>,
    kind: Option<String>,
    state: Option<String>,
    overdue: Option<String>,
) -> Result<WorkFilter, AppError> {
    let given = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let subdistrict = given(subdistrict);
    if let Some(code) = &subdistrict
        && crate::subdistricts::subdistrict(code).is_none()
    {
        return Err(AppError::bad_param("subdistrict", msg!(err_unknown_subdistrict)));
    }
    let kind = match given(kind) {
        Some(k) => Some(WorkKind::parse(&k).ok_or_else(|| AppError::bad_param("kind", msg!(err_unknown_work_kind)))?),
        None => None,
    };
    let state = match given(state) {
        Some(s) => Some(WorkState::parse(&s).ok_or_else(|| AppError::bad_param("state", msg!(err_unknown_state)))?),
        None => None,
    };
    let overdue = match given(overdue).as_deref() {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(_) => return Err(AppError::bad_param("overdue", msg!(err_true_false_plain))),
    };
    Ok(WorkFilter { subdistrict, kind, state, overdue })
}

#[server(prefix = "/api", endpoint = "admin/work-items", input = GetUrl, output = Json)]
pub async fn admin_work_items(
    subdistrict: Option<String>,
    kind: Option<String>,
    state: Option<String>,
    overdue: Option<String>,
) -> Result<WorkList, AppError> {
    let filter = parse_filter(subdistrict, kind, state, overdue)?;
    let app = crate::ssr::state::app_state()?;
    crate::ssr::auth::require_admin(&app).await?;
    Ok(crate::ssr::work::list::full_list(&app, &filter).await?)
}

/// A manager's own items (those about the facilities they manage); for an admin, the same as above.
#[server(prefix = "/api", endpoint = "manage/work-items", input = GetUrl, output = Json)]
pub async fn my_work_items(state: Option<String>) -> Result<WorkList, AppError> {
    let filter = parse_filter(None, None, state, None)?;
    let app = crate::ssr::state::app_state()?;
    let account = crate::ssr::auth::require_account(&app).await?;
    let mine = |i: &crate::model::WorkItem| crate::ssr::work::lifecycle::may_handle(&account, i);
    Ok(crate::ssr::work::list::scoped_list(&app, &filter, mine).await?)
}

/// Move an item along: `to` is `acknowledged`, `resolved` or `dismissed` (with a `note` saying why).
#[server(prefix = "/api", endpoint = "work-items/move")]
pub async fn move_work_item(id: i64, to: String, note: Option<String>) -> Result<crate::model::WorkItem, AppError> {
    let to = WorkState::parse(to.trim()).ok_or_else(|| AppError::bad_param("to", msg!(err_unknown_state)))?;
    let app = crate::ssr::state::app_state()?;
    let account = crate::ssr::auth::require_account(&app).await?;
    crate::ssr::work::lifecycle::transition(&app, &account, id, to, note.as_deref().unwrap_or_default()).await
}

/// Every step of one item's life.
#[server(prefix = "/api", endpoint = "work-items/history", input = GetUrl, output = Json)]
pub async fn work_item_history(id: i64) -> Result<Vec<WorkEvent>, AppError> {
    let app = crate::ssr::state::app_state()?;
    let account = crate::ssr::auth::require_account(&app).await?;
    let item = app
        .store
        .work_item(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("work item {id}"), msg!(err_no_work_item, id = id)))?;
    if !crate::ssr::work::lifecycle::may_handle(&account, &item) {
        return Err(AppError::forbidden(msg!(err_not_your_item)));
    }
    Ok(app.store.work_events(id).await?)
}
