//! Xã Mới's HTTP API. [`app`] builds the whole Router; the binary serves it locally or on AWS Lambda.

mod cache;
mod error;
pub mod openapi;
mod routes;
pub mod snapshot;
mod spa;

use std::path::PathBuf;
use std::sync::Arc;

use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::{ApiError, ErrorCode, Message};
pub use snapshot::Data;

/// Everything a request handler may read. Cheap to clone; never mutated after start-up.
#[derive(Clone)]
pub struct AppState {
    pub data: Arc<Data>,
    /// Folder of the built browser app (`index.html` and `assets/`).
    pub spa_dir: PathBuf,
}

impl AppState {
    /// The dataset from `SNAPSHOT_PATH` when set (a published snapshot), else the embedded one; the
    /// browser app from `SPA_DIR` (default `frontend/dist`).
    pub fn from_env() -> Result<Self, String> {
        let data = match std::env::var_os("SNAPSHOT_PATH") {
            Some(path) => {
                let shown = path.to_string_lossy().into_owned();
                let bytes = std::fs::read(&path).map_err(|e| format!("SNAPSHOT_PATH {shown}: {e}"))?;
                Data::from_bytes(bytes).map_err(|e| format!("SNAPSHOT_PATH {shown}: {e}"))?
            }
            None => Data::embedded(),
        };
        let spa_dir = std::env::var_os("SPA_DIR").map_or_else(|| PathBuf::from("frontend/dist"), PathBuf::from);
        Ok(Self { data: Arc::new(data), spa_dir })
    }
}

/// Longest time a request may take before the service gives up on it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The whole service: `/api/v1/...` plus the browser app for every other path. Every request gets an
/// `x-request-id` (kept if the client sent one), which is on each of its log lines and on the response.
pub fn app(state: AppState) -> Router {
    let spa = spa::service(&state.spa_dir);
    let trace = TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
        let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
        tracing::info_span!("request", id, method = %request.method(), uri = %request.uri())
    });
    Router::new()
        .merge(routes::api(&state))
        .fallback_service(spa)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(trace)
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(CompressionLayer::new())
                // Inside compression, so that it writes error bodies before they are compressed.
                .layer(axum::middleware::from_fn(error::json_errors))
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
                .layer(CatchPanicLayer::custom(error::panic_response)),
        )
        .with_state(state)
}
