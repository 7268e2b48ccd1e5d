//! The 34 provinces and their communes.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use shared::answers::{CommuneSummary, ProvinceCommunesResponse, ProvinceSummary, ProvincesResponse, UnitRef};
use shared::model::{ChangeLevel, Index, NewProvince, ProvinceCode};

use super::communes::history;
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
    let index = &state.data.index;
    Json(ProvincesResponse { provinces: index.dataset.new_provinces.iter().map(|p| summary(index, p)).collect() })
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
    let index = &state.data.index;
    let province = index
        .new_province(&code)
        .ok_or_else(|| ApiError::not_found(format!("Không có tỉnh mã {code} / No province with code {code}")))?;
    let communes = index
        .new_communes_of(&code)
        .into_iter()
        .map(|c| CommuneSummary { code: c.code.clone(), name: c.full_name.clone(), unit_type: c.unit_type.clone() })
        .collect();
    Ok(Json(ProvinceCommunesResponse { province: summary(index, province), communes }))
}

pub fn summary(index: &Index, province: &NewProvince) -> ProvinceSummary {
    ProvinceSummary {
        code: province.code.clone(),
        name: province.full_name.clone(),
        short_name: province.name.clone(),
        unit_type: province.unit_type.clone(),
        name_en: province.full_name_en.clone(),
        communes: index.new_communes_of(&province.code).len(),
        absorbed: province
            .absorbed_codes()
            .filter_map(|code| index.old_province(&code))
            .map(|old| UnitRef { code: old.code.to_string(), name: old.full_name.clone() })
            .collect(),
        history: history(&index.changes(ChangeLevel::Province, &province.code)),
        public_service_portal: index.province_portal(&province.code).map(|p| p.url.clone()),
    }
}
