//! `/api/...`: small route groups, each next to its handlers, merged here.

//!
//! Handlers only read the request (codes parsed into their types, once, here at the edge), ask the
//! dataset's [`shared::answers::Lookup`] and write its answer.

pub(crate) mod batch;
pub(crate) mod communes;
pub(crate) mod conversion;
pub(crate) mod health;
pub(crate) mod old_units;
pub(crate) mod procedures;
pub(crate) mod provinces;
pub(crate) mod snapshot;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderName, Method, header};
use axum::middleware;
use axum::routing::any;
use shared::answers::Lang;
use shared::engine::MAX_INPUT_CHARS;
use tower_http::cors::{Any, CorsLayer};

use crate::{ApiError, AppState, cache};

pub fn api(state: &AppState) -> Router<AppState> {
    // Answers that depend only on the URL and the dataset: cacheable, validated by the dataset version.
    let read = Router::new()
        .merge(communes::routes())
        .merge(provinces::routes())
        .merge(old_units::routes())
        .merge(conversion::read_routes())
        .merge(procedures::routes())
        .route_layer(middleware::from_fn_with_state(state.clone(), cache::by_dataset_version));
    Router::new()
        .merge(health::routes())
        .merge(read)
        .merge(conversion::write_routes())
        .merge(batch::routes())
        .merge(snapshot::routes())
        .merge(crate::openapi::routes())
        // Unknown API paths answer JSON, never the browser app.
        .route("/api", any(unknown_route))
        .route("/api/{*rest}", any(unknown_route))
        .method_not_allowed_fallback(method_not_allowed)
        // The public read and conversion API may be called from any web page.
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE, header::IF_NONE_MATCH])
                .expose_headers([header::ETAG, HeaderName::from_static("x-request-id")]),
        )
}

async fn method_not_allowed(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::method_not_allowed(format!(
        "{method} không dùng được ở {path} / {method} is not allowed on {path}",
        path = uri.path()
    ))
}

async fn unknown_route(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("Không có đường dẫn API này / No such API route: {}", uri.path()))
}

/// The reader's language, for the texts of an answer: `lang=vi` or `lang=en` in the query, else the first
/// language of `Accept-Language` that the texts are written in, else Vietnamese.
pub(crate) struct ReaderLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ReaderLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let asked = parts.uri.query().and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("lang=")));
        let accepted = || {
            let header = parts.headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
            Some(Lang::from_accept_language(header))
        };
        Ok(Self(asked.and_then(Lang::from_code).or_else(accepted).unwrap_or_default()))
    }
}

/// Free text of at most [`MAX_INPUT_CHARS`] characters, or a 422.
fn check_length(text: &str, field: &str) -> Result<(), ApiError> {
    if text.chars().count() > MAX_INPUT_CHARS {
        return Err(ApiError::unprocessable(format!(
            "{field} dài quá {MAX_INPUT_CHARS} ký tự / {field} is longer than {MAX_INPUT_CHARS} characters"
        )));
    }
    Ok(())
}
