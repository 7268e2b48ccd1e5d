//! The columns a batch of addresses gains, in a file (CSV or Excel): written the same by the API's batch
//! route (`api/src/routes/batch.rs`) and by the browser's batch page (`frontend-batch/`), so that a file
//! converted on the phone and one converted by the server read alike.

#[cfg(feature = "xlsx")]
pub mod xlsx;

use std::borrow::Cow;

use super::{ConvertResponse, ErrorBody};
use crate::model::Relation;

/// The columns appended to each row, in order, after the row's own. `reason` came last (December 2026), so
/// that a reader of the earlier six by position still finds them where they were.
pub const ANSWER_COLUMNS: [&str; 7] =
    ["new_address", "new_commune_code", "new_province_code", "relation", "confidence", "error", "reason"];
/// Where `confidence` is among [`ANSWER_COLUMNS`]: a number in a workbook.
pub const CONFIDENCE_COLUMN: usize = 4;
/// Where `error` is among [`ANSWER_COLUMNS`].
pub const ERROR_COLUMN: usize = 5;

/// The appended cells of a row: the best candidate (its reasons, in the answer's language, joined with
/// "; "), or empty cells but `error`, which says why there is none.
pub fn answer_cells(result: Result<ConvertResponse, ErrorBody>) -> Vec<String> {
    let failed = |text: String| {
        let mut cells = vec![String::new(); ANSWER_COLUMNS.len()];
        cells[ERROR_COLUMN] = text;
        cells
    };
    match result {
        Err(error) => failed(error.message),
        Ok(result) => match result.candidates.into_iter().next() {
            Some(best) => vec![
                best.new_address,
                best.code.to_string(),
                best.province_code.to_string(),
                match best.relation {
                    Relation::Whole => "whole".to_owned(),
                    Relation::Partial => "partial".to_owned(),
                },
                format!("{:.3}", best.confidence),
                String::new(),
                best.reason_texts.join("; "),
            ],
            None => failed(result.hint.unwrap_or_default()),
        },
    }
}

/// A cell that a spreadsheet would read as a formula gets a leading `'` (OWASP's advice against CSV
/// injection); the answer's cells too, as the street part of `new_address` is the user's.
pub fn neutralised(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_formula_trigger_gets_a_leading_quote() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"] {
            assert_eq!(neutralised(cell), format!("'{cell}"));
        }
        for cell in ["", "Xã Bố Hạ", "1-2", "a=b", " =spaced", "0.950", "'=already"] {
            assert!(matches!(neutralised(cell), Cow::Borrowed(c) if c == cell), "{cell:?}");
        }
    }

    #[test]
    fn an_error_fills_only_the_error_column() {
        assert_eq!(ANSWER_COLUMNS[ERROR_COLUMN], "error");
        assert_eq!(ANSWER_COLUMNS[CONFIDENCE_COLUMN], "confidence");
        let cells = answer_cells(Err(ErrorBody { code: "too_long".into(), message: "Quá dài".into() }));
        assert_eq!(cells.len(), ANSWER_COLUMNS.len());
        assert_eq!(cells[ERROR_COLUMN], "Quá dài");
        assert!(cells.iter().enumerate().all(|(i, cell)| i == ERROR_COLUMN || cell.is_empty()));
    }

    #[cfg(feature = "canonical")]
    #[test]
    fn a_conversion_fills_every_column_but_the_error() {
        let lookup = crate::answers::lookup::tests::lookup();
        let answer = lookup.convert("Phường Phúc Xá, Quận Ba Đình, Hà Nội", crate::answers::Lang::Vi);
        let best = answer.candidates[0].clone();
        let cells = answer_cells(Ok(answer));
        assert_eq!(cells[0], best.new_address);
        assert_eq!(cells[1], best.code.to_string());
        assert_eq!(cells[ERROR_COLUMN], "");
        assert_eq!(cells[CONFIDENCE_COLUMN].parse::<f64>().ok(), Some((best.confidence * 1000.0).round() / 1000.0));
        assert_eq!(cells[6], best.reason_texts.join("; "));
    }
}
