use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use shared::api::HealthResponse;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/health", get(health))
}

async fn health(State(state): State<AppState>) -> Json<HealthResponse> {
    Json(HealthResponse { status: "ok".to_owned(), dataset: state.data.info() })
}
