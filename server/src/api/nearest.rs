//! `GET /api/nearest`: the nearest services as JSON, written from pre-serialised facility fragments
//! (app::ssr::fragment) instead of cloning each hit into a typed answer and serialising that.
//!
//! The same contract as the `nearest` server function it stands in for at this URL (the router leaves the
//! server function's own route out; islands call it here with `GetUrl`): the request is folded (repeated
//! lists, `api/lists.rs`) and decoded by the server function's own codec into its arguments, validated by
//! `NearestQuery::try_from`, and refused with the same `AppError` JSON, status and language; without
//! `fields=` the answer is byte for byte the server function's.

use std::sync::Arc;

use app::error::AppError;
use app::model::NearestQuery;
use app::server_fns::Nearest;
use app::ssr::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use leptos::server_fn::codec::{FromReq, GetUrl};

pub async fn get(State(state): State<Arc<AppState>>, mut req: Request) -> Response {
    super::lists::fold(&mut req);
    match answer(&state, req).await {
        Ok(json) => ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], json).into_response(),
        Err(e) => {
            let mut res = e.into_response();
            // What the server function's error answers carried (server_fn names the failed function).
            res.headers_mut()
                .insert(HeaderName::from_static("serverfnerror"), HeaderValue::from_static("/api/nearest"));
            res
        }
    }
}

async fn answer(state: &AppState, req: Request) -> Result<Vec<u8>, AppError> {
    let Nearest { params } = <Nearest as FromReq<GetUrl, Request, AppError>>::from_req(req).await?;
    let query = NearestQuery::try_from(&params)?;
    app::ssr::nearest::nearest_json(state, &query).map_err(|e| {
        tracing::error!(error = %e, "a facility could not be written as JSON");
        AppError::Internal
    })
}
