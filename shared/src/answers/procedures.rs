//! The national catalogue of procedures as the API and the browser show it: codes, portal links,
//! summaries, the search with its filters and the detail of one procedure (a repealed one with its
//! replacement).

use crate::answers::{
    Lookup, PortalKind, PortalLink, ProcedureResponse, ProcedureStaffFact, ProcedureSummary, ProceduresResponse,
};
use crate::engine::ProcedureQuery;
use crate::model::Index;
use crate::model::{Procedure, ProcedureFact, ProcedureStatus};

impl Lookup {
    /// `GET /api/v1/procedures`: the active procedures matching `query` (best first, by code when
    /// nothing was typed), and every field of the catalogue for a filter.
    pub fn procedures(&self, query: &ProcedureQuery) -> ProceduresResponse {
        ProceduresResponse {
            procedures: self.engine().find_procedures(self.index(), query),
            fields: fields(self.index()),
        }
    }

    /// `GET /api/v1/procedures/{code}`: one procedure by its national code, with its replacement's summary
    /// where it was repealed and replaced; `None` for a code not in the catalogue.
    pub fn procedure(&self, code: &str) -> Option<ProcedureResponse> {
        response(self.index(), code)
    }
}

/// The national portal's search. The only link a code gives in 2026: detail pages are addressed by an
/// internal id that cannot be derived from the code (see `data/sources/procedures/README.md`).
pub const NATIONAL_SEARCH: &str = "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=";
/// The Ministry of Public Security portal's page of a procedure, by its internal `matt` id.
pub const PUBLIC_SECURITY_PAGE: &str = "https://dichvucong.bocongan.gov.vn/bocongan/bothutuc/tthc?matt=";

/// A national procedure code: a digit, a dot and six digits ("1.001193").
pub fn is_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 8 && bytes[1] == b'.' && bytes.iter().enumerate().all(|(i, b)| i == 1 || b.is_ascii_digit())
}

pub fn links(procedure: &Procedure) -> Vec<PortalLink> {
    let mut links = vec![PortalLink {
        kind: PortalKind::NationalSearch,
        label: "Cổng Dịch vụ công quốc gia (tìm theo mã)".to_owned(),
        url: format!("{NATIONAL_SEARCH}{}", procedure.code),
    }];
    if let Some(matt) = &procedure.bca_matt {
        links.push(PortalLink {
            kind: PortalKind::PublicSecurity,
            label: "Cổng Dịch vụ công Bộ Công an".to_owned(),
            url: format!("{PUBLIC_SECURITY_PAGE}{matt}"),
        });
    }
    links
}

pub fn summary(procedure: &Procedure) -> ProcedureSummary {
    ProcedureSummary {
        code: procedure.code.clone(),
        name: procedure.name.clone(),
        field: procedure.field.clone(),
        level: procedure.level,
        online: procedure.online,
        staff_fact: None,
    }
}

/// The summary in a province: its staff's online level where they verified one, and their facts with
/// their source (`fact` of that province and procedure).
pub fn summary_in_province(procedure: &Procedure, fact: Option<&ProcedureFact>) -> ProcedureSummary {
    let mut summary = summary(procedure);
    if let Some(fact) = fact {
        summary.online = fact.online.unwrap_or(procedure.online);
        summary.staff_fact = Some(ProcedureStaffFact {
            province_code: fact.province_code.clone(),
            online: fact.online,
            portal_url: fact.portal_url.clone(),
            agency: fact.agency.clone(),
            source: fact.source.clone(),
            verified_on: fact.verified_on.clone(),
        });
    }
    summary
}

/// The active procedures, by code: what every commune offers.
pub(super) fn active(index: &Index) -> impl Iterator<Item = &Procedure> {
    index.dataset.procedures.iter().filter(|p| p.status == ProcedureStatus::Active)
}

/// The distinct fields of the active procedures, in the order of their names without tone marks.
fn fields(index: &Index) -> Vec<String> {
    let mut fields: Vec<(String, &str)> =
        active(index).filter_map(|p| p.field.as_deref()).map(|f| (crate::engine::normalize::key(f), f)).collect();
    fields.sort();
    fields.dedup_by(|a, b| a.0 == b.0);
    fields.into_iter().map(|(_, field)| field.to_owned()).collect()
}

/// One procedure by code, with its replacement's summary where it was repealed and replaced.
fn response(index: &Index, code: &str) -> Option<ProcedureResponse> {
    let procedure = index.procedure(code)?;
    let replacement = procedure.replaced_by.as_deref().and_then(|code| index.procedure(code)).map(summary);
    Some(ProcedureResponse {
        code: procedure.code.clone(),
        name: procedure.name.clone(),
        field: procedure.field.clone(),
        level: procedure.level,
        online: procedure.online,
        agency: procedure.agency.clone(),
        links: links(procedure),
        status: procedure.status,
        replaced_by: procedure.replaced_by.clone(),
        replacement,
        source: procedure.source.clone(),
        source_note: procedure.source_note.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_a_digit_a_dot_and_six_digits() {
        for good in ["1.001193", "2.002913", "3.000722"] {
            assert!(is_code(good), "{good}");
        }
        for bad in ["1001193", "1.00119", "1.0011930", "1,001193", "a.001193", "1.00119x", "", "12.00119"] {
            assert!(!is_code(bad), "{bad}");
        }
    }
}

/// The catalogue as `data/procedures.csv` holds it (sources in `data/sources/procedures/README.md`).
#[cfg(all(test, feature = "canonical"))]
mod catalogue {
    use std::collections::BTreeSet;

    use crate::answers::lookup::tests::lookup;
    use crate::answers::{PortalKind, ProcedureResponse};
    use crate::engine::ProcedureQuery;
    use crate::model::{OnlineLevel, ProcedureLevel, ProcedureStatus};

    fn codes(query: ProcedureQuery) -> Vec<String> {
        lookup().procedures(&query).procedures.into_iter().map(|p| p.code).collect()
    }

    fn search(q: &str) -> Vec<String> {
        codes(ProcedureQuery { q, ..Default::default() })
    }

    fn procedure(code: &str) -> ProcedureResponse {
        lookup().procedure(code).unwrap_or_else(|| panic!("no procedure {code}"))
    }

    #[test]
    fn procedures_are_found_without_tone_marks_with_a_typo_and_while_typing() {
        for q in ["khai sinh", "KHAI SINH", "đăng ký khai sinh", "dang ky khai sinh"] {
            assert_eq!(search(q).first().map(String::as_str), Some("1.001193"), "{q}");
        }
        // One typo in a word ("khia" for "khai"), and an unfinished last word.
        assert_eq!(search("khia sinh").first().map(String::as_str), Some("1.001193"));
        assert_eq!(search("dang ky khai si").first().map(String::as_str), Some("1.001193"));
        assert!(search("khai sinh").contains(&"1.004884".to_owned()), "đăng ký lại khai sinh");
        // "khai tu": registering a death first; "tu" also starts "tục", so births come after.
        let death = search("khai tu");
        assert_eq!(death[0], "1.000656", "{death:?}");
        let position = |code: &str| death.iter().position(|c| c == code).unwrap();
        assert!(position("1.005461") < position("1.001193"), "{death:?}");
        assert!(!search("khai tu luu").contains(&"1.001193".to_owned()), "every word must match");
        // Codes by their start; a repealed code is not offered.
        assert_eq!(search("1.00119"), ["1.001193"]);
        assert!(search("2.000986").is_empty());
        assert!(search("xyzxyz").is_empty());
        // A blank query lists the catalogue.
        assert_eq!(search("").len(), 140);
        assert_eq!(search("  ").len(), 140);
    }

    #[test]
    fn procedures_are_filtered_by_field_and_online_level() {
        let all = lookup().procedures(&ProcedureQuery::default());
        assert_eq!(all.procedures.len(), 140, "every active procedure");
        assert!(all.fields.iter().any(|f| f == "HỘ TỊCH") && all.fields.iter().any(|f| f == "Đăng ký, quản lý cư trú"));
        assert_eq!(all.fields.iter().collect::<BTreeSet<_>>().len(), all.fields.len(), "fields are distinct");

        let by_field = lookup().procedures(&ProcedureQuery { field: Some("HỘ TỊCH"), ..Default::default() });
        assert!(!by_field.procedures.is_empty());
        assert!(by_field.procedures.iter().all(|p| p.field.as_deref() == Some("HỘ TỊCH")));
        let plain = codes(ProcedureQuery { field: Some("ho tich"), ..Default::default() });
        assert_eq!(plain, by_field.procedures.iter().map(|p| p.code.clone()).collect::<Vec<_>>(), "without tone marks");
        assert!(codes(ProcedureQuery { field: Some("no such field"), ..Default::default() }).is_empty());

        let full = lookup().procedures(&ProcedureQuery { online: Some(OnlineLevel::Full), ..Default::default() });
        assert_eq!(full.procedures.len(), 20);
        assert!(full.procedures.iter().all(|p| p.online == OnlineLevel::Full));
        assert!(codes(ProcedureQuery { online: Some(OnlineLevel::InPerson), ..Default::default() }).is_empty());
        let both = lookup().procedures(&ProcedureQuery {
            q: "tam tru",
            field: Some("Đăng ký, quản lý cư trú"),
            online: Some(OnlineLevel::Full),
        });
        let names: Vec<&str> = both.procedures.iter().map(|p| p.name.as_str()).collect();
        assert!(names.contains(&"Xóa đăng ký tạm trú"), "{names:?}");
        assert!(!names.contains(&"Đăng ký tạm trú"), "partial, filtered out: {names:?}");
    }

    #[test]
    fn a_procedure_has_portal_links_and_its_provenance() {
        let birth = procedure("1.001193");
        assert_eq!(birth.status, ProcedureStatus::Active);
        assert!(birth.agency.is_none() && birth.replaced_by.is_none() && birth.replacement.is_none());
        let [link] = birth.links.as_slice() else { panic!("{:?}", birth.links) };
        assert_eq!(
            (link.kind, link.label.as_str()),
            (PortalKind::NationalSearch, "Cổng Dịch vụ công quốc gia (tìm theo mã)")
        );
        assert_eq!(link.url, "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=1.001193");
        assert!(birth.source.starts_with("hongdienvbhp/BangNiemYetVinhBao"), "{}", birth.source);

        let residence = procedure("1.004222");
        assert_eq!((residence.level, residence.online), (ProcedureLevel::CongAnXa, OnlineLevel::Partial));
        assert_eq!(residence.links[1].kind, PortalKind::PublicSecurity);
        assert_eq!(residence.links[1].url, "https://dichvucong.bocongan.gov.vn/bocongan/bothutuc/tthc?matt=26360");
        assert!(lookup().procedure("9.999999").is_none());
    }

    #[test]
    fn repealed_codes_answer_with_their_replacement() {
        for old in ["2.000986", "2.001023", "2.002621"] {
            let body = procedure(old);
            assert_eq!((body.status, body.replaced_by.as_deref()), (ProcedureStatus::Repealed, Some("3.000722")));
            let replacement = body.replacement.unwrap();
            assert_eq!(replacement.code, "3.000722");
            assert!(replacement.name.starts_with("Liên thông điện tử: đăng ký khai sinh"), "{}", replacement.name);
        }
        let death = procedure("2.002622");
        assert_eq!(
            (death.replaced_by.as_deref(), death.replacement.map(|r| r.code)),
            (Some("2.002913"), Some("2.002913".to_owned()))
        );
        // Repealed in Hải Phòng with no replacement in the catalogue.
        let estate = procedure("2.001009");
        assert_eq!(estate.status, ProcedureStatus::Repealed);
        assert!(estate.replaced_by.is_none() && estate.replacement.is_none());
        assert_eq!(procedure("3.000722").status, ProcedureStatus::Active);
    }

    #[test]
    fn a_commune_lists_the_procedures_in_summary_form() {
        let commune = lookup().commune(&"00004".parse().unwrap()).unwrap();
        let birth = commune.procedures.iter().find(|p| p.code == "1.001193").unwrap();
        assert_eq!((birth.name.as_str(), birth.field.as_deref()), ("Thủ tục đăng ký khai sinh", Some("HỘ TỊCH")));
        assert_eq!((birth.level, birth.online), (ProcedureLevel::Xa, OnlineLevel::Unknown));
    }
}
