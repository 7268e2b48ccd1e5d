//! Free-text conversion and search as you type, answered by the shared engine.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use shared::api::{ConvertRequest, ConvertResponse, SearchResponse};
use shared::engine::{MAX_INPUT_CHARS, MAX_SEARCH_LIMIT};

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

async fn convert(
    State(state): State<AppState>,
    body: Result<Json<ConvertRequest>, JsonRejection>,
) -> Result<Json<ConvertResponse>, ApiError> {
    let Json(request) = body?;
    check_length(&request.address, "address")?;
    Ok(Json(state.data.engine.convert(&state.data.index, &request.address)))
}

#[derive(Debug, Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
    limit: Option<usize>,
}

async fn search(
    State(state): State<AppState>,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Json<SearchResponse>, ApiError> {
    let Query(query) = query?;
    check_length(&query.q, "q")?;
    let limit = query.limit.unwrap_or(10);
    if limit == 0 || limit > MAX_SEARCH_LIMIT {
        return Err(ApiError::bad_request(format!(
            "limit phải từ 1 đến {MAX_SEARCH_LIMIT} / limit must be between 1 and {MAX_SEARCH_LIMIT}"
        )));
    }
    Ok(Json(SearchResponse { results: state.data.engine.search(&state.data.index, &query.q, limit) }))
}

fn check_length(text: &str, field: &str) -> Result<(), ApiError> {
    if text.chars().count() > MAX_INPUT_CHARS {
        return Err(ApiError::unprocessable(format!(
            "{field} dài quá {MAX_INPUT_CHARS} ký tự / {field} is longer than {MAX_INPUT_CHARS} characters"
        )));
    }
    Ok(())
}
