//! Staff files: `data/service_centres.csv` (one verified centre per commune), its coordinates checked
//! against the province boundaries (`shared::data::boundaries`, as the staff API checks them).
//!
//! The file is read by `shared::data::centre_file` (the header, each record with its line, each cell
//! cleaned, numbers and the commune code), as the staff upload page reads it. Every bad row is reported,
//! each problem with its line and column, so that staff fix a file in one pass. The rules of single values
//! are `shared::data::centre`'s (also run by `shared::data::check`); here are the ones that need more:
//! the commune exists, one row per commune, coordinates inside the commune's province, `verified_on` not
//! in the future.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use shared::data::boundaries::{Boundaries, future_problem, location_and_date_problems};
use shared::data::centre_file;
use shared::model::{NewCommune, NewCommuneCode, ServiceCentreRow};

/// What the rows are checked against.
pub struct CheckContext<'a> {
    pub communes: BTreeMap<&'a str, &'a NewCommune>,
    /// `None` when the boundaries file is missing: then only Viet Nam's bounding box is checked.
    pub boundaries: Option<&'a Boundaries>,
    /// YYYY-MM-DD.
    pub today: String,
}

impl<'a> CheckContext<'a> {
    pub fn new(communes: &'a [NewCommune], boundaries: Option<&'a Boundaries>, today: String) -> Self {
        Self { communes: communes.iter().map(|c| (c.code.as_str(), c)).collect(), boundaries, today }
    }
}

/// The rows of a staff file, sorted by commune; or every problem, one message each.
pub fn validate(name: &str, text: &str, context: &CheckContext) -> Result<Vec<ServiceCentreRow>, Vec<String>> {
    let records = centre_file::read(text).map_err(|p| vec![format!("{name} line {}: {}", p.line, p.message)])?;
    let mut problems = Vec::new();
    let mut rows: BTreeMap<NewCommuneCode, (u64, ServiceCentreRow)> = BTreeMap::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(p) => {
                problems.push(format!("{name} line {}: {}", p.line, p.message));
                continue;
            }
        };
        let line = record.line;
        let mut problem =
            |column: &str, message: String| problems.push(format!("{name} line {line}, {column}: {message}"));
        let (row, read) = record.row();
        for (column, message) in read {
            problem(column, message);
        }
        let Some(row) = row else { continue };
        let commune = context.communes.get(row.commune_code.as_str()).copied();
        if commune.is_none() {
            problem(
                "commune_code",
                format!("{:?} is not one of the 3,321 communes from 1 July 2025 (5-digit new code)", row.commune_code),
            );
        }
        if let Some((first, _)) = rows.get(&row.commune_code) {
            problem("commune_code", format!("{} already has a centre on line {first}", row.commune_code));
        }
        for (column, message) in shared::data::centre::row_problems(&row) {
            problem(column, message);
        }
        // The rules that need the boundaries and a date, as the staff API applies them.
        let located = match (commune, context.boundaries) {
            (Some(commune), Some(boundaries)) => {
                location_and_date_problems(&row, &commune.province_code, boundaries, &context.today)
            }
            _ => future_problem(&row.verified_on, &context.today).into_iter().collect(),
        };
        for (column, message) in located {
            problem(column, message);
        }
        rows.entry(row.commune_code.clone()).or_insert((line, row));
    }
    if problems.is_empty() { Ok(rows.into_values().map(|(_, row)| row).collect()) } else { Err(problems) }
}

/// Reads and checks `data/service_centres.csv`; notes say what could not be checked.
pub fn read(data_dir: &Path, communes: &[NewCommune], notes: &mut Vec<String>) -> Result<Vec<ServiceCentreRow>> {
    let path = data_dir.join("service_centres.csv");
    let text = std::fs::read_to_string(&path).with_context(|| format!("read {}", path.display()))?;
    let boundaries_path = data_dir.join("sources/boundaries/provinces.geojson");
    let boundaries = if boundaries_path.is_file() {
        let text =
            std::fs::read_to_string(&boundaries_path).with_context(|| format!("read {}", boundaries_path.display()))?;
        Some(Boundaries::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", boundaries_path.display()))?)
    } else {
        notes.push(format!(
            "{} not found: service centre coordinates are checked against Viet Nam's bounding box only",
            boundaries_path.display()
        ));
        None
    };
    let context = CheckContext::new(communes, boundaries.as_ref(), today());
    validate("service_centres.csv", &text, &context).map_err(|problems| {
        for problem in &problems {
            eprintln!("problem: {problem}");
        }
        anyhow::anyhow!("{} problem(s) in service_centres.csv", problems.len())
    })
}

/// Today's date in Viet Nam, YYYY-MM-DD: the API's rule for staff edits, so both refuse the same days.
pub fn today() -> String {
    api::staff::checks::today()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> std::path::PathBuf {
        crate::workspace_root()
    }

    fn boundaries() -> &'static Boundaries {
        static B: std::sync::OnceLock<Boundaries> = std::sync::OnceLock::new();
        B.get_or_init(|| {
            let text = std::fs::read_to_string(root().join("data/sources/boundaries/provinces.geojson")).unwrap();
            Boundaries::parse(&text).unwrap()
        })
    }

    fn communes() -> &'static [NewCommune] {
        static C: std::sync::OnceLock<Vec<NewCommune>> = std::sync::OnceLock::new();
        C.get_or_init(|| super::super::read(&root()).unwrap().new_communes)
    }

    const HEADER: &str = "commune_code,name,address,phone,email,opening_hours,lat,lon,source,verified_on\n";

    /// Validates synthetic rows (never real facts) after the header, as of 2026-11-01.
    fn check(rows: &str) -> Result<Vec<ServiceCentreRow>, Vec<String>> {
        let context = CheckContext::new(communes(), Some(boundaries()), "2026-11-01".into());
        validate("service_centres.csv", &format!("{HEADER}{rows}"), &context)
    }

    /// The problems of a file, which must fail.
    fn problems(rows: &str) -> Vec<String> {
        check(rows).expect_err("the rows must be refused")
    }

    // 00004 is Phường Ba Đình (Hà Nội, province 01; centroid 21.0386, 105.838).
    const GOOD: &str = "00004,,,0900 000 000,,Mo-Fr 07:30-11:30,21.0386,105.838,synthetic test row,2026-01-02\n";

    #[test]
    fn a_good_row_and_the_committed_header_pass() {
        let rows = check(GOOD).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].phone.as_deref(), rows[0].lat), (Some("0900 000 000"), Some(21.0386)));
        assert_eq!(rows[0].name, None);
        assert_eq!(check("").unwrap(), vec![]);
        let committed = std::fs::read_to_string(root().join("data/service_centres.csv")).unwrap();
        assert!(committed.starts_with(HEADER));
    }

    #[test]
    fn each_bad_row_is_reported_with_its_line_and_column() {
        let rows = [
            GOOD,
            "99999,,,0900 000 000,,,,,synthetic,2026-01-02\n", // line 3: unknown commune
            "00004,,,0900 000 001,,,,,synthetic,2026-01-02\n", // line 4: second row for 00004
            "00025,,,0123 45,,,,,synthetic,2026-01-02\n",      // line 5: phone
            "00025,,,,tthc-at-example,,,,synthetic,2026-01-02\n", // line 6: e-mail (and duplicate)
            "00070,,,,,7h30-17h,,,synthetic,2026-01-02\n",     // line 7: opening hours
            "00097,,,0900 000 000,,,10.7769,106.7009,synthetic,2026-01-02\n", // line 8: Hồ Chí Minh City point
            "00103,,,0900 000 000,,,,,,2026-01-02\n",          // line 9: no source
            "00118,,,0900 000 000,,,,,synthetic,\n",           // line 10: no date
            "00127,,,0900 000 000,,,,,synthetic,02/01/2026\n", // line 11: date format
            "00136,,,0900 000 000,,,,,synthetic,2099-01-01\n", // line 12: future
            "00145,,,0900 000 000,,,abc,xyz,synthetic,2026-01-02\n", // line 13: not numbers
            "00166,,,0900 000 000,,,21.03,,synthetic,2026-01-02\n", // line 14: lat without lon
            "00160,,,0900 000 000,,,48.85,2.35,synthetic,2026-01-02\n", // line 15: outside Viet Nam
            "00175,,,,,,,,synthetic,2026-01-02\n",             // line 16: no facts at all
        ]
        .concat();
        let problems = problems(&rows);
        let expect = |line: u64, column: &str, text: &str| {
            let prefix = format!("service_centres.csv line {line}, {column}: ");
            assert!(
                problems.iter().any(|p| p.starts_with(&prefix) && p.contains(text)),
                "no {prefix}…{text}… in {problems:#?}"
            );
        };
        expect(3, "commune_code", "\"99999\" is not one of the 3,321 communes");
        expect(4, "commune_code", "00004 already has a centre on line 2");
        expect(5, "phone", "\"0123 45\" has the wrong number of digits");
        expect(6, "email", "\"tthc-at-example\" is not an e-mail address");
        expect(6, "commune_code", "00025 already has a centre on line 5");
        expect(7, "opening_hours", "rule 1 \"7h30-17h\"");
        expect(8, "lat", "outside province 01 of commune 00097");
        expect(9, "source", "required");
        expect(10, "verified_on", "required");
        expect(11, "verified_on", "\"02/01/2026\" is not a date written YYYY-MM-DD");
        expect(12, "verified_on", "2099-01-01 is in the future");
        expect(13, "lat", "\"abc\" is not a number");
        expect(13, "lon", "\"xyz\" is not a number");
        expect(14, "lat", "give both lat and lon");
        expect(15, "lat", "outside Viet Nam");
        expect(16, "commune_code", "gives no address, phone, e-mail, opening hours or location");
        assert_eq!(problems.len(), 16, "{problems:#?}");
    }

    #[test]
    fn a_malformed_code_is_a_problem_of_its_row() {
        let problems = problems(&[GOOD, "0004,,,0900 000 000,,,,,synthetic,2026-01-02\n"].concat());
        assert_eq!(
            problems,
            [
                "service_centres.csv line 3, commune_code: \"0004\" is not a code of the 3,321 communes from 1 July 2025 (5 digits)"
            ]
        );
    }

    #[test]
    fn a_wrong_header_is_one_clear_problem() {
        let context = CheckContext::new(communes(), Some(boundaries()), "2026-11-01".into());
        let problems = validate("service_centres.csv", "commune,phone\n00004,0900000000\n", &context).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("service_centres.csv line 1: the header must be commune_code,"),
            "{problems:?}"
        );
        assert!(problems[0].contains("unknown [\"commune\"]"), "{problems:?}");
    }

    #[test]
    fn an_unreadable_record_is_a_problem_at_its_line() {
        let problems = problems(&[GOOD, "00025,,,0900 000 000\n"].concat());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("service_centres.csv line 3: "), "{problems:?}");
        assert!(problems[0].contains("found record with 4 fields"), "{problems:?}");
    }

    /// The rule itself is tested in `shared::data::boundaries`; here, against the whole dataset.
    #[test]
    fn communes_centroids_are_inside_their_province() {
        let b = boundaries();
        // Every commune's centroid is inside its province, or within the tolerance, except six centroids of
        // island and coastal communes that lie at sea, 0.6–21 km out (Hoàng Sa, Trường Sa, Tiên Hải, ...):
        // a real centre stands on land, inside the polygons, which keep every island.
        let outside: Vec<&str> = communes()
            .iter()
            .filter(|c| {
                let d = b.distance_outside(&c.province_code, c.lon.unwrap(), c.lat.unwrap()).unwrap();
                d > shared::data::boundaries::TOLERANCE_M
            })
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(outside, ["20333", "20434", "22411", "22736", "30781", "30811"]);
    }
}
