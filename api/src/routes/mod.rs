//! `/api/...`: small route groups, each next to its handlers, merged here.

//!
//! Handlers only read the request (codes parsed into their types, once, here at the edge), ask the
//! dataset's [`shared::answers::Lookup`] and write its answer.

pub(crate) mod batch;
pub(crate) mod communes;
pub(crate) mod conversion;
pub(crate) mod health;
pub(crate) mod maps;
pub(crate) mod old_units;
pub(crate) mod procedures;
pub(crate) mod provinces;
pub(crate) mod qr;
pub(crate) mod snapshot;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, Uri, header};
use axum::middleware;
use axum::routing::any;
use shared::answers::Lang;
use shared::engine::MAX_INPUT_CHARS;

use crate::error::Message;
use crate::{ApiError, AppState, cache};

pub fn api(state: &AppState) -> Router<AppState> {
    // Answers that depend only on the URL and the dataset: cacheable, validated by the dataset version.
    let read = Router::new()
        .merge(communes::routes())
        .merge(provinces::routes())
        .merge(old_units::routes())
        .merge(conversion::read_routes())
        .merge(procedures::routes())
        .merge(qr::routes())
        .merge(maps::routes())
        .route_layer(middleware::from_fn_with_state(state.clone(), cache::by_dataset_version));
    Router::new()
        .merge(health::routes())
        .merge(read)
        .merge(conversion::write_routes())
        .merge(batch::routes())
        .merge(snapshot::routes())
        .merge(crate::openapi::routes())
        .merge(crate::staff::routes(state))
        // Unknown API paths answer JSON, never the browser app.
        .route("/api", any(unknown_route))
        .route("/api/{*rest}", any(unknown_route))
        .method_not_allowed_fallback(method_not_allowed)
    // CORS is in app()'s outer stack (crate::cors), so that errors made there carry it too.
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::method_not_allowed(Message::MethodNotAllowed { method: method.to_string(), path: uri.path().to_owned() })
}

async fn unknown_route(uri: Uri) -> ApiError {
    ApiError::not_found(Message::UnknownRoute { path: uri.path().to_owned() })
}

/// The reader's language, for the texts of an answer and of an error: `lang=vi` or `lang=en` in the
/// query, else the first language of `Accept-Language` that the texts are written in, else Vietnamese.
pub(crate) fn reader_lang(uri: &Uri, headers: &HeaderMap) -> Lang {
    let asked = uri.query().and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("lang=")));
    let accepted = || {
        let header = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
        Some(Lang::from_accept_language(header))
    };
    asked.and_then(Lang::from_code).or_else(accepted).unwrap_or_default()
}

/// [`reader_lang`] as an extractor.
pub(crate) struct ReaderLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ReaderLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(reader_lang(&parts.uri, &parts.headers)))
    }
}

/// Free text of at most [`MAX_INPUT_CHARS`] characters (after NFC), or a 422.
fn check_length(text: &str, field: &'static str) -> Result<(), ApiError> {
    if shared::engine::too_long(text) {
        return Err(ApiError::unprocessable(Message::TooLong { field, max: MAX_INPUT_CHARS }));
    }
    Ok(())
}
