//! `caremap serve`: open the store, load the sample if empty, build the index, serve.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use app::ssr::auth::session::DbSessionStore;
use app::ssr::index::FacilityIndex;
use app::ssr::live::Live;
use app::ssr::state::{AppState, Settings};
use app::ssr::store::Store;
use app::ssr::throttle::Throttles;
use app::ssr::{follow, seed, snapshot};
use leptos::config::LeptosOptions;

use super::{CommandResult, ensure_sqlite_dir};
use crate::cli::ServeArgs;
use crate::config::ServeConfig;
use crate::router;

/// How long a shutdown waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(10);

pub async fn run(args: ServeArgs) -> CommandResult {
    let shutdown = shutdown_signal();
    ignore_file_size_signal();
    let config = ServeConfig::from_args(args)?;
    let missing: Vec<&str> = app::bundles::BUNDLES
        .iter()
        .filter(|b| !config.site_root.join(b.dir).join(format!("{}.js", app::bundles::OUTPUT_NAME)).exists())
        .map(|b| b.dir)
        .collect();
    if !missing.is_empty() {
        tracing::warn!(site_root = %config.site_root.display(), ?missing, "bundles not built: their pages render but will not hydrate (run scripts/build-frontend)");
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
        if app::ssr::gazetteer_import::load_sample_places_if_empty(&store, app::clock::now()).await? {
            tracing::info!("no imported places yet: loaded the made-up sample compounds and roads");
        }
    }
    // Read the log position first: anything written while loading is replayed by the follower.
    let seq = store.last_change().await?;
    // Hold the log from here on before anything else: another server's pruning keeps what this one has
    // not read yet.
    let instance = app::ssr::auth::token::generate().map_err(|e| format!("no randomness: {e}"))?;
    store.record_position(&instance, seq, app::clock::now()).await?;
    let catchments = Arc::new(app::ssr::catchment::Catchments::new(store.load_catchments().await?));
    let places = Arc::new(app::ssr::gazetteer::ImportedPlaces::new(store.load_places().await?));
    let live = Live::new();
    let started = std::time::Instant::now();
    let (index, seq, current) =
        load_index(&store, seq, config.snapshot.as_deref(), &instance, &catchments, &places, &live).await?;
    if config.keep_json {
        index.keep_json();
    }
    let index = Arc::new(index);
    tracing::info!(
        facilities = index.len(),
        ms = started.elapsed().as_millis() as u64,
        backend = store.backend(),
        "index built"
    );
    let saver = config.snapshot.clone().map(|path| Arc::new(snapshot::Saver::new(path, current)));

    let leptos_options = LeptosOptions::builder()
        .output_name(app::bundles::OUTPUT_NAME)
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir(app::bundles::FULL.dir)
        .site_addr(config.addr)
        .build();
    let throttle = Arc::new(Throttles::new());
    let state = AppState {
        leptos_options,
        store: store.clone(),
        index: index.clone(),
        catchments: catchments.clone(),
        places: places.clone(),
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
    tokio::spawn(follow::follow(state.clone(), seq, poll, pruning));
    if let Some(saver) = &saver {
        tokio::spawn(saver.clone().save_forever(state.clone(), instance.clone(), config.snapshot_every));
    }
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
    let after = state.clone();
    let app = router::build(state, sessions, &config.site_root, gate);
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
    let serve = serve_http(listener, app, config.limits, Arc::new(config.client_addr.clone()), signal);
    tokio::select! {
        () = serve => {},
        () = async { draining.notified().await; tokio::time::sleep(DRAIN).await } => {
            tracing::warn!(seconds = DRAIN.as_secs(), "requests still running after the drain time; stopping anyway");
        }
    }
    // Before the position goes: until then the log holds everything after it.
    if let Some(saver) = &saver {
        saver.save_at_shutdown(&after, &instance).await;
    }
    if let Err(e) = store.forget_position(&instance).await {
        tracing::warn!(error = %e, "could not remove this server's change-log position");
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// The index at start, and the log position it includes. From the snapshot when one fits the database,
/// brought up to date from the log before anything is served; else from the database. The third value is
/// the snapshot's position when the file on disk is exactly the index (nothing replayed), so it is not
/// written again until something changes.
async fn load_index(
    store: &Store,
    seq: i64,
    path: Option<&std::path::Path>,
    instance: &str,
    catchments: &app::ssr::catchment::Catchments,
    places: &app::ssr::gazetteer::ImportedPlaces,
    live: &Live,
) -> Result<(FacilityIndex, i64, Option<i64>), Box<dyn std::error::Error + Send + Sync>> {
    let found = match path {
        Some(path) => snapshot::read(path).await,
        None => None,
    };
    if let Some(found) = found {
        let from = found.position();
        // Hold the log from just before the snapshot's position before checking it: another server's
        // pruning then keeps the entry the check reads and everything the replay needs (what was pruned
        // before this, the check finds).
        store.record_position(instance, (from - 1).min(seq).max(0), app::clock::now()).await?;
        match found.check(store).await {
            Ok(()) => {
                let index = FacilityIndex::build_shared(found.into_facilities());
                let to = follow::catch_up(store, &index, catchments, places, live, from).await?;
                store.record_position(instance, to, app::clock::now()).await?;
                tracing::info!(from, to, "index built from the snapshot and brought up to date from the change log");
                return Ok((index, to, (to == from).then_some(from)));
            }
            Err(why) => tracing::warn!(
                path = %found.path.display(),
                reason = %why,
                "snapshot not used: loading from the database"
            ),
        }
    }
    // Back to where the database's load starts (a snapshot tried may have lowered it).
    store.record_position(instance, seq, app::clock::now()).await?;
    Ok((FacilityIndex::build(store.load_all().await?), seq, None))
}

/// Serve `app` on `listener` until `signal` resolves; then stop accepting, let every connection finish its
/// request in flight (idle keep-alive connections are closed at once) and return. The caller bounds that
/// wait. hyper's server rather than `axum::serve`, for the two limits that one does not expose: the time a
/// client may take to send a request's line and headers (a slow or silent client is disconnected instead of
/// holding a connection open for ever) and their size (431 over it).
async fn serve_http(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    limits: crate::limits::Limits,
    client_addr: Arc<crate::client_addr::ClientAddrRule>,
    signal: impl std::future::Future<Output = ()>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;

    // HTTP/1.1: what browsers and proxies speak to it (HTTP/2 needs TLS, which a proxy in front ends).
    // The head's timer starts as soon as hyper waits for a request, so a connection that sends nothing
    // is closed too.
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).max_header_size(limits.max_header_bytes);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut signal = std::pin::pin!(signal);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment instead of spinning.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut signal => break,
        };
        // The socket's peer, and the client's address decided from it (the peer, or what a trusted proxy
        // reports) for the per-client limits and throttles.
        let rule = client_addr.clone();
        let service = tower::ServiceExt::map_request(app.clone(), move |mut req: axum::http::Request<_>| {
            let client = rule.resolve(remote.ip(), req.headers());
            req.extensions_mut().insert(app::ssr::client_addr::ClientAddr(Some(client)));
            req.extensions_mut().insert(axum::extract::ConnectInfo(remote));
            req
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)));
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// A write past the file-size limit (`ulimit -f`, RLIMIT_FSIZE) sends SIGXFSZ, which kills the process
/// by default. Handled (and ignored), the write fails with EFBIG instead: the database refuses the change
/// as with a full disk (a 503, nothing written) and the server keeps serving reads.
fn ignore_file_size_signal() {
    #[cfg(unix)]
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::from_raw(libc::SIGXFSZ)) {
        // Never read: once registered, tokio's handler stays for the life of the process.
        Ok(stream) => drop(stream),
        Err(e) => {
            tracing::warn!(error = %e, "cannot handle SIGXFSZ: a write past the file-size limit will stop the server")
        }
    }
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
