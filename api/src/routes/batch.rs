//! Batch conversion for firms rewriting many addresses: a JSON array of addresses, or a CSV upload or an
//! Excel workbook ([`xlsx`]) with an address column (other columns are kept). A bad row gets its own
//! error; the batch goes on.
//!
//! The work is bounded: one batch per CPU at a time (beyond that a 503 with `Retry-After`, answered at
//! once, its upload read past and not kept), a time budget per batch (rows left when it runs out get a
//! per-row `timeout` error, so that every row in has a row out), and the answer is streamed in small
//! chunks from a blocking thread through a bounded channel, so that a batch holds its upload and a few
//! chunks, never its whole answer. A client that stops reading holds its slot for at most [`STALL`] more;
//! one that goes away stops the work.
//!
//! The parsing and writing below are plain functions over bytes ([`JsonBatch`], [`CsvBatch`],
//! [`XlsxBatch`]), tested without HTTP; the handler only bounds, reads and streams. A workbook is the
//! exception to streaming: a zip, its answer is made whole (bounded by what it holds), then sent as one
//! chunk.

mod xlsx;

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, Query, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::post;
use http_body::Body as _;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, SeqAccess, Visitor};
use shared::answers::batch::{ANSWER_COLUMNS, answer_cells, neutralised};
use shared::answers::{BatchRow, ConvertResponse, ErrorBody, Lang};
use shared::engine::MAX_INPUT_CHARS;
use tokio::sync::mpsc;

use super::ReaderLang;
use crate::error::{ErrorCode, Message, error_body};
use crate::{ApiError, AppState};
pub use xlsx::{XLSX_TYPE, XlsxBatch};

/// Most rows in one batch.
pub const MAX_ROWS: usize = 10_000;
/// Largest batch body.
const BATCH_BODY_LIMIT: usize = 10 * 1024 * 1024;
/// Time a batch may spend (reading its upload included), under the service's 10 s request timeout so
/// that the client gets its rows, the late ones marked, rather than a 408 after the work was done.
pub const BUDGET_SECONDS: u64 = 8;
/// A busy client is told to try again after this many seconds (a 10,000-row batch takes under one).
const BUSY_RETRY_AFTER: u64 = 2;
/// Longest wait for the client to take the next chunk; past it the answer is cut off and the slot freed.
const STALL: Duration = Duration::from_secs(10);
/// Longest time the whole answer may take to be taken by the client, from the batch's start: a client
/// that reads one chunk just before each stall would otherwise keep its slot for minutes.
const WHOLE_ANSWER: Duration = Duration::from_secs(BUDGET_SECONDS + 20);
/// Output is sent in chunks of about this size...
const CHUNK_BYTES: usize = 32 * 1024;
/// ...with at most this many waiting for the client.
const CHUNKS_IN_FLIGHT: usize = 4;
/// A UTF-8 byte-order mark, which Excel needs to read a CSV as UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/convert/batch", post(batch).layer(DefaultBodyLimit::max(BATCH_BODY_LIMIT)))
}

#[derive(Debug, Deserialize)]
pub(crate) struct BatchQuery {
    /// Whether a CSV answer starts with a UTF-8 byte-order mark; by default, as the upload did.
    bom: Option<bool>,
    /// The header of the address column (CSV and workbooks); by default `address`.
    column: Option<String>,
}

/// A CSV upload as the document describes it, so that schema-driven tools send what the route reads:
/// a header row with an `address` column (the rows after it are free).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, pattern = r#"^\ufeff?([^\r\n",]*,)*[ \t]*[Aa][Dd][Dd][Rr][Ee][Ss][Ss][ \t]*(,[^\r\n"]*)?(\r?\n|$)"#)]
pub(crate) struct CsvUpload(#[allow(dead_code)] String);

/// An Excel workbook (.xlsx), uploaded or answered.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub(crate) struct XlsxFile(#[allow(dead_code)] Vec<u8>);

#[utoipa::path(post, path = "/api/v1/convert/batch", tag = "conversion",
    summary = "Convert up to 10,000 addresses: a JSON array, or a CSV or an Excel workbook with an address column",
    description = "JSON in, JSON out. CSV in, CSV out; Excel (.xlsx) in, Excel out: every column is kept and \
        new_address, new_commune_code, new_province_code, relation, confidence, error and reason (the best \
        candidate's reasons, joined with `; `) are appended, in that order: reason was added last, so that the \
        earlier columns keep their positions. The address column is the one whose header is `address`, or the \
        one named by `column`. A bad row gets its own error; there is always one row out per row in (per \
        non-blank line after the header, for CSV; per row with a cell after the header row, for a workbook). \
        Hints, reasons, row errors and error messages are in the reader's language.\n\n\
        A CSV field cannot contain a line break: a record that spans lines (a quoted field with a line break, \
        or a quote that is never closed) is not converted, and each line it spans gets its own row with an \
        error instead. A CSV cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, \
        a tab or a carriage return), in any column or the header, is written with a leading `'`. The answer \
        starts with a UTF-8 byte-order mark when the upload did, or when `bom=true`.\n\n\
        A workbook: its first worksheet is read, its first row with a cell is the header, and the rows \
        after it with a cell are the rows (blank rows are dropped); the answer is one worksheet of the same \
        name, each cell in its column. Text stays text (no cell is ever written as a formula: a formula's last \
        computed value is kept), numbers and booleans stay so, dates, times and durations stay numbers with a \
        date format (yyyy-mm-dd hh:mm:ss, [h]:mm:ss); confidence is a number, codes are text. The answer is \
        made whole, then sent, not streamed, so a workbook is bounded: its parts unzipped and its cells as \
        they are held (200 bytes a cell, 400 more and twice its text for a text cell) add up to at most 128 MB, \
        about 10,000 rows of 20 text columns; it has at most 16,377 columns.\n\n\
        A batch may take 8 seconds: rows not converted by then get the error code `timeout` (send them again). \
        When as many batches as the service has processors are being converted, another one is refused with \
        503 and `Retry-After` at once (its upload is not kept).",
    request_body(description = "JSON: an array of addresses (an item that is not a string gets its row's error, \
        code `bad_row`). CSV: a header row with an `address` column, then one row per address. Excel: a \
        workbook whose first worksheet has such a header row (an address cell that is not text gets its row's \
        error).",
        content((Vec<serde_json::Value> = "application/json"), (CsvUpload = "text/csv"),
            (XlsxFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    params(("lang" = Option<String>, Query, description = "Language of hints, reasons and error messages (`vi` or `en`), as for /convert"),
        ("bom" = Option<bool>, Query, description = "CSV only: start the answer with a UTF-8 byte-order mark \
            (for Excel) when `true`, never when `false`; by default as the upload did"),
        ("column" = Option<String>, Query, description = "CSV and Excel: the header of the address column \
            (matched trimmed, in any case); by default `address`. A name that is not in the header is a 400"),
        ("Accept-Language" = Option<String>, Header, nullable = false, description = "Used when `lang` is absent")),
    responses((status = 200, description = "One result per row (JSON), or the CSV or the workbook with the answer \
            appended; a row not converted within the 8-second budget has the error code `timeout`",
            content((shared::answers::BatchResponse = "application/json"), (String = "text/csv"),
                (XlsxFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, description = "Not a JSON array, a CSV without an address column, a CSV header that spans \
            lines, a file that is not a readable .xlsx workbook (or one that is password-protected), a workbook \
            without a worksheet, an empty first worksheet or one without an address column, a `column` that is \
            not in the header, or a bad `bom`",
            body = shared::answers::ErrorResponse),
        (status = 413, description = "Over 10,000 rows or 10 MB; a workbook over 128 MB as read or over \
            16,377 columns", body = shared::answers::ErrorResponse),
        (status = 415, description = "Neither JSON, CSV nor an Excel workbook", body = shared::answers::ErrorResponse),
        (status = 503, description = "Too many batches at once: nothing was done, send it again after `Retry-After` seconds",
            body = shared::answers::ErrorResponse,
            headers(("Retry-After" = u64, description = "Seconds to wait before sending the batch again")))))]
pub(crate) async fn batch(
    State(state): State<AppState>,
    ReaderLang(lang): ReaderLang,
    query: Result<Query<BatchQuery>, QueryRejection>,
    request: Request,
) -> Result<Response, ApiError> {
    let budget = Deadline::after(BUDGET_SECONDS);
    let answered_by = tokio::time::Instant::now() + WHOLE_ANSWER;
    let Query(query) = query?;
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let kind = if content_type.starts_with("application/json") {
        Kind::Json
    } else if content_type.starts_with("text/csv") {
        Kind::Csv
    } else if content_type.starts_with(XLSX_TYPE) {
        Kind::Xlsx
    } else {
        return Err(ApiError::unsupported_media_type(Message::NotJsonCsvOrXlsx));
    };
    // Before the body is read: a refused batch costs neither its upload's memory nor any conversion.
    let Ok(slot) = state.batch_slots.clone().try_acquire_owned() else {
        // A client that waits for "100 Continue" (curl does above 1 MB) sends nothing until the body is
        // read: answering without reading it spares the upload.
        if !request.headers().contains_key(header::EXPECT) {
            tokio::spawn(discard(request.into_body()));
        }
        return Err(ApiError::unavailable(Message::BatchesBusy { retry_after: BUSY_RETRY_AFTER }, BUSY_RETRY_AFTER));
    };
    let body = Bytes::from_request(request, &state).await?;
    // Parsing 10 MB and converting 10,000 rows: off the async workers, so that other requests keep being
    // answered. The whole-request errors (400, 413) are found before the answer starts.
    let input = tokio::task::spawn_blocking(move || match kind {
        Kind::Json => JsonBatch::parse(&body).map(Input::Json),
        Kind::Csv => CsvBatch::parse(body, query.bom, query.column.as_deref()).map(Input::Csv),
        Kind::Xlsx => XlsxBatch::parse(body, query.column.as_deref()).map(Input::Xlsx),
    })
    .await
    .map_err(ApiError::internal)??;
    let (sender, receiver) = mpsc::channel(CHUNKS_IN_FLIGHT);
    let finished = Arc::new(AtomicBool::new(false));
    let body = Chunks { receiver, finished: finished.clone() };
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        // One dataset for the whole batch, even if a newer one is published meanwhile.
        let data = state.data.current();
        let work = Work { convert: |address: &str| data.lookup.convert(address, lang), lang, budget };
        let mut sink = ChannelSink { sender, runtime, stall: STALL, answered_by };
        let written = match input {
            Input::Json(batch) => batch.write(&work, &mut sink),
            Input::Csv(batch) => batch.write(&work, &mut sink),
            Input::Xlsx(batch) => batch.write(&work, &mut sink),
        };
        // Before the sender is dropped, so that the body knows the end is the real end.
        finished.store(written.is_ok(), Ordering::Release);
        // The slot before the sender too: a client that sends its next batch as soon as this answer ends
        // finds the slot free.
        drop(slot);
        drop(sink);
    });
    let content_type = match kind {
        Kind::Json => "application/json",
        Kind::Csv => "text/csv; charset=utf-8",
        Kind::Xlsx => XLSX_TYPE,
    };
    let mut response = Response::new(Body::new(body));
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    Ok(response)
}

/// Reads a refused batch's upload to its end, keeping none of it (at most [`BATCH_BODY_LIMIT`] bytes, for
/// at most [`STALL`]): a connection closed while the client is still sending would lose the 503 to a
/// reset ("broken pipe" on the client's side), and this keeps the connection for the next request.
async fn discard(mut body: Body) {
    let read = async {
        let mut left = BATCH_BODY_LIMIT;
        while let Some(Ok(frame)) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            let Some(chunk) = frame.data_ref() else { continue };
            left = left.checked_sub(chunk.len())?;
        }
        Some(())
    };
    let _ = tokio::time::timeout(STALL, read).await;
}

#[derive(Clone, Copy)]
enum Kind {
    Json,
    Csv,
    Xlsx,
}

enum Input {
    Json(JsonBatch),
    Csv(CsvBatch),
    Xlsx(XlsxBatch),
}

/// When a batch must stop converting.
pub trait Budget {
    fn spent(&self) -> bool;
    /// The budget in seconds, for the rows' error message.
    fn seconds(&self) -> u64;
}

/// A time budget from now.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    at: Instant,
    seconds: u64,
}

impl Deadline {
    pub fn after(seconds: u64) -> Self {
        Self { at: Instant::now() + Duration::from_secs(seconds), seconds }
    }
}

impl Budget for Deadline {
    fn spent(&self) -> bool {
        Instant::now() >= self.at
    }

    fn seconds(&self) -> u64 {
        self.seconds
    }
}

/// What every row of a batch is converted with: the engine (writing its texts in `lang`), the language
/// of the rows' errors, and the budget.
pub struct Work<C, B> {
    pub convert: C,
    pub lang: Lang,
    pub budget: B,
}

/// The client went away (or stopped reading): the work stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gone;

/// Where a batch's answer goes, a chunk at a time.
pub trait Sink {
    fn send(&mut self, chunk: Vec<u8>) -> Result<(), Gone>;

    /// Whether the client went away already: a batch that sends its answer only at its end (a
    /// workbook) asks at each cell, so that its work stops too.
    fn gone(&self) -> bool {
        false
    }
}

/// The whole answer in memory, for tests and callers without a socket.
impl Sink for Vec<u8> {
    fn send(&mut self, chunk: Vec<u8>) -> Result<(), Gone> {
        self.extend_from_slice(&chunk);
        Ok(())
    }
}

/// The response body's channel, from the blocking thread that converts.
struct ChannelSink {
    sender: mpsc::Sender<Bytes>,
    runtime: tokio::runtime::Handle,
    /// [`STALL`], shorter in tests.
    stall: Duration,
    /// [`WHOLE_ANSWER`] after the batch started.
    answered_by: tokio::time::Instant,
}

impl Sink for ChannelSink {
    fn send(&mut self, chunk: Vec<u8>) -> Result<(), Gone> {
        // Waits while the channel is full (backpressure), but not forever: a client that does not read
        // must not keep its batch slot. A closed channel is a client that went away.
        let until = (tokio::time::Instant::now() + self.stall).min(self.answered_by);
        match self.runtime.block_on(tokio::time::timeout_at(until, self.sender.send(Bytes::from(chunk)))) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) | Err(_) => Err(Gone),
        }
    }

    fn gone(&self) -> bool {
        self.sender.is_closed()
    }
}

/// The response body: the chunks as they come. Ends with an error (the connection is cut, so that the
/// client cannot take a partial answer for a whole one) if the converting thread stopped before the end.
struct Chunks {
    receiver: mpsc::Receiver<Bytes>,
    finished: Arc<AtomicBool>,
}

impl http_body::Body for Chunks {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        Poll::Ready(match ready!(self.receiver.poll_recv(cx)) {
            Some(chunk) => Some(Ok(http_body::Frame::data(chunk))),
            None if self.finished.load(Ordering::Acquire) => None,
            None => Some(Err(std::io::Error::other("the batch stopped before its end"))),
        })
    }
}

/// Output collected until it is worth a chunk.
struct Chunker<'s, S> {
    sink: &'s mut S,
    buffer: Vec<u8>,
}

impl<'s, S: Sink> Chunker<'s, S> {
    fn new(sink: &'s mut S) -> Self {
        Self { sink, buffer: Vec::with_capacity(CHUNK_BYTES) }
    }

    fn maybe_send(&mut self) -> Result<(), Gone> {
        if self.buffer.len() >= CHUNK_BYTES { self.send() } else { Ok(()) }
    }

    fn send(&mut self) -> Result<(), Gone> {
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK_BYTES));
        if chunk.is_empty() { Ok(()) } else { self.sink.send(chunk) }
    }
}

/// Converts one row's address, or says why it is not converted (in `lang`).
fn row_result<C: Fn(&str) -> ConvertResponse, B: Budget>(
    address: Option<&str>,
    work: &Work<C, B>,
) -> Result<ConvertResponse, ErrorBody> {
    match address {
        None => Err(error_body(ErrorCode::BadRow, &Message::NoAddressText, work.lang)),
        Some(address) if shared::engine::too_long(address) => {
            Err(error_body(ErrorCode::Unprocessable, &Message::AddressTooLong { max: MAX_INPUT_CHARS }, work.lang))
        }
        Some(_) if work.budget.spent() => Err(error_body(
            ErrorCode::Timeout,
            &Message::BatchBudgetExceeded { seconds: work.budget.seconds() },
            work.lang,
        )),
        Some(address) => Ok((work.convert)(address)),
    }
}

fn too_many() -> ApiError {
    ApiError::payload_too_large(Message::TooManyRows { max: MAX_ROWS })
}

/// The address column among a header's cells (each its column and text): the one named `column`, else the
/// one named `address` (also for an empty `column`), compared trimmed and in any case (the first of
/// several). `missing` when there is
/// no `address` column; a `column` that is not there is a 400 naming it.
fn address_column<'h>(
    headers: impl IntoIterator<Item = (usize, &'h str)>,
    column: Option<&str>,
    missing: Message,
) -> Result<usize, ApiError> {
    // An empty `column=` (a form left blank) is no choice: the default.
    let column = column.filter(|c| !c.trim().is_empty());
    let name = column.unwrap_or("address").trim().to_lowercase();
    let found = headers.into_iter().find(|(_, header)| header.trim().to_lowercase() == name);
    match (found, column) {
        (Some((position, _)), _) => Ok(position),
        (None, Some(column)) => {
            Err(ApiError::bad_request(Message::ColumnNotInHeader { column: column.trim().to_owned() }))
        }
        (None, None) => Err(ApiError::bad_request(missing)),
    }
}

/// A JSON array: one element per row, its text or `None` when it is not a string.
pub struct JsonBatch {
    rows: Vec<Option<String>>,
}

impl JsonBatch {
    /// The array, or a 400 (not an array of JSON values) or a 413 (over [`MAX_ROWS`] elements, found
    /// without keeping more than that).
    pub fn parse(body: &[u8]) -> Result<Self, ApiError> {
        let over = std::cell::Cell::new(false);
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let rows = Rows { over: &over }.deserialize(&mut deserializer).and_then(|rows| {
            deserializer.end()?;
            Ok(rows)
        });
        match rows {
            Ok(rows) => Ok(Self { rows }),
            Err(_) if over.get() => Err(too_many()),
            Err(e) => Err(ApiError::bad_request(Message::NotJsonArray { details: e.to_string() })),
        }
    }

    /// `{"results":[...]}`, one [`BatchRow`] per element, in order.
    pub fn write<C: Fn(&str) -> ConvertResponse, B: Budget>(
        &self,
        work: &Work<C, B>,
        sink: &mut impl Sink,
    ) -> Result<(), Gone> {
        let mut out = Chunker::new(sink);
        out.buffer.extend_from_slice(b"{\"results\":[");
        for (row, address) in self.rows.iter().enumerate() {
            if row > 0 {
                out.buffer.push(b',');
            }
            let row = match row_result(address.as_deref(), work) {
                Ok(result) => BatchRow { row, result: Some(result), error: None },
                Err(error) => BatchRow { row, result: None, error: Some(error) },
            };
            serde_json::to_writer(&mut out.buffer, &row).expect("a batch row serializes");
            out.maybe_send()?;
        }
        out.buffer.extend_from_slice(b"]}");
        out.send()
    }
}

/// Reads a JSON array, keeping only each element's text, and stops at the first element over [`MAX_ROWS`].
struct Rows<'a> {
    over: &'a std::cell::Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for Rows<'_> {
    type Value = Vec<Option<String>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_> {
    type Value = Vec<Option<String>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // As serde says it for a Vec: the message is unchanged from when the rows were read as one.
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut rows = Vec::new();
        while let Some(JsonRow(row)) = seq.next_element()? {
            if rows.len() == MAX_ROWS {
                self.over.set(true);
                return Err(de::Error::custom("too many rows"));
            }
            rows.push(row);
        }
        Ok(rows)
    }
}

/// One element of a JSON batch: its text, if it is a string (anything else is read and dropped).
struct JsonRow(Option<String>);

impl<'de> Deserialize<'de> for JsonRow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonRowVisitor)
    }
}

struct JsonRowVisitor;

impl<'de> Visitor<'de> for JsonRowVisitor {
    type Value = JsonRow;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an address")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<JsonRow, E> {
        Ok(JsonRow(Some(text.to_owned())))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<JsonRow, E> {
        Ok(JsonRow(Some(text)))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<JsonRow, E> {
        Ok(JsonRow(None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<JsonRow, E> {
        Ok(JsonRow(None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<JsonRow, E> {
        Ok(JsonRow(None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<JsonRow, E> {
        Ok(JsonRow(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<JsonRow, E> {
        Ok(JsonRow(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<JsonRow, A::Error> {
        IgnoredAny.visit_seq(seq).map(|_| JsonRow(None))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<JsonRow, A::Error> {
        IgnoredAny.visit_map(map).map(|_| JsonRow(None))
    }
}

/// A CSV with an `address` column, checked: its header read, its rows counted.
pub struct CsvBatch {
    /// The upload without its byte-order mark.
    body: Bytes,
    /// Whether the answer starts with a byte-order mark.
    bom: bool,
    headers: Vec<String>,
    address_column: usize,
}

/// One record of a CSV as the csv crate reads it, with the physical lines it covers.
enum Record {
    /// On one line: its fields, or why they cannot be read.
    Line(Result<csv::StringRecord, csv::FromUtf8Error>),
    /// Over several lines (a field with a line break, or an unclosed quote): the numbers of its lines
    /// that hold text, one row out each.
    Spanning(Vec<u64>),
}

/// The records of a CSV after its header, each with its physical lines. The csv crate merges the lines of a
/// quoted field into one record and numbers lines by LF only, so lines are counted here from the records'
/// byte positions (CR LF, LF or CR ends a line, as for the csv crate).
struct Records<'a> {
    body: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
    record: csv::ByteRecord,
    lines: Lines,
}

impl<'a> Records<'a> {
    /// The header's fields and the records after it; a header over several lines is a 400.
    fn open(body: &'a [u8]) -> Result<(csv::StringRecord, Self), ApiError> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(body);
        let mut header = csv::ByteRecord::new();
        let unreadable = |e: csv::Error| ApiError::bad_request(Message::UnreadableCsv { details: e.to_string() });
        reader.read_byte_record(&mut header).map_err(unreadable)?;
        let mut lines = Lines::new();
        let header_lines = lines.with_text(&body[..position(&reader)]);
        if header_lines.len() > 1 {
            return Err(ApiError::bad_request(Message::UnbalancedQuote { line: header_lines[0] }));
        }
        let header = csv::StringRecord::from_byte_record(header)
            .map_err(|e| ApiError::bad_request(Message::UnreadableCsv { details: e.to_string() }))?;
        Ok((header, Self { body, reader, record: csv::ByteRecord::new(), lines }))
    }
}

/// The reader's byte offset in the body.
fn position(reader: &csv::Reader<&[u8]>) -> usize {
    usize::try_from(reader.position().byte()).expect("a position in a slice fits in usize")
}

impl Iterator for Records<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        let start = position(&self.reader);
        // Reading bytes from a slice with `flexible` cannot fail; a failure would end the records.
        if !self.reader.read_byte_record(&mut self.record).ok()? {
            return None;
        }
        let lines = self.lines.with_text(&self.body[start..position(&self.reader)]);
        Some(if lines.len() > 1 {
            Record::Spanning(lines)
        } else {
            Record::Line(csv::StringRecord::from_byte_record(std::mem::take(&mut self.record)))
        })
    }
}

/// Physical lines, counted across the records' byte ranges. CR LF, LF or CR ends a line, as for the csv
/// crate, which may end a record between the CR and the LF.
struct Lines {
    /// Number of the line being read.
    line: u64,
    after_cr: bool,
}

impl Lines {
    fn new() -> Self {
        Self { line: 1, after_cr: false }
    }

    /// The numbers of the lines in `bytes` that hold text (a blank line is no row, as for the csv crate).
    fn with_text(&mut self, bytes: &[u8]) -> Vec<u64> {
        let mut lines = Vec::new();
        let mut text = false;
        for &byte in bytes {
            match byte {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\r' | b'\n' => {
                    if std::mem::take(&mut text) {
                        lines.push(self.line);
                    }
                    self.line += 1;
                    self.after_cr = byte == b'\r';
                }
                _ => {
                    text = true;
                    self.after_cr = false;
                }
            }
        }
        if text {
            lines.push(self.line);
        }
        lines
    }
}

impl CsvBatch {
    /// The header and the rows, or a 400 (no address column, a header that cannot be read) or a 413
    /// (over [`MAX_ROWS`] rows out). `bom`: whether the answer starts with a byte-order mark (by default,
    /// as the upload did); `column`: the address column's header, by default `address`.
    pub fn parse(body: Bytes, bom: Option<bool>, column: Option<&str>) -> Result<Self, ApiError> {
        let had_bom = body.starts_with(BOM);
        let body = if had_bom { body.slice(BOM.len()..) } else { body };
        let (header, records) = Records::open(&body)?;
        let headers: Vec<String> = header.iter().map(str::to_owned).collect();
        let named = headers.iter().map(String::as_str).enumerate();
        let address_column = address_column(named, column, Message::NoAddressColumn)?;
        let mut rows = 0;
        for record in records {
            rows += match record {
                Record::Line(_) => 1,
                Record::Spanning(lines) => lines.len(),
            };
            if rows > MAX_ROWS {
                return Err(too_many());
            }
        }
        Ok(Self { body, bom: bom.unwrap_or(had_bom), headers, address_column })
    }

    /// The header and every row with the answer appended, each cell neutralised for spreadsheets; a
    /// row's error or hint in `lang`.
    pub fn write<C: Fn(&str) -> ConvertResponse, B: Budget>(
        &self,
        work: &Work<C, B>,
        sink: &mut impl Sink,
    ) -> Result<(), Gone> {
        let (_, records) = Records::open(&self.body).expect("parse read the same header");
        let columns = self.headers.len();
        let mut out = CsvOut::new(sink, self.bom);
        out.row(self.headers.iter().map(String::as_str).chain(ANSWER_COLUMNS));
        let no_input = || std::iter::repeat_n("", columns);
        // A row that cannot be read: its error in the answer's error column, wherever that is.
        let unread = |message: Message| answer_cells(Err(error_body(ErrorCode::BadRow, &message, work.lang)));
        for record in records {
            match record {
                Record::Spanning(lines) => {
                    for line in lines {
                        let answer = unread(Message::UnbalancedQuote { line });
                        out.row(no_input().chain(answer.iter().map(String::as_str)));
                    }
                }
                Record::Line(Err(e)) => {
                    let answer = unread(Message::MalformedCsvRow { details: e.to_string() });
                    out.row(no_input().chain(answer.iter().map(String::as_str)));
                }
                // An unquoted address with commas spills into the next columns: say so rather than guess.
                Record::Line(Ok(record)) if record.len() > columns => {
                    let answer = unread(Message::TooManyFields);
                    out.row(record.iter().take(columns).chain(answer.iter().map(String::as_str)));
                }
                Record::Line(Ok(record)) => {
                    let answer = answer_cells(row_result(record.get(self.address_column), work));
                    let input = record.iter().chain(std::iter::repeat("")).take(columns);
                    out.row(input.chain(answer.iter().map(String::as_str)));
                }
            }
            out.maybe_send()?;
        }
        out.send()
    }
}

/// CSV rows written into chunks.
struct CsvOut<'s, S> {
    writer: csv::Writer<Vec<u8>>,
    sink: &'s mut S,
}

impl<'s, S: Sink> CsvOut<'s, S> {
    fn new(sink: &'s mut S, bom: bool) -> Self {
        let mut first = Vec::with_capacity(CHUNK_BYTES);
        if bom {
            first.extend_from_slice(BOM);
        }
        Self { writer: Self::writer(first), sink }
    }

    fn writer(into: Vec<u8>) -> csv::Writer<Vec<u8>> {
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(into)
    }

    /// One record, every cell neutralised.
    fn row<'c>(&mut self, cells: impl IntoIterator<Item = &'c str>) {
        for cell in cells {
            self.writer.write_field(neutralised(cell).as_bytes()).expect("writing to memory succeeds");
        }
        self.writer.write_record(None::<&[u8]>).expect("writing to memory succeeds");
    }

    fn maybe_send(&mut self) -> Result<(), Gone> {
        self.writer.flush().expect("writing to memory succeeds");
        if self.writer.get_ref().len() >= CHUNK_BYTES { self.send() } else { Ok(()) }
    }

    fn send(&mut self) -> Result<(), Gone> {
        let writer = std::mem::replace(&mut self.writer, Self::writer(Vec::with_capacity(CHUNK_BYTES)));
        let chunk = writer.into_inner().expect("writing to memory succeeds");
        if chunk.is_empty() { Ok(()) } else { self.sink.send(chunk) }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::sync::OnceLock;

    use proptest::prelude::*;
    use shared::answers::BatchResponse;
    use shared::answers::batch::ERROR_COLUMN;

    use super::*;

    pub(super) fn data() -> &'static crate::Data {
        static DATA: OnceLock<crate::Data> = OnceLock::new();
        DATA.get_or_init(crate::Data::embedded)
    }

    fn convert(lang: Lang) -> impl Fn(&str) -> ConvertResponse {
        move |address| data().lookup.convert(address, lang)
    }

    pub(super) fn work<B: Budget>(lang: Lang, budget: B) -> Work<impl Fn(&str) -> ConvertResponse, B> {
        Work { convert: convert(lang), lang, budget }
    }

    pub(super) fn plenty() -> Deadline {
        Deadline::after(3600)
    }

    /// Spent after `n` conversions: the budget running out at a known row, without a clock.
    pub(super) struct AfterConversions(pub(super) Cell<usize>);

    impl Budget for AfterConversions {
        fn spent(&self) -> bool {
            let left = self.0.get();
            self.0.set(left.saturating_sub(1));
            left == 0
        }

        fn seconds(&self) -> u64 {
            BUDGET_SECONDS
        }
    }

    fn csv_out<B: Budget>(body: &[u8], bom: Option<bool>, lang: Lang, budget: B) -> Result<Vec<u8>, ApiError> {
        let batch = CsvBatch::parse(Bytes::copy_from_slice(body), bom, None)?;
        let mut out = Vec::new();
        batch.write(&work(lang, budget), &mut out).unwrap();
        Ok(out)
    }

    /// The header and the rows of a CSV answer.
    fn read_csv(out: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(out);
        let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
        let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
        (header, rows)
    }

    fn json_out<B: Budget>(body: &[u8], lang: Lang, budget: B) -> Result<BatchResponse, ApiError> {
        let batch = JsonBatch::parse(body)?;
        let mut out = Vec::new();
        batch.write(&work(lang, budget), &mut out).unwrap();
        Ok(serde_json::from_slice(&out).expect("the streamed answer is one BatchResponse"))
    }

    const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

    fn is_neutral(cell: &str) -> bool {
        !cell.starts_with(TRIGGERS)
    }

    #[test]
    fn an_empty_column_choice_is_the_default_address_column() {
        let headers = || [(0, "name"), (1, " Address ")];
        assert_eq!(address_column(headers(), Some(""), Message::NoAddressColumn).ok(), Some(1));
        assert_eq!(address_column(headers(), Some("  "), Message::NoAddressColumn).ok(), Some(1));
        assert_eq!(address_column(headers(), Some("NAME"), Message::NoAddressColumn).ok(), Some(0));
        assert!(address_column(headers(), Some("phone"), Message::NoAddressColumn).is_err());
    }

    /// Every trigger that a CSV cell can start with (a CR cannot: it ends the line), in an input column,
    /// in the header and in the address, whose street part comes back in `new_address`.
    #[test]
    fn csv_injection_is_neutralised_in_every_column_the_header_and_the_new_address() {
        for trigger in ['=', '+', '-', '@', '\t'] {
            let csv = format!(
                "{trigger}name,address,\"{trigger}note\"\n\
                 {trigger}cmd|' /C calc'!A0,\"{trigger}1+1 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM\",{trigger}x\n"
            );
            let out = String::from_utf8(csv_out(csv.as_bytes(), None, Lang::En, plenty()).unwrap()).unwrap();
            let (header, rows) = read_csv(out.as_bytes());
            assert_eq!(header[0], format!("'{trigger}name"), "{out}");
            assert_eq!(header[2], format!("'{trigger}note"));
            let row = &rows[0];
            assert_eq!(row[0], format!("'{trigger}cmd|' /C calc'!A0"));
            assert_eq!(row[1], format!("'{trigger}1+1 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM"));
            assert_eq!(row[2], format!("'{trigger}x"));
            // The street part as the engine keeps it (it drops a leading "-" or tab as a separator).
            let address = format!("{trigger}1+1 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM");
            let new_address = data().lookup.convert(&address, Lang::En).candidates[0].new_address.clone();
            assert_eq!(row[3], neutralised(&new_address), "{out}");
            // The engine keeps `=`, `+` and `@` before the street: the answer's own cell would be a formula.
            assert_eq!(new_address.starts_with(trigger), "=+@".contains(trigger), "{new_address}");
            assert_eq!(row[4], "26740");
            assert!(header.iter().chain(row).all(|cell| is_neutral(cell)), "{out}");
        }
    }

    #[test]
    fn csv_keeps_the_uploads_byte_order_mark_and_adds_one_when_asked() {
        let plain = "address\nP. Bến Nghé, Q.1, TP.HCM\n";
        let with_bom = format!("\u{feff}{plain}");
        for (body, bom, expected) in [
            (plain, None, false),
            (with_bom.as_str(), None, true),
            (plain, Some(true), true),
            (with_bom.as_str(), Some(false), false),
            (with_bom.as_str(), Some(true), true),
        ] {
            let out = csv_out(body.as_bytes(), bom, Lang::Vi, plenty()).unwrap();
            assert_eq!(out.starts_with(BOM), expected, "{body:?} bom={bom:?}");
            // Never two, and the mark is not part of the first column's name.
            let text = std::str::from_utf8(&out).unwrap().trim_start_matches('\u{feff}');
            assert!(text.starts_with("address,new_address,"), "{text}");
            assert_eq!(out.iter().filter(|&&b| b == 0xEF).count(), usize::from(expected));
        }
    }

    #[test]
    fn an_unbalanced_quote_gives_each_line_it_spans_an_error_row_and_no_answer() {
        // Quotes in the rows after it would close it: these have none.
        let good = |n: u32| format!("{n},P. Bến Nghé Q.1 TP.HCM");
        // Row 2 of 5 opens a quote that never closes: the csv crate would merge rows 2 to 5 into one.
        let csv =
            format!("id,address\n{}\n2,\"Phường Cống Vị, Ba Đình\n{}\n{}\n{}\n", good(1), good(3), good(4), good(5));
        let out = csv_out(csv.as_bytes(), None, Lang::En, plenty()).unwrap();
        let (_, rows) = read_csv(&out);
        assert_eq!(rows.len(), 5);
        assert_eq!((rows[0][2].as_str(), rows[0][3].as_str()), ("Phường Sài Gòn, Thành phố Hồ Chí Minh", "26740"));
        // The answer's cells come after the upload's two columns.
        let error = 2 + ERROR_COLUMN;
        for (row, line) in rows[1..].iter().zip(3..) {
            assert_eq!(row.len(), 2 + ANSWER_COLUMNS.len(), "{row:?}");
            assert!(row[2..].iter().enumerate().all(|(i, cell)| i == ERROR_COLUMN || cell.is_empty()), "{row:?}");
            assert_eq!(
                row[error],
                format!("Line {line} opens a quote that does not close on that line; fix the quotes.")
            );
        }

        // A quote that closes two lines further: the lines it spans are errors, the rows after convert.
        let csv =
            format!("id,address\r\n{}\r\n2,\"Cống Vị\r\n\r\n3,Ba Đình\"\r\n{}\r\n{}\r\n", good(1), good(4), good(5));
        let out = csv_out(csv.as_bytes(), None, Lang::Vi, plenty()).unwrap();
        let (_, rows) = read_csv(&out);
        let errors: Vec<&str> = rows.iter().map(|row| row[error].as_str()).collect();
        assert_eq!(rows.len(), 5, "the blank line inside the quote is no row: {errors:?}");
        for row in [&rows[0], &rows[3], &rows[4]] {
            assert_eq!((row[3].as_str(), row[error].as_str()), ("26740", ""), "{row:?}");
        }
        assert!(errors[1].starts_with("Dòng 3 ") && errors[2].starts_with("Dòng 5 "), "{errors:?}");
        assert_eq!(rows[1][2], "", "never converted");

        // A field with a line break, quoted properly, spans lines too: it is not converted either.
        let out = csv_out(b"address\n\"P. Ben Nghe\nQ.1\"\n", None, Lang::En, plenty()).unwrap();
        assert_eq!(read_csv(&out).1.len(), 2);
    }

    #[test]
    fn a_header_over_several_lines_or_without_an_address_column_is_refused() {
        for (csv, message) in [
            ("id,\"address\nP. Bến Nghé\n", Message::UnbalancedQuote { line: 1 }),
            ("\n\n\"address\n\"\nx\n", Message::UnbalancedQuote { line: 3 }),
            ("name,street\nAn,Lê Lợi\n", Message::NoAddressColumn),
            ("", Message::NoAddressColumn),
        ] {
            let error = CsvBatch::parse(Bytes::from(csv), None, None).err().unwrap();
            assert_eq!((error.status.as_u16(), error.message), (400, message), "{csv:?}");
        }
    }

    #[test]
    fn rows_past_the_budget_get_a_timeout_error_and_every_row_still_has_its_row_out() {
        let addresses = ["P. Bến Nghé, Q.1, TP.HCM"; 5];
        // The middle row is not text: it is no conversion, and does not use the budget.
        let json = serde_json::json!([addresses[0], addresses[1], 42, addresses[2], addresses[3], addresses[4]]);
        let json = json.to_string().into_bytes();
        let batch = json_out(&json, Lang::En, AfterConversions(Cell::new(3))).unwrap();
        assert_eq!(batch.results.len(), 6);
        let timed_out: Vec<usize> = batch
            .results
            .iter()
            .filter(|row| row.error.as_ref().is_some_and(|e| e.code == "timeout"))
            .map(|row| row.row)
            .collect();
        assert_eq!(timed_out, [4, 5]);
        assert_eq!(
            batch.results[5].error.as_ref().unwrap().message,
            "Not converted: the batch used up its 8 seconds; send the remaining rows again."
        );
        assert!([0, 1, 3].iter().all(|&row| batch.results[row].result.is_some()));

        let csv: String = std::iter::once("address\n")
            .chain(addresses.iter().map(|a| format!("\"{a}\"\n")).collect::<Vec<_>>().iter().map(String::as_str))
            .collect();
        let out = csv_out(csv.as_bytes(), None, Lang::Vi, Deadline::after(0)).unwrap();
        let (_, rows) = read_csv(&out);
        assert_eq!(rows.len(), 5);
        let error = 1 + ERROR_COLUMN;
        assert!(rows.iter().all(|row| row[1].is_empty() && row[error].starts_with("Chưa chuyển đổi")), "{rows:?}");
    }

    #[test]
    fn json_rows_keep_their_order_and_errors() {
        let body = serde_json::json!(["P. Bến Nghé, Q.1, TP.HCM", 42, {"address": "x"}, ["x"], null, "a".repeat(501)]);
        let batch = json_out(body.to_string().as_bytes(), Lang::En, plenty()).unwrap();
        let codes: Vec<Option<&str>> =
            batch.results.iter().map(|row| row.error.as_ref().map(|e| e.code.as_str())).collect();
        assert_eq!(
            codes,
            [None, Some("bad_row"), Some("bad_row"), Some("bad_row"), Some("bad_row"), Some("unprocessable")]
        );
        assert_eq!(batch.results.iter().map(|row| row.row).collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5]);
        assert_eq!(batch.results[0].result.as_ref().unwrap().candidates[0].code.to_string(), "26740");
        for body in [&b"{\"address\":1}"[..], b"[\"x\"] []", b"[\"x\",]", b""] {
            let error = JsonBatch::parse(body).err().unwrap();
            assert_eq!(error.status.as_u16(), 400, "{}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn over_ten_thousand_rows_is_refused_before_any_work() {
        let json = format!("[{}]", vec!["0"; MAX_ROWS + 1].join(","));
        assert_eq!(JsonBatch::parse(json.as_bytes()).err().unwrap().status.as_u16(), 413);
        assert!(JsonBatch::parse(format!("[{}]", vec!["0"; MAX_ROWS].join(",")).as_bytes()).is_ok());
        // Rows out are counted: a quote spanning lines makes a row of each line.
        let lines = |n: usize| format!("address\n\"{}", "x\n".repeat(n));
        assert!(CsvBatch::parse(Bytes::from(lines(MAX_ROWS)), None, None).is_ok());
        assert_eq!(CsvBatch::parse(Bytes::from(lines(MAX_ROWS + 1)), None, None).err().unwrap().status.as_u16(), 413);
    }

    /// Takes `chunks` chunks, then says the client went away.
    struct LeavesAfter {
        chunks: usize,
    }

    impl Sink for LeavesAfter {
        fn send(&mut self, _: Vec<u8>) -> Result<(), Gone> {
            self.chunks = self.chunks.checked_sub(1).ok_or(Gone)?;
            Ok(())
        }
    }

    #[test]
    fn a_client_that_goes_away_stops_the_work() {
        let addresses: Vec<String> = (0..2_000).map(|i| format!("Số {i} Lê Lợi, P. Bến Nghé, Q.1, TP.HCM")).collect();
        let converted = Cell::new(0);
        let work = Work {
            convert: |address: &str| {
                converted.set(converted.get() + 1);
                data().lookup.convert(address, Lang::Vi)
            },
            lang: Lang::Vi,
            budget: plenty(),
        };
        let json = JsonBatch::parse(&serde_json::to_vec(&addresses).unwrap()).unwrap();
        assert_eq!(json.write(&work, &mut LeavesAfter { chunks: 1 }), Err(Gone));
        assert!(converted.get() < 200, "{} rows converted after the client left", converted.get());

        converted.set(0);
        let csv = std::iter::once("address".to_owned())
            .chain(addresses.iter().map(|a| format!("\"{a}\"")))
            .collect::<Vec<_>>()
            .join("\n");
        let csv = CsvBatch::parse(Bytes::from(csv), None, None).unwrap();
        assert_eq!(csv.write(&work, &mut LeavesAfter { chunks: 2 }), Err(Gone));
        assert!(converted.get() < 1_000, "{} rows converted after the client left", converted.get());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn a_client_that_stops_reading_is_cut_off_and_a_cut_answer_ends_in_an_error() {
        use http_body_util::BodyExt;

        let (sender, receiver) = mpsc::channel(1);
        let finished = Arc::new(AtomicBool::new(false));
        let mut body = Chunks { receiver, finished: finished.clone() };
        let runtime = tokio::runtime::Handle::current();
        let started = Instant::now();
        let stall = Duration::from_millis(50);
        let sent = tokio::task::spawn_blocking(move || {
            let answered_by = tokio::time::Instant::now() + Duration::from_secs(60);
            let mut sink = ChannelSink { sender, runtime, stall, answered_by };
            (sink.send(b"one".to_vec()), sink.send(b"two".to_vec()))
        })
        .await
        .unwrap();
        assert_eq!(sent, (Ok(()), Err(Gone)), "the second chunk waits for a reader that never comes");
        assert!(started.elapsed() >= stall);
        let frame = body.frame().await.unwrap().unwrap();
        assert_eq!(frame.into_data().unwrap(), "one");
        assert!(body.frame().await.unwrap().is_err(), "the sender stopped before the end");

        let (sender, receiver) = mpsc::channel(1);
        finished.store(true, Ordering::Release);
        drop(sender);
        let body = Chunks { receiver, finished };
        assert!(body.collect().await.unwrap().to_bytes().is_empty());
    }

    /// A client that takes each chunk just before the stall limit is still cut off once the whole
    /// answer's time is up, so that it cannot keep its slot for minutes.
    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn a_client_that_reads_slowly_is_cut_off_when_the_whole_answer_is_due() {
        let (sender, mut receiver) = mpsc::channel(1);
        let runtime = tokio::runtime::Handle::current();
        let (stall, whole) = (Duration::from_millis(200), Duration::from_millis(500));
        let reader = tokio::spawn(async move {
            let mut taken = 0;
            // Each chunk taken well within the stall limit.
            while let Ok(Some(_)) = tokio::time::timeout(Duration::from_secs(2), async {
                tokio::time::sleep(stall / 2).await;
                receiver.recv().await
            })
            .await
            {
                taken += 1;
            }
            taken
        });
        let started = Instant::now();
        let sent = tokio::task::spawn_blocking(move || {
            let mut sink = ChannelSink { sender, runtime, stall, answered_by: tokio::time::Instant::now() + whole };
            (0..100).take_while(|_| sink.send(b"chunk".to_vec()).is_ok()).count()
        })
        .await
        .unwrap();
        let took = started.elapsed();
        assert!(sent < 100, "all 100 chunks were sent over {took:?}");
        // 100 chunks read at this pace would take 10 s.
        assert!(took >= whole && took < whole + Duration::from_secs(3), "cut off after {took:?}");
        assert!(reader.await.unwrap() <= sent + 1);
    }

    /// Physical lines, split the simplest way (CR LF, CR and LF end a line).
    fn physical_lines(text: &[u8]) -> Vec<String> {
        let text = String::from_utf8_lossy(text).replace("\r\n", "\n").replace('\r', "\n");
        text.split('\n').map(str::to_owned).collect()
    }

    /// CSV-ish text: an address header, then lines of quotes, commas, line breaks, BOMs, formula
    /// triggers, Vietnamese and addresses that convert.
    fn csvish() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just("\"".to_owned()),
            Just(",".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("\r".to_owned()),
            Just("\u{feff}".to_owned()),
            Just("=".to_owned()),
            Just("+84".to_owned()),
            Just("-".to_owned()),
            Just("@".to_owned()),
            Just("\t".to_owned()),
            Just("P. Bến Nghé, Q.1, TP.HCM".to_owned()),
            Just("\"=1+1 Lê Lợi, Phường Cống Vị, Ba Đình\"".to_owned()),
            "[a-zA-Zàáạảãăđươ 0-9.]{0,12}",
        ];
        let header = prop_oneof![
            Just("address".to_owned()),
            Just("id,address,note".to_owned()),
            Just("\u{feff}address".to_owned()),
            Just("\"address\",=x".to_owned()),
            "[a-z,\"]{0,10}",
        ];
        (header, prop_oneof![Just("\n"), Just("\r\n"), Just("\r")], prop::collection::vec(piece, 0..40))
            .prop_map(|(header, end, pieces)| format!("{header}{end}{}", pieces.concat()).into_bytes())
    }

    fn check_csv(body: &[u8]) -> Result<(), TestCaseError> {
        let Ok(out) = csv_out(body, None, Lang::En, plenty()) else {
            return Ok(());
        };
        let body = body.strip_prefix(BOM).unwrap_or(body);
        let (header, rows) = read_csv(&out);
        let lines = physical_lines(body);
        prop_assert_eq!(rows.len() + 1, lines.iter().filter(|line| !line.is_empty()).count(), "rows out: {:?}", rows);
        // A spanned line's error names it by its number: a line with text, after the header, in order.
        let spanned: Vec<usize> =
            rows.iter().filter_map(|row| row.last()?.strip_prefix("Line ")?.split(' ').next()?.parse().ok()).collect();
        prop_assert!(spanned.windows(2).all(|pair| pair[0] < pair[1]), "{:?}", spanned);
        for &line in &spanned {
            prop_assert!(line >= 2 && !lines[line - 1].is_empty(), "line {} of {:?}", line, lines);
        }
        for row in &rows {
            prop_assert_eq!(row.len(), header.len());
        }
        for cell in header.iter().chain(rows.iter().flatten()) {
            prop_assert!(is_neutral(cell), "{:?}", cell);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn any_bytes_as_csv_never_panic_and_keep_the_row_count(body in prop::collection::vec(any::<u8>(), 0..200)) {
            check_csv(&body)?;
        }

        #[test]
        fn csvish_text_keeps_the_row_count_and_is_neutralised(body in csvish()) {
            check_csv(&body)?;
        }

        #[test]
        fn any_bytes_as_json_never_panic(body in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = json_out(&body, Lang::Vi, plenty());
        }

        #[test]
        fn any_json_array_gives_one_result_per_element(values in prop::collection::vec(json_value(), 0..20)) {
            let body = serde_json::to_vec(&values).unwrap();
            let batch = json_out(&body, Lang::En, plenty()).unwrap();
            prop_assert_eq!(batch.results.len(), values.len());
            for (i, (row, value)) in batch.results.iter().zip(&values).enumerate() {
                prop_assert_eq!(row.row, i);
                prop_assert_eq!(row.result.is_some() || row.error.as_ref().is_some_and(|e| e.code == "unprocessable"), value.is_string());
            }
        }
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
            ".{0,30}".prop_map(Value::String),
            Just(Value::String("P. Bến Nghé, Q.1, TP.HCM".to_owned())),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z]{0,4}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }
}
