//! HTTP caching of read endpoints: their answers depend only on the URL and the dataset, so the
//! dataset's version is their validator (`ETag`), and a CDN may keep them for a minute.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// A minute: a published release reaches readers behind a CDN within a minute of an instance serving it.
pub const READ_CACHE_CONTROL: &str = "public, max-age=60";

/// Answers 304 when the client already has this dataset's answer; otherwise adds `ETag` and
/// `Cache-Control` to successful answers. A weak validator, since compression changes the bytes.
pub async fn by_dataset_version(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let etag = format!("W/\"{}\"", state.data.load().version());
    let fresh = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').map(str::trim).any(|tag| tag == etag || tag == "*"));
    let cache_headers = |response: &mut Response| {
        let headers = response.headers_mut();
        headers.insert(header::ETAG, HeaderValue::from_str(&etag).expect("hex version is a valid header"));
        // A route that knows its answer keeps longer (a boundary) says so itself.
        if !headers.contains_key(header::CACHE_CONTROL) {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(READ_CACHE_CONTROL));
        }
    };
    if fresh {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        cache_headers(&mut response);
        return response;
    }
    let mut response = next.run(request).await;
    if response.status().is_success() {
        cache_headers(&mut response);
    }
    response
}
