//! Xã Mới's HTTP API. [`app`] builds the whole Router; the binary serves it locally or on AWS Lambda.

mod error;
mod routes;
mod spa;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use shared::api::DatasetInfo;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use error::ApiError;

/// Everything a request handler may read. Cheap to clone; never mutated after start-up.
#[derive(Clone)]
pub struct AppState {
    pub dataset: Arc<DatasetInfo>,
    /// Folder of the built browser app (`index.html` and `assets/`).
    pub spa_dir: PathBuf,
}

impl AppState {
    /// The data compiled into this binary, and the app from `SPA_DIR` (default `frontend/dist`).
    pub fn from_env() -> Self {
        let spa_dir = std::env::var_os("SPA_DIR")
            .map_or_else(|| PathBuf::from("frontend/dist"), PathBuf::from);
        Self {
            dataset: Arc::new(embedded_dataset_info()),
            spa_dir,
        }
    }
}

/// Identity of the data this binary was built from (computed by `build.rs`).
pub fn embedded_dataset_info() -> DatasetInfo {
    DatasetInfo {
        version: env!("DATASET_VERSION").to_owned(),
        built_from: env!("DATASET_BUILT_FROM").to_owned(),
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
