//! The Open Referral HSDS API (read-only, public): `GET /hsds/`, `/hsds/services[/{id}]`,
//! `/hsds/organizations[/{id}]`, `/hsds/service_at_locations[/{id}]`, answered from the in-memory
//! index. The mapping and the lists are `app::ssr::hsds`.

use std::collections::HashMap;

use app::error::AppError;
use app::ssr::hsds::{self, query::ListQuery, query::Object};
use app::ssr::state::AppState;
use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use serde_json::Value;

pub async fn about() -> Json<Value> {
    Json(hsds::about())
}

/// The query string as pairs (decoding never fails: bad escapes become U+FFFD, and then match nothing).
type Params = Query<HashMap<String, String>>;

fn list(state: &AppState, object: Object, params: Params) -> Result<Json<Value>, AppError> {
    let Query(params) = params;
    let q = ListQuery::parse(&params)?;
    Ok(Json(hsds::query::list(object, state.index.all(), &q)))
}

/// An id that is not valid UTF-8 after decoding is a 400 in the usual shape (axum's rejection is plain text).
type Id = Result<Path<String>, PathRejection>;

fn one(state: &AppState, object: Object, id: Id) -> Result<Json<Value>, AppError> {
    let Path(id) = id.map_err(|_| AppError::bad_param("id", app::msg!(err_bad_id)))?;
    Ok(Json(hsds::query::find(object, &state.index.all(), &id)?))
}

pub async fn services(State(state): State<AppState>, params: Params) -> Result<Json<Value>, AppError> {
    list(&state, Object::Service, params)
}

pub async fn service(State(state): State<AppState>, id: Id) -> Result<Json<Value>, AppError> {
    one(&state, Object::Service, id)
}

pub async fn organizations(State(state): State<AppState>, params: Params) -> Result<Json<Value>, AppError> {
    list(&state, Object::Organization, params)
}

pub async fn organization(State(state): State<AppState>, id: Id) -> Result<Json<Value>, AppError> {
    one(&state, Object::Organization, id)
}

pub async fn service_at_locations(State(state): State<AppState>, params: Params) -> Result<Json<Value>, AppError> {
    list(&state, Object::ServiceAtLocation, params)
}

pub async fn service_at_location(State(state): State<AppState>, id: Id) -> Result<Json<Value>, AppError> {
    one(&state, Object::ServiceAtLocation, id)
}
