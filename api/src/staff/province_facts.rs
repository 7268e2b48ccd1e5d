//! What a province's staff keep beside its service centres, as published: its public-service portal
//! (`/api/v1/staff/provinces/{code}/portal`, the row of `data/province_portals.csv` or `null`) and its
//! facts about procedures of the national catalogue (`/api/v1/staff/provinces/{code}/procedure-facts`,
//! its rows of `data/procedure_facts.csv`, by procedure code), which the portal page shows and edits.
//! The public answers carry them too, but the staff pages read the rows whole, as a change holds them.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use shared::model::{CodeKind, ProcedureFact, ProvinceCode, ProvincePortal};
use shared::staff::roles::Account;

use super::auth::Staff;
use super::changes::refused;
use crate::{ApiError, AppState, Message};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/staff/provinces/{code}/portal", get(portal))
        .route("/api/v1/staff/provinces/{code}/procedure-facts", get(procedure_facts))
}

/// The province of the path, if it exists and the account works there (403 otherwise, as for its
/// centres).
fn province_of(account: &Account, code: &str, state: &AppState) -> Result<ProvinceCode, ApiError> {
    let code: ProvinceCode = code.parse()?;
    if state.data.load().lookup.index().new_province(&code).is_none() {
        return Err(ApiError::not_found(Message::UnknownCode { kind: CodeKind::Province, code: code.to_string() }));
    }
    account.may_see_drafts(&code).map_err(refused)?;
    Ok(code)
}

async fn portal(
    State(state): State<AppState>,
    Staff(account): Staff,
    Path(code): Path<String>,
) -> Result<Json<Option<ProvincePortal>>, ApiError> {
    let province = province_of(&account, &code, &state)?;
    Ok(Json(state.data.current().lookup.index().province_portal(&province).cloned()))
}

async fn procedure_facts(
    State(state): State<AppState>,
    Staff(account): Staff,
    Path(code): Path<String>,
) -> Result<Json<Vec<ProcedureFact>>, ApiError> {
    let province = province_of(&account, &code, &state)?;
    Ok(Json(state.data.current().lookup.index().procedure_facts_of(&province).to_vec()))
}
