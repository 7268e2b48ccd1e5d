//! Change requests: `/api/v1/staff/changes`. Each step is checked by [`shared::staff::change::apply`]
//! (who may do it, in which state), recorded in the append-only audit log, then stored.
//!
//! The audit entry of a step is created once under `<change>-<step>`: of two steps racing on one
//! change, only one can create it, and the other answers 409 with nothing written.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use shared::staff::change::{Action, ChangeId, ChangeRequest, ChangeState, TransitionError, apply};
use shared::staff::edit::Problem;
use shared::staff::record::{
    ApproveInput, AuditRecord, ChangeAnswer, ChangeInput, ChangeRecord, ProblemsResponse, RejectInput, audit_name,
    change_name,
};
use shared::staff::roles::Account;

use super::auth::Staff;
use super::checks::checked;
use super::messages::StaffMessage;
use super::store::{Collection, Store, StoreError};
use super::{StaffState, now_secs, staff_of};
use crate::error::error_body;
use crate::routes::ReaderLang;
use crate::{ApiError, AppState, Message};

/// Tries at creating a change's number before giving up (another request took each number first).
const ID_ATTEMPTS: usize = 5;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/staff/changes", get(list).post(create))
        .route("/api/v1/staff/changes/{id}", get(show).put(edit))
        .route("/api/v1/staff/changes/{id}/submit", post(submit))
        .route("/api/v1/staff/changes/{id}/approve", post(approve))
        .route("/api/v1/staff/changes/{id}/reject", post(reject))
        .route("/api/v1/staff/changes/{id}/withdraw", post(withdraw))
}

#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    /// Only changes in this state.
    state: Option<StateName>,
}

/// A state as `?state=` names it.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum StateName {
    Draft,
    Submitted,
    Approved,
    Rejected,
    Published,
    Withdrawn,
}

impl StateName {
    fn is(self, state: &ChangeState) -> bool {
        use ChangeState as S;
        matches!(
            (self, state),
            (Self::Draft, S::Draft)
                | (Self::Submitted, S::Submitted)
                | (Self::Approved, S::Approved)
                | (Self::Rejected, S::Rejected { .. })
                | (Self::Published, S::Published)
                | (Self::Withdrawn, S::Withdrawn)
        )
    }
}

/// The changes the account may see (those of its provinces), newest first.
async fn list(
    State(state): State<AppState>,
    Staff(account): Staff,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<ChangeRecord>>, ApiError> {
    let Query(query) = query?;
    let staff = staff_of(&state)?;
    let mut changes: Vec<ChangeRecord> = all_changes(&staff.store)
        .await?
        .into_iter()
        .filter(|change| account.may_see_drafts(&change.request.province).is_ok())
        .filter(|change| query.state.is_none_or(|wanted| wanted.is(&change.state)))
        .collect();
    changes.reverse();
    Ok(Json(changes))
}

/// Every change request in the store, oldest first.
pub(crate) async fn all_changes(store: &Store) -> Result<Vec<ChangeRecord>, ApiError> {
    Ok(store.get_all_json(Collection::Changes).await?)
}

async fn create(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    Staff(account): Staff,
    body: Result<Json<ChangeInput>, JsonRejection>,
) -> Result<(StatusCode, Json<ChangeAnswer>), axum::response::Response> {
    let Json(input) = body.map_err(|e| into_response(e.into()))?;
    let staff = staff_of(&state).map_err(into_response)?;
    let data = state.data.current();
    let province = checked(&input.edit, data.lookup.index()).map_err(|problems| invalid(problems, lang))?;
    account.may_propose(&province).map_err(|refusal| into_response(refused(refusal)))?;
    let now = now_secs();
    let mut last_error = None;
    for _ in 0..ID_ATTEMPTS {
        let id = next_id(&staff.store).await.map_err(into_response)?;
        let request = ChangeRequest { id, province: province.clone(), author: account.email.clone() };
        let change = ChangeRecord {
            request,
            record: input.edit.record(),
            state: ChangeState::Draft,
            edit: input.edit.clone(),
            citation: input.citation.clone(),
            created_at: now,
            updated_at: now,
            steps: 0,
            approved_by: None,
            release: None,
        };
        match staff.store.create_json(Collection::Changes, &change_name(id), &change).await {
            Ok(()) => {
                let answer = answer(staff, &data, change).await.map_err(into_response)?;
                return Ok((StatusCode::CREATED, Json(answer)));
            }
            Err(StoreError::Exists { .. }) => last_error = Some(StoreError::Exists { key: change_name(id) }),
            Err(error) => return Err(into_response(error.into())),
        }
    }
    Err(into_response(last_error.map_or_else(|| ApiError::internal("no change id"), ApiError::from)))
}

async fn next_id(store: &Store) -> Result<ChangeId, ApiError> {
    let names = store.list(Collection::Changes).await?;
    let last = names.iter().filter_map(|name| name.parse::<u64>().ok()).max().unwrap_or(0);
    Ok(ChangeId(last + 1))
}

async fn show(
    State(state): State<AppState>,
    Staff(account): Staff,
    Path(id): Path<String>,
) -> Result<Json<ChangeAnswer>, ApiError> {
    let staff = staff_of(&state)?;
    let change = visible_change(staff, &account, &id).await?;
    Ok(Json(answer(staff, &state.data.current(), change).await?))
}

/// A change the account may see; any other is unknown to it (a 404 that says nothing of it).
async fn visible_change(staff: &StaffState, account: &Account, id: &str) -> Result<ChangeRecord, ApiError> {
    let unknown =
        || ApiError::not_found(Message::Staff(StaffMessage::UnknownChange { id: id.chars().take(24).collect() }));
    let id: u64 = id.parse().map_err(|_| unknown())?;
    let change = staff.store.get_json::<ChangeRecord>(Collection::Changes, &change_name(ChangeId(id))).await?;
    change.filter(|change| account.may_see_drafts(&change.request.province).is_ok()).ok_or_else(unknown)
}

async fn answer(staff: &StaffState, data: &crate::Data, change: ChangeRecord) -> Result<ChangeAnswer, ApiError> {
    let mut history = Vec::new();
    for step in 1..=change.steps {
        let name = audit_name(change.request.id, step);
        if let Some(entry) = staff.store.get_json::<AuditRecord>(Collection::Audit, &name).await? {
            history.push(entry);
        }
    }
    let diff = if change.state == ChangeState::Published { Vec::new() } else { change.edit.diff(data.lookup.index()) };
    Ok(ChangeAnswer { change, diff, history })
}

/// New content for a draft (or a rejected change, which becomes a draft again).
async fn edit(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    Staff(account): Staff,
    Path(id): Path<String>,
    body: Result<Json<ChangeInput>, JsonRejection>,
) -> Result<Json<ChangeAnswer>, axum::response::Response> {
    let Json(input) = body.map_err(|e| into_response(e.into()))?;
    let staff = staff_of(&state).map_err(into_response)?;
    let mut change = visible_change(staff, &account, &id).await.map_err(into_response)?;
    let data = state.data.current();
    let province = checked(&input.edit, data.lookup.index()).map_err(|problems| invalid(problems, lang))?;
    if province != change.request.province || input.edit.record() != change.record {
        // Another record is another change request: its province decides who reviews it.
        return Err(invalid(
            vec![Problem { field: "edit".into(), message: format!("this change is of {}", change.record) }],
            lang,
        ));
    }
    change.edit = input.edit;
    change.citation = input.citation;
    step(staff, &data, change, Action::Edit, &account, None).await.map(Json).map_err(into_response)
}

async fn submit(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    Staff(account): Staff,
    Path(id): Path<String>,
) -> Result<Json<ChangeAnswer>, axum::response::Response> {
    let staff = staff_of(&state).map_err(into_response)?;
    let change = visible_change(staff, &account, &id).await.map_err(into_response)?;
    let data = state.data.current();
    checked(&change.edit, data.lookup.index()).map_err(|problems| invalid(problems, lang))?;
    // Decided by the state machine first, so that a wrong state is not reported as a busy record.
    apply(&change.request, &change.state, Action::Submit, &account, 0).map_err(|e| into_response(transition(e)))?;
    let busy = all_changes(&staff.store)
        .await
        .map_err(into_response)?
        .into_iter()
        .find_map(|other| busy_with(&change, &other).map(|record| (record, other.request.id)));
    if let Some((record, other)) = busy {
        let message = StaffMessage::RecordBusy { record, other: other.0 };
        return Err(into_response(ApiError::conflict(Message::Staff(message))));
    }
    step(staff, &data, change, Action::Submit, &account, None).await.map(Json).map_err(into_response)
}

/// The record that keeps `change` from being submitted while `other` is open: one both change (a
/// single centre and a lot of centres holding its commune share `service_centre/{commune}`,
/// [`shared::staff::edit::Edit::shared_record`]), when `other` is another change awaiting review or
/// approved.
fn busy_with(change: &ChangeRecord, other: &ChangeRecord) -> Option<String> {
    if other.request.id == change.request.id || !matches!(other.state, ChangeState::Submitted | ChangeState::Approved) {
        return None;
    }
    change.edit.shared_record(&other.edit)
}

/// Approves what the reviewer saw: with `seen_steps` (the `steps` of the change they read), a change
/// that moved on since (edited, resubmitted) is a 409 instead of an approval of a text they never saw.
async fn approve(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    Staff(account): Staff,
    Path(id): Path<String>,
    body: Result<Json<ApproveInput>, JsonRejection>,
) -> Result<Json<ChangeAnswer>, axum::response::Response> {
    let Json(input) = body.map_err(|e| into_response(e.into()))?;
    let staff = staff_of(&state).map_err(into_response)?;
    let mut change = visible_change(staff, &account, &id).await.map_err(into_response)?;
    if input.seen_steps.is_some_and(|seen| seen != change.steps) {
        let message = StaffMessage::ChangedMeanwhile { id: change.request.id.0 };
        return Err(into_response(ApiError::conflict(Message::Staff(message))));
    }
    let data = state.data.current();
    // The published data may have changed since it was submitted.
    checked(&change.edit, data.lookup.index()).map_err(|problems| invalid(problems, lang))?;
    change.approved_by = Some(account.email.clone());
    step(staff, &data, change, Action::Approve, &account, None).await.map(Json).map_err(into_response)
}

async fn reject(
    State(state): State<AppState>,
    Staff(account): Staff,
    Path(id): Path<String>,
    body: Result<Json<RejectInput>, JsonRejection>,
) -> Result<Json<ChangeAnswer>, ApiError> {
    let Json(input) = body?;
    let staff = staff_of(&state)?;
    // Not while this instance publishes: an approved change would be taken out after it was read.
    let _not_while_publishing = staff.publishing.lock().await;
    let change = visible_change(staff, &account, &id).await?;
    step(staff, &state.data.current(), change, Action::Reject { reason: input.reason }, &account, None).await.map(Json)
}

async fn withdraw(
    State(state): State<AppState>,
    Staff(account): Staff,
    Path(id): Path<String>,
) -> Result<Json<ChangeAnswer>, ApiError> {
    let staff = staff_of(&state)?;
    let _not_while_publishing = staff.publishing.lock().await;
    let change = visible_change(staff, &account, &id).await?;
    step(staff, &state.data.current(), change, Action::Withdraw, &account, None).await.map(Json)
}

/// Takes `action` on `change` (whose content may have been edited by the caller): checked by the
/// state machine, recorded in the audit log, then stored.
pub(crate) async fn step(
    staff: &StaffState,
    data: &crate::Data,
    change: ChangeRecord,
    action: Action,
    actor: &Account,
    release: Option<u64>,
) -> Result<ChangeAnswer, ApiError> {
    let now = now_secs();
    let next = apply(&change.request, &change.state, action, actor, now).map_err(transition)?;
    let diff = change.edit.diff(data.lookup.index());
    let mut after = change.clone();
    after.steps += 1;
    after.state = next.state;
    after.updated_at = now;
    if release.is_some() {
        after.release = release;
    }
    let audit = AuditRecord {
        entry: next.audit,
        record: change.record.clone(),
        diff,
        citation: change.citation.clone(),
        release,
        after: after.clone(),
    };
    let slot = audit_name(change.request.id, after.steps);
    match staff.store.create_json(Collection::Audit, &slot, &audit).await {
        Ok(()) => {}
        Err(StoreError::Exists { .. }) => {
            // Another step took this slot first: a request racing this one, or a step whose entry was
            // written but not the request's record (a crash, a timeout). Bring the record up to the entry.
            if let Some(taken) = staff.store.get_json::<AuditRecord>(Collection::Audit, &slot).await?
                && taken.after.steps == after.steps
            {
                staff.store.put_json(Collection::Changes, &change_name(change.request.id), &taken.after).await?;
            }
            let message = StaffMessage::ChangedMeanwhile { id: change.request.id.0 };
            return Err(ApiError::conflict(Message::Staff(message)));
        }
        Err(error) => return Err(error.into()),
    }
    staff.store.put_json(Collection::Changes, &change_name(change.request.id), &after).await?;
    answer(staff, data, after).await
}

fn transition(error: TransitionError) -> ApiError {
    match error {
        TransitionError::Refused(refusal) => refused(refusal),
        TransitionError::WrongState { action, state } => {
            ApiError::conflict(Message::Staff(StaffMessage::WrongState { action, state }))
        }
    }
}

pub(crate) fn refused(refusal: shared::staff::roles::Refusal) -> ApiError {
    ApiError::forbidden(Message::Staff(StaffMessage::Refused(refusal)))
}

/// A 422 listing every problem of an edit by field (the sentence in the reader's language; each
/// problem's text as the data check writes it).
fn invalid(problems: Vec<Problem>, lang: shared::answers::Lang) -> axum::response::Response {
    use axum::response::IntoResponse;
    let error = ApiError::unprocessable(Message::Staff(StaffMessage::InvalidChange { count: problems.len() }));
    let body = ProblemsResponse { error: error_body(error.code, &error.message, lang), problems };
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

fn into_response(error: ApiError) -> axum::response::Response {
    axum::response::IntoResponse::into_response(error)
}

#[cfg(test)]
mod tests {
    use shared::model::ServiceCentreRow;
    use shared::staff::edit::Edit;

    use super::*;

    /// Communes of Khánh Hòa (56) from data/new_communes.csv; facts that are obviously test values.
    const COMMUNES: [&str; 3] = ["22333", "22366", "22390"];

    fn row(commune: &str) -> ServiceCentreRow {
        ServiceCentreRow {
            commune_code: commune.parse().unwrap(),
            name: None,
            address: Some("Test address 1".into()),
            phone: None,
            email: Some("centre@example.org".into()),
            opening_hours: None,
            lat: None,
            lon: None,
            source: "test".into(),
            verified_on: "2026-11-30".into(),
        }
    }

    fn change(id: u64, state: ChangeState, edit: Edit) -> ChangeRecord {
        ChangeRecord {
            request: ChangeRequest {
                id: ChangeId(id),
                province: "56".parse().unwrap(),
                author: shared::staff::roles::Email::parse("editor@example.org").unwrap(),
            },
            record: edit.record(),
            state,
            edit,
            citation: shared::staff::record::Citation::parse("test").unwrap(),
            created_at: 0,
            updated_at: 0,
            steps: 0,
            approved_by: None,
            release: None,
        }
    }

    fn single(id: u64, state: ChangeState, commune: &str) -> ChangeRecord {
        change(id, state, Edit::ServiceCentre { centre: row(commune) })
    }

    fn lot(id: u64, state: ChangeState, communes: &[&str]) -> ChangeRecord {
        let centres = communes.iter().map(|c| row(c)).collect();
        change(id, state, Edit::ServiceCentres { province_code: "56".parse().unwrap(), centres })
    }

    #[test]
    fn a_record_is_busy_while_another_open_change_of_it_awaits_review_or_publication() {
        let [a, b, c] = COMMUNES;
        let record = Some(format!("service_centre/{a}"));
        let draft = single(1, ChangeState::Draft, a);
        for state in [ChangeState::Submitted, ChangeState::Approved] {
            assert_eq!(busy_with(&draft, &single(2, state.clone(), a)), record);
            // A lot holding the commune and a single centre of it meet, either way round.
            assert_eq!(busy_with(&draft, &lot(2, state.clone(), &[b, a])), record);
            assert_eq!(busy_with(&lot(1, ChangeState::Draft, &[c, a]), &single(2, state.clone(), a)), record);
            assert_eq!(busy_with(&lot(1, ChangeState::Draft, &[c, a]), &lot(2, state.clone(), &[a, b])), record);
            // Other communes, even in a lot of the same province (the same `service_centres/56`), do not.
            assert_eq!(busy_with(&draft, &single(2, state.clone(), b)), None);
            assert_eq!(busy_with(&lot(1, ChangeState::Draft, &[a]), &lot(2, state.clone(), &[b, c])), None);
        }
        // Not itself, nor changes that are not open for review.
        assert_eq!(busy_with(&draft, &single(1, ChangeState::Submitted, a)), None);
        for state in [ChangeState::Draft, ChangeState::Published, ChangeState::Withdrawn] {
            assert_eq!(busy_with(&draft, &lot(2, state, &[a])), None);
        }
    }
}
