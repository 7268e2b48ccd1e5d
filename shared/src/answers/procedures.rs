//! The national catalogue of procedures as the API and the browser show it: codes, portal links,
//! summaries and the detail of one procedure (a repealed one with its replacement).

use crate::answers::{PortalKind, PortalLink, ProcedureResponse, ProcedureSummary};
use crate::model::Index;
use crate::model::{Procedure, ProcedureStatus};

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
    }
}

/// The active procedures, by code: what every commune offers.
pub fn active(index: &Index) -> impl Iterator<Item = &Procedure> {
    index.dataset.procedures.iter().filter(|p| p.status == ProcedureStatus::Active)
}

/// The distinct fields of the active procedures, in the order of their names without tone marks.
pub fn fields(index: &Index) -> Vec<String> {
    let mut fields: Vec<(String, &str)> =
        active(index).filter_map(|p| p.field.as_deref()).map(|f| (crate::engine::normalize::key(f), f)).collect();
    fields.sort();
    fields.dedup_by(|a, b| a.0 == b.0);
    fields.into_iter().map(|(_, field)| field.to_owned()).collect()
}

/// One procedure by code, with its replacement's summary where it was repealed and replaced.
pub fn response(index: &Index, code: &str) -> Option<ProcedureResponse> {
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
