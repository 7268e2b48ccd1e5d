//! The answer's file: the picked file's rows with [`ANSWER_COLUMNS`] appended, as CSV or as a workbook,
//! whatever the picked file was. The cells are the batch API's (`shared::answers::batch`).
//!
//! CSV: every cell, the file's own and the answer's, neutralised against formula injection; the rows
//! padded to one width so that the answer's columns line up. Workbook: text is written as text (never a
//! formula), numbers, booleans and dates as they were read, each cell where it was.

use calamine::Data;
use rust_xlsxwriter::{Workbook, XlsxError};
use shared::answers::batch::xlsx::{Formats, as_ref, put, put_answer};
use shared::answers::batch::{ANSWER_COLUMNS, neutralised};

use crate::table::{Format, Table};

/// The answer as CSV: `answers[i]` is row `i + 1`'s appended cells (see
/// [`shared::answers::batch::answer_cells`]). The picked CSV's separator and byte-order mark; a workbook's
/// answer with commas and a byte-order mark (which Excel then opens as UTF-8).
pub fn csv(table: &Table, answers: &[Vec<String>]) -> Vec<u8> {
    let (bom, delimiter) = match table.format {
        Format::Csv { bom, delimiter } => (bom, delimiter),
        Format::Xlsx { .. } => (true, b','),
    };
    let start = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
    let mut out = csv::WriterBuilder::new().flexible(true).delimiter(delimiter).from_writer(start);
    let width = table.width();
    let header = ANSWER_COLUMNS.iter().map(|name| (*name).to_owned());
    let answered = std::iter::once(header.collect::<Vec<_>>()).chain(answers.iter().cloned());
    for (row, answer) in table.rows.iter().zip(answered) {
        let own = (0..width).map(|col| row.get(col).map(Data::to_string).unwrap_or_default());
        let cells: Vec<String> = own.chain(answer).map(|cell| neutralised(&cell).into_owned()).collect();
        out.write_record(&cells).expect("writing to memory succeeds");
    }
    out.into_inner().expect("writing to memory succeeds")
}

/// The answer as a workbook (`answers` as for [`csv`]): the picked workbook's first worksheet, its
/// name and its cells where they were, or the CSV's rows from A1.
pub fn xlsx(table: &Table, answers: &[Vec<String>]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let formats = Formats::default();
    let sheet = workbook.add_worksheet();
    let epoch = match &table.format {
        Format::Xlsx { sheet: name, epoch } => {
            // A name Excel refuses (none that a workbook read here has) keeps the default one.
            let _ = sheet.set_name(name);
            f64::from(*epoch)
        }
        Format::Csv { .. } => 0.0,
    };
    let left = table.left;
    let after = left + u16::try_from(table.width()).map_err(|_| XlsxError::RowColumnLimitError)?;
    for (i, cells) in table.rows.iter().enumerate() {
        // A workbook's rows where they were; a CSV's from the first.
        let row = table.positions[i];
        if i == 0 {
            for (col, name) in (after..).zip(ANSWER_COLUMNS) {
                sheet.write_string(row, col, name)?;
            }
        }
        for (col, cell) in (left..).zip(cells) {
            put(sheet, (row, col), &as_ref(cell), epoch, &formats)?;
        }
        if let Some(answer) = i.checked_sub(1).and_then(|i| answers.get(i)) {
            put_answer(sheet, row, after, answer)?;
        }
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use calamine::Reader;
    use shared::answers::batch::CONFIDENCE_COLUMN;

    use super::*;
    use crate::table::read;

    fn answer(new_address: &str, confidence: &str) -> Vec<String> {
        let mut cells = vec![String::new(); ANSWER_COLUMNS.len()];
        (cells[0], cells[CONFIDENCE_COLUMN]) = (new_address.to_owned(), confidence.to_owned());
        cells
    }

    #[test]
    fn csv_rows_line_up_and_every_formula_like_cell_is_neutralised() {
        let table = read("id,address,note\n=1+1,Phường Phúc Xá\n2,-Hà Nội,x,extra\n".as_bytes()).unwrap();
        let out = csv(&table, &[answer("=Phường Ba Đình", "0.600"), answer("", "")]);
        let text = String::from_utf8(out).unwrap();
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        assert!(!header.starts_with('\u{feff}'), "no byte-order mark in, none out: {text}");
        assert_eq!(header, format!("id,address,note,,{}", ANSWER_COLUMNS.join(",")));
        assert_eq!(lines.next().unwrap(), "'=1+1,Phường Phúc Xá,,,'=Phường Ba Đình,,,,0.600,,");
        assert_eq!(lines.next().unwrap(), "2,'-Hà Nội,x,extra,,,,,,,");
    }

    #[test]
    fn a_workbook_answer_keeps_its_cells_and_adds_the_columns() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Hồ sơ").unwrap();
        sheet.write_string(1, 0, "address").unwrap();
        sheet.write_string(1, 1, "ngày").unwrap();
        sheet.write_string(2, 0, "=cmd").unwrap();
        sheet.write_number(2, 1, 45_000.0).unwrap();
        let table = read(&book.save_to_buffer().unwrap()).unwrap();
        let out = xlsx(&table, &[answer("Phường Ba Đình, Thành phố Hà Nội", "0.600")]).unwrap();
        let mut back = calamine::Xlsx::new(std::io::Cursor::new(out)).unwrap();
        assert_eq!(back.sheet_names(), ["Hồ sơ"]);
        let range = back.worksheet_range("Hồ sơ").unwrap();
        assert_eq!(range.start(), Some((1, 0)));
        assert_eq!(range.get_value((1, 0)), Some(&Data::String("address".into())));
        assert_eq!(range.get_value((1, 2)), Some(&Data::String("new_address".into())));
        // Text stays text, "=cmd" too; the number stays a number; the confidence is one.
        assert_eq!(range.get_value((2, 0)), Some(&Data::String("=cmd".into())));
        assert_eq!(range.get_value((2, 1)), Some(&Data::Float(45_000.0)));
        assert_eq!(range.get_value((2, 2)), Some(&Data::String("Phường Ba Đình, Thành phố Hà Nội".into())));
        assert_eq!(range.get_value((2, 2 + CONFIDENCE_COLUMN as u32)), Some(&Data::Float(0.6)));
    }

    #[test]
    fn a_csv_becomes_a_workbook_from_a1() {
        let table = read("address\nPhường Phúc Xá\n".as_bytes()).unwrap();
        let out = xlsx(&table, &[answer("Phường Ba Đình, Thành phố Hà Nội", "1.000")]).unwrap();
        let mut back = calamine::Xlsx::new(std::io::Cursor::new(out)).unwrap();
        let name = back.sheet_names()[0].clone();
        let range = back.worksheet_range(&name).unwrap();
        assert_eq!(range.start(), Some((0, 0)));
        assert_eq!(range.get_value((1, 0)), Some(&Data::String("Phường Phúc Xá".into())));
        assert_eq!(range.get_value((1, 1)), Some(&Data::String("Phường Ba Đình, Thành phố Hà Nội".into())));
    }
}
