//! Xã Mới's HTTP API. [`app`] builds the whole Router; the binary serves it locally or on AWS Lambda.

mod access_log;
mod cache;
mod config;
mod cors;
mod error;
pub mod limits;
pub mod live;
pub mod openapi;
mod routes;
mod security_headers;
pub mod server;
pub mod snapshot;
mod spa;
pub mod staff;

use std::path::PathBuf;
use std::sync::Arc;

use std::time::Duration;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::http::StatusCode;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;

pub use error::{ApiError, ErrorCode, Message};
pub use limits::LimitsConfig;
pub use live::LiveData;
pub use snapshot::Data;

/// Everything a request handler may read. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The dataset served now: the latest release, swapped when a newer one is published.
    pub data: Arc<LiveData>,
    /// Folder of the built browser app (`index.html` and `assets/`).
    pub spa_dir: PathBuf,
    /// Batches converted at once (one per CPU); a batch beyond them is a 503.
    pub batch_slots: Arc<tokio::sync::Semaphore>,
    /// Whether each client is rate limited (`RATE_LIMIT`); on unless turned off.
    pub limits: LimitsConfig,
    /// The store, sessions and publishing; `None` serves the dataset alone, and staff routes answer 503.
    pub staff: Option<staff::StaffState>,
}

impl AppState {
    /// Serves `data` alone, with no store behind it.
    pub fn new(data: Arc<Data>, spa_dir: PathBuf) -> Self {
        let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        Self {
            data: Arc::new(LiveData::new(data)),
            spa_dir,
            batch_slots: Arc::new(tokio::sync::Semaphore::new(cpus)),
            limits: LimitsConfig::default(),
            staff: None,
        }
    }

    /// The dataset from `SNAPSHOT_PATH` when set (a published snapshot), else the embedded one, then
    /// the latest release of the store at `STORE_URL` (default `var/store/`) when it has one; the
    /// browser app from `SPA_DIR` (default `frontend/dist`); `RATE_LIMIT=off` turns the per-client
    /// limit off. A wrong `SNAPSHOT_PATH`, `SPA_DIR` or `STORE_URL` stops the server (see [`config`]).
    pub async fn from_env() -> Result<Self, String> {
        let var = |name: &str| std::env::var_os(name);
        let base = Arc::new(config::dataset(&var)?);
        let spa_dir = config::spa_dir(&var)?;
        let store = staff::store::Store::open(&staff::store::StoreUrl::from_env().map_err(|e| e.to_string())?)
            .map_err(|e| format!("STORE_URL: {e}"))?;
        let staff = staff::StaffState::open(store, base.clone()).await?;
        let state = Self { limits: LimitsConfig::from_env()?, ..Self::new(staff.serving(), spa_dir) };
        Ok(Self { staff: Some(staff), ..state })
    }
}

/// Longest time a request may take before the service gives up on it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The whole service: `/api/v1/...` plus the browser app for every other path. Every request gets an
/// `x-request-id` (kept if the client sent a short token, else a new UUID), which is on its access log
/// line and on the response.
///
/// The layers, outermost first. `Router::layer` runs them once a route is matched (the access log
/// reads its template), each around every route and the fallback: state they share (the rate limits,
/// the in-flight count) is made once here.
pub fn app(state: AppState) -> Router {
    let spa = spa::service(&state.spa_dir, state.data.clone());
    let rate_limits = limits::RateLimits::new(state.limits);
    Router::new()
        .merge(routes::api(&state))
        .fallback_service(spa)
        .layer(
            ServiceBuilder::new()
                .layer(axum::middleware::from_fn(security_headers::add))
                .map_request(access_log::drop_untrusted_request_id)
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(axum::middleware::from_fn(access_log::access_log))
                .layer(PropagateRequestIdLayer::x_request_id())
                // Outside every layer that answers an error, so that all of them carry CORS.
                .layer(axum::middleware::from_fn_with_state(cors::layer(), cors::for_api))
                .layer(CompressionLayer::new())
                // Inside compression, so that it writes error bodies before they are compressed; outside
                // every layer that answers an ApiError, so that their bodies are in the reader's language.
                .layer(axum::middleware::from_fn(error::json_errors))
                .layer(axum::middleware::from_fn(limits::request_size))
                .layer(axum::middleware::from_fn_with_state(rate_limits, limits::rate_limit))
                // Always on: RATE_LIMIT=off turns off the per-client limit only.
                .layer(HandleErrorLayer::new(limits::overloaded))
                .layer(tower::load_shed::LoadShedLayer::new())
                .layer(tower::limit::GlobalConcurrencyLimitLayer::new(limits::MAX_IN_FLIGHT))
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
                .layer(CatchPanicLayer::custom(error::panic_response)),
        )
        .with_state(state)
}
