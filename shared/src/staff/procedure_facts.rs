//! A staff edit of what a province verified about a procedure of the national catalogue there
//! ([`crate::model::ProcedureFact`], a row of `data/procedure_facts.csv`): its online level, its portal
//! link, its agency, or the replacement of a repealed code. Checked by the very rules of
//! `cargo xtask data check` ([`procedure_fact_problems`]): a fact never brings a procedure code that
//! the catalogue does not have.

use crate::data::check::procedure_fact_problems;
use crate::model::{Dataset, Index, OnlineLevel, ProcedureFact, ProvinceCode};
use crate::staff::diff::{FieldChange, diff_fields};

/// The record it changes: one fact per (province, procedure).
pub fn record(fact: &ProcedureFact) -> String {
    format!("procedure_fact/{}/{}", fact.province_code, fact.procedure_code)
}

/// Its province (whose staff may propose and review it), or every rule it breaks as (column, message).
pub fn check(index: &Index, fact: &ProcedureFact) -> Result<ProvinceCode, Vec<(&'static str, String)>> {
    let problems = procedure_fact_problems(&index.dataset, fact);
    if problems.is_empty() { Ok(fact.province_code.clone()) } else { Err(problems) }
}

/// The fields that differ from the published fact (none yet: every field it gives), in the order of
/// the CSV file's columns.
pub fn diff(index: &Index, fact: &ProcedureFact) -> Vec<FieldChange> {
    diff_fields(index.procedure_fact(&fact.province_code, &fact.procedure_code).map(fields), fields(fact))
}

/// Adds it, or replaces the province's fact of the procedure, keeping the file's order (province code,
/// procedure code).
pub fn apply(dataset: &mut Dataset, fact: &ProcedureFact) {
    let rows = &mut dataset.procedure_facts;
    let key = (&fact.province_code, &fact.procedure_code);
    match rows.binary_search_by(|row| (&row.province_code, &row.procedure_code).cmp(&key)) {
        Ok(at) => rows[at] = fact.clone(),
        Err(at) => rows.insert(at, fact.clone()),
    }
}

/// The row's fields as text, with the names of [`ProcedureFact::COLUMNS`].
fn fields(fact: &ProcedureFact) -> [(&'static str, Option<String>); 8] {
    let online = fact.online.map(|level| {
        match level {
            OnlineLevel::Full => "full",
            OnlineLevel::Partial => "partial",
            OnlineLevel::InPerson => "in_person",
            OnlineLevel::Unknown => "unknown",
        }
        .to_owned()
    });
    [
        ("province_code", Some(fact.province_code.to_string())),
        ("procedure_code", Some(fact.procedure_code.clone())),
        ("online", online),
        ("portal_url", fact.portal_url.clone()),
        ("agency", fact.agency.clone()),
        ("replaced_by", fact.replaced_by.clone()),
        ("source", Some(fact.source.clone())),
        ("verified_on", Some(fact.verified_on.clone())),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fact with obviously test values (an example.org link), never written to data/.
    fn fact(province: &str, code: &str) -> ProcedureFact {
        ProcedureFact {
            province_code: province.parse().unwrap(),
            procedure_code: code.into(),
            online: Some(OnlineLevel::Full),
            portal_url: Some("https://example.org/thu-tuc".into()),
            agency: None,
            replaced_by: None,
            source: "test".into(),
            verified_on: "2026-11-30".into(),
        }
    }

    #[test]
    fn the_fields_are_the_csv_columns() {
        let names: Vec<&str> = fields(&fact("01", "1.001193")).iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ProcedureFact::COLUMNS);
        assert_eq!(record(&fact("01", "1.001193")), "procedure_fact/01/1.001193");
    }

    #[cfg(feature = "canonical")]
    mod on_the_real_dataset {
        use super::*;
        use crate::answers::lookup::tests::lookup;
        use crate::staff::edit::{Edit, apply_all};

        fn index() -> &'static Index {
            lookup().index()
        }

        fn fields_of(problems: &[(&'static str, String)]) -> Vec<&'static str> {
            problems.iter().map(|(field, _)| *field).collect()
        }

        #[test]
        fn a_fact_of_a_catalogue_procedure_belongs_to_its_province_and_is_diffed_field_by_field() {
            let index = index();
            let edit = Edit::ProcedureFact { fact: fact("01", "1.001193") };
            assert_eq!(edit.check(index), Ok("01".parse().unwrap()));
            assert_eq!(edit.record(), "procedure_fact/01/1.001193");
            let diff: Vec<(String, Option<String>)> =
                edit.diff(index).into_iter().map(|change| (change.field, change.after)).collect();
            assert_eq!(
                diff,
                [
                    ("province_code".to_owned(), Some("01".to_owned())),
                    ("procedure_code".into(), Some("1.001193".into())),
                    ("online".into(), Some("full".into())),
                    ("portal_url".into(), Some("https://example.org/thu-tuc".into())),
                    ("source".into(), Some("test".into())),
                    ("verified_on".into(), Some("2026-11-30".into())),
                ]
            );
            // As a change request carries it.
            let json = serde_json::to_value(&edit).unwrap();
            assert_eq!(
                (json["kind"].as_str(), json["fact"]["online"].as_str()),
                (Some("procedure_fact"), Some("full"))
            );
            assert_eq!(serde_json::from_value::<Edit>(json).unwrap(), edit);
        }

        #[test]
        fn facts_apply_in_order_and_a_second_of_the_same_record_replaces_the_first() {
            let index = index();
            let edits = [
                Edit::ProcedureFact { fact: fact("79", "1.001193") },
                Edit::ProcedureFact { fact: fact("01", "1.004222") },
                Edit::ProcedureFact { fact: fact("01", "1.001193") },
            ];
            let after = apply_all(&index.dataset, &edits.iter().collect::<Vec<_>>()).unwrap();
            let keys: Vec<(&str, &str)> =
                after.procedure_facts.iter().map(|f| (f.province_code.as_str(), f.procedure_code.as_str())).collect();
            assert_eq!(keys, [("01", "1.001193"), ("01", "1.004222"), ("79", "1.001193")]);

            let mut changed = fact("01", "1.001193");
            changed.online = None;
            changed.agency = Some("UBND xã (test)".into());
            let edit = Edit::ProcedureFact { fact: changed.clone() };
            let index_after = Index::new(after.clone());
            let diff: Vec<(String, Option<String>, Option<String>)> =
                edit.diff(&index_after).into_iter().map(|c| (c.field, c.before, c.after)).collect();
            assert_eq!(
                diff,
                [
                    ("online".to_owned(), Some("full".to_owned()), None),
                    ("agency".into(), None, Some("UBND xã (test)".into())),
                ]
            );
            let again = apply_all(&after, &[&edit]).unwrap();
            assert_eq!(again.procedure_facts.len(), 3);
            assert_eq!(again.procedure_facts[0], changed);
        }

        #[test]
        fn a_code_no_source_gives_is_refused() {
            let index = index();
            assert!(index.procedure("9.999999").is_none());
            let problems = check(index, &fact("01", "9.999999")).unwrap_err();
            assert_eq!(fields_of(&problems), ["procedure_code"], "{problems:?}");
            assert!(problems[0].1.contains("national catalogue"), "{problems:?}");
            let problems = check(index, &fact("01", "not a code")).unwrap_err();
            assert_eq!(fields_of(&problems), ["procedure_code"], "{problems:?}");
        }

        #[test]
        fn a_repealed_code_takes_only_its_replacement_an_active_one_of_the_catalogue() {
            let index = index();
            // 2.001009: repealed in Hải Phòng, no replacement in the catalogue.
            let mut replaced = fact("31", "2.001009");
            (replaced.online, replaced.portal_url, replaced.replaced_by) = (None, None, Some("3.000722".into()));
            assert_eq!(check(index, &replaced), Ok("31".parse().unwrap()));
            let after = apply_all(&index.dataset, &[&Edit::ProcedureFact { fact: replaced.clone() }]).unwrap();
            assert_eq!(after.procedure_facts.len(), index.dataset.procedure_facts.len() + 1);

            // Other facts of a repealed procedure (never offered), or none.
            let mut more = replaced.clone();
            more.online = Some(OnlineLevel::Full);
            assert_eq!(fields_of(&check(index, &more).unwrap_err()), ["procedure_code"]);
            let mut nothing = replaced.clone();
            nothing.replaced_by = None;
            assert_eq!(fields_of(&check(index, &nothing).unwrap_err()), ["replaced_by"]);
            // The replacement: a repealed one, one not in the catalogue, itself.
            for target in ["2.000986", "9.999999", "2.001009"] {
                let mut bad = replaced.clone();
                bad.replaced_by = Some(target.into());
                assert_eq!(fields_of(&check(index, &bad).unwrap_err()), ["replaced_by"], "{target}");
            }
            // An active procedure of the catalogue is not replaced by a fact.
            let mut active = fact("31", "1.001193");
            active.replaced_by = Some("3.000722".into());
            assert_eq!(fields_of(&check(index, &active).unwrap_err()), ["replaced_by"]);
        }

        #[test]
        fn each_broken_rule_names_its_column() {
            let index = index();
            let mut bad = fact("01", "1.001193");
            bad.online = Some(OnlineLevel::Unknown);
            bad.portal_url = Some("http://example.org".into());
            bad.agency = Some(" ".into());
            bad.source = String::new();
            bad.verified_on = "2025-06-30".into();
            assert_eq!(
                fields_of(&check(index, &bad).unwrap_err()),
                ["online", "portal_url", "agency", "source", "verified_on"]
            );
            let mut empty = fact("01", "1.001193");
            (empty.online, empty.portal_url) = (None, None);
            assert_eq!(fields_of(&check(index, &empty).unwrap_err()), ["procedure_code"], "no fact given");
            let mut spaced = fact("01", "1.001193");
            spaced.agency = Some("UBND  xã".into());
            spaced.verified_on = "2026-02-30".into();
            assert_eq!(fields_of(&check(index, &spaced).unwrap_err()), ["agency", "verified_on"]);

            // The data check reports the same rules, and the order of the file.
            let mut d = index.dataset.clone();
            d.procedure_facts = vec![fact("79", "1.001193"), fact("01", "1.001193"), bad];
            let problems = crate::data::check::check(&d);
            assert!(problems.iter().any(|p| p.starts_with("procedure fact 01/1.001193: portal_url: ")), "{problems:?}");
            assert!(problems.iter().any(|p| p.starts_with("procedure facts are not sorted")), "{problems:?}");
        }
    }
}
