//! Batch conversion for firms rewriting many addresses: a JSON array of addresses, or a CSV upload with
//! an `address` column (other columns are kept). A bad row gets its own error; the batch goes on.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use shared::answers::{BatchResponse, BatchRow, ConvertResponse, ErrorBody, Lang};
use shared::engine::MAX_INPUT_CHARS;

use super::ReaderLang;
use crate::error::{ErrorCode, Message, error_body};
use crate::{ApiError, AppState};

/// Most rows in one batch.
pub const MAX_ROWS: usize = 10_000;
/// Largest batch body.
const BATCH_BODY_LIMIT: usize = 10 * 1024 * 1024;

/// Columns appended to each CSV row.
const CSV_COLUMNS: [&str; 6] =
    ["new_address", "new_commune_code", "new_province_code", "relation", "confidence", "error"];

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/convert/batch", post(batch).layer(DefaultBodyLimit::max(BATCH_BODY_LIMIT)))
}

#[utoipa::path(post, path = "/api/v1/convert/batch", tag = "conversion",
    summary = "Convert up to 10,000 addresses: a JSON array, or a CSV with an `address` column",
    description = "JSON in, JSON out. CSV in, CSV out: every column is kept and new_address, new_commune_code, \
        new_province_code, relation, confidence and error are appended. A bad row gets its own error. Hints, \
        reasons, row errors and error messages are in the reader's language.",
    request_body(content((Vec<String> = "application/json"), (String = "text/csv"))),
    params(("lang" = Option<String>, Query, description = "Language of hints, reasons and error messages (`vi` or `en`), as for /convert"),
        ("Accept-Language" = Option<String>, Header, nullable = false, description = "Used when `lang` is absent")),
    responses((status = 200, description = "One result per row (JSON), or the CSV with the answer appended",
            content((BatchResponse = "application/json"), (String = "text/csv"))),
        (status = 400, description = "Not a JSON array, or a CSV without an address column", body = shared::answers::ErrorResponse),
        (status = 413, description = "Over 10,000 rows or 10 MB", body = shared::answers::ErrorResponse),
        (status = 415, description = "Neither JSON nor CSV", body = shared::answers::ErrorResponse)))]
pub(crate) async fn batch(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    // Up to 10,000 conversions: off the async workers, so that other requests keep being answered.
    let task = tokio::task::spawn_blocking(move || {
        let convert = |address: &str| state.data.lookup.convert(address, lang);
        if content_type.starts_with("application/json") {
            json_batch(&body, convert, lang).map(|batch| Json(batch).into_response())
        } else if content_type.starts_with("text/csv") {
            csv_batch(&body, convert, lang)
                .map(|csv| ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response())
        } else {
            Err(ApiError::unsupported_media_type(Message::NotJsonOrCsv))
        }
    });
    task.await.map_err(ApiError::internal)?
}

/// Converts one row's address, or says why it cannot be (in `lang`).
fn row_result(
    address: Option<&str>,
    convert: &impl Fn(&str) -> ConvertResponse,
    lang: Lang,
) -> Result<ConvertResponse, ErrorBody> {
    match address {
        None => Err(error_body(ErrorCode::BadRow, &Message::NoAddressText, lang)),
        Some(address) if shared::engine::too_long(address) => {
            Err(error_body(ErrorCode::Unprocessable, &Message::AddressTooLong { max: MAX_INPUT_CHARS }, lang))
        }
        Some(address) => Ok(convert(address)),
    }
}

/// A JSON array of addresses: one result per row, its error in `lang` (`convert` writes its texts in `lang` too).
pub fn json_batch(
    body: &[u8],
    convert: impl Fn(&str) -> ConvertResponse,
    lang: Lang,
) -> Result<BatchResponse, ApiError> {
    let rows: Vec<serde_json::Value> = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(Message::NotJsonArray { details: e.to_string() }))?;
    too_many(rows.len())?;
    let results = rows
        .iter()
        .enumerate()
        .map(|(row, value)| match row_result(value.as_str(), &convert, lang) {
            Ok(result) => BatchRow { row, result: Some(result), error: None },
            Err(error) => BatchRow { row, result: None, error: Some(error) },
        })
        .collect();
    Ok(BatchResponse { results })
}

/// A CSV with an `address` column: every row kept, the answer appended, a row's error or hint in `lang`.
pub fn csv_batch(body: &[u8], convert: impl Fn(&str) -> ConvertResponse, lang: Lang) -> Result<String, ApiError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(body);
    let headers =
        reader.headers().map_err(|e| ApiError::bad_request(Message::UnreadableCsv { details: e.to_string() }))?.clone();
    let Some(address_column) =
        headers.iter().position(|h| h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case("address"))
    else {
        return Err(ApiError::bad_request(Message::NoAddressColumn));
    };
    let records: Vec<Result<csv::StringRecord, csv::Error>> = reader.records().collect();
    too_many(records.len())?;
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut header_row: Vec<&str> = headers.iter().collect();
    header_row.extend(CSV_COLUMNS);
    writer.write_record(&header_row).map_err(ApiError::internal)?;
    let no_answer = || vec![String::new(); CSV_COLUMNS.len() - 1];
    let row_error = |message: Message| [no_answer(), vec![message.text(lang)]].concat();
    for record in &records {
        let (mut out, appended): (Vec<String>, Vec<String>) = match record {
            Err(e) => {
                (vec![String::new(); headers.len()], row_error(Message::MalformedCsvRow { details: e.to_string() }))
            }
            // An unquoted address with commas spills into the next columns: say so rather than guess.
            Ok(record) if record.len() > headers.len() => {
                (record.iter().take(headers.len()).map(str::to_owned).collect(), row_error(Message::TooManyFields))
            }
            Ok(record) => {
                let mut fields: Vec<String> = record.iter().map(str::to_owned).collect();
                fields.resize(headers.len(), String::new());
                let appended = match row_result(record.get(address_column), &convert, lang) {
                    Err(error) => [no_answer(), vec![error.message]].concat(),
                    Ok(result) => match result.candidates.first() {
                        Some(best) => vec![
                            best.new_address.clone(),
                            best.code.to_string(),
                            best.province_code.to_string(),
                            match best.relation {
                                shared::model::Relation::Whole => "whole".to_owned(),
                                shared::model::Relation::Partial => "partial".to_owned(),
                            },
                            format!("{:.3}", best.confidence),
                            String::new(),
                        ],
                        None => [no_answer(), vec![result.hint.unwrap_or_default()]].concat(),
                    },
                };
                (fields, appended)
            }
        };
        out.extend(appended);
        writer.write_record(&out).map_err(ApiError::internal)?;
    }
    String::from_utf8(writer.into_inner().map_err(ApiError::internal)?).map_err(ApiError::internal)
}

fn too_many(rows: usize) -> Result<(), ApiError> {
    if rows > MAX_ROWS {
        return Err(ApiError::payload_too_large(Message::TooManyRows { max: MAX_ROWS }));
    }
    Ok(())
}
