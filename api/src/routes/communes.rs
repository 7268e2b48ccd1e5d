//! An old commune and where it went; a new commune and what it took in.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use shared::answers::{
    Centroid, CommuneResponse, HistoryEntry, LegalBasis, OldCommuneResponse, Predecessor, Successor, UnitRef,
};
use shared::model::{Change, ChangeLevel, Index, NewCommune, NewCommuneCode, OldCommuneCode, Relation};

use crate::{ApiError, AppState};

/// The day the new units took effect.
pub const REORGANISATION_DATE: &str = "2025-07-01";

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
    old_commune_response(&state.data.index, &code)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("Không có xã cũ mã {code} / No old commune with code {code}")))
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
    commune_response(&state.data.index, &code)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("Không có xã mới mã {code} / No new commune with code {code}")))
}

pub fn old_commune_response(index: &Index, code: &OldCommuneCode) -> Option<OldCommuneResponse> {
    let commune = index.old_commune(code)?;
    let district = index.old_district(&commune.district_code)?;
    let province = index.old_province(&commune.province_code)?;
    let successors = index
        .successors(code)
        .into_iter()
        .filter_map(|t| {
            let new = index.new_commune(&t.new_code)?;
            let province = index.new_province(&new.province_code)?;
            Some(Successor {
                code: new.code.clone(),
                name: new.full_name.clone(),
                province_code: province.code.clone(),
                province_name: province.full_name.clone(),
                relation: t.relation,
                default: t.default,
                note: t.note.clone(),
                legal_basis: legal_basis(index, new),
            })
        })
        .collect();
    Some(OldCommuneResponse {
        code: commune.code.clone(),
        name: commune.full_name.clone(),
        short_name: commune.name.clone(),
        unit_type: commune.unit_type.clone(),
        district: UnitRef { code: district.code.clone(), name: district.full_name.clone() },
        province: UnitRef { code: province.code.to_string(), name: province.full_name.clone() },
        successors,
    })
}

pub fn commune_response(index: &Index, code: &NewCommuneCode) -> Option<CommuneResponse> {
    let commune = index.new_commune(code)?;
    let province = index.new_province(&commune.province_code)?;
    let mut predecessors: Vec<Predecessor> = index
        .predecessors(code)
        .into_iter()
        .filter_map(|t| {
            let old = index.old_commune(&t.old_code)?;
            let district = index.old_district(&old.district_code)?;
            let old_province = index.old_province(&old.province_code)?;
            Some(Predecessor {
                code: old.code.clone(),
                name: old.full_name.clone(),
                district: UnitRef { code: district.code.clone(), name: district.full_name.clone() },
                province: UnitRef { code: old_province.code.to_string(), name: old_province.full_name.clone() },
                relation: t.relation,
                note: t.note.clone(),
            })
        })
        .collect();
    for uncoded in index.uncoded_predecessors(code) {
        let Some(district) = index.old_district(&uncoded.old_district_code) else {
            continue;
        };
        let Some(old_province) = index.old_province(&district.province_code) else {
            continue;
        };
        predecessors.push(Predecessor {
            code: String::new(),
            name: uncoded.description.clone(),
            district: UnitRef { code: district.code.clone(), name: district.full_name.clone() },
            province: UnitRef { code: old_province.code.to_string(), name: old_province.full_name.clone() },
            relation: Relation::Whole,
            note: uncoded.note.clone(),
        });
    }
    Some(CommuneResponse {
        code: commune.code.clone(),
        name: commune.full_name.clone(),
        short_name: commune.name.clone(),
        unit_type: commune.unit_type.clone(),
        name_en: commune.full_name_en.clone(),
        province: UnitRef { code: province.code.to_string(), name: province.full_name.clone() },
        predecessors,
        legal_basis: legal_basis(index, commune),
        centroid: commune.lat.zip(commune.lon).map(|(lat, lon)| Centroid { lat, lon }),
        area_km2: commune.area_km2,
        history: history(&index.changes(ChangeLevel::Commune, code)),
        service_centre: shared::data::centre::service_centre(commune, index.service_centre(code)),
        // National procedures: stored once, offered by every commune.
        procedures: shared::answers::procedures::active(index).map(shared::answers::procedures::summary).collect(),
        province_portal: index.province_portal(&province.code).map(|p| p.url.clone()),
    })
}

pub fn legal_basis(index: &Index, commune: &NewCommune) -> LegalBasis {
    LegalBasis {
        resolution: commune.resolution.clone(),
        date: commune.resolution_date.clone(),
        article: commune.article.clone(),
        text: index.legal_text(&commune.resolution, &commune.article).map(|t| t.text.clone()).unwrap_or_default(),
    }
}

/// Earlier states, oldest first: each lasted from the previous change (or the reorganisation) until its own.
pub fn history(changes: &[&Change]) -> Vec<HistoryEntry> {
    let mut valid_from = REORGANISATION_DATE.to_owned();
    changes
        .iter()
        .map(|change| {
            let entry = HistoryEntry {
                name: change.full_name_before.clone(),
                unit_type: change.unit_type_before.clone(),
                valid_from: valid_from.clone(),
                until: change.effective.clone(),
                legal_basis: change.legal_basis.clone(),
            };
            valid_from = change.effective.clone();
            entry
        })
        .collect()
}
