//! The dataset for browsers that answer offline: at a URL named by its version, cached forever; and its
//! compact form, what a phone keeps (`shared::data::offline`: only what search and conversion read).

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use crate::error::Message;
use crate::{ApiError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/snapshot", get(current))
        .route("/api/v1/snapshot/{version}", get(snapshot))
        .route("/api/v1/snapshot/{version}/compact", get(compact))
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

#[utoipa::path(get, path = "/api/v1/snapshot/{version}/compact", tag = "dataset",
    summary = "The compact form of a snapshot: only what search and conversion read, for phones that answer offline",
    description = "A snapshot of the same format (postcard, named by the SHA-256 of its own content) whose answers \
        to /convert and /search are those of the full one; the resolutions' texts, procedures, service centres and \
        coordinates are left out.",
    params(("version" = String, Path, description = "The dataset version from /api/v1/health")),
    responses((status = 200, description = "The compact snapshot", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, description = "Not the current version", body = shared::answers::ErrorResponse)))]
pub(crate) async fn compact(State(state): State<AppState>, Path(version): Path<String>) -> Result<Response, ApiError> {
    let data = Arc::clone(&state.data.load());
    if version != data.version() {
        return Err(ApiError::not_found(Message::UnknownSnapshot { current: data.version().to_owned() }));
    }
    let headers = [
        (header::CONTENT_TYPE, "application/octet-stream"),
        (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
    ];
    Ok((headers, compact_of(data).await).into_response())
}

/// The compact snapshot of the dataset served now, made once per version, on a blocking thread
/// (encoding takes a tenth of a second).
async fn compact_of(data: Arc<crate::snapshot::Data>) -> Bytes {
    static MADE: Mutex<Option<(String, Bytes)>> = Mutex::new(None);
    let made = || MADE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((version, bytes)) = made().as_ref()
        && version == data.version()
    {
        return bytes.clone();
    }
    let version = data.version().to_owned();
    let bytes = tokio::task::spawn_blocking(move || {
        Bytes::from(shared::data::snapshot::encode(&shared::data::offline::compact(&data.lookup.index().dataset)))
    })
    .await
    .expect("encoding a dataset does not panic");
    *made() = Some((version, bytes.clone()));
    bytes
}
