//! Xã Mới's HTTP API. [`app`] builds the whole Router; the binary serves it locally or on AWS Lambda.

mod error;
mod routes;
pub mod snapshot;
mod spa;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use error::ApiError;
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

/// The whole service: `/api/v1/...` plus the browser app for every other path.
pub fn app(state: AppState) -> Router {
    let spa = spa::service(&state.spa_dir);
    Router::new()
        .merge(routes::api())
        .fallback_service(spa)
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
