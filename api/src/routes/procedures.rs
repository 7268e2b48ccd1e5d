//! The national catalogue of procedures: search with filters, and one procedure by code.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use shared::answers::{ProcedureResponse, ProceduresResponse};
use shared::engine::ProcedureQuery;
use shared::model::OnlineLevel;

use super::check_length;
use crate::error::Message;
use crate::{ApiError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/procedures", get(procedures)).route("/api/v1/procedures/{code}", get(procedure))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ProceduresQuery {
    /// Words of the name (without tone marks, one typo per word, the last word may be unfinished) or the
    /// start of a code; absent or blank lists every active procedure. At most 500 characters, counted
    /// after NFC normalisation (JSON Schema's `maxLength` counts code points, so text written decomposed
    /// may be longer before it).
    #[serde(default)]
    #[param(max_length = 500)]
    q: String,
    /// Only this field, as listed in `fields` (compared without tone marks or case). At most 500
    /// characters, counted after NFC normalisation as for `q`.
    #[param(max_length = 500)]
    field: Option<String>,
    /// Only this online level: `full`, `partial`, `in_person` or `unknown`.
    // Read as text so that another value gets its own message (`BadOnlineLevel`), documented as the enum.
    #[param(value_type = Option<OnlineLevel>)]
    online: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/procedures", tag = "procedures",
    summary = "Search the active procedures",
    description = "Active procedures of the national catalogue matching `q`, best first (by code when `q` is blank), \
        and every field of the catalogue for a filter. Repealed codes are not listed; ask for them by code.",
    params(ProceduresQuery),
    responses((status = 200, description = "Matches and the list of fields", body = ProceduresResponse),
        (status = 400, description = "Unknown online level", body = shared::answers::ErrorResponse),
        (status = 422, description = "q or field over 500 characters", body = shared::answers::ErrorResponse)))]
pub(crate) async fn procedures(
    State(state): State<AppState>,
    query: Result<Query<ProceduresQuery>, QueryRejection>,
) -> Result<Json<ProceduresResponse>, ApiError> {
    let Query(query) = query?;
    check_length(&query.q, "q")?;
    if let Some(field) = &query.field {
        check_length(field, "field")?;
    }
    let online = query.online.as_deref().map(online_level).transpose()?;
    Ok(Json(state.data.load().lookup.procedures(&ProcedureQuery {
        q: &query.q,
        field: query.field.as_deref(),
        online,
    })))
}

fn online_level(text: &str) -> Result<OnlineLevel, ApiError> {
    match text {
        "full" => Ok(OnlineLevel::Full),
        "partial" => Ok(OnlineLevel::Partial),
        "in_person" => Ok(OnlineLevel::InPerson),
        "unknown" => Ok(OnlineLevel::Unknown),
        _ => Err(ApiError::bad_request(Message::BadOnlineLevel { text: text.chars().take(20).collect() })),
    }
}

#[utoipa::path(get, path = "/api/v1/procedures/{code}", tag = "procedures",
    summary = "One procedure by its national code",
    description = "A repealed procedure answers too, with `status` `repealed`, `replaced_by` and the replacement's \
        summary where the catalogue has it. Where the national procedures database's public copies give them, \
        the answer has the steps, the filing channels with their time and fee, the documents to bring, the \
        requirements, result and legal basis, and notes on texts that predate 1 July 2025; a field no source \
        gives is absent. `portal_url` is the national portal's own page where its list gives one, else its \
        search by code. `source` says where the catalogue and the details were read, with the copy's date.",
    params(("code" = String, Path, pattern = r"^[0-9]\.[0-9]{6}$",
        description = "National code: a digit, a dot and six digits", example = "1.001193")),
    responses((status = 200, description = "The procedure, its details where known, its portal links and provenance", body = ProcedureResponse),
        (status = 400, description = "Malformed code", body = shared::answers::ErrorResponse),
        (status = 404, description = "Not in the catalogue", body = shared::answers::ErrorResponse)))]
pub(crate) async fn procedure(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ProcedureResponse>, ApiError> {
    if !shared::answers::procedures::is_code(&code) {
        return Err(ApiError::bad_request(Message::MalformedProcedureCode { text: code.chars().take(20).collect() }));
    }
    state
        .data
        .load()
        .lookup
        .procedure(&code)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(Message::UnknownProcedure { code }))
}
