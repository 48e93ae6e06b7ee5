//! `caremap serve`: open the store, load the sample if empty, build the index, serve.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use app::ssr::auth::session::DbSessionStore;
use app::ssr::auth::throttle::LoginThrottle;
use app::ssr::index::FacilityIndex;
use app::ssr::live::Live;
use app::ssr::state::{AppState, Settings};
use app::ssr::store::Store;
use app::ssr::{follow, seed};
use leptos::config::LeptosOptions;

use super::{CommandResult, ensure_sqlite_dir};
use crate::cli::ServeArgs;
use crate::config::ServeConfig;
use crate::router;

/// How long a shutdown waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(10);

pub async fn run(args: ServeArgs) -> CommandResult {
    let shutdown = shutdown_signal();
    let config = ServeConfig::from_args(args)?;
    if !config.site_root.join("pkg/frontend.js").exists() {
        tracing::warn!(site_root = %config.site_root.display(), "no built frontend: pages render but will not hydrate (run `trunk build --release`)");
    }
    ensure_sqlite_dir(&config.database_url)?;
    let store = Store::connect_with(&config.database_url, config.store).await?;
    if config.load_sample {
        let loaded = seed::load_sample_if_empty(&store, app::clock::now(), &config.stale_after).await?;
        if loaded > 0 {
            tracing::info!(loaded, "empty database: loaded the sample facilities");
        }
        if app::ssr::catchment::load_sample_catchments_if_empty(&store, app::clock::now()).await? {
            tracing::info!("no catchments yet: loaded the made-up sample year");
        }
    }
    // Read the log position first: anything written while loading is replayed by the follower.
    let seq = store.last_change().await?;
    // Hold the log from here on before anything else: another server's pruning keeps what this one has
    // not read yet.
    let instance = app::ssr::auth::token::generate().map_err(|e| format!("no randomness: {e}"))?;
    store.record_position(&instance, seq, app::clock::now()).await?;
    let started = std::time::Instant::now();
    let index = Arc::new(FacilityIndex::build(store.load_all().await?));
    tracing::info!(
        facilities = index.len(),
        ms = started.elapsed().as_millis() as u64,
        backend = store.backend(),
        "index built"
    );
    let catchments = Arc::new(app::ssr::catchment::Catchments::new(store.load_catchments().await?));

    let leptos_options = LeptosOptions::builder()
        .output_name("frontend")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    let live = Live::new();
    let throttle = Arc::new(LoginThrottle::new());
    let state = AppState {
        leptos_options,
        store: store.clone(),
        index: index.clone(),
        catchments: catchments.clone(),
        settings: Arc::new(Settings {
            stale_after: config.stale_after,
            secure_cookies: config.secure_cookies,
            allowed_origins: config.allowed_origins.clone(),
            tiles: config.tiles.clone(),
            work: config.work,
        }),
        live: live.clone(),
        throttle: throttle.clone(),
        geocoder: config.geocoder.clone().map(|(url, key)| -> Arc<dyn app::ssr::gazetteer::Geocoder> {
            Arc::new(app::ssr::gazetteer::Tianditu::new(url, key))
        }),
        work_scanned_at: Arc::default(),
    };
    let sessions = DbSessionStore::open(&store).await?;
    tokio::spawn(sessions.clone().expire_forever());
    tokio::spawn(app::ssr::work::scan::scan_forever(state.clone()));
    // SQLite has no notifications: poll often enough that another instance's write shows within a second
    // (a poll is one indexed read). PostgreSQL is woken by NOTIFY; its poll only covers lost notifications.
    let poll = if store.backend() == "sqlite" { Duration::from_millis(250) } else { Duration::from_secs(1) };
    let pruning = follow::Pruning { instance: instance.clone(), every: config.prune_every, keep: config.prune_keep };
    tokio::spawn(follow::follow(store.clone(), index, catchments, live.clone(), seq, poll, pruning));
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(600)).await;
            throttle.tidy();
        }
    });

    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    // Tests and scripts read this line to learn the port when --addr ends in :0.
    println!("listening on http://{}", listener.local_addr()?);
    // Connection info gives login throttling the client's address.
    let gate = crate::limits::Gate::new(config.limits);
    tokio::spawn({
        let gate = gate.clone();
        async move {
            loop {
                tokio::time::sleep(Duration::from_secs(600)).await;
                gate.tidy();
            }
        }
    });
    let app = router::build(state, sessions, &config.site_root, gate)
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    // On SIGTERM / Ctrl-C: stop accepting, end the live streams, let requests in flight finish —
    // but no longer than DRAIN, so a stuck client cannot hold the shutdown.
    let draining = Arc::new(tokio::sync::Notify::new());
    let signal = {
        let (live, draining) = (live.clone(), draining.clone());
        async move {
            shutdown.await;
            live.close();
            draining.notify_one();
        }
    };
    let serve = axum::serve(listener, app).with_graceful_shutdown(signal);
    tokio::select! {
        result = serve => result?,
        () = async { draining.notified().await; tokio::time::sleep(DRAIN).await } => {
            tracing::warn!(seconds = DRAIN.as_secs(), "requests still running after the drain time; stopping anyway");
        }
    }
    if let Err(e) = store.forget_position(&instance).await {
        tracing::warn!(error = %e, "could not remove this server's change-log position");
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Resolves on SIGTERM or Ctrl-C. The SIGTERM handler is registered when this is called (not when
/// first polled), so a signal that arrives before serving begins is not lost.
fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let term = async move {
            match term {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! { _ = ctrl_c => {}, _ = term => {} }
        tracing::info!("shutting down");
    }
}
