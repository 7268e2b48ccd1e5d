//! A province as its staff work on it: its communes' service centres with what is missing
//! (`/api/v1/staff/provinces/{code}/centres`), and its boundary, which the centre form draws and checks a
//! location against (`/api/v1/staff/provinces/{code}/boundary`).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use shared::model::{CodeKind, ProvinceCode};
use shared::staff::change::ChangeState;
use shared::staff::province::{CommuneCentre, ProvinceCentres};
use shared::staff::roles::Account;

use super::auth::Staff;
use super::changes::{all_changes, refused};
use super::checks;
use super::staff_of;
use crate::{ApiError, AppState, Message};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/staff/provinces/{code}/centres", get(centres))
        .route("/api/v1/staff/provinces/{code}/boundary", get(boundary))
}

/// The province of the path, if it exists and the account works there.
fn province_of(account: &Account, code: &str, state: &AppState) -> Result<(ProvinceCode, String), ApiError> {
    let code: ProvinceCode = code.parse()?;
    let data = state.data.load();
    let province = data.lookup.index().new_province(&code).ok_or_else(|| {
        ApiError::not_found(Message::UnknownCode { kind: CodeKind::Province, code: code.to_string() })
    })?;
    account.may_see_drafts(&code).map_err(refused)?;
    Ok((code, province.full_name.clone()))
}

async fn centres(
    State(state): State<AppState>,
    Staff(account): Staff,
    Path(code): Path<String>,
) -> Result<Json<ProvinceCentres>, ApiError> {
    let (province, province_name) = province_of(&account, &code, &state)?;
    let staff = staff_of(&state)?;
    let open: std::collections::HashMap<String, _> = all_changes(&staff.store)
        .await?
        .into_iter()
        .filter(|change| change.request.province == province)
        .filter(|change| matches!(change.state, ChangeState::Draft | ChangeState::Submitted | ChangeState::Approved))
        // A lot of centres holds the record of each of its communes.
        .flat_map(|change| change.edit.records().into_iter().map(move |record| (record, change.request.id)))
        .collect();
    let data = state.data.current();
    let index = data.lookup.index();
    let communes = index
        .new_communes_of(&province)
        .into_iter()
        .map(|commune| CommuneCentre {
            code: commune.code.clone(),
            full_name: commune.full_name.clone(),
            centre: index.service_centre(&commune.code).cloned(),
            open_change: open.get(&shared::staff::edit::centre_record(&commune.code)).copied(),
        })
        .collect();
    Ok(Json(ProvinceCentres { province, province_name, today: checks::today(), communes }))
}

async fn boundary(
    State(state): State<AppState>,
    Staff(account): Staff,
    Path(code): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    let (province, _) = province_of(&account, &code, &state)?;
    let geojson = checks::province_geojson(&province)
        .ok_or_else(|| ApiError::internal(format!("no boundary for province {province}")))?;
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], geojson).into_response())
}
