//! The HTTP surface: pages, server functions, static files, health; compression on top.

use app::app::{App, shell};
use app::error::AppError;
use app::ssr::auth::csrf;
use app::ssr::auth::session::DbSessionStore;
use app::ssr::state::AppState;
use app::tiles::SiteTiles;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list_with_exclusions};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

pub fn build(
    state: AppState,
    sessions: DbSessionStore,
    site_root: &std::path::Path,
    gate: std::sync::Arc<crate::limits::Gate>,
) -> Router {
    // `/api/nearest` is answered by a plain handler (api/nearest.rs), not by the `nearest` server function's
    // own route: leave that route out (the server function stays, called in process and by the islands).
    let routes = generate_route_list_with_exclusions(App, Some(vec![NEAREST.to_string()]));
    // The application state behind one `Arc`: a request on these paths copies a pointer, not the state.
    let shared = std::sync::Arc::new(state.clone());
    let nearest = get(crate::api::nearest::get).with_state(shared.clone());
    let context = {
        let state = state.clone();
        move || {
            provide_context(SiteTiles(state.settings.tiles.clone()));
            provide_context(state.clone());
            crate::headers::provide_request_nonce();
        }
    };
    let app_shell = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    // Each bundle's built files (app::bundles), with the .br/.gz files scripts/compress-assets writes beside them.
    let bundles = app::bundles::BUNDLES.iter().fold(Router::new(), |router, b| {
        let files = ServeDir::new(site_root.join(b.dir)).precompressed_br().precompressed_gzip();
        router.nest_service(&format!("/{}", b.dir), files)
    });
    Router::new()
        .merge(bundles)
        .route("/health", get(health))
        .route("/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
        .route("/sw.js", get(service_worker))
        .route("/manifest.webmanifest", get(manifest))
        .route("/settings", get(crate::prefs_cookie::settings))
        .route("/api/facilities/{id}/capacity", post(crate::api::capacity::post))
        .route("/api/live", get(crate::api::live::stream))
        .route("/api/admin/export/{what}", get(crate::api::export::get))
        .route(
            "/admin/catchments/upload",
            post(crate::api::catchments::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::api::catchments::MAX_UPLOAD)),
        )
        .route(
            "/admin/registers/upload",
            post(crate::api::registers::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::api::registers::MAX_UPLOAD)),
        )
        .route("/admin/registers/apply", post(crate::api::registers::apply))
        .route("/admin/registers/discard", post(crate::api::registers::discard))
        .route("/hsds", get(crate::api::hsds::about))
        .route("/hsds/", get(crate::api::hsds::about))
        .route("/hsds/services", get(crate::api::hsds::services))
        .route("/hsds/services/{id}", get(crate::api::hsds::service))
        .route("/hsds/organizations", get(crate::api::hsds::organizations))
        .route("/hsds/organizations/{id}", get(crate::api::hsds::organization))
        .route("/hsds/service_at_locations", get(crate::api::hsds::service_at_locations))
        .route("/hsds/service_at_locations/{id}", get(crate::api::hsds::service_at_location))
        .leptos_routes_with_context(&state, routes, context, app_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            crate::headers::provide_request_nonce,
            shell,
        ))
        .layer(sessions.layer(state.settings.secure_cookies))
        // Added after the session layer, so outside it (a public read never touches a session; that layer
        // costs a span and an allocation per request), and inside every other layer: the rate limit,
        // time limit, security headers, compression and language apply as to the server function's route.
        .route_service(NEAREST, nearest)
        .layer(middleware::from_fn_with_state(shared.clone(), cross_site_guard))
        .layer(middleware::from_fn_with_state(gate.clone(), crate::limits::gate))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(gate.limits().max_body_bytes))
        .layer(middleware::from_fn_with_state(shared, crate::headers::security_headers))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(crate::prefs_cookie::request_locale))
        .with_state(state)
}

const NEAREST: &str = "/api/nearest";

const FAVICON: &str = include_str!("../assets/favicon.svg");
const SERVICE_WORKER: &str = include_str!("../assets/sw.js");
const MANIFEST: &str = include_str!("../assets/manifest.webmanifest");

/// Served from the root so that it may control every page; never cached, so updates reach phones.
async fn service_worker() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript"), (header::CACHE_CONTROL, "no-cache")], SERVICE_WORKER).into_response()
}

async fn manifest() -> Response {
    ([(header::CONTENT_TYPE, "application/manifest+json")], MANIFEST).into_response()
}

async fn favicon() -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], FAVICON)
        .into_response()
}

/// Liveness and readiness: the database answers and the index is loaded. After a write was refused
/// for want of storage (disk full, read-only), a 503 saying so until a probe write goes through again
/// (reads are still served from the index meanwhile).
async fn health(State(state): State<AppState>) -> Response {
    if let Some((since, _)) = app::ssr::error::storage_fault() {
        match state.store.probe_write().await {
            Ok(()) => app::ssr::error::clear_storage_fault(),
            Err(e) => {
                tracing::warn!(error = %e, "health check: the database cannot write");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    axum::Json(serde_json::json!({
                        "status": "database cannot write",
                        "reason": e.to_string(),
                        "since": since,
                        "facilities": state.index.len(),
                    })),
                )
                    .into_response();
            }
        }
    }
    match state.store.count_facilities().await {
        Ok(rows) => axum::Json(serde_json::json!({
            "status": "ok",
            "database": state.store.backend(),
            "facilities": state.index.len(),
            "stored": rows,
            "change_log": state.store.count_changes().await.unwrap_or(-1),
            "work_scan_at": state.work_scanned_at.load(std::sync::atomic::Ordering::Relaxed),
        }))
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({"status": "database unreachable"})))
                .into_response()
        }
    }
}

/// Refuse state-changing requests that do not come from CareMap's own pages (see `csrf`).
async fn cross_site_guard(State(state): State<std::sync::Arc<AppState>>, req: Request, next: Next) -> Response {
    if csrf::is_allowed(req.method(), req.headers(), &state.settings.allowed_origins) {
        return next.run(req).await;
    }
    tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
    AppError::forbidden(app::msg!(err_cross_site)).into_response()
}
