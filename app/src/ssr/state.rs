//! What every request handler and server function can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;

use super::catchment::Catchments;
use super::gazetteer::{Geocoder, ImportedPlaces};
use super::index::FacilityIndex;
use super::live::Live;
use super::store::Store;
use super::throttle::Throttles;
use crate::error::AppError;
use crate::model::{StaleAfter, Tiles};

/// Settings checked at start-up (see the server's config) that request handling needs.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub stale_after: StaleAfter,
    /// Mark session cookies `Secure` (the site is served over TLS, directly or behind a proxy).
    pub secure_cookies: bool,
    /// Origins besides this server's own that may send state-changing requests (a TLS proxy's public origin).
    pub allowed_origins: Vec<String>,
    /// The map's base tiles; `None` draws markers only.
    pub tiles: Option<Tiles>,
    /// Work items' due times and the scanner's rules.
    pub work: super::work::WorkRules,
}

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub index: Arc<FacilityIndex>,
    /// Every year's school catchments (划片), reloaded when the change log says they changed.
    pub catchments: Arc<Catchments>,
    /// The imported compounds and roads of the gazetteer, reloaded when the change log says they changed.
    pub places: Arc<ImportedPlaces>,
    pub settings: Arc<Settings>,
    pub live: Live,
    pub throttle: Arc<Throttles>,
    /// An online geocoder in front of the offline gazetteer (off by default).
    pub geocoder: Option<Arc<dyn Geocoder>>,
    /// When the work-item scanner last finished (Unix seconds; 0 before its first run), for `/health`.
    pub work_scanned_at: Arc<std::sync::atomic::AtomicI64>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or a rendered route (provided as Leptos context).
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}
