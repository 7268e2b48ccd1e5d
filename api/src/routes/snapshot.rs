//! The compact dataset for browsers that answer offline: at a URL named by its version, cached forever.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use crate::error::Message;
use crate::{ApiError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/snapshot", get(current)).route("/api/v1/snapshot/{version}", get(snapshot))
}

/// Points to the current version's URL; never cached itself, so clients learn of new versions.
#[utoipa::path(get, path = "/api/v1/snapshot", tag = "dataset",
    summary = "Redirects to the current snapshot's versioned URL",
    responses((status = 307, description = "Location: /api/v1/snapshot/{version}")))]
pub(crate) async fn current(State(state): State<AppState>) -> Response {
    let mut response =
        Redirect::temporary(&format!("/api/v1/snapshot/{}", state.data.load().version())).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[utoipa::path(get, path = "/api/v1/snapshot/{version}", tag = "dataset",
    summary = "The compact dataset (postcard, named by its SHA-256), for apps that answer offline",
    params(("version" = String, Path, description = "The dataset version from /api/v1/health")),
    responses((status = 200, description = "The snapshot", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, description = "Not the current version", body = shared::answers::ErrorResponse)))]
pub(crate) async fn snapshot(State(state): State<AppState>, Path(version): Path<String>) -> Result<Response, ApiError> {
    let data = state.data.load();
    if version != data.version() {
        return Err(ApiError::not_found(Message::UnknownSnapshot { current: data.version().to_owned() }));
    }
    let headers = [
        (header::CONTENT_TYPE, "application/octet-stream"),
        (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
    ];
    Ok((headers, data.bytes.clone()).into_response())
}
