//! Serves the built browser app: hashed assets cached for a year, `index.html` for every other path
//! so that client-side routes such as `/xa/00097` load, and never cached itself.

use std::path::Path;

use axum::Router;
use axum::http::{HeaderValue, header};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

/// `dir/assets/*` as immutable files (precompressed `.br`/`.gz` siblings are used when present);
/// anything else answers `dir/index.html`.
pub fn service(dir: &Path) -> Router {
    let assets = ServeDir::new(dir.join("assets")).precompressed_br().precompressed_gzip();
    let index = ServeFile::new(dir.join("index.html"));
    Router::new()
        .nest_service(
            "/assets",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE)))
                .service(assets),
        )
        .fallback_service(
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE)))
                .service(index),
        )
}
