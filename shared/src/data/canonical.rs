//! The canonical text form of the dataset: one CSV file per record type in `data/`, UTF-8, a header
//! row, one record per line, sorted by key, so that every change is a readable diff. Procedures' details,
//! whose fields are lists, are JSON Lines instead: one record per line as well.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::model::{Dataset, PortalPage, ProcedureFact, ProvincePortal, ServiceCentreRow};

/// The files of `data/` that make up the dataset, in the order they are read.
pub const FILES: [&str; 18] = [
    "meta.csv",
    "old_provinces.csv",
    "old_districts.csv",
    "old_communes.csv",
    "new_provinces.csv",
    "new_communes.csv",
    "transitions.csv",
    "uncoded_predecessors.csv",
    "legal_texts.csv",
    "changes.csv",
    "aliases.csv",
    "earlier_names.csv",
    "procedures.csv",
    "service_centres.csv",
    "province_portals.csv",
    "procedure_facts.csv",
    "procedure_details.jsonl",
    "procedure_portal_pages.csv",
];

/// Reads the dataset; `read(name)` returns the text of one file of [`FILES`].
pub fn parse(mut read: impl FnMut(&str) -> Result<String, String>) -> Result<Dataset, String> {
    let mut file = |name: &str| read(name).map_err(|e| format!("{name}: {e}"));
    let meta: Vec<crate::model::Meta> = rows("meta.csv", &file("meta.csv")?)?;
    let [meta] = <[_; 1]>::try_from(meta).map_err(|_| "meta.csv: expected exactly one record".to_owned())?;
    Ok(Dataset {
        meta,
        old_provinces: rows("old_provinces.csv", &file("old_provinces.csv")?)?,
        old_districts: rows("old_districts.csv", &file("old_districts.csv")?)?,
        old_communes: rows("old_communes.csv", &file("old_communes.csv")?)?,
        new_provinces: rows("new_provinces.csv", &file("new_provinces.csv")?)?,
        new_communes: rows("new_communes.csv", &file("new_communes.csv")?)?,
        transitions: rows("transitions.csv", &file("transitions.csv")?)?,
        uncoded_predecessors: rows("uncoded_predecessors.csv", &file("uncoded_predecessors.csv")?)?,
        legal_texts: rows("legal_texts.csv", &file("legal_texts.csv")?)?,
        changes: rows("changes.csv", &file("changes.csv")?)?,
        aliases: rows("aliases.csv", &file("aliases.csv")?)?,
        earlier_names: rows("earlier_names.csv", &file("earlier_names.csv")?)?,
        procedures: rows("procedures.csv", &file("procedures.csv")?)?,
        service_centres: rows("service_centres.csv", &file("service_centres.csv")?)?,
        province_portals: rows("province_portals.csv", &file("province_portals.csv")?)?,
        procedure_facts: rows("procedure_facts.csv", &file("procedure_facts.csv")?)?,
        procedure_details: json_lines("procedure_details.jsonl", &file("procedure_details.jsonl")?)?,
        portal_pages: rows("procedure_portal_pages.csv", &file("procedure_portal_pages.csv")?)?,
    })
}

/// The text of every file of [`FILES`], byte for byte what [`parse`] reads back.
pub fn write(dataset: &Dataset) -> Vec<(&'static str, String)> {
    vec![
        ("meta.csv", csv_text(std::slice::from_ref(&dataset.meta))),
        ("old_provinces.csv", csv_text(&dataset.old_provinces)),
        ("old_districts.csv", csv_text(&dataset.old_districts)),
        ("old_communes.csv", csv_text(&dataset.old_communes)),
        ("new_provinces.csv", csv_text(&dataset.new_provinces)),
        ("new_communes.csv", csv_text(&dataset.new_communes)),
        ("transitions.csv", csv_text(&dataset.transitions)),
        ("uncoded_predecessors.csv", csv_text(&dataset.uncoded_predecessors)),
        ("legal_texts.csv", csv_text(&dataset.legal_texts)),
        ("changes.csv", csv_text(&dataset.changes)),
        ("aliases.csv", csv_text(&dataset.aliases)),
        // A reviewed input the importer re-sorts and writes back: it is its own canonical form.
        ("earlier_names.csv", csv_text(&dataset.earlier_names)),
        ("procedures.csv", csv_text(&dataset.procedures)),
        // Files staff edit keep their header when empty, so that they show what to fill in.
        ("service_centres.csv", csv_text_with_header(&dataset.service_centres, &ServiceCentreRow::COLUMNS)),
        ("province_portals.csv", csv_text_with_header(&dataset.province_portals, &ProvincePortal::COLUMNS)),
        ("procedure_facts.csv", csv_text_with_header(&dataset.procedure_facts, &ProcedureFact::COLUMNS)),
        ("procedure_details.jsonl", json_lines_text(&dataset.procedure_details)),
        ("procedure_portal_pages.csv", csv_text_with_header(&dataset.portal_pages, &PortalPage::COLUMNS)),
    ]
}

/// Parses one CSV file into records; errors name the file and line.
pub fn rows<T: DeserializeOwned>(name: &str, text: &str) -> Result<Vec<T>, String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    reader
        .deserialize()
        .enumerate()
        .map(|(index, row)| row.map_err(|e| format!("{name} line {}: {e}", index + 2)))
        .collect()
}

/// Parses JSON Lines into records; errors name the file and line.
pub fn json_lines<T: DeserializeOwned>(name: &str, text: &str) -> Result<Vec<T>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty())
        .map(|(index, line)| serde_json::from_str(line).map_err(|e| format!("{name} line {}: {e}", index + 1)))
        .collect()
}

/// Writes records as JSON Lines, each ending with a line break.
pub fn json_lines_text<T: Serialize>(records: &[T]) -> String {
    records.iter().map(|r| serde_json::to_string(r).expect("records serialise to JSON") + "\n").collect()
}

/// Writes records as CSV with a header row (an empty list gives an empty file, which reads back empty).
pub fn csv_text<T: Serialize>(records: &[T]) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    for record in records {
        writer.serialize(record).expect("records serialise to CSV");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("CSV of UTF-8 strings is UTF-8")
}

/// As [`csv_text`], but an empty list gives the header row alone.
pub fn csv_text_with_header<T: Serialize>(records: &[T], columns: &[&str]) -> String {
    if records.is_empty() {
        return format!("{}\n", columns.join(","));
    }
    csv_text(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        DefaultBasis, OnlineLevel, ProcedureFact, ProvincePortal, Relation, ServiceCentreRow, Transition,
        TransitionSource,
    };

    #[test]
    fn a_transitions_default_basis_is_its_last_column_empty_where_none() {
        // Rows of data/transitions.csv: Ngọc Thụy's split (NSO table).
        let row = |new: &str, default: bool, note: &str, basis| Transition {
            old_code: "00118".parse().unwrap(),
            new_code: new.parse().unwrap(),
            relation: Relation::Partial,
            default,
            note: note.into(),
            source: TransitionSource::Nso,
            default_basis: basis,
        };
        let records = [
            row("00097", false, "Nhập một phần diện tích", None),
            row("00118", true, "Nhập một phần diện tích, toàn bộ dân số", Some(DefaultBasis::WholePopulation)),
        ];
        let text = csv_text(&records);
        assert_eq!(
            text,
            "old_code,new_code,relation,default,note,source,default_basis\n\
             00118,00097,partial,false,Nhập một phần diện tích,nso,\n\
             00118,00118,partial,true,\"Nhập một phần diện tích, toàn bộ dân số\",nso,whole_population\n"
        );
        assert_eq!(rows::<Transition>("transitions.csv", &text).unwrap(), records);
        let unknown = text.replace("whole_population", "largest");
        let error = rows::<Transition>("transitions.csv", &unknown).unwrap_err();
        assert!(error.starts_with("transitions.csv line 3: "), "{error}");
    }

    #[test]
    fn json_lines_read_back_what_they_write_and_name_a_bad_line() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/procedure_details.jsonl");
        let text = std::fs::read_to_string(data).unwrap();
        let details: Vec<crate::model::ProcedureDetail> = json_lines("procedure_details.jsonl", &text).unwrap();
        assert_eq!(json_lines_text(&details), text, "byte for byte");
        let broken = text.replacen("\n", "\n{\"code\": 1}\n", 1);
        let error = json_lines::<crate::model::ProcedureDetail>("procedure_details.jsonl", &broken).unwrap_err();
        assert!(error.starts_with("procedure_details.jsonl line 2: "), "{error}");
    }

    #[test]
    fn staff_files_have_the_same_header_empty_or_not() {
        let centre = ServiceCentreRow {
            commune_code: "00004".parse().unwrap(),
            name: None,
            address: None,
            phone: None,
            email: None,
            opening_hours: None,
            lat: None,
            lon: None,
            source: "s".into(),
            verified_on: "2026-01-01".into(),
        };
        let header = |text: String| text.lines().next().unwrap().to_owned();
        assert_eq!(
            header(csv_text(&[centre])),
            header(csv_text_with_header::<ServiceCentreRow>(&[], &ServiceCentreRow::COLUMNS))
        );
        let portal = ProvincePortal {
            province_code: "01".parse().unwrap(),
            url: "https://example.invalid".into(),
            source: "s".into(),
            verified_on: "2026-01-01".into(),
        };
        assert_eq!(
            header(csv_text(&[portal])),
            header(csv_text_with_header::<ProvincePortal>(&[], &ProvincePortal::COLUMNS))
        );
        let fact = ProcedureFact {
            province_code: "01".parse().unwrap(),
            procedure_code: "1.001193".into(),
            online: Some(OnlineLevel::Full),
            portal_url: None,
            agency: None,
            replaced_by: None,
            source: "s".into(),
            verified_on: "2026-01-01".into(),
        };
        let text = csv_text(std::slice::from_ref(&fact));
        assert_eq!(header(text.clone()), header(csv_text_with_header::<ProcedureFact>(&[], &ProcedureFact::COLUMNS)));
        // Empty cells read back as facts not given, the level as its word.
        assert_eq!(text.lines().nth(1), Some("01,1.001193,full,,,,s,2026-01-01"));
        assert_eq!(rows::<ProcedureFact>("procedure_facts.csv", &text).unwrap(), [fact]);
        // A header alone reads back as no rows.
        let empty = csv_text_with_header::<ServiceCentreRow>(&[], &ServiceCentreRow::COLUMNS);
        assert!(rows::<ServiceCentreRow>("service_centres.csv", &empty).unwrap().is_empty());
    }
}
