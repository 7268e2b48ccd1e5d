//! The procedures seed (`data/sources/procedures/procedures.csv`) → `data/procedures.csv`.
//!
//! The seed's vocabulary is kept for the level; its online levels become `full`/`partial`/`unknown`
//! (it never says "in person", so neither do we). Rows with a note part starting "REPEALED/REPLACED" are
//! repealed; the codes that replace them are read from the notes of the replacing rows
//! ("... new code replacing 2.000986/2.001023/2.002621").

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail, ensure};
use serde::Deserialize;
use shared::model::{OnlineLevel, Procedure, ProcedureLevel, ProcedureStatus};

use super::import::{Report, clean};

const REPEALED: &str = "REPEALED/REPLACED";
const REPLACING: &str = "new code replacing ";
const MATT: &str = "tthc?matt=";

#[derive(Deserialize)]
struct SeedRow {
    code: String,
    name: String,
    field: String,
    level: String,
    online: String,
    agency: String,
    source: String,
    source_note: String,
}

pub fn read(path: &Path, report: &mut Report) -> Result<Vec<Procedure>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
    let rows: Vec<SeedRow> =
        shared::data::canonical::rows(&path.display().to_string(), &text).map_err(anyhow::Error::msg)?;
    let mut procedures: BTreeMap<String, Procedure> = BTreeMap::new();
    let mut replaced: BTreeMap<String, String> = BTreeMap::new(); // old code → new code
    for (index, row) in rows.iter().enumerate() {
        let at = || format!("{} line {}", path.display(), index + 2);
        let code = clean(&row.code);
        ensure!(shared::answers::procedures::is_code(&code), "{}: code {code:?} is not d.dddddd", at());
        let note = clean(&row.source_note);
        let source = clean(&row.source);
        for old in replacing(&note) {
            ensure!(replaced.insert(old.clone(), code.clone()).is_none(), "{}: {old} is replaced by two codes", at());
        }
        let procedure = Procedure {
            code: code.clone(),
            name: clean(&row.name),
            field: optional(&row.field),
            level: level(&row.level).with_context(at)?,
            online: online(&row.online).with_context(at)?,
            agency: optional(&row.agency),
            status: if is_repealed(&note) { ProcedureStatus::Repealed } else { ProcedureStatus::Active },
            replaced_by: None,
            bca_matt: matt(&source),
            source,
            source_note: note,
        };
        ensure!(!procedure.name.is_empty(), "{}: no name", at());
        ensure!(procedures.insert(code.clone(), procedure).is_none(), "{}: code {code} twice", at());
    }
    for (old, new) in &replaced {
        let Some(procedure) = procedures.get_mut(old) else {
            bail!("{}: {new} replaces {old}, which is not in the catalogue", path.display());
        };
        ensure!(
            procedure.status == ProcedureStatus::Repealed,
            "{}: {new} replaces {old}, but {old} is not marked {REPEALED}",
            path.display()
        );
        procedure.replaced_by = Some(new.clone());
    }
    for p in procedures.values().filter(|p| p.status == ProcedureStatus::Repealed && p.replaced_by.is_none()) {
        report.notes.push(format!("procedure {} is repealed with no replacement in the catalogue", p.code));
    }
    Ok(procedures.into_values().collect())
}

/// A note has parts separated by ";"; one of them starts with the marker
/// ("Hải Phòng (Vĩnh Bảo) local list, snapshot 2026-09-21; REPEALED/REPLACED in Hải Phòng - do not offer; ...").
fn is_repealed(note: &str) -> bool {
    note.split(';').any(|part| part.trim().starts_with(REPEALED))
}

fn optional(text: &str) -> Option<String> {
    Some(clean(text)).filter(|t| !t.is_empty())
}

fn level(text: &str) -> Result<ProcedureLevel> {
    Ok(match text.trim() {
        "xa" => ProcedureLevel::Xa,
        "cong_an_xa" => ProcedureLevel::CongAnXa,
        "tinh" => ProcedureLevel::Tinh,
        "other" => ProcedureLevel::Other,
        "unknown" => ProcedureLevel::Unknown,
        other => bail!("level {other:?} is not xa, cong_an_xa, tinh, other or unknown"),
    })
}

fn online(text: &str) -> Result<OnlineLevel> {
    Ok(match text.trim() {
        "toan_trinh" => OnlineLevel::Full,
        "mot_phan" => OnlineLevel::Partial,
        "unknown" => OnlineLevel::Unknown,
        other => bail!("online {other:?} is not toan_trinh, mot_phan or unknown"),
    })
}

/// "... (new code replacing 2.000986/2.001023/2.002621)" → the three codes.
fn replacing(note: &str) -> Vec<String> {
    let Some(at) = note.find(REPLACING) else {
        return vec![];
    };
    let rest = &note[at + REPLACING.len()..];
    let list = rest.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '/')).next().unwrap_or_default();
    list.split('/').filter(|code| shared::answers::procedures::is_code(code)).map(str::to_owned).collect()
}

/// "... page https://dichvucong.bocongan.gov.vn/bocongan/bothutuc/tthc?matt=26360)" → "26360".
fn matt(source: &str) -> Option<String> {
    let at = source.find(MATT)?;
    let id: String = source[at + MATT.len()..].chars().take_while(char::is_ascii_digit).collect();
    (!id.is_empty()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_replacements_and_page_ids_from_the_notes() {
        assert_eq!(
            replacing("evidence: 3582/QĐ-UBND ngày 08/9/2026 (new code replacing 2.000986/2.001023/2.002621)"),
            ["2.000986", "2.001023", "2.002621"]
        );
        assert_eq!(replacing("evidence: 3582/QĐ-UBND (new code replacing 2.002622)"), ["2.002622"]);
        assert!(replacing("REPEALED/REPLACED in Hải Phòng - do not offer").is_empty());
        assert!(is_repealed("Hải Phòng (Vĩnh Bảo) local list, snapshot 2026-09-21; REPEALED/REPLACED in Hải Phòng"));
        assert!(!is_repealed("BCA portal, surveyed 2026-09-24/25"));
        assert_eq!(
            matt("x.yaml@7ff20e7 (verified:true; page https://dichvucong.bocongan.gov.vn/bocongan/bothutuc/tthc?matt=26360)")
                .as_deref(),
            Some("26360")
        );
        assert_eq!(matt("hongdienvbhp/BangNiemYetVinhBao:data/master-data-audit.csv@0708cc1"), None);
    }

    #[test]
    fn online_levels_are_never_guessed() {
        assert_eq!(online("toan_trinh").unwrap(), OnlineLevel::Full);
        assert_eq!(online("mot_phan").unwrap(), OnlineLevel::Partial);
        assert_eq!(online("unknown").unwrap(), OnlineLevel::Unknown);
        assert!(online("truc_tiep").is_err());
        assert!(level("xa_phuong").is_err());
    }

    #[test]
    fn the_seed_gives_the_documented_catalogue() {
        let path = crate::workspace_root().join("data/sources/procedures/procedures.csv");
        let mut report = Report::default();
        let procedures = read(&path, &mut report).unwrap();
        assert_eq!(procedures.len(), 145);
        let by_code = |code: &str| procedures.iter().find(|p| p.code == code).unwrap();
        for old in ["2.000986", "2.001023", "2.002621"] {
            assert_eq!(by_code(old).status, ProcedureStatus::Repealed);
            assert_eq!(by_code(old).replaced_by.as_deref(), Some("3.000722"));
        }
        assert_eq!(by_code("2.002622").replaced_by.as_deref(), Some("2.002913"));
        assert_eq!(
            (by_code("2.001009").status, by_code("2.001009").replaced_by.as_ref()),
            (ProcedureStatus::Repealed, None)
        );
        assert_eq!(procedures.iter().filter(|p| p.status == ProcedureStatus::Repealed).count(), 5);
        assert_eq!(report.notes, ["procedure 2.001009 is repealed with no replacement in the catalogue"]);
        let birth = by_code("1.001193");
        assert_eq!((birth.name.as_str(), birth.field.as_deref()), ("Thủ tục đăng ký khai sinh", Some("HỘ TỊCH")));
        assert_eq!(birth.online, OnlineLevel::Unknown);
        assert_eq!(by_code("1.004222").bca_matt.as_deref(), Some("26360"));
        // Counts from the seed's README.
        let online = |level| procedures.iter().filter(|p| p.online == level).count();
        assert_eq!(
            (online(OnlineLevel::Full), online(OnlineLevel::Partial), online(OnlineLevel::Unknown)),
            (20, 29, 96)
        );
        assert_eq!(procedures.iter().filter(|p| p.bca_matt.is_some()).count(), 49);
        assert_eq!(procedures.iter().filter(|p| p.field.is_none()).count(), 10);
    }
}
