//! Excel (.xlsx) batches: the first worksheet of a workbook read with calamine, from memory; the same
//! sheet with the answer's columns appended written with rust_xlsxwriter, in memory.
//!
//! A workbook is a zip, and its answer is made whole before it is sent (then as one chunk), so what a
//! batch holds is bounded before any of it is written: the sizes the zip's parts declare once unzipped
//! (the zip reader refuses to inflate a part past its declared size), and what each cell will take in
//! the writer ([`CELL_COST`], [`TEXT_COST`] and twice its text, measured with rust_xlsxwriter 0.102), add
//! up to at most [`DATA_LIMIT_MB`]: a batch's peak is about that over the idle server's (the service's
//! Lambda function has 256 MB), about 10,000 rows of 20 text columns or of 64 number columns.
//!
//! The worksheet is read twice, so that its cells are never held here: once to check it, once to write
//! it, each row converted when its address cell is read. The work stops at the next cell if the client
//! went away.
//!
//! No cell is ever written as a formula: text is written as text (so "=1+1" stays text), a formula's
//! last computed value as that value; numbers as numbers, booleans as booleans, dates and durations as
//! numbers with a date or duration format.

use std::io::Cursor;
use std::panic::AssertUnwindSafe;

use axum::body::Bytes;
use calamine::{DataRef, Reader, SheetType, Xlsx, XlsxError};
use rust_xlsxwriter::Workbook;
use shared::answers::ConvertResponse;
use shared::answers::batch::xlsx::{Formats, put, put_answer};
use shared::answers::batch::{ANSWER_COLUMNS, answer_cells};

use super::{Budget, Gone, MAX_ROWS, Sink, Work, address_column, row_result, too_many};
use crate::ApiError;
use crate::error::Message;

/// The media type of an Excel workbook, uploaded or answered.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// Most memory a workbook's batch may take, in MB: its parts unzipped, and its cells in the writer.
pub const DATA_LIMIT_MB: usize = 128;
const DATA_LIMIT: u64 = (DATA_LIMIT_MB as u64) << 20;
/// What a cell takes, the writer's and the allocator's share, saving included (measured over HTTP: about
/// 185 bytes for each of 500,000 numbers)...
const CELL_COST: u64 = 200;
/// ...and a text cell besides, with twice its text (about 620 bytes in all for each of 120,000 texts of
/// 20 letters).
const TEXT_COST: u64 = 400;
/// Excel's columns (A to XFD) less the answer's.
const MAX_COLUMNS: u16 = 16_384 - ANSWER_COLUMNS.len() as u16;
/// A date's serial in the 1904 date system, less its serial in the 1900 one (which the answer uses).
const DAYS_1904: f64 = 1462.0;

/// A workbook's first worksheet, checked: where its rows are, its columns and the address column.
pub struct XlsxBatch {
    body: Bytes,
    /// The worksheet's name, given to the answer's.
    sheet: String,
    /// The worksheet's rows that have a cell, in order, the header first: the answer's row `i` holds the
    /// cells of the worksheet's row `rows[i]`.
    rows: Vec<u32>,
    /// The first column after every cell: where the answer's columns start.
    columns: u16,
    address_column: u16,
}

impl XlsxBatch {
    /// The first worksheet's header and rows, or a 400 (not a workbook, a damaged or password-protected
    /// one, no worksheet, an empty one, no address column or no `column`), or a 413 (over [`MAX_ROWS`]
    /// rows, over [`DATA_LIMIT_MB`], a cell past [`MAX_COLUMNS`]).
    pub fn parse(body: Bytes, column: Option<&str>) -> Result<Self, ApiError> {
        // A workbook is untrusted input to large parsers: a panic in them is a damaged file, not a 500.
        let checked = std::panic::catch_unwind(AssertUnwindSafe(|| check(&body)))
            .unwrap_or_else(|_| Err(damaged("the workbook could not be parsed")))?;
        let named = checked.header.iter().map(|(col, text)| (usize::from(*col), text.as_str()));
        let address_column = address_column(named, column, Message::XlsxNoAddressColumn)?;
        Ok(Self {
            body,
            sheet: checked.sheet,
            rows: checked.rows,
            columns: checked.columns,
            address_column: u16::try_from(address_column).expect("a header's column is a u16"),
        })
    }

    /// The workbook of the answer: every cell in its column, the rows after each other (the header
    /// first), the answer appended to each row (its error or hint in `lang`); sent as one chunk.
    pub fn write<C: Fn(&str) -> ConvertResponse, B: Budget>(
        self,
        work: &Work<C, B>,
        sink: &mut impl Sink,
    ) -> Result<(), Gone> {
        let failed = |error: &dyn std::fmt::Display| {
            tracing::error!(%error, "writing a batch's workbook");
            Gone
        };
        let mut workbook = Workbook::new();
        let formats = Formats::default();
        let sheet = workbook.add_worksheet();
        // A name Excel refuses (none that a workbook read here has) keeps the default one.
        let _ = sheet.set_name(&self.sheet);
        // Read as `check` read it: the same bytes, the same cells.
        let mut upload = Xlsx::new(Cursor::new(&self.body[..])).map_err(|e| failed(&e))?;
        let epoch = if upload.has_1904_epoch() { DAYS_1904 } else { 0.0 };
        let mut cells = upload.worksheet_cells_reader(&self.sheet).map_err(|e| failed(&e))?;
        for (col, name) in (self.columns..).zip(ANSWER_COLUMNS) {
            sheet.write_string(0, col, name).map_err(|e| failed(&e))?;
        }
        // Each row is converted when its address is read; the rows without one after.
        let mut answered = vec![false; self.rows.len()];
        while let Some(cell) = cells.next_cell().map_err(|e| failed(&e))? {
            // An atomic load: cheap next to a cell, and a row's conversion may take milliseconds.
            if sink.gone() {
                return Err(Gone);
            }
            let (row, col) = cell.get_position();
            let (Ok(row), Ok(col)) = (self.rows.binary_search(&row), u16::try_from(col)) else { continue };
            let out_row = u32::try_from(row).expect("at most 10,001 rows");
            put(sheet, (out_row, col), cell.get_value(), epoch, &formats).map_err(|e| failed(&e))?;
            if row > 0
                && col == self.address_column
                && let Some(address) = text(cell.get_value())
            {
                put_answer(sheet, out_row, self.columns, &answer_cells(row_result(Some(address), work)))
                    .map_err(|e| failed(&e))?;
                answered[row] = true;
            }
        }
        for (out_row, _) in (0..).zip(&answered).skip(1).filter(|(_, answered)| !**answered) {
            if sink.gone() {
                return Err(Gone);
            }
            put_answer(sheet, out_row, self.columns, &answer_cells(row_result(None, work))).map_err(|e| failed(&e))?;
        }
        drop(cells);
        drop(upload);
        let out = workbook.save_to_buffer().map_err(|e| failed(&e))?;
        sink.send(out)
    }
}

/// What the writer holds for a cell (see [`CELL_COST`]); `None` for an empty one, which is not written.
fn cost(value: &DataRef<'_>) -> Option<u64> {
    let text = match value {
        DataRef::Empty => return None,
        DataRef::SharedString(text) => text.len(),
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => text.len(),
        DataRef::Error(_) => 8,
        DataRef::Int(_) | DataRef::Float(_) | DataRef::Bool(_) | DataRef::DateTime(_) => {
            return Some(CELL_COST);
        }
    };
    // An empty text is no cell to the writer.
    (text > 0).then(|| CELL_COST + TEXT_COST + 2 * text as u64)
}

fn damaged(details: impl Into<String>) -> ApiError {
    ApiError::bad_request(Message::UnreadableXlsx { details: details.into() })
}

fn too_large() -> ApiError {
    ApiError::payload_too_large(Message::XlsxTooLarge { max: DATA_LIMIT_MB })
}

/// What [`check`] found.
struct Checked {
    sheet: String,
    /// The header's text cells, each with its column, in column order.
    header: Vec<(u16, String)>,
    rows: Vec<u32>,
    columns: u16,
}

/// Reads the first worksheet through, keeping only where its rows are and its header's text.
fn check(body: &[u8]) -> Result<Checked, ApiError> {
    let mut data = unzipped(body)?;
    let unreadable = |error: XlsxError| match error {
        // A zip without a workbook in it.
        XlsxError::FileNotFound(_) | XlsxError::RelationshipNotFound => ApiError::bad_request(Message::NotXlsx),
        XlsxError::Password => ApiError::bad_request(Message::XlsxEncrypted),
        error => damaged(error.to_string()),
    };
    let mut workbook = Xlsx::new(Cursor::new(body)).map_err(unreadable)?;
    let sheet = workbook.sheets_metadata().iter().find(|sheet| sheet.typ == SheetType::WorkSheet);
    let sheet = sheet.ok_or_else(|| ApiError::bad_request(Message::NoWorksheet))?.name.clone();
    let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(unreadable)?;
    let (mut rows, mut header, mut header_row, mut columns) = (Vec::new(), Vec::new(), None, 0);
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, col) = cell.get_position();
        let Some(cost) = cost(cell.get_value()) else { continue };
        data += cost;
        if data > DATA_LIMIT {
            return Err(too_large());
        }
        let Some(col) = u16::try_from(col).ok().filter(|&col| col < MAX_COLUMNS) else {
            return Err(ApiError::payload_too_large(Message::TooManyColumns { max: usize::from(MAX_COLUMNS) }));
        };
        columns = columns.max(col + 1);
        // Rows come in order in a well-made file; in any other, they are sorted when they add up.
        if rows.last() != Some(&row) {
            rows.push(row);
            if rows.len() > MAX_ROWS + 1 {
                rows.sort_unstable();
                rows.dedup();
                if rows.len() > MAX_ROWS + 1 {
                    return Err(too_many());
                }
            }
        }
        // The header is the first row with a cell.
        if header_row.is_none_or(|first| row < first) {
            (header_row, header) = (Some(row), Vec::new());
        }
        if header_row == Some(row)
            && let Some(text) = text(cell.get_value())
        {
            header.push((col, text.to_owned()));
        }
    }
    rows.sort_unstable();
    rows.dedup();
    if rows.is_empty() {
        return Err(ApiError::bad_request(Message::EmptyWorksheet));
    }
    header.sort_by_key(|&(col, _)| col);
    Ok(Checked { sheet, header, rows, columns })
}

/// A text cell's text, unless empty.
fn text<'v>(value: &'v DataRef<'_>) -> Option<&'v str> {
    let text: &str = match value {
        DataRef::SharedString(text) => text,
        DataRef::String(text) => text,
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// What the zip's parts declare they unzip to, at most [`DATA_LIMIT`]; what is no zip is no workbook.
fn unzipped(body: &[u8]) -> Result<u64, ApiError> {
    let not_a_zip = |_| {
        // A zip starts with a part's header: a file that does is a damaged zip.
        if body.starts_with(b"PK\x03\x04") { damaged("the zip does not read") } else { not_xlsx_or_encrypted(body) }
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(body)).map_err(not_a_zip)?;
    let mut unzipped: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|e| damaged(e.to_string()))?;
        unzipped = unzipped.saturating_add(part.size());
        if unzipped > DATA_LIMIT {
            return Err(too_large());
        }
    }
    Ok(unzipped)
}

/// A password-protected workbook is no zip but an OLE file with an encrypted package in it.
fn not_xlsx_or_encrypted(body: &[u8]) -> ApiError {
    match Xlsx::new(Cursor::new(body)) {
        Err(XlsxError::Password) => ApiError::bad_request(Message::XlsxEncrypted),
        _ => ApiError::bad_request(Message::NotXlsx),
    }
}

#[cfg(test)]
mod tests {
    use rust_xlsxwriter::{Format, Worksheet};
    use shared::answers::batch::CONFIDENCE_COLUMN;
    use std::cell::Cell;
    use std::io::{Read, Write};

    use axum::body::Bytes;
    use calamine::Data;
    use proptest::prelude::*;
    use shared::answers::Lang;
    use shared::answers::batch::ERROR_COLUMN;

    use super::super::tests::{AfterConversions, data, plenty, work};
    use super::*;

    /// Addresses of the development set (`shared/eval/dev-addresses.jsonl`) and the new communes they give.
    const CAU_DIEN: (&str, &str) = ("Phường Cầu Diễn, Quận Nam Từ Liêm, Thành phố Hà Nội", "00592");
    const HO_THI_KY: (&str, &str) = ("X.Hồ Thị Kỷ, H.Thới Bình, T.Cà Mau", "32092");

    /// A workbook of one worksheet, filled by `fill`.
    fn book(fill: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
        let mut workbook = Workbook::new();
        fill(workbook.add_worksheet());
        workbook.save_to_buffer().unwrap()
    }

    /// A worksheet of text rows.
    fn text_book(rows: &[&[&str]]) -> Vec<u8> {
        book(|sheet| {
            for (row, cells) in (0..).zip(rows) {
                for (col, text) in (0..).zip(*cells) {
                    sheet.write_string(row, col, *text).unwrap();
                }
            }
        })
    }

    fn answer<B: Budget>(body: &[u8], column: Option<&str>, lang: Lang, budget: B) -> Result<Vec<u8>, ApiError> {
        let batch = XlsxBatch::parse(Bytes::copy_from_slice(body), column)?;
        let mut out = Vec::new();
        batch.write(&work(lang, budget), &mut out).unwrap();
        Ok(out)
    }

    /// The first worksheet's name and cells, as calamine reads them.
    fn read_back(xlsx: &[u8]) -> (String, Vec<Vec<Data>>) {
        let mut workbook = Xlsx::new(Cursor::new(xlsx)).unwrap();
        let name = workbook.sheet_names()[0].clone();
        let range = workbook.worksheet_range(&name).unwrap();
        assert_eq!(range.start(), Some((0, 0)), "the answer starts at A1");
        (name, range.rows().map(<[Data]>::to_vec).collect())
    }

    fn text(cell: &Data) -> &str {
        match cell {
            Data::String(text) => text,
            Data::Empty => "",
            other => panic!("not text: {other:?}"),
        }
    }

    /// A part of a zip, unzipped.
    fn part(xlsx: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
        let mut text = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    }

    /// The same zip with the part `name` changed by `change` (`None`: taken out), and `extra` parts added.
    fn rewrite(xlsx: &[u8], name: &str, change: impl Fn(String) -> Option<String>, extra: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let entry_name = entry.name().unwrap().into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            let bytes = if entry_name == name {
                let Some(text) = change(String::from_utf8(bytes).unwrap()) else { continue };
                text.into_bytes()
            } else {
                bytes
            };
            out.start_file(entry_name, options).unwrap();
            out.write_all(&bytes).unwrap();
        }
        for (name, bytes) in extra {
            out.start_file(*name, options).unwrap();
            out.write_all(bytes).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn error(body: &[u8], column: Option<&str>) -> (u16, Message) {
        let error = XlsxBatch::parse(Bytes::copy_from_slice(body), column).err().expect("refused");
        (error.status.as_u16(), error.message)
    }

    #[test]
    fn every_cell_is_kept_in_its_column_and_the_answer_is_appended() {
        let date = Format::new().set_num_format("dd/mm/yyyy hh:mm");
        let day = Format::new().set_num_format("dd/mm/yyyy");
        let upload = book(|sheet| {
            sheet.set_name("Khách hàng").unwrap();
            for (col, header) in (0..).zip(["id", "Địa chỉ", "ghi chú", "ngày", "đã gửi"]) {
                sheet.write_string(0, col, header).unwrap();
            }
            sheet.write_number(1, 0, 1).unwrap();
            sheet.write_string(1, 1, CAU_DIEN.0).unwrap();
            sheet.write_string(1, 2, "=1+1").unwrap();
            sheet.write_number_with_format(1, 3, 45839.5, &date).unwrap();
            sheet.write_boolean(1, 4, true).unwrap();
            // Row 3 is blank: no row out. Row 4 has a cell past the header's columns.
            sheet.write_number(3, 0, 84_912_345_678.0).unwrap();
            sheet.write_string(3, 1, HO_THI_KY.0).unwrap();
            sheet.write_string(3, 2, "=HYPERLINK(\"http://example.org\",\"x\")").unwrap();
            sheet.write_number_with_format(3, 3, 45_000.0, &day).unwrap();
            sheet.write_string(3, 6, "@SUM(A1:A2)").unwrap();
            // An address that is not text, and a formula: its computed value is kept, not the formula.
            sheet.write_formula(4, 0, "=1+2").unwrap().set_formula_result(4, 0, "3");
            sheet.write_number(4, 1, 42).unwrap();
        });
        let out = answer(&upload, Some(" địa CHỈ "), Lang::En, plenty()).unwrap();
        let (name, rows) = read_back(&out);
        assert_eq!(name, "Khách hàng");
        assert_eq!(rows.len(), 4, "the header and three rows: {rows:?}");
        let header: Vec<&str> = rows[0].iter().map(text).collect();
        assert_eq!(header[..7], ["id", "Địa chỉ", "ghi chú", "ngày", "đã gửi", "", ""]);
        assert_eq!(header[7..], ANSWER_COLUMNS);

        let row = &rows[1];
        assert_eq!(row[0], Data::Float(1.0));
        assert_eq!(text(&row[1]), CAU_DIEN.0);
        assert_eq!(text(&row[2]), "=1+1", "formula-like text stays text");
        assert!(matches!(&row[3], Data::DateTime(d) if d.is_datetime() && d.as_f64() == 45839.5), "{:?}", row[3]);
        assert_eq!(row[4], Data::Bool(true));
        let converted = data().lookup.convert(CAU_DIEN.0, Lang::En).candidates[0].clone();
        // The answer's cells, after the upload's seven columns (the header's five, two more in row 4).
        let answer = &row[7..];
        assert_eq!(answer.len(), ANSWER_COLUMNS.len());
        assert_eq!(text(&answer[0]), converted.new_address);
        assert_eq!(text(&answer[1]), CAU_DIEN.1, "codes are text, with their leading zeros");
        assert_eq!(text(&answer[2]), converted.province_code.to_string());
        assert_eq!(text(&answer[3]), "whole");
        let confidence = &answer[CONFIDENCE_COLUMN];
        assert!(matches!(confidence, Data::Float(c) if (c - converted.confidence).abs() < 1e-3), "{row:?}");
        assert_eq!(text(&answer[ERROR_COLUMN]), "");
        let reason = ANSWER_COLUMNS.iter().position(|column| *column == "reason").unwrap();
        assert_eq!(text(&answer[reason]), converted.reason_texts.join("; "));

        let row = &rows[2];
        assert_eq!(row[0], Data::Float(84_912_345_678.0));
        assert_eq!(text(&row[2]), "=HYPERLINK(\"http://example.org\",\"x\")");
        assert!(matches!(&row[3], Data::DateTime(d) if d.as_f64() == 45_000.0), "{:?}", row[3]);
        assert_eq!(text(&row[6]), "@SUM(A1:A2)");
        assert_eq!(text(&row[8]), HO_THI_KY.1);

        let row = &rows[3];
        assert_eq!((&row[0], &row[1]), (&Data::Float(3.0), &Data::Float(42.0)));
        let answer = &row[7..];
        assert_eq!(text(&answer[ERROR_COLUMN]), "This row has no address text.");
        assert!(answer.iter().enumerate().all(|(i, cell)| i == ERROR_COLUMN || *cell == Data::Empty), "{row:?}");

        // No cell of the answer is a formula.
        let sheet = part(&out, "xl/worksheets/sheet1.xml");
        assert!(!sheet.contains("<f>") && !sheet.contains("<f "), "{sheet}");
        assert!(part(&upload, "xl/worksheets/sheet1.xml").contains("<f>"), "the upload had one");
    }

    #[test]
    fn the_address_column_is_address_or_the_one_named_by_column() {
        let upload = text_book(&[&["STT", "  Address "], &["1", CAU_DIEN.0]]);
        let (_, rows) = read_back(&answer(&upload, None, Lang::Vi, plenty()).unwrap());
        assert_eq!(text(&rows[1][3]), CAU_DIEN.1);
        let upload = text_book(&[&["address", "Địa chỉ mới"], &["x", CAU_DIEN.0]]);
        let (_, rows) = read_back(&answer(&upload, Some("ĐỊA CHỈ MỚI"), Lang::Vi, plenty()).unwrap());
        assert_eq!(text(&rows[1][3]), CAU_DIEN.1);
        assert_eq!(error(&upload, Some("dia chi")), (400, Message::ColumnNotInHeader { column: "dia chi".into() }));

        // The same for CSV.
        let csv = format!("id,Địa chỉ\n1,\"{}\"\n", CAU_DIEN.0);
        let batch = super::super::CsvBatch::parse(Bytes::from(csv.clone()), None, Some(" địa chỉ")).unwrap();
        let mut out = Vec::new();
        batch.write(&work(Lang::Vi, plenty()), &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.lines().nth(1).unwrap().contains(&format!(",{},", CAU_DIEN.1)), "{out}");
        let refused = super::super::CsvBatch::parse(Bytes::from(csv), None, Some("address")).err().unwrap();
        assert_eq!(
            (refused.status.as_u16(), refused.message),
            (400, Message::ColumnNotInHeader { column: "address".into() })
        );
    }

    #[test]
    fn what_is_not_a_readable_workbook_is_a_clear_400() {
        let good = text_book(&[&["address"], &[CAU_DIEN.0]]);
        assert_eq!(error(b"", None), (400, Message::NotXlsx));
        assert_eq!(error(b"address\nP. Ben Nghe\n", None), (400, Message::NotXlsx));
        let mut other_zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        other_zip.start_file("hello.txt", zip::write::SimpleFileOptions::default()).unwrap();
        other_zip.write_all(b"hello").unwrap();
        assert_eq!(error(&other_zip.finish().unwrap().into_inner(), None), (400, Message::NotXlsx));
        let (status, message) = error(&good[..good.len() / 2], None);
        assert!(status == 400 && matches!(message, Message::UnreadableXlsx { .. }), "{message:?}");
        let no_sheet = rewrite(&good, "xl/workbook.xml", |xml| Some(cut_between(&xml, "<sheets>", "</sheets>")), &[]);
        assert_eq!(error(&no_sheet, None), (400, Message::NoWorksheet));
        let no_sheet_part = rewrite(&good, "xl/worksheets/sheet1.xml", |_| None, &[]);
        let (status, message) = error(&no_sheet_part, None);
        assert!(status == 400 && matches!(message, Message::UnreadableXlsx { .. } | Message::NotXlsx), "{message:?}");

        // The first worksheet is read, even when a later one has the addresses.
        let mut workbook = Workbook::new();
        workbook.add_worksheet();
        workbook.add_worksheet().write_string(0, 0, "address").unwrap();
        assert_eq!(error(&workbook.save_to_buffer().unwrap(), None), (400, Message::EmptyWorksheet));
        let no_address = text_book(&[&["tên", "đường"], &["An", "x"]]);
        assert_eq!(error(&no_address, None), (400, Message::XlsxNoAddressColumn));
        // A header that is a number names no column.
        let numbered = book(|sheet| {
            sheet.write_number(0, 0, 2024).unwrap();
        });
        assert_eq!(error(&numbered, Some("2024")), (400, Message::ColumnNotInHeader { column: "2024".into() }));
        for message in [Message::NotXlsx, Message::EmptyWorksheet, Message::XlsxNoAddressColumn] {
            assert!(message.text(Lang::Vi).contains("Excel") || message.text(Lang::Vi).contains("trang tính"));
        }
    }

    /// The text of `xml` with what is between `open` and `close` taken out, the tags too.
    fn cut_between(xml: &str, open: &str, close: &str) -> String {
        let (before, rest) = xml.split_once(open).unwrap();
        let (_, after) = rest.split_once(close).unwrap();
        format!("{before}{after}")
    }

    #[test]
    fn a_workbook_over_the_limits_is_a_413() {
        let rows = |n: u32| {
            book(|sheet| {
                sheet.write_string(0, 0, "address").unwrap();
                for row in 1..=n {
                    sheet.write_number(row, 0, row).unwrap();
                }
            })
        };
        assert!(XlsxBatch::parse(Bytes::from(rows(MAX_ROWS as u32)), None).is_ok());
        assert_eq!(error(&rows(MAX_ROWS as u32 + 1), None), (413, Message::TooManyRows { max: MAX_ROWS }));

        let wide = book(|sheet| {
            sheet.write_string(0, 0, "address").unwrap();
            sheet.write_string(1, MAX_COLUMNS - 1, "the last column that fits").unwrap();
        });
        let out = answer(&wide, None, Lang::En, plenty()).unwrap();
        assert_eq!(read_back(&out).1[0].len(), 16_384);
        let too_wide = book(|sheet| {
            sheet.write_string(0, 0, "address").unwrap();
            sheet.write_string(1, MAX_COLUMNS, "x").unwrap();
        });
        assert_eq!(error(&too_wide, None), (413, Message::TooManyColumns { max: 16_377 }));

        // One shared string, in the file once, held once per cell by the writer: 2,300 × 30,000 bytes
        // (counted twice) is over the limit.
        let long = "a".repeat(30_000);
        let repeated = book(|sheet| {
            sheet.write_string(0, 0, "address").unwrap();
            for row in 1..=2_300 {
                sheet.write_string(row, 1, &long).unwrap();
            }
        });
        assert!(repeated.len() < 200_000, "{} bytes", repeated.len());
        assert_eq!(error(&repeated, None), (413, Message::XlsxTooLarge { max: DATA_LIMIT_MB }));

        // A part that unzips to more than the limit, whatever it is, is refused before calamine reads it.
        let good = text_book(&[&["address"], &[CAU_DIEN.0]]);
        let zeros = vec![0; (DATA_LIMIT + 1) as usize];
        let padded = rewrite(&good, "", |_| unreachable!(), &[("xl/media/zeros.bin", &zeros)]);
        assert!(padded.len() < 1 << 20, "{} bytes", padded.len());
        assert_eq!(error(&padded, None), (413, Message::XlsxTooLarge { max: DATA_LIMIT_MB }));
        let fits = rewrite(&good, "", |_| unreachable!(), &[("xl/media/zeros.bin", &zeros[..1 << 20])]);
        assert!(XlsxBatch::parse(Bytes::from(fits), None).is_ok());
    }

    /// Rows out of order in the file (the header last): the same answer as in order.
    #[test]
    fn rows_out_of_order_are_read_in_order() {
        let upload = text_book(&[&["id", "address"], &["1", CAU_DIEN.0], &["2", HO_THI_KY.0]]);
        let reversed = rewrite(
            &upload,
            "xl/worksheets/sheet1.xml",
            |xml| {
                let (before, rest) = xml.split_once("<row ").unwrap();
                let (rows, after) = rest.rsplit_once("</row>").unwrap();
                let rows: Vec<&str> = rows.split("</row><row ").collect();
                let rows: String = rows.iter().rev().map(|row| format!("<row {row}</row>")).collect();
                Some(format!("{before}{rows}{after}"))
            },
            &[],
        );
        let sheet = part(&reversed, "xl/worksheets/sheet1.xml");
        assert!(sheet.find("r=\"3\"").unwrap() < sheet.find("r=\"1\"").unwrap(), "{sheet}");
        let in_order = read_back(&answer(&upload, None, Lang::En, plenty()).unwrap()).1;
        assert_eq!(read_back(&answer(&reversed, None, Lang::En, plenty()).unwrap()).1, in_order);
        assert_eq!(text(&in_order[2][3]), HO_THI_KY.1);
    }

    #[test]
    fn dates_of_the_1904_system_keep_their_day() {
        let day = Format::new().set_num_format("yyyy-mm-dd");
        let duration = Format::new().set_num_format("[h]:mm");
        let upload = book(|sheet| {
            sheet.write_string(0, 0, "address").unwrap();
            sheet.write_number_with_format(1, 1, 45_000.0, &day).unwrap();
            sheet.write_number_with_format(1, 2, 1.25, &duration).unwrap();
        });
        let (_, rows) = read_back(&answer(&upload, None, Lang::En, plenty()).unwrap());
        assert!(matches!(&rows[1][1], Data::DateTime(d) if d.is_datetime() && d.as_f64() == 45_000.0), "{rows:?}");
        assert!(matches!(&rows[1][2], Data::DateTime(d) if d.is_duration() && d.as_f64() == 1.25), "{rows:?}");
        let in_1904 = rewrite(
            &upload,
            "xl/workbook.xml",
            |xml| Some(xml.replace("<workbookPr ", "<workbookPr date1904=\"1\" ")),
            &[],
        );
        assert!(part(&in_1904, "xl/workbook.xml").contains("date1904"));
        let (_, rows) = read_back(&answer(&in_1904, None, Lang::En, plenty()).unwrap());
        assert!(matches!(&rows[1][1], Data::DateTime(d) if d.as_f64() == 45_000.0 + DAYS_1904), "{rows:?}");
        assert!(matches!(&rows[1][2], Data::DateTime(d) if d.as_f64() == 1.25), "durations have no epoch");
    }

    #[test]
    fn rows_past_the_budget_get_a_timeout_error() {
        let upload = text_book(&[&["address"], &[CAU_DIEN.0], &[HO_THI_KY.0], &[CAU_DIEN.0]]);
        let (_, rows) = read_back(&answer(&upload, None, Lang::Vi, AfterConversions(Cell::new(1))).unwrap());
        assert_eq!(rows.len(), 4);
        assert_eq!(text(&rows[1][2]), CAU_DIEN.1);
        for row in &rows[2..] {
            assert_eq!(text(&row[2]), "");
            assert!(text(&row[1 + ERROR_COLUMN]).starts_with("Chưa chuyển đổi"), "{row:?}");
        }
    }

    /// A client that has gone away.
    struct WentAway;

    impl Sink for WentAway {
        fn send(&mut self, _: Vec<u8>) -> Result<(), Gone> {
            Err(Gone)
        }

        fn gone(&self) -> bool {
            true
        }
    }

    #[test]
    fn a_client_that_goes_away_stops_the_work() {
        let upload = book(|sheet| {
            sheet.write_string(0, 0, "address").unwrap();
            for row in 1..=2_000 {
                sheet.write_string(row, 0, CAU_DIEN.0).unwrap();
            }
        });
        let converted = Cell::new(0);
        let work = Work {
            convert: |address: &str| {
                converted.set(converted.get() + 1);
                data().lookup.convert(address, Lang::Vi)
            },
            lang: Lang::Vi,
            budget: plenty(),
        };
        let batch = XlsxBatch::parse(Bytes::from(upload), None).unwrap();
        assert_eq!(batch.write(&work, &mut WentAway), Err(Gone));
        assert_eq!(converted.get(), 0, "rows converted after the client left");
    }

    /// Parses, and writes what parses: never a panic.
    fn check(body: &[u8]) {
        if let Ok(batch) = XlsxBatch::parse(Bytes::copy_from_slice(body), None) {
            batch.write(&work(Lang::En, plenty()), &mut Vec::new()).unwrap();
        }
    }

    #[test]
    fn a_workbook_cut_anywhere_never_panics() {
        let good = Bytes::from(text_book(&[&["id", "address"], &["1", CAU_DIEN.0], &["2", HO_THI_KY.0]]));
        for end in (0..good.len()).step_by(7) {
            let error = XlsxBatch::parse(good.slice(..end), None).err().expect("a cut workbook is refused");
            assert_eq!(error.status.as_u16(), 400, "cut at {end}: {:?}", error.message);
        }
        check(&good);
    }

    proptest! {
        #[test]
        fn any_bytes_never_panic(
            // Nothing, a zip's first bytes, an OLE file's (a password-protected workbook, an .xls).
            prefix in prop_oneof![
                Just(&b""[..]),
                Just(&b"PK\x03\x04"[..]),
                Just(&b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"[..]),
            ],
            body in prop::collection::vec(any::<u8>(), 0..400),
        ) {
            check(&[prefix, &body].concat());
        }

        #[test]
        fn a_workbook_with_changed_bytes_never_panics(
            changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        ) {
            static GOOD: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
            let mut body = GOOD.get_or_init(|| text_book(&[&["id", "address"], &["1", CAU_DIEN.0]])).clone();
            for (at, byte) in changes {
                let at = at.index(body.len());
                body[at] = byte;
            }
            check(&body);
        }

        /// The parts' XML changed before it is zipped: what calamine's XML reading sees.
        #[test]
        fn a_workbook_with_changed_xml_never_panics(
            part in prop::sample::select(&["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
                "xl/styles.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"][..]),
            changes in prop::collection::vec(
                (any::<prop::sample::Index>(), prop::sample::select(&b"<>/=\" 0123456789:AZrstvcf&;#x-."[..])), 1..6),
        ) {
            static GOOD: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
            let good = GOOD.get_or_init(|| {
                let day = Format::new().set_num_format("yyyy-mm-dd");
                book(|sheet| {
                    sheet.write_string(0, 0, "address").unwrap();
                    sheet.write_string(1, 0, CAU_DIEN.0).unwrap();
                    sheet.write_number_with_format(1, 1, 45_000.0, &day).unwrap();
                    sheet.write_boolean(1, 2, false).unwrap();
                    sheet.write_formula(1, 3, "=1+2").unwrap();
                })
            });
            let changed = rewrite(good, part, |xml| {
                let mut bytes = xml.into_bytes();
                for (at, byte) in &changes {
                    let at = at.index(bytes.len());
                    // ASCII over ASCII only: the part stays UTF-8.
                    if bytes[at].is_ascii() {
                        bytes[at] = *byte;
                    }
                }
                Some(String::from_utf8(bytes).unwrap())
            }, &[]);
            check(&changed);
        }
    }
}
