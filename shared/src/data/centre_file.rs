//! Reading a staff file of service centres, in the format of `data/service_centres.csv`
//! (`docs/staff-data.md`): the one reader of both the data check (`xtask/src/data/centres.rs`) and the
//! staff upload page (`staff-frontend/src/pages/bulk.rs`), so that a file the page accepts is read by the
//! importer the same way.
//!
//! The header names [`ServiceCentreRow::COLUMNS`], in any order (a byte-order mark, as spreadsheets write
//! it, is skipped); each record keeps its line in the file and each column's cleaned text ([`clean`]);
//! [`Record::row`] makes it a [`ServiceCentreRow`], with the problems of its values that stop it from being
//! one. The rules of the row itself are `super::centre`'s and `super::boundaries`'s, applied by the callers
//! with what they know (all communes, or one province).

use unicode_normalization::UnicodeNormalization;

use crate::model::{NewCommuneCode, ServiceCentreRow};

/// The columns of a file, in the order of [`ServiceCentreRow::COLUMNS`].
const COLUMNS: usize = ServiceCentreRow::COLUMNS.len();

/// NFC, with runs of whitespace (including line breaks inside CSV cells) collapsed to one space: every cell
/// of a staff file as it is stored.
pub fn clean(text: &str) -> String {
    text.nfc().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A problem of the file itself rather than of a row's values: a wrong header (line 1) or a record the
/// CSV reader cannot read (its line; 0 when unknown), in the reader's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadProblem {
    pub line: u64,
    pub message: String,
}

/// One record of a file: its line (of its first line, for a cell over several) and each column's cleaned
/// text, empty when not given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: u64,
    cells: [String; COLUMNS],
}

impl Record {
    /// The cleaned text of `column` (one of [`ServiceCentreRow::COLUMNS`]); `None` when empty.
    pub fn get(&self, column: &str) -> Option<&str> {
        let at = ServiceCentreRow::COLUMNS.iter().position(|c| *c == column)?;
        Some(self.cells[at].as_str()).filter(|text| !text.is_empty())
    }

    /// The record as a row, with the problems of its values, column by column: a latitude or longitude that
    /// is not a number (the row is kept, without it), a commune code that is not one (no row: without a code
    /// there is no row to check further; its other columns are checked once it has one).
    pub fn row(&self) -> (Option<ServiceCentreRow>, Vec<(&'static str, String)>) {
        let mut problems = Vec::new();
        let value = |column: &str| self.get(column).map(str::to_owned);
        let mut number = |column: &'static str| {
            let text = self.get(column)?;
            text.parse::<f64>().ok().filter(|n| n.is_finite()).or_else(|| {
                problems.push((column, format!("{text:?} is not a number (decimal degrees, e.g. 21.0386)")));
                None
            })
        };
        let (lat, lon) = (number("lat"), number("lon"));
        let written = self.get("commune_code").unwrap_or_default();
        let Ok(commune_code) = NewCommuneCode::parse(written) else {
            problems.push((
                "commune_code",
                format!("{written:?} is not a code of the 3,321 communes from 1 July 2025 (5 digits)"),
            ));
            return (None, problems);
        };
        let row = ServiceCentreRow {
            commune_code,
            name: value("name"),
            address: value("address"),
            phone: value("phone"),
            email: value("email"),
            opening_hours: value("opening_hours"),
            lat,
            lon,
            source: value("source").unwrap_or_default(),
            verified_on: value("verified_on").unwrap_or_default(),
        };
        (Some(row), problems)
    }
}

/// Where each of [`ServiceCentreRow::COLUMNS`] is in `headers` (names trimmed); or the problem of a header
/// that misses one or names another.
fn columns(headers: &csv::StringRecord) -> Result<[usize; COLUMNS], String> {
    let column = |wanted: &str| headers.iter().position(|h| h.trim() == wanted);
    let missing: Vec<&str> = ServiceCentreRow::COLUMNS.iter().copied().filter(|c| column(c).is_none()).collect();
    let unknown: Vec<&str> = headers.iter().filter(|h| !ServiceCentreRow::COLUMNS.contains(&h.trim())).collect();
    if !missing.is_empty() || !unknown.is_empty() {
        return Err(format!(
            "the header must be {}; missing {missing:?}, unknown {unknown:?}",
            ServiceCentreRow::COLUMNS.join(",")
        ));
    }
    Ok(ServiceCentreRow::COLUMNS.map(|c| column(c).unwrap_or_default()))
}

/// Reads `text`: every record in the order of the file, or the problem of one the CSV reader cannot read;
/// a header that cannot be read or is wrong is the one problem of the file, and nothing is read further.
pub fn read(text: &str) -> Result<Vec<Result<Record, ReadProblem>>, ReadProblem> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let at = reader
        .headers()
        .map_err(|e| e.to_string())
        .and_then(columns)
        .map_err(|message| ReadProblem { line: 1, message })?;
    Ok(reader
        .records()
        .map(|record| match record {
            Ok(record) => Ok(Record {
                line: record.position().map_or(0, |p| p.line()),
                cells: at.map(|i| record.get(i).map(clean).unwrap_or_default()),
            }),
            Err(e) => Err(ReadProblem { line: e.position().map_or(0, |p| p.line()), message: e.to_string() }),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "commune_code,name,address,phone,email,opening_hours,lat,lon,source,verified_on\n";

    /// The records of a file whose header is right and whose records are all readable.
    fn records(text: &str) -> Vec<Record> {
        read(text).unwrap().into_iter().collect::<Result<_, _>>().unwrap()
    }

    /// The row of a file's only record, with its problems.
    fn only_row(cells: &str) -> (Option<ServiceCentreRow>, Vec<(&'static str, String)>) {
        let records = records(&format!("{HEADER}{cells}\n"));
        assert_eq!(records.len(), 1);
        records[0].row()
    }

    #[test]
    fn cleaning_composes_and_collapses() {
        assert_eq!(clean("Xa\u{303} Tây\n Ninh  Hòa "), "Xã Tây Ninh Hòa");
        assert_eq!(clean(" \t\n"), "");
    }

    #[test]
    fn records_keep_their_line_and_each_column_s_cleaned_text() {
        let text = format!(
            "{HEADER}22366,,Test address 1,,centre@example.org,Mo-Fr 07:30-11:30,12.24579,109.19533,test,2026-11-30\n\
             22390,,\"Test   address\n2\",,,,,,test,2026-11-30\n\
             22333,Xa\u{303} test,,,,,,,test,2026-11-30\n"
        );
        let records = records(&text);
        assert_eq!(records.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 5], "a cell over two lines");
        assert_eq!(records[0].get("opening_hours"), Some("Mo-Fr 07:30-11:30"));
        assert_eq!(records[0].get("phone"), None, "an empty cell is not given");
        assert_eq!(records[0].get("no such column"), None);
        assert_eq!(records[1].get("address"), Some("Test address 2"), "whitespace collapsed");
        assert_eq!(records[2].get("name"), Some("Xã test"), "NFC");
        let (row, problems) = records[0].row();
        let row = row.unwrap();
        assert_eq!(problems, []);
        assert_eq!((row.commune_code.as_str(), row.lat, row.lon), ("22366", Some(12.24579), Some(109.19533)));
        assert_eq!((row.address.as_deref(), row.phone, row.source.as_str()), (Some("Test address 1"), None, "test"));
    }

    #[test]
    fn columns_in_another_order_and_a_byte_order_mark_are_read() {
        let text = "\u{feff}source,verified_on,commune_code, name ,address,phone,email,opening_hours,lat,lon\n\
                    test,2026-11-30,22333,Test name,Test address 1,,,,,\n";
        let records = records(text);
        assert_eq!(records[0].line, 2);
        let row = records[0].row().0.unwrap();
        assert_eq!(row.commune_code.as_str(), "22333");
        assert_eq!((row.name.as_deref(), row.verified_on.as_str()), (Some("Test name"), "2026-11-30"));
    }

    #[test]
    fn a_wrong_header_is_the_one_problem_of_the_file() {
        let problem = read("commune,phone\n00004,0900000000\n").unwrap_err();
        assert_eq!(problem.line, 1);
        assert_eq!(
            problem.message,
            "the header must be commune_code,name,address,phone,email,opening_hours,lat,lon,source,verified_on; \
             missing [\"commune_code\", \"name\", \"address\", \"email\", \"opening_hours\", \"lat\", \"lon\", \
             \"source\", \"verified_on\"], unknown [\"commune\"]"
        );
        let extra = read(&format!("{},extra\n", HEADER.trim_end())).unwrap_err();
        assert!(extra.message.ends_with("missing [], unknown [\"extra\"]"), "{extra:?}");
        assert!(read("").unwrap_err().message.contains("missing [\"commune_code\""));
        assert_eq!(read(HEADER).unwrap(), []);
    }

    #[test]
    fn an_unreadable_record_is_a_problem_at_its_line() {
        let read = read(&format!("{HEADER}22366,,,,,,,,test,2026-11-30\n22390,,Test address 1\n")).unwrap();
        assert!(read[0].is_ok());
        let problem = read[1].as_ref().unwrap_err();
        assert_eq!(problem.line, 3);
        assert!(problem.message.contains("found record with 3 fields"), "{problem:?}");
    }

    #[test]
    fn a_coordinate_that_is_not_a_number_is_a_problem_and_the_row_is_kept() {
        let (row, problems) = only_row("22366,,,,,,abc,inf,test,2026-11-30");
        let row = row.unwrap();
        assert_eq!((row.lat, row.lon), (None, None));
        assert_eq!(
            problems,
            [
                ("lat", "\"abc\" is not a number (decimal degrees, e.g. 21.0386)".to_owned()),
                ("lon", "\"inf\" is not a number (decimal degrees, e.g. 21.0386)".to_owned()),
            ]
        );
    }

    #[test]
    fn a_malformed_commune_code_is_a_problem_and_no_row() {
        let (row, problems) = only_row("0004,,,,,,abc,,test,2026-11-30");
        assert_eq!(row, None);
        assert_eq!(
            problems,
            [
                ("lat", "\"abc\" is not a number (decimal degrees, e.g. 21.0386)".to_owned()),
                ("commune_code", "\"0004\" is not a code of the 3,321 communes from 1 July 2025 (5 digits)".to_owned()),
            ]
        );
        let (row, problems) = only_row(",,,,,,,,test,2026-11-30");
        assert_eq!(row, None);
        assert_eq!(problems[0].1, "\"\" is not a code of the 3,321 communes from 1 July 2025 (5 digits)");
    }
}
