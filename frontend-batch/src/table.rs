//! A picked file read into a table: a CSV (UTF-8, with or without a byte-order mark; comma, semicolon or
//! tab separated, as Excel writes it in each locale) or an Excel workbook's first worksheet, read with
//! calamine as the API's batch route reads it. Every cell is kept as calamine gives it, so that the
//! answer's file holds the same cells (numbers stay numbers).
//!
//! The phone holds the whole table, bounded before it is built: the batch route's limits ([`MAX_ROWS`],
//! [`MAX_FILE_MB`]), what a workbook's parts declare once unzipped ([`MAX_UNZIPPED_MB`]; the zip reader
//! refuses to inflate past it) and the cells the table would hold ([`MAX_CELLS`]): a phone must not run
//! out of memory on a small, hostile file.

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, SheetType, Xlsx, XlsxError};

/// Most rows of a file (its header not counted), as for the batch API.
pub const MAX_ROWS: usize = 10_000;
/// Largest file, in MB, as for the batch API.
pub const MAX_FILE_MB: usize = 10;
/// Most a workbook's parts may declare once unzipped, in MB.
pub const MAX_UNZIPPED_MB: u64 = 64;
/// Most cells the table may hold, empty ones between cells included (about 64 MB): 10,000 rows of 200.
pub const MAX_CELLS: usize = 2_000_000;
/// Excel's last column (XFD) less the answer's columns.
const MAX_COLUMNS: u32 = 16_384 - shared::answers::batch::ANSWER_COLUMNS.len() as u32;
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What the file was, and what its answer keeps of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// A CSV; `bom`: whether it started with a byte-order mark (its answer does too); `delimiter`: the
    /// separator its header line uses (its answer uses it too).
    Csv { bom: bool, delimiter: u8 },
    /// A workbook; `sheet`: the worksheet read, whose name its answer's sheet takes; `epoch`: the days
    /// its date serials gain in the 1900 date system (1,462 for a 1904 workbook, else 0).
    Xlsx { sheet: String, epoch: u32 },
}

/// A file's rows: `rows[0]` is the header. `positions[i]` is where row `i` was (a workbook's row numbers:
/// its rows without any cell are no rows, as for the batch API) and `left` the first column with a cell,
/// so that the answer puts every cell back where it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub format: Format,
    pub rows: Vec<Vec<Data>>,
    pub positions: Vec<u32>,
    pub left: u16,
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
    /// A workbook calamine cannot read (damaged).
    BadXlsx,
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
        read_xlsx(bytes)
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

/// The separator of a CSV: of comma, semicolon and tab, the one its first line has most of outside
/// quotes (a comma when it has none).
pub fn delimiter(text: &str) -> u8 {
    let (mut quoted, mut counts) = (false, [0usize; 3]);
    for byte in text.bytes() {
        match byte {
            b'\n' | b'\r' if !quoted => break,
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

fn read_csv(bytes: &[u8]) -> Result<Table, ReadError> {
    let bom = bytes.starts_with(BOM);
    let text = std::str::from_utf8(&bytes[if bom { BOM.len() } else { 0 }..]).map_err(|_| ReadError::NotUtf8)?;
    let delimiter = delimiter(text);
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).has_headers(false).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record
            .map_err(|error| ReadError::BadCsv { line: error.position().map(csv::Position::line).unwrap_or(1) })?;
        rows.push(record.iter().map(|cell| Data::String(cell.to_owned())).collect());
    }
    let positions = (0..).take(rows.len()).collect();
    table(Table { format: Format::Csv { bom, delimiter }, rows, positions, left: 0 })
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, ReadError> {
    check_unzipped(bytes)?;
    let unreadable = |error: XlsxError| match error {
        XlsxError::Password => ReadError::Encrypted,
        XlsxError::FileNotFound(_) | XlsxError::RelationshipNotFound => ReadError::NotATable,
        _ => ReadError::BadXlsx,
    };
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let epoch = if workbook.has_1904_epoch() { 1462 } else { 0 };
    let sheet = workbook.sheets_metadata().iter().find(|sheet| sheet.typ == SheetType::WorkSheet);
    let sheet = sheet.ok_or(ReadError::NoWorksheet)?.name.clone();
    // Cell by cell, not `worksheet_range`: a range is a full grid, which two far-apart cells make huge.
    let mut cells = Vec::new();
    let mut reader = workbook.worksheet_cells_reader(&sheet).map_err(unreadable)?;
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, col) = cell.get_position();
        if col >= MAX_COLUMNS || cells.len() >= MAX_CELLS {
            return Err(ReadError::TooBig);
        }
        cells.push((row, col, Data::from(cell.get_value().clone())));
    }
    drop(reader);
    cells.sort_by_key(|&(row, col, _)| (row, col));
    let left = cells.iter().map(|&(_, col, _)| col).min().unwrap_or(0);
    let (mut rows, mut positions, mut held): (Vec<Vec<Data>>, Vec<u32>, usize) = (Vec::new(), Vec::new(), 0);
    for (row, col, value) in cells {
        if positions.last() != Some(&row) {
            if positions.len() > MAX_ROWS {
                return Err(ReadError::TooManyRows);
            }
            rows.push(Vec::new());
            positions.push(row);
        }
        let cells = rows.last_mut().expect("a row was just pushed");
        let at = usize::try_from(col - left).expect("a column fits in usize");
        // In column order: a cell goes after the row's others (one at the same place, in a hand-made file, replaces it).
        if at < cells.len() {
            cells[at] = value;
            continue;
        }
        held += at + 1 - cells.len();
        if held > MAX_CELLS {
            return Err(ReadError::TooBig);
        }
        cells.resize(at, Data::Empty);
        cells.push(value);
    }
    let left = u16::try_from(left).expect("checked against MAX_COLUMNS");
    table(Table { format: Format::Xlsx { sheet, epoch }, rows, positions, left })
}

/// What a workbook's parts declare once unzipped, at most [`MAX_UNZIPPED_MB`].
fn check_unzipped(bytes: &[u8]) -> Result<(), ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ReadError::BadXlsx)?;
    let mut unzipped: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|_| ReadError::BadXlsx)?;
        unzipped = unzipped.saturating_add(part.size());
        if unzipped > MAX_UNZIPPED_MB << 20 {
            return Err(ReadError::TooBig);
        }
    }
    Ok(())
}

/// The table, once it has a header and at most [`MAX_ROWS`] rows after it; blank rows at its end go.
fn table(mut table: Table) -> Result<Table, ReadError> {
    while table.rows.last().is_some_and(|row| row.iter().all(|cell| cell.to_string().trim().is_empty())) {
        table.rows.pop();
        table.positions.pop();
    }
    match table.rows.first() {
        None => Err(ReadError::Empty),
        Some(header) if header.iter().all(|cell| address(cell).is_none()) => Err(ReadError::NoHeader),
        Some(_) if table.rows.len() > MAX_ROWS + 1 => Err(ReadError::TooManyRows),
        Some(_) => Ok(table),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_keeps_its_cells_its_quoted_line_breaks_and_its_byte_order_mark() {
        let table = read("\u{feff}id,address\n1,\"Phường Phúc Xá,\nQuận Ba Đình\"\n2,\n".as_bytes()).unwrap();
        assert_eq!(table.format, Format::Csv { bom: true, delimiter: b',' });
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
        assert_eq!(read(b"PK\x03\x04 not really a zip"), Err(ReadError::BadXlsx));
        assert_eq!(read(&vec![b'a'; (MAX_FILE_MB << 20) + 1]), Err(ReadError::TooBig));
        let many = format!("address\n{}", "x\n".repeat(MAX_ROWS + 1));
        assert_eq!(read(many.as_bytes()), Err(ReadError::TooManyRows));
        let enough = format!("address\n{}", "x\n".repeat(MAX_ROWS));
        assert_eq!(read(enough.as_bytes()).map(|table| table.body().len()), Ok(MAX_ROWS));
        // Trailing blank lines are no rows: a file that fits is not refused for them.
        let trailing = format!("address\n{}{}", "x\n".repeat(MAX_ROWS), ",\n".repeat(5));
        assert_eq!(read(trailing.as_bytes()).map(|table| table.body().len()), Ok(MAX_ROWS));
    }

    #[test]
    fn a_small_workbook_asking_for_a_huge_grid_is_refused_before_it_is_built() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "address").unwrap();
        for row in 1..=300 {
            sheet.write_string(row, 16_000, "x").unwrap();
        }
        assert_eq!(read(&workbook.save_to_buffer().unwrap()), Err(ReadError::TooBig));
    }

    #[test]
    fn rows_without_any_cell_are_no_rows_and_cells_keep_their_place() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "address").unwrap();
        sheet.write_string(5, 0, "Xã Bố Hạ").unwrap();
        sheet.write_number(5, 3, 7.0).unwrap();
        let table = read(&workbook.save_to_buffer().unwrap()).unwrap();
        assert_eq!(table.positions, [0, 5]);
        assert_eq!(table.rows[1], [Data::String("Xã Bố Hạ".into()), Data::Empty, Data::Empty, Data::Float(7.0)]);
    }

    #[test]
    fn the_separator_is_the_header_lines_own() {
        assert_eq!(delimiter("STT;Địa chỉ;Ghi chú\n1;\"a, b\";c"), b';');
        assert_eq!(delimiter("\"a;b\",address\n"), b',');
        assert_eq!(delimiter("a\tb\tc"), b'\t');
        assert_eq!(delimiter("address"), b',');
        let table = read("STT;Địa chỉ\n1;Phường Phúc Xá, Quận Ba Đình\n".as_bytes()).unwrap();
        assert_eq!(table.addresses(1), [Some("Phường Phúc Xá, Quận Ba Đình".to_owned())]);
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
        assert_eq!((table.positions.as_slice(), table.left), ([2, 3, 4].as_slice(), 1));
        assert_eq!(table.header(), ["STT", "Địa chỉ"]);
        assert_eq!(likely_address_column(&table.header()), 1);
        assert_eq!(table.addresses(1), [Some("Xã Bố Hạ, Huyện Yên Thế, Bắc Giang".to_owned()), None]);
        assert_eq!(table.body()[0][0], Data::Float(1.0));
    }
}
