//! An old commune and where it went; a new commune and what it took in.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use shared::answers::{CommuneResponse, OldCommuneResponse};
use shared::model::{CodeKind, NewCommuneCode, OldCommuneCode};

use crate::error::Message;
use crate::{ApiError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/old-communes/{code}", get(old_commune)).route("/api/v1/communes/{code}", get(commune))
}

#[utoipa::path(get, path = "/api/v1/old-communes/{code}", tag = "dataset",
    summary = "Where an old commune went (default successor first)",
    params(("code" = OldCommuneCode, Path, description = "5-digit code of the commune before 1 July 2025", example = "26740")),
    responses((status = 200, description = "The old commune and its successors", body = OldCommuneResponse), (status = 400, description = "Malformed code", body = shared::answers::ErrorResponse), (status = 404, description = "Unknown code", body = shared::answers::ErrorResponse)))]
pub(crate) async fn old_commune(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<OldCommuneResponse>, ApiError> {
    let code: OldCommuneCode = code.parse()?;
    state
        .data
        .load()
        .lookup
        .old_commune(&code)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(Message::UnknownCode { kind: CodeKind::OldCommune, code: code.to_string() }))
}

#[utoipa::path(get, path = "/api/v1/communes/{code}", tag = "dataset",
    summary = "A new commune, ward or special zone",
    description = "With its service centre (always present: where staff have verified nothing, every fact is null, \
        the location is the commune's centroid with `location_approximate` and `status` is `unverified`) and the \
        active procedures of the national catalogue.",
    params(("code" = NewCommuneCode, Path, description = "5-digit code of the commune from 1 July 2025", example = "26740")),
    responses((status = 200, description = "The new commune, its predecessors and legal basis", body = CommuneResponse), (status = 400, description = "Malformed code", body = shared::answers::ErrorResponse), (status = 404, description = "Unknown code", body = shared::answers::ErrorResponse)))]
pub(crate) async fn commune(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<CommuneResponse>, ApiError> {
    let code: NewCommuneCode = code.parse()?;
    state
        .data
        .load()
        .lookup
        .commune(&code)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(Message::UnknownCode { kind: CodeKind::NewCommune, code: code.to_string() }))
}
