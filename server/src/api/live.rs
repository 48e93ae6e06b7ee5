//! `GET /api/live?ids=a,b`: server-sent events, one JSON `LiveUpdate` per change to a listed
//! facility (all facilities when `ids` is absent).

use std::collections::HashSet;
use std::convert::Infallible;
use std::time::Duration;

use app::error::AppError;
use app::ssr::state::AppState;
use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

const MAX_IDS: usize = 500;

#[derive(Deserialize)]
pub struct LiveQuery {
    ids: Option<String>,
}

pub async fn stream(
    State(state): State<AppState>,
    Query(q): Query<LiveQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let ids: HashSet<String> =
        q.ids.unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
    if ids.len() > MAX_IDS {
        return Err(AppError::bad_param("ids", app::msg!(err_live_ids, max = MAX_IDS)));
    }
    let rx = state.live.subscribe();
    let closed = Box::pin(state.live.closed());
    let events = futures::stream::unfold((rx, ids, closed), |(mut rx, ids, mut closed)| async move {
        loop {
            let next = tokio::select! {
                next = rx.recv() => next,
                // Shutting down: end the stream so the server can finish.
                () = &mut closed => return None,
            };
            match next {
                Ok(update) if ids.is_empty() || ids.contains(&update.facility_id) => {
                    let event =
                        Event::default().json_data(&update).unwrap_or_else(|_| Event::default().comment("unencodable"));
                    return Some((Ok(event), (rx, ids, closed)));
                }
                Ok(_) | Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
