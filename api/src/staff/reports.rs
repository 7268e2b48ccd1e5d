//! Citizens' reports of an error: `POST /api/v1/reports` (no sign-in, rate-limited per address) answers
//! a ticket; `GET /api/v1/reports/{ticket}` tells the reporter where it stands. Staff of the report's
//! province see it under `/api/v1/staff/reports`, link it to the change request that fixes it, or close
//! it with a reason. A report is never shown publicly: the reporter's status answer has no text of it.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use shared::model::{NewCommuneCode, OldCommuneCode, ProvinceCode};
use shared::site::Page;
use shared::staff::change::{ChangeId, ChangeState, Reason};
use shared::staff::record::{ChangeRecord, change_name};
use shared::staff::reports::{LinkInput, NewReport, Report, ReportReceipt, ReportState, ReportStatus, Ticket};
use shared::staff::roles::Account;

use super::auth::Staff;
use super::changes::refused;
use super::messages::StaffMessage;
use super::store::{Collection, Store, StoreError};
use super::{StaffState, now_secs, staff_of};
use crate::{ApiError, AppState, Message};

/// Tries at a fresh ticket before giving up (a collision of 60 random bits is already unheard of).
const TICKET_ATTEMPTS: usize = 3;

/// The public routes: sending a report and reading its status.
pub fn public_routes() -> Router<AppState> {
    Router::new().route("/api/v1/reports", post(create)).route("/api/v1/reports/{ticket}", get(status))
}

/// The staff routes, behind the auth layer.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/staff/reports", get(list))
        .route("/api/v1/staff/reports/{ticket}/link", post(link))
        .route("/api/v1/staff/reports/{ticket}/close", post(close))
}

async fn create(
    State(state): State<AppState>,
    body: Result<Json<NewReport>, JsonRejection>,
) -> Result<(StatusCode, Json<ReportReceipt>), ApiError> {
    let Json(report) = body?;
    let report = report
        .validated()
        .map_err(|field| ApiError::unprocessable(Message::Staff(StaffMessage::BadReport { field })))?;
    let staff = staff_of(&state)?;
    let province = province_of(&state, &report.page);
    for _ in 0..TICKET_ATTEMPTS {
        let mut random = [0; Ticket::LEN];
        OsRng.fill_bytes(&mut random);
        let ticket = Ticket::from_random(random);
        let stored = Report {
            ticket: ticket.clone(),
            province: province.clone(),
            page: report.page.clone(),
            message: report.message.clone(),
            contact: report.contact.clone(),
            received_at: now_secs(),
            state: ReportState::Open,
        };
        match staff.store.create_json(Collection::Reports, ticket.as_str(), &stored).await {
            Ok(()) => return Ok((StatusCode::CREATED, Json(ReportReceipt { ticket }))),
            Err(StoreError::Exists { .. }) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(ApiError::internal("no free ticket"))
}

/// The province whose staff see a report: that of the unit its page is about, if the page names one.
fn province_of(state: &AppState, page: &str) -> Option<ProvinceCode> {
    let data = state.data.current();
    let index = data.lookup.index();
    let path = page.split(['?', '#']).next().unwrap_or_default();
    match Page::parse(path)? {
        Page::Commune(code) | Page::Poster(code) => index.new_commune(&code).map(|c| c.province_code.clone()),
        Page::Province(code) => index.new_province(&code).map(|p| p.code.clone()),
        Page::OldCommune(code) => first_successor_province(index, &code),
        _ => None,
    }
}

fn first_successor_province(index: &shared::model::Index, code: &OldCommuneCode) -> Option<ProvinceCode> {
    let new: &NewCommuneCode = &index.successors(code).first()?.new_code;
    index.new_commune(new).map(|c| c.province_code.clone())
}

/// What the reporter may know: the state and, once fixed, the release. Never the text, so that a
/// guessed ticket reveals nothing anyone wrote.
async fn status(State(state): State<AppState>, Path(ticket): Path<String>) -> Result<Json<ReportStatus>, ApiError> {
    let staff = staff_of(&state)?;
    let report = load(&staff.store, &ticket).await?;
    let state_now = current_state(staff, &report).await?;
    Ok(Json(ReportStatus { ticket: report.ticket, received_at: report.received_at, state: (&state_now).into() }))
}

/// A linked report is fixed once its change is published, and says by which release.
async fn current_state(staff: &StaffState, report: &Report) -> Result<ReportState, ApiError> {
    let ReportState::Linked { change, .. } = &report.state else { return Ok(report.state.clone()) };
    let linked = staff.store.get_json::<ChangeRecord>(Collection::Changes, &change_name(*change)).await?;
    Ok(match linked {
        Some(ChangeRecord { state: ChangeState::Published, release: Some(release), .. }) => {
            ReportState::Fixed { change: *change, release }
        }
        _ => report.state.clone(),
    })
}

async fn load(store: &Store, ticket: &str) -> Result<Report, ApiError> {
    let unknown = || ApiError::not_found(Message::Staff(StaffMessage::UnknownReport));
    let ticket = Ticket::parse(ticket).map_err(|_| unknown())?;
    store.get_json::<Report>(Collection::Reports, ticket.as_str()).await?.ok_or_else(unknown)
}

/// The reports of the account's provinces (an admin sees every one, those of no province too),
/// newest first, each in its current state.
async fn list(State(state): State<AppState>, Staff(account): Staff) -> Result<Json<Vec<Report>>, ApiError> {
    let staff = staff_of(&state)?;
    let mut reports = Vec::new();
    for mut report in staff.store.get_all_json::<Report>(Collection::Reports).await? {
        if may_see(&account, &report) {
            report.state = current_state(staff, &report).await?;
            reports.push(report);
        }
    }
    reports.sort_by(|a, b| b.received_at.cmp(&a.received_at).then_with(|| a.ticket.cmp(&b.ticket)));
    Ok(Json(reports))
}

fn may_see(account: &Account, report: &Report) -> bool {
    match &report.province {
        Some(province) => account.may_see_drafts(province).is_ok(),
        None => account.may_manage_accounts().is_ok(),
    }
}

/// Links a report to the change request that fixes it (a change of the same province).
async fn link(
    State(state): State<AppState>,
    Staff(account): Staff,
    Path(ticket): Path<String>,
    body: Result<Json<LinkInput>, JsonRejection>,
) -> Result<Json<Report>, ApiError> {
    let Json(input) = body?;
    let staff = staff_of(&state)?;
    let mut report = visible(staff, &account, &ticket).await?;
    let change = staff
        .store
        .get_json::<ChangeRecord>(Collection::Changes, &change_name(ChangeId(input.change)))
        .await?
        .filter(|change| account.may_see_drafts(&change.request.province).is_ok())
        .ok_or_else(|| {
            ApiError::not_found(Message::Staff(StaffMessage::UnknownChange { id: input.change.to_string() }))
        })?;
    account.may_propose(&change.request.province).or_else(|_| account.may_review(&change.request)).map_err(refused)?;
    // A report is fixed by a change of its own province (one without a province, by any: admins only see it).
    if report.province.as_ref().is_some_and(|province| *province != change.request.province) {
        return Err(ApiError::unprocessable(Message::Staff(StaffMessage::OtherProvince)));
    }
    report.state = ReportState::Linked { change: change.request.id, by: account.email.clone(), at: now_secs() };
    staff.store.put_json(Collection::Reports, report.ticket.as_str(), &report).await?;
    Ok(Json(report))
}

/// Closes a report with a reason (not an error, a duplicate, already fixed).
async fn close(
    State(state): State<AppState>,
    Staff(account): Staff,
    Path(ticket): Path<String>,
    body: Result<Json<shared::staff::record::RejectInput>, JsonRejection>,
) -> Result<Json<Report>, ApiError> {
    let Json(input) = body?;
    let staff = staff_of(&state)?;
    let mut report = visible(staff, &account, &ticket).await?;
    let reason: Reason = input.reason;
    report.state = ReportState::Closed { reason, by: account.email.clone(), at: now_secs() };
    staff.store.put_json(Collection::Reports, report.ticket.as_str(), &report).await?;
    Ok(Json(report))
}

/// A report the account may see and act on; any other is unknown to it.
async fn visible(staff: &StaffState, account: &Account, ticket: &str) -> Result<Report, ApiError> {
    let report = load(&staff.store, ticket).await?;
    if may_see(account, &report) {
        Ok(report)
    } else {
        Err(ApiError::not_found(Message::Staff(StaffMessage::UnknownReport)))
    }
}
