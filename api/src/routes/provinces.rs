//! The 34 provinces and their communes.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use shared::answers::{ProvinceCommunesResponse, ProvincesResponse};
use shared::model::{CodeKind, ProvinceCode};

use crate::error::Message;
use crate::{ApiError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/provinces", get(provinces))
        .route("/api/v1/provinces/{code}/communes", get(province_communes))
}

#[utoipa::path(get, path = "/api/v1/provinces", tag = "dataset",
    summary = "The 34 provinces and the old provinces each absorbed",
    responses((status = 200, description = "Every province", body = ProvincesResponse)))]
pub(crate) async fn provinces(State(state): State<AppState>) -> Json<ProvincesResponse> {
    Json(state.data.load().lookup.provinces())
}

#[utoipa::path(get, path = "/api/v1/provinces/{code}/communes", tag = "dataset",
    summary = "A province's communes",
    params(("code" = ProvinceCode, Path, description = "2-digit province code", example = "79")),
    responses((status = 200, description = "The province and its communes", body = ProvinceCommunesResponse), (status = 400, description = "Malformed code", body = shared::answers::ErrorResponse), (status = 404, description = "Unknown code", body = shared::answers::ErrorResponse)))]
pub(crate) async fn province_communes(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ProvinceCommunesResponse>, ApiError> {
    let code: ProvinceCode = code.parse()?;
    state
        .data
        .load()
        .lookup
        .province_communes(&code)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(Message::UnknownCode { kind: CodeKind::Province, code: code.to_string() }))
}
