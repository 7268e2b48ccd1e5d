//! `/api/...`: small route groups, each next to its handlers, merged here.

mod health;

use axum::Router;
use axum::routing::any;

use crate::{ApiError, AppState};

pub fn api() -> Router<AppState> {
    Router::new()
        .merge(health::routes())
        // Unknown API paths answer JSON, never the browser app.
        .route("/api", any(unknown_route))
        .route("/api/{*rest}", any(unknown_route))
}

async fn unknown_route(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!(
        "Không có đường dẫn API này / No such API route: {}",
        uri.path()
    ))
}
