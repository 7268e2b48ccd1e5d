use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use shared::answers::HealthResponse;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/health", get(health))
}

/// Never cached: it reports the instance that answers.
#[utoipa::path(get, path = "/api/v1/health", tag = "service",
    summary = "Service status and the dataset it answers from",
    responses((status = 200, description = "The service is up", body = HealthResponse)))]
pub(crate) async fn health(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(HealthResponse { status: "ok".to_owned(), dataset: state.data.load().lookup.dataset_info() }),
    )
}
