//! Free-text conversion and search as you type, answered by the dataset's lookup engine.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use shared::answers::{ConvertRequest, ConvertResponse, SearchResponse};
use shared::engine::MAX_SEARCH_LIMIT;

use super::{ReaderLang, check_length};
use crate::error::Message;
use crate::{ApiError, AppState};

/// Largest body of a single conversion.
const SINGLE_BODY_LIMIT: usize = 64 * 1024;

/// Search: cacheable (see `cache`).
pub fn read_routes() -> Router<AppState> {
    Router::new().route("/api/v1/search", get(search))
}

/// Conversion: POST, never cached.
pub fn write_routes() -> Router<AppState> {
    Router::new().route("/api/v1/convert", post(convert).layer(DefaultBodyLimit::max(SINGLE_BODY_LIMIT)))
}

#[utoipa::path(post, path = "/api/v1/convert", tag = "conversion",
    summary = "Convert one old address to its new commune",
    description = "Reads a free-text address (with or without tone marks, commas, unit words; typos tolerated). \
        No match is a 200 with no candidates and a hint.",
    request_body = ConvertRequest,
    params(("lang" = Option<String>, Query, description = "Language of `hint`, `reason_texts` and error messages: `vi` \
            (default) or `en`; without it, the first of `Accept-Language` that is one of them"),
        ("Accept-Language" = Option<String>, Header, nullable = false, description = "Used when `lang` is absent")),
    responses((status = 200, description = "Candidates, best first", body = ConvertResponse),
        (status = 400, description = "Malformed JSON", body = shared::answers::ErrorResponse),
        (status = 413, description = "Body over 64 KB", body = shared::answers::ErrorResponse),
        (status = 415, description = "Not JSON", body = shared::answers::ErrorResponse),
        (status = 422, description = "Wrong JSON shape, or address over 500 characters", body = shared::answers::ErrorResponse)))]
pub(crate) async fn convert(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    body: Result<Json<ConvertRequest>, JsonRejection>,
) -> Result<Json<ConvertResponse>, ApiError> {
    let Json(request) = body?;
    check_length(&request.address, "address")?;
    Ok(Json(state.data.load().lookup.convert(&request.address, lang)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchQuery {
    /// What was typed: at most 500 characters, counted after NFC normalisation (JSON Schema's
    /// `maxLength` counts code points, so text written decomposed may be longer before it).
    #[serde(default)]
    #[param(max_length = 500)]
    q: String,
    /// How many results, 1–50 (default 10).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<usize>,
}

#[utoipa::path(get, path = "/api/v1/search", tag = "conversion",
    summary = "Search old and new communes as you type",
    params(SearchQuery),
    responses((status = 200, description = "Matches, best first", body = SearchResponse),
        (status = 400, description = "Bad limit", body = shared::answers::ErrorResponse),
        (status = 422, description = "q over 500 characters", body = shared::answers::ErrorResponse)))]
pub(crate) async fn search(
    State(state): State<AppState>,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Json<SearchResponse>, ApiError> {
    let Query(query) = query?;
    check_length(&query.q, "q")?;
    let limit = query.limit.unwrap_or(10);
    if limit == 0 || limit > MAX_SEARCH_LIMIT {
        return Err(ApiError::bad_request(Message::BadLimit { max: MAX_SEARCH_LIMIT }));
    }
    Ok(Json(state.data.load().lookup.search(&query.q, limit)))
}
