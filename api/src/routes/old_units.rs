//! Old provinces → districts → communes, for the step-by-step picker.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use shared::answers::{OldUnit, OldUnitsResponse, UnitRef};
use shared::model::{OldDistrictCode, OldProvinceCode};

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
    let units = state
        .data
        .index
        .dataset
        .old_provinces
        .iter()
        .map(|p| OldUnit {
            code: p.code.to_string(),
            name: p.full_name.clone(),
            unit_type: p.unit_type.clone(),
            successors: vec![],
        })
        .collect();
    Json(OldUnitsResponse { parent: None, units })
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
    let index = &state.data.index;
    let province = index
        .old_province(&code)
        .ok_or_else(|| ApiError::not_found(format!("Không có tỉnh cũ mã {code} / No old province with code {code}")))?;
    let units = index
        .old_districts_of(&code)
        .into_iter()
        .map(|d| OldUnit {
            code: d.code.clone(),
            name: d.full_name.clone(),
            unit_type: d.unit_type.clone(),
            // Island districts had no communes: they became a special zone as a whole.
            successors: index
                .district_successors(&d.code)
                .into_iter()
                .filter_map(|u| index.new_commune(&u.new_code))
                .map(|c| UnitRef { code: c.code.clone(), name: c.full_name.clone() })
                .collect(),
        })
        .collect();
    Ok(Json(OldUnitsResponse {
        parent: Some(UnitRef { code: province.code.to_string(), name: province.full_name.clone() }),
        units,
    }))
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
    let index = &state.data.index;
    let district = index.old_district(&code).ok_or_else(|| {
        ApiError::not_found(format!("Không có huyện cũ mã {code} / No old district with code {code}"))
    })?;
    let units = index
        .old_communes_of(&code)
        .into_iter()
        .map(|c| OldUnit {
            code: c.code.clone(),
            name: c.full_name.clone(),
            unit_type: c.unit_type.clone(),
            successors: vec![],
        })
        .collect();
    Ok(Json(OldUnitsResponse {
        parent: Some(UnitRef { code: district.code.clone(), name: district.full_name.clone() }),
        units,
    }))
}
