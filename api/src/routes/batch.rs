//! Batch conversion for firms rewriting many addresses: a JSON array of addresses, or a CSV upload with
//! an `address` column (other columns are kept). A bad row gets its own error; the batch goes on.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use shared::api::{BatchResponse, BatchRow, ConvertResponse, ErrorBody};
use shared::engine::MAX_INPUT_CHARS;

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
        new_province_code, relation, confidence and error are appended. A bad row gets its own error.",
    request_body(content((Vec<String> = "application/json"), (String = "text/csv"))),
    responses((status = 200, description = "One result per row (JSON), or the CSV with the answer appended",
            content((BatchResponse = "application/json"), (String = "text/csv"))),
        (status = 400, description = "Not a JSON array, or a CSV without an address column", body = shared::api::ErrorResponse),
        (status = 413, description = "Over 10,000 rows or 10 MB", body = shared::api::ErrorResponse),
        (status = 415, description = "Neither JSON nor CSV", body = shared::api::ErrorResponse)))]
pub(crate) async fn batch(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let convert = |address: &str| state.data.engine().convert(&state.data.index, address);
    if content_type.starts_with("application/json") {
        Ok(Json(json_batch(&body, convert)?).into_response())
    } else if content_type.starts_with("text/csv") {
        let csv = csv_batch(&body, convert)?;
        Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response())
    } else {
        Err(ApiError::unsupported_media_type(
            "Gửi JSON (application/json) hoặc CSV (text/csv). / Send JSON (application/json) or CSV (text/csv).",
        ))
    }
}

/// Converts one row's address, or says why it cannot be.
fn row_result(address: Option<&str>, convert: &impl Fn(&str) -> ConvertResponse) -> Result<ConvertResponse, ErrorBody> {
    match address {
        None => Err(ErrorBody {
            code: "bad_row".into(),
            message: "Dòng này không có địa chỉ dạng chữ. / This row has no address text.".into(),
        }),
        Some(address) if address.chars().count() > MAX_INPUT_CHARS => Err(ErrorBody {
            code: "unprocessable".into(),
            message: format!(
                "Địa chỉ dài quá {MAX_INPUT_CHARS} ký tự. / The address is longer than {MAX_INPUT_CHARS} characters."
            ),
        }),
        Some(address) => Ok(convert(address)),
    }
}

pub fn json_batch(body: &[u8], convert: impl Fn(&str) -> ConvertResponse) -> Result<BatchResponse, ApiError> {
    let rows: Vec<serde_json::Value> = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(format!("Cần một mảng JSON các địa chỉ / Expected a JSON array of addresses: {e}"))
    })?;
    too_many(rows.len())?;
    let results = rows
        .iter()
        .enumerate()
        .map(|(row, value)| match row_result(value.as_str(), &convert) {
            Ok(result) => BatchRow { row, result: Some(result), error: None },
            Err(error) => BatchRow { row, result: None, error: Some(error) },
        })
        .collect();
    Ok(BatchResponse { results })
}

pub fn csv_batch(body: &[u8], convert: impl Fn(&str) -> ConvertResponse) -> Result<String, ApiError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(body);
    let headers = reader
        .headers()
        .map_err(|e| ApiError::bad_request(format!("CSV không đọc được / Unreadable CSV: {e}")))?
        .clone();
    let Some(address_column) =
        headers.iter().position(|h| h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case("address"))
    else {
        return Err(ApiError::bad_request(
            "CSV cần một cột tên \"address\". / The CSV needs a column named \"address\".",
        ));
    };
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut header_row: Vec<&str> = headers.iter().collect();
    header_row.extend(CSV_COLUMNS);
    writer.write_record(&header_row).map_err(ApiError::internal)?;
    let mut rows = 0;
    for record in reader.records() {
        rows += 1;
        too_many(rows)?;
        let (fields, address, read_error) = match &record {
            Ok(record) => (record.iter().collect::<Vec<&str>>(), record.get(address_column), None),
            Err(e) => (vec![], None, Some(format!("Dòng CSV hỏng / Malformed CSV row: {e}"))),
        };
        let mut out: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
        out.resize(headers.len(), String::new());
        let appended = match (read_error, row_result(address, &convert)) {
            (Some(error), _) => ["", "", "", "", ""].map(str::to_owned).into_iter().chain([error]).collect(),
            (None, Err(error)) => ["", "", "", "", ""].map(str::to_owned).into_iter().chain([error.message]).collect(),
            (None, Ok(result)) => match result.candidates.first() {
                Some(best) => vec![
                    best.new_address.clone(),
                    best.code.clone(),
                    best.province_code.clone(),
                    serde_json::to_value(best.relation)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    format!("{:.3}", best.confidence),
                    String::new(),
                ],
                None => vec![
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    "0".into(),
                    result.hint.unwrap_or_default(),
                ],
            },
        };
        out.extend::<Vec<String>>(appended);
        writer.write_record(&out).map_err(ApiError::internal)?;
    }
    String::from_utf8(writer.into_inner().map_err(ApiError::internal)?).map_err(ApiError::internal)
}

fn too_many(rows: usize) -> Result<(), ApiError> {
    if rows > MAX_ROWS {
        return Err(ApiError::payload_too_large(format!(
            "Tối đa {MAX_ROWS} dòng mỗi lần. / At most {MAX_ROWS} rows per batch."
        )));
    }
    Ok(())
}
