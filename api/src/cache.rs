//! HTTP caching of read endpoints: their answers depend only on the URL and the dataset, so the
//! dataset's version is their validator (`ETag`), and a CDN may keep them for a minute.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::routes::maps;

/// A minute: a published release reaches readers behind a CDN within a minute of an instance serving it.
pub const READ_CACHE_CONTROL: &str = "public, max-age=60";

/// The `Cache-Control` of a read route, by its path pattern: here, not in its handler, so that a 304
/// carries the same as the 200 it stands for (RFC 9110, 15.4.5).
fn cache_control(route: Option<&str>) -> &'static str {
    match route {
        Some(maps::BOUNDARY_ROUTE) => maps::BOUNDARY_CACHE_CONTROL,
        _ => READ_CACHE_CONTROL,
    }
}

/// Answers 304 when the client already has this dataset's answer; otherwise adds `ETag` and
/// `Cache-Control` to successful answers. A weak validator, since compression changes the bytes.
pub async fn by_dataset_version(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let etag = format!("W/\"{}\"", state.data.load().version());
    let fresh = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').map(str::trim).any(|tag| tag == etag || tag == "*"));
    let cache_control = cache_control(request.extensions().get::<MatchedPath>().map(MatchedPath::as_str));
    let cache_headers = |response: &mut Response| {
        let headers = response.headers_mut();
        headers.insert(header::ETAG, HeaderValue::from_str(&etag).expect("hex version is a valid header"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::body::Body;
    use tower::ServiceExt;

    use super::*;

    /// The status and `Cache-Control` of `GET uri` on the API's routes, asked with `If-None-Match: etag`.
    async fn get(uri: &str, etag: Option<&str>) -> (StatusCode, String, Option<HeaderValue>) {
        let state = AppState::new(Arc::new(crate::Data::embedded()), "no-spa".into());
        let app = crate::routes::api(&state).with_state(state);
        let mut request = axum::http::Request::get(uri);
        if let Some(etag) = etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        let response = app.oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        let cache_control = response.headers()[header::CACHE_CONTROL].to_str().unwrap().to_owned();
        (response.status(), cache_control, response.headers().get(header::ETAG).cloned())
    }

    #[tokio::test]
    async fn a_304_keeps_as_long_as_the_200_it_stands_for() {
        // Phường Ba Đình (data/new_communes.csv): its boundary, then its page.
        for (uri, kept) in [
            ("/api/v1/communes/00004/boundary", maps::BOUNDARY_CACHE_CONTROL),
            ("/api/v1/communes/00004", READ_CACHE_CONTROL),
        ] {
            let (status, cache_control, etag) = get(uri, None).await;
            assert_eq!((status, cache_control.as_str()), (StatusCode::OK, kept), "{uri}");
            let (status, cache_control, _) = get(uri, Some(etag.unwrap().to_str().unwrap())).await;
            assert_eq!((status, cache_control.as_str()), (StatusCode::NOT_MODIFIED, kept), "{uri}");
        }
    }
}
