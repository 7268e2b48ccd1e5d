//! What a proposed change to a service centre changes, field by field, for the reviewer and the audit
//! log, and whether the proposed row may enter the dataset at all.

use serde::{Deserialize, Serialize};

use crate::model::{Index, ProvinceCode, ServiceCentreRow};

/// One field of a record, as it was and as it would become; `None` is "not given".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The column's name in the canonical CSV file, so that the diff reads like the file's.
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The fields that differ between the published row (`None` for a commune without one yet) and the
/// proposed one, in the order of the CSV file's columns.
pub fn diff_service_centre(before: Option<&ServiceCentreRow>, after: &ServiceCentreRow) -> Vec<FieldChange> {
    diff_fields(before.map(fields), fields(after))
}

/// The fields that differ between a record's fields as text (`None`: no record yet) and the proposed
/// ones, both in the order of its CSV columns, which the diff keeps.
pub fn diff_fields<const N: usize>(
    before: Option<[(&'static str, Option<String>); N]>,
    after: [(&'static str, Option<String>); N],
) -> Vec<FieldChange> {
    after
        .into_iter()
        .enumerate()
        .filter_map(|(i, (field, after))| {
            let before = before.as_ref().and_then(|b| b[i].1.clone());
            (before != after).then(|| FieldChange { field: field.to_owned(), before, after })
        })
        .collect()
}

/// The row's fields as text, with the names of [`ServiceCentreRow::COLUMNS`].
fn fields(row: &ServiceCentreRow) -> [(&'static str, Option<String>); 10] {
    [
        ("commune_code", Some(row.commune_code.to_string())),
        ("name", row.name.clone()),
        ("address", row.address.clone()),
        ("phone", row.phone.clone()),
        ("email", row.email.clone()),
        ("opening_hours", row.opening_hours.clone()),
        ("lat", row.lat.map(|l| l.to_string())),
        ("lon", row.lon.map(|l| l.to_string())),
        ("source", Some(row.source.clone())),
        ("verified_on", Some(row.verified_on.clone())),
    ]
}

/// The province a proposed row belongs to (which decides who may review it), or every rule it breaks
/// as (column, message): the rules of [`crate::data::centre::row_problems`] and a known commune, as
/// `cargo xtask data check` applies them. Not checked here: that `verified_on` is not in the future
/// (shared has no clock) and that the location lies within the province (that needs the boundaries):
/// the staff API adds both (`api::staff::checks`, by `shared::data::boundaries` as the data check does).
pub fn check_service_centre(
    index: &Index,
    row: &ServiceCentreRow,
) -> Result<ProvinceCode, Vec<(&'static str, String)>> {
    let mut problems = crate::data::centre::row_problems(row);
    let province = index.new_commune(&row.commune_code).map(|commune| commune.province_code.clone());
    if province.is_none() {
        problems.insert(0, ("commune_code", format!("{} is not a new commune", row.commune_code)));
    }
    match province {
        Some(province) if problems.is_empty() => Ok(province),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of a commune of the real dataset with facts that are obviously test values (an address
    /// under example.org, no phone), never written to data/.
    fn row(commune_code: &str) -> ServiceCentreRow {
        ServiceCentreRow {
            commune_code: commune_code.parse().unwrap(),
            name: None,
            address: Some("Test address 1".into()),
            phone: None,
            email: Some("centre@example.org".into()),
            opening_hours: Some("Mo-Fr 07:30-11:30,13:30-17:00".into()),
            lat: None,
            lon: None,
            source: "test".into(),
            verified_on: "2026-01-02".into(),
        }
    }

    fn change(field: &str, before: Option<&str>, after: Option<&str>) -> FieldChange {
        FieldChange { field: field.to_owned(), before: before.map(Into::into), after: after.map(Into::into) }
    }

    #[test]
    fn the_fields_are_the_csv_columns() {
        let names: Vec<&str> = fields(&row("00004")).iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ServiceCentreRow::COLUMNS);
    }

    #[test]
    fn a_new_row_shows_every_field_it_gives() {
        let diff = diff_service_centre(None, &row("00004"));
        assert_eq!(
            diff,
            [
                change("commune_code", None, Some("00004")),
                change("address", None, Some("Test address 1")),
                change("email", None, Some("centre@example.org")),
                change("opening_hours", None, Some("Mo-Fr 07:30-11:30,13:30-17:00")),
                change("source", None, Some("test")),
                change("verified_on", None, Some("2026-01-02")),
            ]
        );
    }

    #[test]
    fn an_edit_shows_only_what_changed_including_removals() {
        let before = row("00004");
        assert_eq!(diff_service_centre(Some(&before), &before), []);
        let mut after = before.clone();
        after.email = None;
        after.opening_hours = Some("Mo-Fr 07:30-11:30".into());
        (after.lat, after.lon) = (Some(21.03), Some(105.83));
        after.verified_on = "2026-02-03".into();
        assert_eq!(
            diff_service_centre(Some(&before), &after),
            [
                change("email", Some("centre@example.org"), None),
                change("opening_hours", Some("Mo-Fr 07:30-11:30,13:30-17:00"), Some("Mo-Fr 07:30-11:30")),
                change("lat", None, Some("21.03")),
                change("lon", None, Some("105.83")),
                change("verified_on", Some("2026-01-02"), Some("2026-02-03")),
            ]
        );
    }

    #[cfg(feature = "canonical")]
    mod on_the_real_dataset {
        use super::*;
        use crate::answers::lookup::tests::lookup;

        fn commune_of(province: &str) -> String {
            let index = lookup().index();
            index.new_communes_of(&province.parse().unwrap())[0].code.to_string()
        }

        #[test]
        fn a_valid_row_belongs_to_its_communes_province() {
            for province in ["01", "56"] {
                let row = row(&commune_of(province));
                assert_eq!(check_service_centre(lookup().index(), &row), Ok(province.parse().unwrap()));
            }
        }

        #[test]
        fn a_row_breaking_the_data_checks_rules_is_refused_naming_each_column() {
            let index = lookup().index();
            let unknown = (0..100_000)
                .map(|n| format!("{n:05}"))
                .find(|code| index.new_commune(&code.parse().unwrap()).is_none())
                .expect("some five-digit code is not a commune");
            let mut bad = row(&unknown);
            bad.opening_hours = Some("7h-17h".into());
            bad.verified_on = "2025-06-30".into();
            let columns: Vec<&str> =
                check_service_centre(index, &bad).unwrap_err().into_iter().map(|(column, _)| column).collect();
            assert_eq!(columns, ["commune_code", "opening_hours", "verified_on"]);
        }
    }
}
