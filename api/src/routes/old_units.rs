//! Old provinces → districts → communes, for the step-by-step picker.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use shared::answers::OldUnitsResponse;
use shared::model::{CodeKind, OldDistrictCode, OldProvinceCode};

use crate::error::Message;
use crate::{ApiError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/old/provinces", get(provinces))
        .route("/api/v1/old/provinces/{code}/districts", get(districts))
        .route("/api/v1/old/districts/{code}/communes", get(communes))
}

#[utoipa::path(get, path = "/api/v1/old/provinces", tag = "picker",
    summary = "The 63 provinces before 1 July 2025",
    responses((status = 200, description = "Old provinces", body = OldUnitsResponse)))]
pub(crate) async fn provinces(State(state): State<AppState>) -> Json<OldUnitsResponse> {
    Json(state.data.load().lookup.old_provinces())
}

#[utoipa::path(get, path = "/api/v1/old/provinces/{code}/districts", tag = "picker",
    summary = "An old province's districts (island districts list the special zone they became)",
    params(("code" = OldProvinceCode, Path, description = "2-digit code of the old province", example = "01")),
    responses((status = 200, description = "Its districts", body = OldUnitsResponse), (status = 400, description = "Malformed code", body = shared::answers::ErrorResponse), (status = 404, description = "Unknown code", body = shared::answers::ErrorResponse)))]
pub(crate) async fn districts(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<OldUnitsResponse>, ApiError> {
    let code: OldProvinceCode = code.parse()?;
    state.data.load().lookup.old_province_districts(&code).map(Json).ok_or_else(|| {
        ApiError::not_found(Message::UnknownCode { kind: CodeKind::OldProvince, code: code.to_string() })
    })
}

#[utoipa::path(get, path = "/api/v1/old/districts/{code}/communes", tag = "picker",
    summary = "An old district's communes",
    params(("code" = OldDistrictCode, Path, description = "3-digit code of the old district", example = "001")),
    responses((status = 200, description = "Its communes", body = OldUnitsResponse), (status = 400, description = "Malformed code", body = shared::answers::ErrorResponse), (status = 404, description = "Unknown code", body = shared::answers::ErrorResponse)))]
pub(crate) async fn communes(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<OldUnitsResponse>, ApiError> {
    let code: OldDistrictCode = code.parse()?;
    state.data.load().lookup.old_district_communes(&code).map(Json).ok_or_else(|| {
        ApiError::not_found(Message::UnknownCode { kind: CodeKind::OldDistrict, code: code.to_string() })
    })
}
