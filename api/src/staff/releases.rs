//! Publishing: `/api/v1/staff/releases`. A publish applies every approved change the account may
//! publish to the data of the latest release, runs every check of the dataset, writes the snapshot,
//! then creates the next release (a conditional create: of two racing publishes one wins, the other
//! gets 409 and wrote only an unused snapshot), marks the changes published, and serves the result.
//! A rollback is a new release that serves an earlier release's snapshot.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use shared::staff::change::ChangeId;
use shared::staff::change::{Action, ChangeState};
use shared::staff::record::{
    ChangeRecord, Rebase, RebaseConflict, RebaseConflicts, RebaseInput, Release, ReleasesAnswer, change_name,
    changes_in_effect,
};
use shared::staff::roles::{Account, Refusal, Role};

use super::auth::Staff;
use super::changes::{all_changes, refused, step};
use super::messages::StaffMessage;
use super::store::{Collection, Store};
use super::{StaffState, load, now_rfc3339, snapshot_bytes, staff_of};
use crate::routes::ReaderLang;
use crate::{ApiError, AppState, Data, Message};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/staff/releases", get(list).post(publish))
        .route("/api/v1/staff/releases/{number}/rollback", post(rollback))
        .route("/api/v1/staff/releases/rebase", post(rebase))
}

async fn list(State(state): State<AppState>, Staff(_account): Staff) -> Result<Json<ReleasesAnswer>, ApiError> {
    let staff = staff_of(&state)?;
    let mut releases = all_releases(&staff.store).await?;
    let base_differs = releases.last().is_some_and(|latest| latest.base_version != staff.base.version());
    releases.reverse();
    Ok(Json(ReleasesAnswer {
        releases,
        serving: state.data.current().version().to_owned(),
        binary_base: staff.base.version().to_owned(),
        base_differs,
    }))
}

/// Every release, oldest first.
pub(crate) async fn all_releases(store: &Store) -> Result<Vec<Release>, ApiError> {
    let Some(latest) = store.latest_release().await? else { return Ok(Vec::new()) };
    let mut releases = store.get_releases(1..latest.number).await?;
    releases.push(latest);
    Ok(releases)
}

/// The latest release and the data it serves (the instance's own when it is the same snapshot), or
/// the base when nothing was published yet.
async fn latest(state: &AppState, staff: &StaffState) -> Result<(Option<Release>, Arc<Data>), ApiError> {
    let Some(release) = staff.store.latest_release().await? else { return Ok((None, staff.base.clone())) };
    let served = state.data.current();
    if served.version() == release.snapshot_version {
        return Ok((Some(release), served));
    }
    Ok((Some(release.clone()), loadable(staff, &release).await?))
}

/// The data of `release`: a 503 when the store cannot give it, a 409 when this binary cannot load it
/// (a snapshot of another dataset format, from an older binary): then only a new base can be published.
async fn loadable(staff: &StaffState, release: &Release) -> Result<Arc<Data>, ApiError> {
    let bytes = snapshot_bytes(&staff.store, release).await.map_err(|error| {
        tracing::error!(%error, "a release's snapshot cannot be read");
        ApiError::unavailable(Message::Staff(StaffMessage::StoreUnavailable), 5)
    })?;
    load(bytes).await.map_err(|error| {
        tracing::warn!(%error, release = release.number, "a release this binary cannot load");
        ApiError::conflict(Message::Staff(StaffMessage::NeedsRebase { number: release.number }))
    })
}

async fn publish(
    State(state): State<AppState>,
    Staff(account): Staff,
) -> Result<(StatusCode, Json<Release>), ApiError> {
    let staff = staff_of(&state)?;
    // Editors never publish: say so, rather than that nothing of theirs is approved.
    if account.role == Role::Editor {
        return Err(refused(Refusal::Role));
    }
    let _one_at_a_time = staff.publishing.lock().await;
    let (latest, data) = latest(&state, staff).await?;
    // Which release holds each change already published.
    let published: std::collections::BTreeMap<String, u64> = all_releases(&staff.store)
        .await?
        .into_iter()
        .flat_map(|release| release.changes.into_iter().map(move |id| (id, release.number)))
        .collect();
    let mut approved: Vec<ChangeRecord> = all_changes(&staff.store)
        .await?
        .into_iter()
        .filter(|change| change.state == ChangeState::Approved)
        .filter(|change| account.may_publish(&change.request.province).is_ok())
        .collect();
    // A change already in a release (a publish that stopped before marking it) is marked, not
    // published twice.
    let (already, pending): (Vec<_>, Vec<_>) =
        approved.drain(..).partition(|change| published.contains_key(&change.request.id.0.to_string()));
    for change in already {
        let release = published.get(&change.request.id.0.to_string()).copied();
        mark_published(staff, &data, change, &account, release).await;
    }
    if pending.is_empty() {
        return Err(ApiError::conflict(Message::Staff(StaffMessage::NothingToPublish)));
    }
    let dataset = data.lookup.index().dataset.clone();
    let next = match build(dataset, pending.clone()).await? {
        Ok(next) => next,
        // One that no longer applies is named; a reviewer may reject it (it is approved) to unblock.
        Err(conflicts) => {
            let first = &conflicts[0];
            let message = StaffMessage::ChangeDoesNotApply { id: first.change, record: first.record.clone() };
            return Err(ApiError::unprocessable(Message::Staff(message)));
        }
    };
    let release = Release {
        number: latest.as_ref().map_or(1, |r| r.number + 1),
        snapshot_version: next.version().to_owned(),
        base_version: latest.as_ref().map_or_else(|| staff.base.version().to_owned(), |r| r.base_version.clone()),
        created_at: now_rfc3339(),
        by: account.email.to_string(),
        changes: pending.iter().map(|change| change.request.id.0.to_string()).collect(),
        rollback_of: None,
        rebase: None,
    };
    create(staff, &release, &next).await?;
    // The release is what is published; marking its changes may race with another instance's repair,
    // and a change left unmarked is marked by the next publish.
    for change in pending {
        mark_published(staff, &next, change, &account, Some(release.number)).await;
    }
    if state.data.replace(next, release.number) {
        tracing::info!(release = release.number, dataset = %release.snapshot_version, by = %account.email, "published");
    }
    Ok((StatusCode::CREATED, Json(release)))
}

async fn mark_published(
    staff: &StaffState,
    data: &Data,
    change: ChangeRecord,
    account: &Account,
    release: Option<u64>,
) {
    let id = change.request.id.0;
    if let Err(error) = step(staff, data, change, Action::Publish, account, release).await {
        tracing::warn!(change = id, ?release, error = %error.message.text(shared::answers::Lang::En), "change not marked published");
    }
}

/// `dataset` with the changes' edits applied in order and every check of the dataset passed, as the data
/// of a release; or each change that does not apply there (`Ok(Err(..))`); or a 422 when they apply but
/// the dataset they give fails a check.
async fn build(
    dataset: shared::model::Dataset,
    changes: Vec<ChangeRecord>,
) -> Result<Result<Arc<Data>, Vec<RebaseConflict>>, ApiError> {
    let built = tokio::task::spawn_blocking(move || {
        let mut dataset = dataset;
        let conflicts: Vec<RebaseConflict> = changes
            .into_iter()
            .filter_map(|change| {
                let problems = change.edit.apply_to(&mut dataset).err()?;
                Some(RebaseConflict { change: change.request.id.0, record: change.record, problems })
            })
            .collect();
        if !conflicts.is_empty() {
            return Ok(Err(conflicts));
        }
        let problems = shared::data::check::check(&dataset);
        if problems.is_empty() { Ok(Ok(Arc::new(Data::from_checked_dataset(dataset)))) } else { Err(problems) }
    })
    .await
    .map_err(ApiError::internal)?;
    built.map_err(|problems| {
        let first = problems.first().cloned().unwrap_or_default();
        ApiError::unprocessable(Message::Staff(StaffMessage::DatasetFailsChecks { count: problems.len(), first }))
    })
}

/// Writes the snapshot, then the release that names it: a crash between the two leaves an unused
/// snapshot, never a release without its data.
async fn create(staff: &StaffState, release: &Release, data: &Data) -> Result<(), ApiError> {
    staff.store.put_snapshot(data.bytes.clone()).await?;
    staff.store.create_release(release).await?;
    Ok(())
}

/// Serves release `number`'s data again, as a new release (admins only).
async fn rollback(
    State(state): State<AppState>,
    Staff(account): Staff,
    Path(number): Path<String>,
) -> Result<(StatusCode, Json<Release>), ApiError> {
    account.may_manage_accounts().map_err(refused)?;
    let staff = staff_of(&state)?;
    let unknown = || {
        ApiError::not_found(Message::Staff(StaffMessage::UnknownRelease { number: number.chars().take(24).collect() }))
    };
    let wanted: u64 = number.parse().map_err(|_| unknown())?;
    let _one_at_a_time = staff.publishing.lock().await;
    let target = staff.store.get_release(wanted).await?.ok_or_else(unknown)?;
    // Not `latest()`: a rollback needs only the target's data, even when the latest cannot be loaded.
    let latest = staff.store.latest_release().await?.ok_or_else(unknown)?;
    if latest.snapshot_version == target.snapshot_version {
        return Err(ApiError::conflict(Message::Staff(StaffMessage::AlreadyServed { number: wanted })));
    }
    let data = loadable(staff, &target).await?;
    let release = Release {
        number: latest.number + 1,
        snapshot_version: target.snapshot_version.clone(),
        base_version: target.base_version.clone(),
        created_at: now_rfc3339(),
        by: account.email.to_string(),
        changes: Vec::new(),
        rollback_of: Some(wanted),
        rebase: None,
    };
    staff.store.create_release(&release).await?;
    state.data.replace(data, release.number);
    tracing::info!(release = release.number, rollback_of = wanted, by = %account.email, "rolled back");
    Ok((StatusCode::CREATED, Json(release)))
}

/// Publishes this binary's own dataset (a developer imported a new source) as a release, with the
/// staff changes in effect carried over in their order (admins only). A change that no longer applies
/// is a conflict: the answer is a 409 listing each, and the admin sends again with it in `drop`.
async fn rebase(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    Staff(account): Staff,
    body: Result<Json<RebaseInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Release>), Response> {
    let Json(input) = body.map_err(|e| ApiError::from(e).into_response())?;
    account.may_manage_accounts().map_err(|refusal| refused(refusal).into_response())?;
    let staff = staff_of(&state).map_err(IntoResponse::into_response)?;
    let _one_at_a_time = staff.publishing.lock().await;
    let history = all_releases(&staff.store).await.map_err(IntoResponse::into_response)?;
    let Some(latest) = history.last() else {
        return Err(ApiError::conflict(Message::Staff(StaffMessage::SameBase)).into_response());
    };
    // Also allowed on the same base when this binary cannot load the latest release (written by a
    // binary of another dataset format): the changes are carried over from their requests.
    if latest.base_version == staff.base.version() && loadable(staff, latest).await.is_ok() {
        return Err(ApiError::conflict(Message::Staff(StaffMessage::SameBase)).into_response());
    }
    let mut carrying = Vec::new();
    let mut dropped = Vec::new();
    for id in changes_in_effect(&history) {
        let Ok(number) = id.parse::<u64>() else { continue };
        if input.drop.contains(&number) {
            dropped.push(id);
            continue;
        }
        let name = change_name(ChangeId(number));
        let change = staff
            .store
            .get_json::<ChangeRecord>(Collection::Changes, &name)
            .await
            .map_err(|e| ApiError::from(e).into_response())?;
        carrying.extend(change);
    }
    let carried = carrying.iter().map(|change| change.request.id.0.to_string()).collect();
    let dataset = staff.base.lookup.index().dataset.clone();
    let next = match build(dataset, carrying).await.map_err(IntoResponse::into_response)? {
        Ok(next) => next,
        Err(conflicts) => {
            let error = ApiError::conflict(Message::Staff(StaffMessage::RebaseConflicts { count: conflicts.len() }));
            let body = RebaseConflicts { error: crate::error::error_body(error.code, &error.message, lang), conflicts };
            return Err((StatusCode::CONFLICT, Json(body)).into_response());
        }
    };
    let release = Release {
        number: latest.number + 1,
        snapshot_version: next.version().to_owned(),
        base_version: staff.base.version().to_owned(),
        created_at: now_rfc3339(),
        by: account.email.to_string(),
        changes: Vec::new(),
        rollback_of: None,
        rebase: Some(Rebase { carried, dropped }),
    };
    create(staff, &release, &next).await.map_err(IntoResponse::into_response)?;
    state.data.replace(next, release.number);
    tracing::info!(release = release.number, base = %release.base_version, by = %account.email, "published a new base");
    Ok((StatusCode::CREATED, Json(release)))
}
