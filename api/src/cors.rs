//! CORS for the public API: any web page may call `/api/...` (no credentials), and every answer there
//! carries the headers, errors made by the outer layers (408, 414, 429, 431, 503, panics) included.
//! The app's own pages and assets are left without them.

use axum::extract::{Request, State};
use axum::http::{HeaderName, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use tower::{Layer, ServiceExt};
use tower_http::cors::{Any, CorsLayer};

/// The API's CORS rules; headers a page may read include the rate limit's and `Retry-After`.
pub fn layer() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::IF_NONE_MATCH])
        .expose_headers([
            header::ETAG,
            header::RETRY_AFTER,
            HeaderName::from_static("x-request-id"),
            HeaderName::from_static("ratelimit"),
            HeaderName::from_static("ratelimit-policy"),
        ])
}

/// [`layer`] around the rest of the stack for `/api` paths only (preflights answered here).
pub async fn for_api(State(cors): State<CorsLayer>, request: Request, next: Next) -> Response {
    if !crate::limits::is_api(request.uri().path()) {
        return next.run(request).await;
    }
    match cors.layer(next).oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}
