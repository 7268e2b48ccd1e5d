//! What a change request changes ([`Edit`]), and how it applies to a dataset: each kind validated by
//! the rules of `cargo xtask data check` ([`crate::data::check`]), on the whole dataset after it applies.

use serde::{Deserialize, Serialize};

use crate::data::later::LaterChange;
use crate::model::{Dataset, Index, NewCommuneCode, ProcedureFact, ProvinceCode, ProvincePortal, ServiceCentreRow};
use crate::staff::diff::{FieldChange, check_service_centre, diff_fields, diff_service_centre};
use crate::staff::mapping::{MappingCorrection, NewAlias};
use crate::staff::procedure_facts;

/// One change to the published data; each says which record it touches and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Edit {
    /// A commune's service centre, as a whole row of `data/service_centres.csv` (new or replacing one).
    ServiceCentre { centre: ServiceCentreRow },
    /// Many communes' service centres of one province in one change (a CSV file uploaded by staff):
    /// each row as [`Edit::ServiceCentre`] would be, one row per commune, at most [`MAX_CENTRES`].
    ServiceCentres { province_code: ProvinceCode, centres: Vec<ServiceCentreRow> },
    /// A province's public-service portal, as a row of `data/province_portals.csv`.
    ProvincePortal { portal: ProvincePortal },
    /// A later change of a province or commune: a rename or a new type, with its legal basis and date
    /// (the shape of the September 2026 changes), by the importer's rules ([`LaterChange::apply`]).
    LaterChange { change: LaterChange },
    /// An old commune's successors, replacing the dataset's, with the legal text as the citation.
    MappingCorrection { correction: MappingCorrection },
    /// Another name people write for a unit.
    Alias { alias: NewAlias },
    /// What a province verified about a procedure of the national catalogue there, as a row of
    /// `data/procedure_facts.csv` (new or replacing one), by the rules of the data check.
    ProcedureFact { fact: ProcedureFact },
}

/// The most rows of one [`Edit::ServiceCentres`]: one row per commune of one province, and the largest
/// province (Hồ Chí Minh City, 79) has 168 communes, so a valid lot never comes near it; the request's
/// body stays under the API's 2 MB limit for JSON bodies.
pub const MAX_CENTRES: usize = 200;

/// Why an edit cannot apply: each problem with the field it is about (empty when it is about the whole).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl Problem {
    fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_owned(), message: message.into() }
    }

    fn all(problems: Vec<(&'static str, String)>) -> Vec<Self> {
        problems.into_iter().map(|(field, message)| Self::new(field, message)).collect()
    }
}

impl Edit {
    /// The record it changes, e.g. `service_centre/01001`: two open changes of one record conflict.
    pub fn record(&self) -> String {
        match self {
            Self::ServiceCentre { centre } => centre_record(&centre.commune_code),
            Self::ServiceCentres { province_code, .. } => format!("service_centres/{province_code}"),
            Self::ProvincePortal { portal } => format!("province_portal/{}", portal.province_code),
            Self::LaterChange { change } => format!("later_change/{}/{}", change.level, change.code),
            Self::MappingCorrection { correction } => correction.record(),
            Self::Alias { alias } => alias.record(),
            Self::ProcedureFact { fact } => procedure_facts::record(fact),
        }
    }

    /// Every record it changes: its own [`Edit::record`], but for a lot of centres the record of each
    /// commune's centre (`service_centre/01001`), so that it meets a change of one of them.
    pub fn records(&self) -> Vec<String> {
        match self {
            Self::ServiceCentres { centres, .. } => {
                centres.iter().map(|row| centre_record(&row.commune_code)).collect()
            }
            _ => vec![self.record()],
        }
    }

    /// A record that both edits change, if any: two open changes that share one may not both await
    /// review (a single centre and a lot that holds its commune share `service_centre/{commune}`).
    pub fn shared_record(&self, other: &Edit) -> Option<String> {
        let theirs = other.records();
        self.records().into_iter().find(|record| theirs.contains(record))
    }

    /// The province whose staff may propose and review it, and whether the edit is valid on its own
    /// against `index` (the published data): every rule it breaks, with its field.
    pub fn check(&self, index: &Index) -> Result<ProvinceCode, Vec<Problem>> {
        match self {
            Self::ServiceCentre { centre } => check_service_centre(index, centre).map_err(Problem::all),
            Self::ServiceCentres { province_code, centres } => check_centres(index, province_code, centres),
            Self::ProvincePortal { portal } => {
                let mut problems = Vec::new();
                if index.new_province(&portal.province_code).is_none() {
                    problems.push(Problem::new("province_code", format!("{} is not a province", portal.province_code)));
                }
                if !portal.url.starts_with("https://")
                    || portal.url.contains(char::is_whitespace)
                    || portal.url.len() < 12
                {
                    problems.push(Problem::new("url", "not an https:// address"));
                }
                if portal.source.trim().is_empty() {
                    problems.push(Problem::new("source", "required: where the address was read"));
                }
                if let Err(message) = crate::data::centre::check_date(&portal.verified_on) {
                    problems.push(Problem::new("verified_on", message));
                }
                if problems.is_empty() { Ok(portal.province_code.clone()) } else { Err(problems) }
            }
            // As applying it to the published data would find (without applying it).
            Self::MappingCorrection { correction } => correction.check(index).map_err(Problem::all),
            Self::Alias { alias } => alias.check(index).map_err(Problem::all),
            Self::ProcedureFact { fact } => procedure_facts::check(index, fact).map_err(Problem::all),
            Self::LaterChange { change } => {
                change.outcome(&index.dataset).map(|outcome| outcome.province_code).map_err(Problem::all)
            }
        }
    }

    /// Field by field, what it would change in the published data, for the reviewer and the audit.
    pub fn diff(&self, index: &Index) -> Vec<FieldChange> {
        match self {
            Self::ServiceCentre { centre } => diff_service_centre(index.service_centre(&centre.commune_code), centre),
            Self::ServiceCentres { centres, .. } => centres
                .iter()
                .flat_map(|row| {
                    diff_service_centre(index.service_centre(&row.commune_code), row)
                        .into_iter()
                        .filter(|change| change.field != "commune_code")
                        .map(|change| FieldChange { field: format!("{}.{}", row.commune_code, change.field), ..change })
                })
                .collect(),
            Self::ProvincePortal { portal } => {
                let fields = |p: &ProvincePortal| {
                    [
                        ("url", Some(p.url.clone())),
                        ("source", Some(p.source.clone())),
                        ("verified_on", Some(p.verified_on.clone())),
                    ]
                };
                diff_fields(index.province_portal(&portal.province_code).map(fields), fields(portal))
            }
            // Nothing to show for a change that does not apply: `check` says why.
            Self::LaterChange { change } => match change.outcome(&index.dataset) {
                Ok(outcome) => {
                    let (before, after) = (&outcome.before, &outcome.after);
                    [
                        ("full_name", &before.full_name, &after.full_name),
                        ("unit_type", &before.unit_type, &after.unit_type),
                        ("full_name_en", &before.full_name_en, &after.full_name_en),
                    ]
                    .into_iter()
                    .filter(|(_, before, after)| before != after)
                    .map(|(field, before, after)| FieldChange {
                        field: field.to_owned(),
                        before: Some(before.clone()),
                        after: Some(after.clone()),
                    })
                    .collect()
                }
                Err(_) => Vec::new(),
            },
            Self::MappingCorrection { correction } => correction.diff(index),
            Self::Alias { alias } => alias.diff(),
            Self::ProcedureFact { fact } => procedure_facts::diff(index, fact),
        }
    }

    /// Applies it to `dataset`, keeping each file's order (sorted by code, one row per unit; changes by
    /// level, code and date), or says why it does not apply there (and changes nothing).
    pub fn apply_to(&self, dataset: &mut Dataset) -> Result<(), Vec<Problem>> {
        match self {
            Self::ServiceCentre { centre } => put_centre(dataset, centre),
            Self::ServiceCentres { centres, .. } => {
                for centre in centres {
                    put_centre(dataset, centre);
                }
            }
            Self::ProvincePortal { portal } => {
                let rows = &mut dataset.province_portals;
                match rows.binary_search_by(|row| row.province_code.cmp(&portal.province_code)) {
                    Ok(at) => rows[at] = portal.clone(),
                    Err(at) => rows.insert(at, portal.clone()),
                }
            }
            Self::LaterChange { change } => return change.apply(dataset).map_err(Problem::all),
            Self::MappingCorrection { correction } => correction.apply(dataset),
            Self::Alias { alias } => alias.apply(dataset),
            Self::ProcedureFact { fact } => procedure_facts::apply(dataset, fact),
        }
        Ok(())
    }
}

/// The record of a commune's service centre, `service_centre/{commune}`, whichever edit changes it.
pub fn centre_record(commune: &NewCommuneCode) -> String {
    format!("service_centre/{commune}")
}

/// Adds a commune's centre, or replaces the one it has, keeping the file's order (by commune code).
fn put_centre(dataset: &mut Dataset, centre: &ServiceCentreRow) {
    let rows = &mut dataset.service_centres;
    match rows.binary_search_by(|row| row.commune_code.cmp(&centre.commune_code)) {
        Ok(at) => rows[at] = centre.clone(),
        Err(at) => rows.insert(at, centre.clone()),
    }
}

/// The field of a problem of the row at `index` of a lot: `centres[3].phone`.
pub fn centre_field(index: usize, column: &str) -> String {
    format!("centres[{index}].{column}")
}

/// A lot of centres: each row by the rules of a single one ([`check_service_centre`]), each of a
/// commune of `province`, one row per commune, at least one row and at most [`MAX_CENTRES`]. Each
/// problem of a row names it by its index in the lot ([`centre_field`]).
fn check_centres(
    index: &Index,
    province: &ProvinceCode,
    centres: &[ServiceCentreRow],
) -> Result<ProvinceCode, Vec<Problem>> {
    let mut problems = Vec::new();
    if index.new_province(province).is_none() {
        problems.push(Problem::new("province_code", format!("{province} is not a province")));
    }
    if centres.is_empty() {
        problems.push(Problem::new("centres", "a lot of centres has at least one row"));
    }
    if centres.len() > MAX_CENTRES {
        problems.push(Problem::new(
            "centres",
            format!("{} rows: a lot has at most {MAX_CENTRES} (one row per commune of one province)", centres.len()),
        ));
        return Err(problems);
    }
    for (at, row) in centres.iter().enumerate() {
        let field = |column: &str| centre_field(at, column);
        match check_service_centre(index, row) {
            Ok(theirs) if &theirs != province => problems.push(Problem {
                field: field("commune_code"),
                message: format!("{} is a commune of province {theirs}, not of {province}", row.commune_code),
            }),
            Ok(_) => {}
            Err(found) => {
                problems.extend(found.into_iter().map(|(column, message)| Problem { field: field(column), message }))
            }
        }
        if let Some(first) = centres[..at].iter().position(|other| other.commune_code == row.commune_code) {
            problems.push(Problem {
                field: field("commune_code"),
                message: format!(
                    "{} already has a row in this lot ({})",
                    row.commune_code,
                    centre_field(first, "commune_code")
                ),
            });
        }
    }
    if problems.is_empty() { Ok(province.clone()) } else { Err(problems) }
}

/// `dataset` with `edits` applied in order, if each applies and the result passes every check of the
/// dataset; otherwise each problem found, an edit's named by its record and field (nothing is applied
/// in part).
pub fn apply_all(dataset: &Dataset, edits: &[&Edit]) -> Result<Dataset, Vec<String>> {
    let mut after = dataset.clone();
    for edit in edits {
        edit.apply_to(&mut after).map_err(|problems| {
            let record = edit.record();
            problems
                .into_iter()
                .map(|p| match p.field.as_str() {
                    "" => format!("{record}: {}", p.message),
                    field => format!("{record}: {field}: {}", p.message),
                })
                .collect::<Vec<_>>()
        })?;
    }
    let problems = crate::data::check::check(&after);
    if problems.is_empty() { Ok(after) } else { Err(problems) }
}

#[cfg(all(test, feature = "canonical"))]
mod tests {
    use super::*;
    use crate::model::ChangeLevel;

    fn index() -> &'static Index {
        crate::answers::lookup::tests::lookup().index()
    }

    /// Facts that are obviously test values (an example.org address), never written to data/.
    fn centre(commune_code: &str) -> ServiceCentreRow {
        ServiceCentreRow {
            commune_code: commune_code.parse().unwrap(),
            name: None,
            address: Some("Test address 1".into()),
            phone: None,
            email: Some("centre@example.org".into()),
            opening_hours: Some("Mo-Fr 07:30-11:30".into()),
            lat: None,
            lon: None,
            source: "test".into(),
            verified_on: "2026-11-30".into(),
        }
    }

    #[test]
    fn a_service_centre_is_checked_scoped_to_its_province_and_applied_in_order() {
        let index = index();
        let communes = &index.dataset.new_communes;
        let (first, last) = (&communes[0], &communes[communes.len() - 1]);
        let edits = [
            Edit::ServiceCentre { centre: centre(last.code.as_str()) },
            Edit::ServiceCentre { centre: centre(first.code.as_str()) },
        ];
        assert_eq!(edits[0].check(index), Ok(last.province_code.clone()));
        assert_eq!(edits[0].record(), format!("service_centre/{}", last.code));
        assert!(edits[0].diff(index).iter().any(|change| change.field == "email" && change.before.is_none()));

        let after = apply_all(&index.dataset, &edits.iter().collect::<Vec<_>>()).unwrap();
        let codes: Vec<_> = after.service_centres.iter().map(|row| row.commune_code.clone()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(codes, sorted);
        assert_eq!(after.service_centres.len(), index.dataset.service_centres.len() + 2);

        // The same record again replaces it.
        let mut changed = centre(first.code.as_str());
        changed.address = Some("Test address 2".into());
        let again = apply_all(&after, &[&Edit::ServiceCentre { centre: changed }]).unwrap();
        assert_eq!(again.service_centres.len(), after.service_centres.len());
    }

    #[test]
    fn invalid_edits_say_which_field_is_wrong() {
        let index = index();
        let mut bad = centre(index.dataset.new_communes[0].code.as_str());
        bad.email = Some("not an e-mail".into());
        bad.source = " ".into();
        let problems = Edit::ServiceCentre { centre: bad }.check(index).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"email") && fields.contains(&"source"), "{problems:?}");

        let portal = ProvincePortal {
            province_code: index.dataset.new_provinces[0].code.clone(),
            url: "http://example.org".into(),
            source: String::new(),
            verified_on: "2026-13-01".into(),
        };
        let problems = Edit::ProvincePortal { portal }.check(index).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["url", "source", "verified_on"]);
    }

    #[test]
    fn a_portal_is_diffed_against_the_published_one() {
        let index = index();
        let portal = ProvincePortal {
            province_code: index.dataset.new_provinces[0].code.clone(),
            url: "https://example.org/portal".into(),
            source: "test".into(),
            verified_on: "2026-11-30".into(),
        };
        let edit = Edit::ProvincePortal { portal };
        assert!(edit.check(index).is_ok());
        let fields: Vec<_> = edit.diff(index).into_iter().map(|change| change.field).collect();
        assert_eq!(fields, ["url", "source", "verified_on"]);
        let after = apply_all(&index.dataset, &[&edit]).unwrap();
        assert_eq!(after.province_portals.len(), index.dataset.province_portals.len() + 1);
    }

    /// The first `n` communes of Khánh Hòa (56), and one of Hà Nội (01).
    fn khanh_hoa(n: usize) -> (ProvinceCode, Vec<String>, String) {
        let index = index();
        let province: ProvinceCode = "56".parse().unwrap();
        let communes = index.new_communes_of(&province).into_iter().take(n).map(|c| c.code.to_string()).collect();
        let hanoi = index.new_communes_of(&"01".parse().unwrap())[0].code.to_string();
        (province, communes, hanoi)
    }

    fn lot(province: &ProvinceCode, communes: &[&str]) -> Edit {
        Edit::ServiceCentres { province_code: province.clone(), centres: communes.iter().map(|c| centre(c)).collect() }
    }

    fn problem_fields(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    #[test]
    fn a_lot_of_centres_is_one_province_s_checked_diffed_by_commune_and_applied_as_single_centres() {
        let index = index();
        let (province, communes, _) = khanh_hoa(2);
        let (a, b) = (communes[0].as_str(), communes[1].as_str());
        let edit = lot(&province, &[b, a]);
        assert_eq!(edit.check(index), Ok(province.clone()));
        assert_eq!(edit.record(), "service_centres/56");
        assert_eq!(edit.records(), [format!("service_centre/{b}"), format!("service_centre/{a}")]);

        // Each commune's fields, named by the commune; its code is in the name, not a field of its own.
        let diff = edit.diff(index);
        let fields: Vec<&str> = diff.iter().map(|change| change.field.as_str()).collect();
        for commune in [a, b] {
            for column in ["address", "email", "opening_hours", "source", "verified_on"] {
                assert!(fields.contains(&format!("{commune}.{column}").as_str()), "{commune}.{column}: {fields:?}");
            }
        }
        assert!(!fields.iter().any(|field| field.ends_with("commune_code")), "{fields:?}");
        assert!(diff.iter().all(|change| change.before.is_none()), "no centre is published yet: {diff:?}");

        // As a change request carries it.
        let json = serde_json::to_value(&edit).unwrap();
        assert_eq!((json["kind"].as_str(), json["province_code"].as_str()), (Some("service_centres"), Some("56")));
        assert_eq!(json["centres"][1]["commune_code"], a);
        assert_eq!(serde_json::from_value::<Edit>(json).unwrap(), edit);

        // Applied, it is the two single centres applied one after the other, in the file's order.
        let singles = [Edit::ServiceCentre { centre: centre(a) }, Edit::ServiceCentre { centre: centre(b) }];
        let one_by_one = apply_all(&index.dataset, &singles.iter().collect::<Vec<_>>()).unwrap();
        let together = apply_all(&index.dataset, &[&edit]).unwrap();
        assert_eq!(together.service_centres, one_by_one.service_centres);
        assert_eq!(together.service_centres.len(), index.dataset.service_centres.len() + 2);

        // Against data that has them: only what changed, by commune.
        let mut changed = centre(a);
        changed.address = Some("Test address 2".into());
        let again = Edit::ServiceCentres { province_code: province, centres: vec![changed, centre(b)] };
        let diff = again.diff(&Index::new(together));
        let changes: Vec<(String, Option<String>, Option<String>)> =
            diff.into_iter().map(|change| (change.field, change.before, change.after)).collect();
        assert_eq!(
            changes,
            [(format!("{a}.address"), Some("Test address 1".to_owned()), Some("Test address 2".to_owned()))]
        );
    }

    #[test]
    fn a_lot_names_each_bad_row_by_its_index_in_the_lot() {
        let index = index();
        let (province, communes, hanoi) = khanh_hoa(3);
        let mut rows: Vec<ServiceCentreRow> = communes.iter().map(|c| centre(c)).collect();
        rows[1].phone = Some("12345".into());
        rows.push(centre(&hanoi));
        rows.push(centre(&communes[0]));
        let problems =
            Edit::ServiceCentres { province_code: province.clone(), centres: rows }.check(index).unwrap_err();
        assert_eq!(
            problem_fields(&problems),
            ["centres[1].phone", "centres[3].commune_code", "centres[4].commune_code"],
            "{problems:?}"
        );
        assert!(problems[1].message.contains("of province 01, not of 56"), "{problems:?}");
        assert!(problems[2].message.contains("centres[0]"), "{problems:?}");

        let empty = Edit::ServiceCentres { province_code: province.clone(), centres: Vec::new() };
        assert_eq!(problem_fields(&empty.check(index).unwrap_err()), ["centres"]);
        let too_many = Edit::ServiceCentres {
            province_code: province.clone(),
            centres: vec![centre(&communes[0]); MAX_CENTRES + 1],
        };
        assert_eq!(problem_fields(&too_many.check(index).unwrap_err()), ["centres"]);
        let largest = index.dataset.new_provinces.iter().map(|p| index.new_communes_of(&p.code).len()).max().unwrap();
        assert!(largest <= MAX_CENTRES, "a lot of every commune of the largest province ({largest}) is allowed");
    }

    #[test]
    fn a_lot_shares_the_record_of_each_of_its_communes_and_no_other() {
        let (province, communes, hanoi) = khanh_hoa(4);
        let [a, b, c, d] = [0, 1, 2, 3].map(|i| communes[i].as_str());
        let single = |commune: &str| Edit::ServiceCentre { centre: centre(commune) };
        let ab = lot(&province, &[a, b]);
        let a_record = Some(format!("service_centre/{a}"));
        assert_eq!(single(a).shared_record(&ab), a_record);
        assert_eq!(ab.shared_record(&single(a)), a_record);
        assert_eq!(ab.shared_record(&lot(&province, &[c, a])), a_record);
        assert_eq!(single(a).shared_record(&single(a)), a_record);
        assert_eq!(single(c).shared_record(&ab), None);
        assert_eq!(ab.shared_record(&lot(&province, &[c, d])), None, "two lots of one province, other communes");
        assert_eq!(single(a).shared_record(&single(&hanoi)), None);
        let portal = Edit::ProvincePortal {
            portal: ProvincePortal {
                province_code: province.clone(),
                url: "https://example.org/portal".into(),
                source: "test".into(),
                verified_on: "2026-11-30".into(),
            },
        };
        assert_eq!(portal.shared_record(&ab), None);
        assert_eq!(portal.shared_record(&portal), Some("province_portal/56".to_owned()));
    }

    fn later_change(level: ChangeLevel, code: &str, full_name: &str, effective: &str) -> Edit {
        let change = LaterChange {
            level,
            code: code.into(),
            effective: effective.into(),
            full_name: Some(full_name.into()),
            full_name_en: None,
            legal_basis: "Nghị quyết số 1/2026/NQ-UBTVQH16 (test)".into(),
        };
        Edit::LaterChange { change }
    }

    #[test]
    fn a_later_change_is_scoped_to_the_units_province_diffed_and_recorded_in_the_history() {
        let index = index();
        let xa = index
            .dataset
            .new_communes
            .iter()
            .find(|c| c.unit_type == "Xã" && c.full_name_en == format!("{} Commune", c.name_en))
            .unwrap();
        let edit = later_change(ChangeLevel::Commune, xa.code.as_str(), &format!("Phường {}", xa.name), "2026-12-01");
        assert_eq!(edit.record(), format!("later_change/commune/{}", xa.code));
        assert_eq!(edit.check(index), Ok(xa.province_code.clone()));
        let diff: Vec<(String, Option<String>, Option<String>)> =
            edit.diff(index).into_iter().map(|change| (change.field, change.before, change.after)).collect();
        assert_eq!(
            diff,
            [
                ("full_name".into(), Some(xa.full_name.clone()), Some(format!("Phường {}", xa.name))),
                ("unit_type".into(), Some("Xã".into()), Some("Phường".into())),
                ("full_name_en".into(), Some(xa.full_name_en.clone()), Some(format!("{} Ward", xa.name_en))),
            ]
        );
        // As a change request carries it.
        let json = serde_json::to_value(&edit).unwrap();
        assert_eq!(json["kind"], "later_change");
        assert_eq!(json["change"]["level"], "commune");
        assert_eq!(serde_json::from_value::<Edit>(json).unwrap(), edit);

        let after = apply_all(&index.dataset, &[&edit]).unwrap();
        let changed = after.new_communes.iter().find(|c| c.code == xa.code).unwrap();
        assert_eq!((changed.unit_type.as_str(), changed.name.as_str()), ("Phường", xa.name.as_str()));
        assert_eq!(after.changes.len(), index.dataset.changes.len() + 1);
        let recorded = after.changes.iter().find(|c| c.code == xa.code.as_str() && c.effective == "2026-12-01");
        assert_eq!(recorded.map(|c| c.full_name_before.as_str()), Some(xa.full_name.as_str()));

        // A province is its own province.
        let province = &index.dataset.new_provinces[0];
        let edit = later_change(ChangeLevel::Province, province.code.as_str(), "Tỉnh Mới", "2026-12-01");
        let problems = edit.check(index).unwrap_err();
        assert_eq!(problems.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(), ["full_name_en"], "a rename");
        let Edit::LaterChange { mut change } = edit else { unreachable!() };
        change.full_name_en = Some("Moi Province".into());
        assert_eq!(Edit::LaterChange { change }.check(index), Ok(province.code.clone()));
    }

    #[test]
    fn a_later_change_that_does_not_apply_is_refused_with_its_field() {
        let index = index();
        // Bố Hạ became a phường on 2026-09-20; a change of it must come later.
        let edit = later_change(ChangeLevel::Commune, "07294", "Xã Bố Hạ", "2026-09-20");
        let problems = edit.check(index).unwrap_err();
        assert_eq!(problems.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(), ["effective"], "{problems:?}");
        assert!(edit.diff(index).is_empty());
        let problems = apply_all(&index.dataset, &[&edit]).unwrap_err();
        assert!(problems[0].starts_with("later_change/commune/07294: effective: "), "{problems:?}");

        let unknown = later_change(ChangeLevel::Commune, "99999", "Xã Không Có", "2026-12-01");
        let problems = unknown.check(index).unwrap_err();
        assert_eq!((problems[0].field.as_str(), problems.len()), ("code", 1));
    }
}
