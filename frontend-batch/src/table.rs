//! A picked file read into a table: a CSV (UTF-8, with or without a byte-order mark) or an Excel
//! workbook's first worksheet, read with calamine as the API's batch route reads it. Every cell is kept
//! as calamine gives it, so that the answer's file holds the same cells (numbers stay numbers).
//!
//! The phone holds the whole table: the page's limits ([`MAX_ROWS`], [`MAX_FILE_MB`]) are the batch
//! route's, so a file the page takes, the server would too.

use std::io::Cursor;
use std::panic::AssertUnwindSafe;

use calamine::{Data, Reader, SheetType, Xlsx, XlsxError};

/// Most rows of a file (its header not counted), as for the batch API.
pub const MAX_ROWS: usize = 10_000;
/// Largest file, in MB, as for the batch API.
pub const MAX_FILE_MB: usize = 10;
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What the file was, and what its answer keeps of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// A CSV; `bom`: whether it started with a byte-order mark (its answer does too).
    Csv { bom: bool },
    /// A workbook; `sheet`: the worksheet read, whose name its answer's sheet takes; `epoch`: the days
    /// its date serials gain in the 1900 date system (1,462 for a 1904 workbook, else 0).
    Xlsx { sheet: String, epoch: u32 },
}

/// A file's rows: `rows[0]` is the header. For a workbook, `origin` is where its first cell is (the
/// worksheet's row and column), so that the answer puts every cell back where it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub format: Format,
    pub rows: Vec<Vec<Data>>,
    pub origin: (u32, u16),
}

/// Why a file cannot be read; each is said to the reader in their language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    TooBig,
    TooManyRows,
    Empty,
    /// A first row with no text: no names for the columns.
    NoHeader,
    NotUtf8,
    /// A CSV that the csv crate cannot read from this line on.
    BadCsv {
        line: u64,
    },
    /// A workbook calamine cannot read, with what it said.
    BadXlsx(String),
    Encrypted,
    NoWorksheet,
    /// Neither a CSV nor a workbook (an .xls, a picture).
    NotATable,
}

impl Table {
    /// The header's cells, as text.
    pub fn header(&self) -> Vec<String> {
        self.rows.first().map(|row| row.iter().map(Data::to_string).collect()).unwrap_or_default()
    }

    /// The rows after the header.
    pub fn body(&self) -> &[Vec<Data>] {
        self.rows.get(1..).unwrap_or_default()
    }

    /// How many columns the widest row has: where the answer's columns start.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The address in `column` of each row after the header; `None` for a cell with no text.
    pub fn addresses(&self, column: usize) -> Vec<Option<String>> {
        self.body().iter().map(|row| row.get(column).and_then(address)).collect()
    }
}

/// A cell's address: its text, trimmed, unless empty. A number is no address.
fn address(cell: &Data) -> Option<String> {
    match cell {
        Data::String(text) => Some(text.trim()).filter(|text| !text.is_empty()).map(str::to_owned),
        _ => None,
    }
}

/// The column an address is most likely in: the one named `address` (the batch API's default), else one
/// whose name says "địa chỉ" or "address" in any case and with or without its accents, else the first.
pub fn likely_address_column(header: &[String]) -> usize {
    let folded: Vec<String> = header.iter().map(|name| frontend::format::fold(name)).collect();
    let exact = folded.iter().position(|name| name == "address");
    let named = || folded.iter().position(|name| name.contains("diachi") || name.contains("address"));
    exact.or_else(named).unwrap_or(0)
}

/// Reads a picked file: a workbook when it is a zip (what an .xlsx is), else a UTF-8 CSV.
pub fn read(bytes: &[u8]) -> Result<Table, ReadError> {
    if bytes.len() > MAX_FILE_MB << 20 {
        return Err(ReadError::TooBig);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // A workbook is untrusted input to a large parser: a panic in it is a damaged file.
        std::panic::catch_unwind(AssertUnwindSafe(|| read_xlsx(bytes)))
            .unwrap_or_else(|_| Err(ReadError::BadXlsx("the workbook could not be parsed".to_owned())))
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") || bytes.contains(&0) {
        // An old .xls, an encrypted workbook (both OLE files), or anything else binary.
        Err(if bytes.starts_with(b"\xD0\xCF\x11\xE0") && is_encrypted_ole(bytes) {
            ReadError::Encrypted
        } else {
            ReadError::NotATable
        })
    } else {
        read_csv(bytes)
    }
}

/// Whether an OLE file is an encrypted workbook (its "EncryptionInfo" stream's name, in UTF-16).
fn is_encrypted_ole(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(name.len()).any(|window| window == name)
}

fn read_csv(bytes: &[u8]) -> Result<Table, ReadError> {
    let bom = bytes.starts_with(BOM);
    let text = std::str::from_utf8(&bytes[if bom { BOM.len() } else { 0 }..]).map_err(|_| ReadError::NotUtf8)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record
            .map_err(|error| ReadError::BadCsv { line: error.position().map(csv::Position::line).unwrap_or(1) })?;
        if rows.len() > MAX_ROWS {
            return Err(ReadError::TooManyRows);
        }
        rows.push(record.iter().map(|cell| Data::String(cell.to_owned())).collect());
    }
    table(Format::Csv { bom }, rows, (0, 0))
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, ReadError> {
    let unreadable = |error: XlsxError| match error {
        XlsxError::Password => ReadError::Encrypted,
        XlsxError::FileNotFound(_) | XlsxError::RelationshipNotFound => ReadError::NotATable,
        error => ReadError::BadXlsx(error.to_string()),
    };
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let epoch = if workbook.has_1904_epoch() { 1462 } else { 0 };
    let sheet = workbook.sheets_metadata().iter().find(|sheet| sheet.typ == SheetType::WorkSheet);
    let sheet = sheet.ok_or(ReadError::NoWorksheet)?.name.clone();
    let range = workbook.worksheet_range(&sheet).map_err(unreadable)?;
    let (row, col) = range.start().unwrap_or((0, 0));
    let origin = (row, u16::try_from(col).map_err(|_| ReadError::BadXlsx("a cell past column XFD".to_owned()))?);
    if range.height() > MAX_ROWS + 1 {
        return Err(ReadError::TooManyRows);
    }
    let rows = range.rows().map(<[Data]>::to_vec).collect();
    table(Format::Xlsx { sheet, epoch }, rows, origin)
}

/// The table, once it has a header and at most [`MAX_ROWS`] rows after it; blank rows at its end go.
fn table(format: Format, mut rows: Vec<Vec<Data>>, origin: (u32, u16)) -> Result<Table, ReadError> {
    while rows.last().is_some_and(|row| row.iter().all(|cell| cell.to_string().trim().is_empty())) {
        rows.pop();
    }
    match rows.first() {
        None => Err(ReadError::Empty),
        Some(header) if header.iter().all(|cell| address(cell).is_none()) => Err(ReadError::NoHeader),
        Some(_) if rows.len() > MAX_ROWS + 1 => Err(ReadError::TooManyRows),
        Some(_) => Ok(Table { format, rows, origin }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_keeps_its_cells_its_quoted_line_breaks_and_its_byte_order_mark() {
        let table = read("\u{feff}id,address\n1,\"Phường Phúc Xá,\nQuận Ba Đình\"\n2,\n".as_bytes()).unwrap();
        assert_eq!(table.format, Format::Csv { bom: true });
        assert_eq!(table.header(), ["id", "address"]);
        assert_eq!(table.addresses(1), [Some("Phường Phúc Xá,\nQuận Ba Đình".to_owned()), None]);
        assert_eq!(table.width(), 2);
        assert_eq!(likely_address_column(&table.header()), 1);
    }

    #[test]
    fn the_address_column_is_found_by_its_name_in_either_language() {
        let names = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect::<Vec<_>>();
        assert_eq!(likely_address_column(&names(&["Họ tên", "Địa chỉ thường trú"])), 1);
        assert_eq!(likely_address_column(&names(&["Name", "Old address", "address"])), 2);
        assert_eq!(likely_address_column(&names(&["Ho ten", "DIA CHI"])), 1);
        assert_eq!(likely_address_column(&names(&["a", "b"])), 0);
    }

    #[test]
    fn bad_files_get_their_reason_never_a_panic() {
        assert_eq!(read(b""), Err(ReadError::Empty));
        assert_eq!(read(b"\n\n"), Err(ReadError::Empty));
        assert_eq!(read(b",,\nPhuong Phuc Xa,1,2\n"), Err(ReadError::NoHeader));
        assert_eq!(read(b"address\n\xC0\x80\n"), Err(ReadError::NotUtf8));
        assert_eq!(read(b"\x89PNG\r\n\x1a\n\0\0"), Err(ReadError::NotATable));
        assert_eq!(read(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0"), Err(ReadError::NotATable));
        assert!(matches!(read(b"PK\x03\x04 not really a zip"), Err(ReadError::BadXlsx(_) | ReadError::NotATable)));
        assert_eq!(read(&vec![b'a'; (MAX_FILE_MB << 20) + 1]), Err(ReadError::TooBig));
        let many = format!("address\n{}", "x\n".repeat(MAX_ROWS + 1));
        assert_eq!(read(many.as_bytes()), Err(ReadError::TooManyRows));
        let enough = format!("address\n{}", "x\n".repeat(MAX_ROWS));
        assert_eq!(read(enough.as_bytes()).map(|table| table.body().len()), Ok(MAX_ROWS));
    }

    #[test]
    fn a_workbook_is_read_from_its_first_worksheet_with_its_cells_where_they_were() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("Danh sách").unwrap();
        sheet.write_string(2, 1, "STT").unwrap();
        sheet.write_string(2, 2, "Địa chỉ").unwrap();
        sheet.write_number(3, 1, 1.0).unwrap();
        sheet.write_string(3, 2, "Xã Bố Hạ, Huyện Yên Thế, Bắc Giang").unwrap();
        sheet.write_number(4, 2, 42.0).unwrap();
        let table = read(&workbook.save_to_buffer().unwrap()).unwrap();
        assert_eq!(table.format, Format::Xlsx { sheet: "Danh sách".to_owned(), epoch: 0 });
        assert_eq!(table.origin, (2, 1));
        assert_eq!(table.header(), ["STT", "Địa chỉ"]);
        assert_eq!(likely_address_column(&table.header()), 1);
        assert_eq!(table.addresses(1), [Some("Xã Bố Hạ, Huyện Yên Thế, Bắc Giang".to_owned()), None]);
        assert_eq!(table.body()[0][0], Data::Float(1.0));
    }
}
