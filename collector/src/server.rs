//! Starting and stopping the collector: store, seed, writer, listener, graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::config::{ConfigError, Options};
use crate::demo::knobs::DemoKnobs;
use crate::error::ApiError;
use crate::flags::engine;
use crate::ingest::writer;
use crate::plans::engine::Engine;
use crate::plans::flipper::FlipperClient;
use crate::plans::metrics::Metrics;
use crate::ratelimit::RateLimiter;
use crate::state::AppState;
use crate::store::{self, Pool};
use crate::util::{now_ms, Rng};
use crate::{app, auth};

#[derive(Debug)]
pub enum StartError {
    Config(ConfigError),
    Seed(String),
    Store(String),
    Bind(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Config(e) => write!(f, "{e}"),
            StartError::Seed(e) => write!(f, "flags file: {e}"),
            StartError::Store(e) => write!(f, "database: {e}"),
            StartError::Bind(e) => write!(f, "listen: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Largest flags file read.
pub const MAX_FLAGS_FILE_BYTES: u64 = va_rollout_core::flags::MAX_BODY_BYTES as u64;

fn seed(opts: &Options) -> Result<usize, StartError> {
    let Some(path) = &opts.flags_file else {
        return Ok(0);
    };
    let meta = std::fs::metadata(path)
        .map_err(|e| StartError::Seed(format!("{}: {e}", path.display())))?;
    if meta.len() > MAX_FLAGS_FILE_BYTES {
        return Err(StartError::Seed(format!(
            "larger than {MAX_FLAGS_FILE_BYTES} bytes"
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| StartError::Seed(format!("{}: {e}", path.display())))?;
    let features = engine::parse_seed(&bytes).map_err(StartError::Seed)?;
    let mut conn = store::open(&opts.db).map_err(|e| StartError::Store(e.to_string()))?;
    store::features::seed(&mut conn, &features, now_ms())
        .map_err(|e| StartError::Store(e.to_string()))?;
    Ok(features.len())
}

/// Runs the collector on `listener` until `shutdown` resolves, then drains the ingest queue.
pub async fn serve(
    opts: Options,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let mounts = opts.validate().map_err(StartError::Config)?;
    let bound: SocketAddr = listener
        .local_addr()
        .map_err(|e| StartError::Bind(e.to_string()))?;
    if !bound.ip().is_loopback() && opts.admin_token.is_none() {
        return Err(StartError::Config(ConfigError::NonLoopbackWithoutToken(
            bound,
        )));
    }
    store::init(&opts.db).map_err(|e| StartError::Store(e.to_string()))?;
    let seeded = seed(&opts)?;
    let token = match &opts.admin_token {
        Some(t) => t.clone(),
        None => {
            let t = auth::generate_token();
            tracing::warn!("no --admin-token given; admin token for this run: {t}");
            t
        }
    };
    let (queue, writer_thread) = writer::spawn(&opts.db, opts.ingest_queue, opts.ingest_sync)
        .map_err(|e| StartError::Store(e.to_string()))?;
    let origins = opts.allowed_origins(bound);
    let pool = Arc::new(Pool::new(opts.db.clone()));
    let source = opts
        .engine
        .metrics(Some(pool.clone()))
        .map_err(|e| StartError::Config(crate::config::ConfigError::BadClickHouse(e)))?;
    let engine = plan_engine(&opts, bound, &token, pool.clone(), source.clone())?;
    let state = AppState {
        pool,
        source,
        queue,
        admission: crate::ingest::admission::Admission::new(opts.admission_limits()),
        limiter: Arc::new(RateLimiter::new(
            opts.ingest_rate,
            opts.ingest_burst,
            opts.rate_limit_loopback,
        )),
        admin_token: Arc::from(token.as_str()),
        allowed_origins: Arc::from(origins.clone()),
        max_body_bytes: opts.max_body_bytes,
        demo: Arc::new(DemoKnobs::new(opts.demo_latency_ms, opts.demo_error_rate)),
        rng: Arc::new(Rng::seeded()),
        plans: Some(engine.clone()),
    };
    let (stop_plans, plans_stopped) = tokio::sync::oneshot::channel::<()>();
    let plans_task = tokio::spawn(engine.run(async move {
        let _ = plans_stopped.await;
    }));
    let router = app::router(state, &origins, &mounts, opts.csp_header());
    tracing::info!(db = %opts.db.display(), seeded, "collector ready");
    print_banner(bound, &mounts);
    let served = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    let _ = stop_plans.send(());
    let _ = plans_task.await;
    tracing::info!("stopped accepting; draining the ingest queue");
    let joined = tokio::task::spawn_blocking(move || writer_thread.join()).await;
    if !matches!(joined, Ok(Ok(()))) {
        tracing::error!("ingest writer did not stop cleanly");
    }
    served.map_err(|e| StartError::Bind(e.to_string()))
}

/// The release-plan engine: metrics from this collector's events, toggles through the external
/// Flipper API when one is configured, else through this collector's own Flipper API.
fn plan_engine(
    opts: &Options,
    bound: SocketAddr,
    token: &str,
    pool: Arc<Pool>,
    metrics: Arc<dyn Metrics>,
) -> Result<Arc<Engine>, StartError> {
    let flipper = match &opts.plan_flipper_url {
        Some(url) => FlipperClient::new(url, opts.plan_flipper_token.clone()),
        None => FlipperClient::new(
            &format!("http://{bound}/flipper/api"),
            Some(token.to_string()),
        ),
    }
    .map_err(StartError::Store)?;
    tracing::info!(flipper = %flipper.base, "release plans drive this Flipper API");
    Engine::new(pool, metrics, flipper)
        .map(Arc::new)
        .map_err(StartError::Store)
}

/// Prints the URLs to open (first line: `… listening on http://ADDR`). A closed stdout is
/// ignored: the server keeps running.
fn print_banner(bound: SocketAddr, mounts: &[crate::config::StaticMount]) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "va-rollout-collector listening on http://{bound}");
    for m in mounts {
        let _ = writeln!(
            out,
            "  static {} -> {}  (open http://{bound}{})",
            m.prefix,
            m.dir.display(),
            m.prefix
        );
    }
    let _ = writeln!(out, "  report: http://{bound}/report");
    let _ = out.flush();
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received");
}

impl From<StartError> for ApiError {
    fn from(e: StartError) -> Self {
        ApiError::Internal(e.to_string())
    }
}
