//! Writing a batch's workbook (rust_xlsxwriter), the same in the API's batch route and on the phone
//! (`frontend-batch/`): every cell as calamine read it, never as a formula, and a row's answer cells.

use calamine::{Data, DataRef};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::CONFIDENCE_COLUMN;

/// Excel's longest cell text, in UTF-16 units.
pub const MAX_CELL_TEXT: usize = 32_767;

/// The number formats of dates and durations.
pub struct Formats {
    date: Format,
    date_time: Format,
    time: Format,
    duration: Format,
}

impl Default for Formats {
    fn default() -> Self {
        Self {
            date: Format::new().set_num_format("yyyy-mm-dd"),
            date_time: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            time: Format::new().set_num_format("hh:mm:ss"),
            duration: Format::new().set_num_format("[h]:mm:ss"),
        }
    }
}

/// Writes one cell as calamine read it, never as a formula; an empty one is no cell. `epoch`: what a
/// date's serial gains in the 1900 date system.
pub fn put(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    value: &DataRef<'_>,
    epoch: f64,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match value {
        DataRef::Empty => return Ok(()),
        DataRef::SharedString(text) => sheet.write_string(row, col, excel_text(text)),
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
            sheet.write_string(row, col, excel_text(text))
        }
        DataRef::Error(error) => sheet.write_string(row, col, error.to_string()),
        DataRef::Int(number) => sheet.write_number(row, col, *number as f64),
        DataRef::Float(number) => sheet.write_number(row, col, *number),
        DataRef::Bool(boolean) => sheet.write_boolean(row, col, *boolean),
        DataRef::DateTime(duration) if duration.is_duration() => {
            sheet.write_number_with_format(row, col, duration.as_f64(), &formats.duration)
        }
        DataRef::DateTime(date) => {
            let serial = date.as_f64() + epoch;
            let format = match (serial.fract() == 0.0, serial < 1.0) {
                (true, _) => &formats.date,
                (false, true) => &formats.time,
                (false, false) => &formats.date_time,
            };
            sheet.write_number_with_format(row, col, serial, format)
        }
    }
    .map(|_| ())
}

/// A cell held whole (`Data`, as the phone holds a table) as the reader's borrowed kind, for [`put`]:
/// its text borrowed, not copied.
pub fn as_ref(cell: &Data) -> DataRef<'_> {
    match cell {
        Data::Int(number) => DataRef::Int(*number),
        Data::Float(number) => DataRef::Float(*number),
        Data::String(text) => DataRef::SharedString(text),
        Data::Bool(boolean) => DataRef::Bool(*boolean),
        Data::DateTime(date) => DataRef::DateTime(*date),
        Data::DateTimeIso(text) => DataRef::DateTimeIso(text.clone()),
        Data::DurationIso(text) => DataRef::DurationIso(text.clone()),
        Data::Error(error) => DataRef::Error(error.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// Writes a row's answer cells ([`super::answer_cells`]) from column `from` on: codes and the rest as
/// text, the confidence as a number.
pub fn put_answer(sheet: &mut Worksheet, row: u32, from: u16, cells: &[String]) -> Result<(), XlsxError> {
    for ((col, cell), i) in (from..).zip(cells).zip(0..) {
        match cell.parse::<f64>() {
            Ok(confidence) if i == CONFIDENCE_COLUMN => sheet.write_number(row, col, confidence),
            _ => sheet.write_string(row, col, excel_text(cell)),
        }?;
    }
    Ok(())
}

/// `text` cut to what an Excel cell holds (a longer one comes only from a hand-made file or a CSV).
pub fn excel_text(text: &str) -> &str {
    let mut units = 0;
    match text.char_indices().find(|(_, c)| {
        units += c.len_utf16();
        units > MAX_CELL_TEXT
    }) {
        Some((cut, _)) => &text[..cut],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_to_what_a_cell_holds() {
        assert_eq!(excel_text("Lê"), "Lê");
        assert_eq!(excel_text(&"a".repeat(MAX_CELL_TEXT)).len(), MAX_CELL_TEXT);
        assert_eq!(excel_text(&"a".repeat(MAX_CELL_TEXT + 5)).len(), MAX_CELL_TEXT);
        // A character outside the BMP is two UTF-16 units: it does not fit in the last one.
        let long = format!("{}😀", "a".repeat(MAX_CELL_TEXT - 1));
        assert_eq!(excel_text(&long).len(), MAX_CELL_TEXT - 1);
    }
}
