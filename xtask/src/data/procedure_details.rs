//! The national procedures database's details (`data/sources/procedures/details/details.jsonl`) →
//! `data/procedure_details.jsonl`, and the portal's pages of procedures (`commune_level_evidence.csv`)
//! → `data/procedure_portal_pages.csv`.
//!
//! Texts are kept as the source writes them, line breaks included (steps are laid out in lines): only
//! composed to NFC and trimmed; an empty text is no text (`None`). Keys of `field_sources` the dataset
//! does not keep (`methods`, the per-channel table the merged time and fee were read from, and
//! `field_in_source`, the catalogue has the field) are dropped; any other unknown key stops the import.
//! An outdated signal found in the per-channel table goes with the time or fee that holds its words.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail, ensure};
use serde::Deserialize;
use shared::data::details_check::comparable_name;
use shared::model::{
    DetailField, LegalDocument, OutdatedText, PortalPage, Procedure, ProcedureDetail, ProcedureDocument,
};
use unicode_normalization::UnicodeNormalization;

/// One line of `details.jsonl`, as its README describes it.
#[derive(Deserialize)]
struct SourceRecord {
    code: String,
    name: String,
    steps: Option<Vec<String>>,
    how_to_file: Option<Vec<String>>,
    documents: Option<Vec<SourceDocument>>,
    processing_time: Option<String>,
    fees: Option<String>,
    agency: Option<String>,
    result: Option<String>,
    legal_basis: Option<Vec<SourceLegal>>,
    online_level: Option<String>,
    requirements: Option<String>,
    decision_no: Option<String>,
    execution_level: Option<String>,
    source: String,
    source_date: String,
    field_sources: BTreeMap<String, String>,
    caveats: Vec<String>,
    outdated_signals: Vec<SourceSignal>,
}

#[derive(Deserialize)]
struct SourceDocument {
    group: Option<String>,
    name: Option<String>,
    form: Option<String>,
    quantity: Option<String>,
    /// A flattened source's whole text.
    raw: Option<String>,
}

#[derive(Deserialize)]
struct SourceLegal {
    number: Option<String>,
    title: Option<String>,
    issued: Option<String>,
    issuer: Option<String>,
    raw: Option<String>,
}

#[derive(Deserialize)]
struct SourceSignal {
    field: String,
    signal: String,
    #[serde(rename = "match")]
    matched: String,
}

/// `commune_level_evidence.csv`.
#[derive(Deserialize)]
struct EvidenceRow {
    code: String,
    #[serde(rename = "dvcqg_list_name(suzy full-data.csv)")]
    name: String,
    #[serde(rename = "dvcqg_list_agency(suzy full-data.csv)")]
    agency: String,
    dvcqg_list_url: String,
    #[serde(rename = "cap_thuc_hien_2026(suzy raw_data)")]
    level_2026: String,
    #[serde(rename = "cap_thuc_hien_2025(kp69 export)")]
    level_2025: String,
}

/// The source's text, composed and trimmed; `None` when nothing is left.
fn text(value: Option<String>) -> Option<String> {
    value.map(|v| v.nfc().collect::<String>().trim().to_owned()).filter(|v| !v.is_empty())
}

fn texts(values: Option<Vec<String>>) -> Option<Vec<String>> {
    let kept: Vec<String> = values?.into_iter().filter_map(|v| text(Some(v))).collect();
    (!kept.is_empty()).then_some(kept)
}

fn field(key: &str) -> Result<Option<DetailField>> {
    Ok(Some(match key {
        "steps" => DetailField::Steps,
        "how_to_file" => DetailField::Channels,
        "processing_time" => DetailField::ProcessingTime,
        "fees" => DetailField::Fees,
        "documents" => DetailField::Documents,
        "requirements" => DetailField::Requirements,
        "agency" => DetailField::Agency,
        "result" => DetailField::Result,
        "legal_basis" => DetailField::LegalBasis,
        "online_level" => DetailField::OnlineLevel,
        "decision_no" => DetailField::Decision,
        "execution_level" => DetailField::ExecutionLevel,
        "methods" | "field_in_source" => return Ok(None),
        other => bail!("field {other:?} is not a field of the details"),
    }))
}

fn document(d: SourceDocument) -> Option<ProcedureDocument> {
    match text(d.raw) {
        Some(raw) => Some(ProcedureDocument { group: None, name: raw, form: None, quantity: None }),
        None => Some(ProcedureDocument {
            group: text(d.group),
            name: text(d.name)?,
            form: text(d.form),
            quantity: text(d.quantity),
        }),
    }
}

fn legal(l: SourceLegal) -> Option<LegalDocument> {
    match text(l.raw) {
        Some(raw) => Some(LegalDocument { number: None, title: raw, issued: None, issuer: None }),
        None => {
            let number = text(l.number);
            // A title-less entry still names its text by number.
            let title = text(l.title).or_else(|| number.clone())?;
            Some(LegalDocument { number, title, issued: text(l.issued), issuer: text(l.issuer) })
        }
    }
}

fn record(source: SourceRecord) -> Result<ProcedureDetail> {
    let mut field_sources = BTreeMap::new();
    for (key, copy) in source.field_sources {
        if let Some(field) = field(&key)? {
            field_sources.insert(field, text(Some(copy)).context("a field's source is empty")?);
        }
    }
    let mut outdated = Vec::new();
    for signal in source.outdated_signals {
        let (signal_text, matched) = (
            text(Some(signal.signal)).context("an empty signal")?,
            text(Some(signal.matched)).context("an empty match")?,
        );
        let fields = match field(&signal.field)? {
            Some(field) => vec![field],
            // The per-channel table is not kept, but its time and fee are: the signal goes with those
            // that hold the matched words, and is dropped where none does.
            None if signal.field == "methods" => {
                [(DetailField::ProcessingTime, &source.processing_time), (DetailField::Fees, &source.fees)]
                    .into_iter()
                    .filter(|(_, value)| {
                        value.as_deref().is_some_and(|v| v.to_lowercase().contains(&matched.to_lowercase()))
                    })
                    .map(|(field, _)| field)
                    .collect()
            }
            None => bail!("an outdated signal in {:?}, a field not kept", signal.field),
        };
        for field in fields {
            let text = OutdatedText { field, signal: signal_text.clone(), matched: matched.clone() };
            if !outdated.contains(&text) {
                outdated.push(text);
            }
        }
    }
    let mut channels: Vec<String> = Vec::new();
    for channel in texts(source.how_to_file).into_iter().flatten() {
        if !channels.contains(&channel) {
            channels.push(channel);
        }
    }
    let documents: Vec<ProcedureDocument> = source.documents.into_iter().flatten().filter_map(document).collect();
    let legal_basis: Vec<LegalDocument> = source.legal_basis.into_iter().flatten().filter_map(legal).collect();
    Ok(ProcedureDetail {
        code: text(Some(source.code)).context("no code")?,
        name: text(Some(source.name)).context("no name")?,
        steps: texts(source.steps),
        channels: (!channels.is_empty()).then_some(channels),
        processing_time: text(source.processing_time),
        fees: text(source.fees),
        documents: (!documents.is_empty()).then_some(documents),
        requirements: text(source.requirements),
        agency: text(source.agency),
        result: text(source.result),
        legal_basis: (!legal_basis.is_empty()).then_some(legal_basis),
        online_level: text(source.online_level),
        decision: text(source.decision_no),
        execution_level: text(source.execution_level),
        source: text(Some(source.source)).context("no source")?,
        source_date: text(Some(source.source_date)).context("no source date")?,
        field_sources,
        outdated,
        caveats: source.caveats.into_iter().filter_map(|c| text(Some(c))).collect(),
    })
}

/// Every record of `details.jsonl`, sorted by code; a line that does not read is an error naming it.
pub fn read_details(path: &Path) -> Result<Vec<ProcedureDetail>> {
    let file = std::fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
    let mut details: BTreeMap<String, ProcedureDetail> = BTreeMap::new();
    for (index, line) in file.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = || format!("{} line {}", path.display(), index + 1);
        let source: SourceRecord = serde_json::from_str(line).with_context(at)?;
        let detail = record(source).with_context(at)?;
        ensure!(shared::answers::procedures::is_code(&detail.code), "{}: code {:?}", at(), detail.code);
        let code = detail.code.clone();
        ensure!(details.insert(code.clone(), detail).is_none(), "{}: code {code} twice", at());
    }
    Ok(details.into_values().collect())
}

/// The rows of `commune_level_evidence.csv` that give a page of a procedure of the `catalogue` under its
/// name, sorted by code; a page under another name may be of another version of the procedure, so it is
/// left out (and noted), as the source's README does with such records.
pub fn read_portal_pages(path: &Path, catalogue: &[Procedure], notes: &mut Vec<String>) -> Result<Vec<PortalPage>> {
    let text_of = std::fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
    let rows: Vec<EvidenceRow> =
        shared::data::canonical::rows(&path.display().to_string(), &text_of).map_err(anyhow::Error::msg)?;
    let mut pages: BTreeMap<String, PortalPage> = BTreeMap::new();
    for (index, row) in rows.into_iter().enumerate() {
        let Some(url) = text(Some(row.dvcqg_list_url)) else { continue };
        let at = || format!("{} line {}", path.display(), index + 2);
        let page = PortalPage {
            code: text(Some(row.code)).with_context(at)?,
            name: text(Some(row.name)).with_context(|| format!("{}: a page without the list's name", at()))?,
            url,
            agency: text(Some(row.agency)),
            level_2026: text(Some(row.level_2026)),
            level_2025: text(Some(row.level_2025)),
        };
        let named = catalogue.iter().find(|p| p.code == page.code).map(|p| comparable_name(&p.name));
        if named != Some(comparable_name(&page.name)) {
            notes.push(format!("portal page of {} left out: the portal's list names it {:?}", page.code, page.name));
            continue;
        }
        let code = page.code.clone();
        ensure!(pages.insert(code.clone(), page).is_none(), "{}: code {code} twice", at());
    }
    Ok(pages.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sources/procedures/details")
    }

    #[test]
    fn the_details_are_read_verbatim_with_their_line_breaks() {
        let details = read_details(&sources().join("details.jsonl")).unwrap();
        assert_eq!(details.len(), 112);
        assert!(details.windows(2).all(|w| w[0].code < w[1].code));
        for code in ["1.001193", "1.004222"] {
            let d = details.iter().find(|d| d.code == code).unwrap();
            assert!(d.documents.as_ref().is_some_and(|docs| !docs.is_empty()), "{code}");
            assert!(d.steps.as_ref().is_some_and(|s| s[0].contains('\n')), "{code}: lines kept");
            assert!(d.field_sources.contains_key(&DetailField::Documents), "{code}");
        }
        assert!(details.iter().all(|d| d.code != "1.000377"), "no source details it");
        let birth = details.iter().find(|d| d.code == "1.001193").unwrap();
        assert_eq!(
            birth.channels.as_deref(),
            Some(&["Trực tuyến".to_owned(), "Dịch vụ bưu chính".into(), "Trực tiếp".into()][..])
        );
        assert_eq!(birth.outdated[0].matched, "chứng minh nhân dân");
    }

    #[test]
    fn only_rows_with_a_page_under_the_catalogues_name_are_portal_pages() {
        let catalogue = crate::data::procedures::read(
            &sources().join("../procedures.csv"),
            &mut crate::data::import::Report { notes: Vec::new() },
        )
        .unwrap();
        let mut notes = Vec::new();
        let pages = read_portal_pages(&sources().join("commune_level_evidence.csv"), &catalogue, &mut notes).unwrap();
        assert_eq!(pages.len(), 108);
        assert_eq!(notes.len(), 8, "under another name than the catalogue's: {notes:?}");
        assert!(notes.iter().any(|n| n.starts_with("portal page of 2.000200 left out")), "{notes:?}");
        assert!(pages.iter().all(|p| p.url.starts_with("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/")));
        assert!(pages.iter().all(|p| p.code != "1.000377"));
    }

    #[test]
    fn an_unknown_field_or_an_unreadable_line_stops_the_import() {
        assert!(field("methods").unwrap().is_none());
        assert!(field("fee").is_err());
        let dir = std::env::temp_dir().join(format!("xa-moi-details-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let real = std::fs::read_to_string(sources().join("details.jsonl")).unwrap();
        let bad = format!("{}\n{{\"code\": \"1.001193\"\n", real.lines().next().unwrap());
        std::fs::write(dir.join("details.jsonl"), bad).unwrap();
        let error = format!("{:#}", read_details(&dir.join("details.jsonl")).unwrap_err());
        assert!(error.contains("line 2"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
