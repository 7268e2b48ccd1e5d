//! The national catalogue of procedures as the API and the browser show it: codes, portal links,
//! summaries, the search with its filters and the detail of one procedure (a repealed one with its
//! replacement).

use crate::answers::{
    ChannelKind, ChannelTerms, DetailsSource, FilingChannel, Lookup, OutdatedNote, PortalKind, PortalLink,
    ProcedureResponse, ProcedureSource, ProcedureStaffFact, ProcedureSummary, ProceduresResponse,
};
use crate::engine::ProcedureQuery;
use crate::model::Index;
use crate::model::{PortalPage, Procedure, ProcedureDetail, ProcedureFact, ProcedureLevel, ProcedureStatus};

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

/// The national portal's search by code: the link for a procedure whose own page its list does not give.
pub const NATIONAL_SEARCH: &str = "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=";
/// The Ministry of Public Security portal's page of a procedure, by its internal `matt` id.
pub const PUBLIC_SECURITY_PAGE: &str = "https://dichvucong.bocongan.gov.vn/bocongan/bothutuc/tthc?matt=";
/// The portal whose database the details are read from, as its page footers ask to be named.
const NATIONAL_PORTAL: &str = "Cổng Dịch vụ công quốc gia";
const PUBLIC_SECURITY_PORTAL: &str = "Cổng Dịch vụ công - Bộ Công an";

/// A national procedure code: a digit, a dot and six digits ("1.001193").
pub fn is_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 8 && bytes[1] == b'.' && bytes.iter().enumerate().all(|(i, b)| i == 1 || b.is_ascii_digit())
}

/// The portal's own page where its list gives one (`page`), else its search by code; then the
/// Ministry of Public Security's page where the catalogue names it.
pub fn links(procedure: &Procedure, page: Option<&PortalPage>) -> Vec<PortalLink> {
    let mut links = vec![match page {
        Some(page) => PortalLink {
            kind: PortalKind::NationalPage,
            label: format!("{NATIONAL_PORTAL} (trang của thủ tục)"),
            url: page.url.clone(),
        },
        None => PortalLink {
            kind: PortalKind::NationalSearch,
            label: format!("{NATIONAL_PORTAL} (tìm theo mã)"),
            url: format!("{NATIONAL_SEARCH}{}", procedure.code),
        },
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

/// One procedure by code, with its replacement's summary where it was repealed and replaced, and its
/// details where the national database's copies give them.
fn response(index: &Index, code: &str) -> Option<ProcedureResponse> {
    let procedure = index.procedure(code)?;
    let dataset = &index.dataset;
    let detail = by_code(&dataset.procedure_details, code, |d| &d.code);
    let page = by_code(&dataset.portal_pages, code, |p| &p.code);
    let replacement = procedure.replaced_by.as_deref().and_then(|code| index.procedure(code)).map(summary);
    let links = links(procedure, page);
    let (channels, every_channel) = detail.map(channels).unwrap_or_default();
    Some(ProcedureResponse {
        code: procedure.code.clone(),
        name: procedure.name.clone(),
        field: procedure.field.clone(),
        level: procedure.level,
        online: procedure.online,
        agency: detail.and_then(|d| d.agency.clone()).or_else(|| procedure.agency.clone()),
        at_commune: at_commune(procedure, detail, page),
        portal_url: links[0].url.clone(),
        links,
        status: procedure.status,
        replaced_by: procedure.replaced_by.clone(),
        replacement,
        steps: detail.and_then(|d| d.steps.clone()),
        channels,
        every_channel,
        documents: detail.and_then(|d| d.documents.clone()),
        requirements: detail.and_then(|d| d.requirements.clone()),
        result: detail.and_then(|d| d.result.clone()),
        legal_basis: detail.and_then(|d| d.legal_basis.clone()),
        decision: detail.and_then(|d| d.decision.clone()),
        outdated: detail.map(outdated).unwrap_or_default(),
        source: ProcedureSource {
            catalogue: procedure.source.clone(),
            catalogue_note: procedure.source_note.clone(),
            details: detail.map(details_source),
        },
    })
}

/// The record of `code` in `records`, sorted by code (the data check keeps them so).
fn by_code<'a, T>(records: &'a [T], code: &str, key: impl Fn(&T) -> &String) -> Option<&'a T> {
    records.binary_search_by(|r| key(r).as_str().cmp(code)).ok().map(|i| &records[i])
}

/// Cấp xã where the national database, the portal's list or the catalogue says so.
fn at_commune(procedure: &Procedure, detail: Option<&ProcedureDetail>, page: Option<&PortalPage>) -> bool {
    let names_commune = |level: Option<&String>| level.is_some_and(|l| l.to_lowercase().contains("cấp xã"));
    matches!(procedure.level, ProcedureLevel::Xa | ProcedureLevel::CongAnXa)
        || names_commune(detail.and_then(|d| d.execution_level.as_ref()))
        || names_commune(page.and_then(|p| p.level_2026.as_ref()))
}

/// The channels with the times and fees the source labels with their name ("Trực tiếp: 5 ngày làm việc |
/// Trực tuyến: …"), and those it gives without one, which hold for every channel.
fn channels(detail: &ProcedureDetail) -> (Option<Vec<FilingChannel>>, Option<ChannelTerms>) {
    let mut channels: Vec<FilingChannel> = Vec::new();
    let mut every = ChannelTerms::default();
    let channel = |channels: &mut Vec<FilingChannel>, name: &str| -> usize {
        channels.iter().position(|c| c.name == name).unwrap_or_else(|| {
            channels.push(FilingChannel {
                kind: channel_kind(name),
                name: name.to_owned(),
                terms: ChannelTerms::default(),
            });
            channels.len() - 1
        })
    };
    for name in detail.channels.iter().flatten() {
        channel(&mut channels, name);
    }
    let mut sort = |text: &Option<String>, pick: fn(&mut ChannelTerms) -> &mut Vec<String>| {
        for part in text.iter().flat_map(|t| t.split(" | ")).map(str::trim).filter(|p| !p.is_empty()) {
            match labelled(part) {
                Some((name, value)) => {
                    let at = channel(&mut channels, name);
                    pick(&mut channels[at].terms).push(value.to_owned());
                }
                None => pick(&mut every).push(part.to_owned()),
            }
        }
    };
    sort(&detail.processing_time, |t| &mut t.processing_time);
    sort(&detail.fees, |t| &mut t.fees);
    for terms in channels.iter_mut().map(|c| &mut c.terms) {
        terms.processing_time.dedup();
        terms.fees.dedup();
    }
    let every = (!every.processing_time.is_empty() || !every.fees.is_empty()).then_some(every);
    ((!channels.is_empty()).then_some(channels), every)
}

/// The channels' words in the national database.
const CHANNEL_WORDS: [(&str, ChannelKind); 3] = [
    ("Trực tiếp", ChannelKind::InPerson),
    ("Trực tuyến", ChannelKind::Online),
    ("Dịch vụ bưu chính", ChannelKind::Post),
];

fn channel_kind(name: &str) -> ChannelKind {
    CHANNEL_WORDS.iter().find(|(word, _)| word.eq_ignore_ascii_case(name)).map_or(ChannelKind::Other, |(_, kind)| *kind)
}

/// "Trực tiếp: 5 ngày làm việc" → ("Trực tiếp", "5 ngày làm việc"), for the channels' words only: a value
/// may hold colons of its own ("Phí : 20.000 Đồng").
fn labelled(part: &str) -> Option<(&str, &str)> {
    CHANNEL_WORDS.iter().find_map(|(word, _)| {
        let value = part.strip_prefix(word)?.trim_start().strip_prefix(':')?;
        Some((*word, value.trim()))
    })
}

/// Each outdated field once, with the words matched in it.
fn outdated(detail: &ProcedureDetail) -> Vec<OutdatedNote> {
    let mut notes: Vec<OutdatedNote> = Vec::new();
    for text in &detail.outdated {
        match notes.iter_mut().find(|n| n.field == text.field) {
            Some(note) if note.words.contains(&text.matched) => {}
            Some(note) => note.words.push(text.matched.clone()),
            None => notes.push(OutdatedNote { field: text.field, words: vec![text.matched.clone()] }),
        }
    }
    notes
}

fn details_source(detail: &ProcedureDetail) -> DetailsSource {
    // The one copy from the police portal says so in its date's description; all others are the
    // national portal's (data/sources/procedures/details/README.md, "Sources").
    let publisher =
        if detail.source_date.contains("bocongan.gov.vn") { PUBLIC_SECURITY_PORTAL } else { NATIONAL_PORTAL };
    DetailsSource {
        publisher: publisher.to_owned(),
        copied_by: latest_date(&detail.source_date),
        copy: detail.source.clone(),
        fields: detail.field_sources.clone(),
    }
}

/// The newest YYYY-MM-DD in the text before its first parenthesis ("2025-11-27..2025-12-02 (Word
/// exports …)" → 2025-12-02); `None` for "undated (…)".
fn latest_date(text: &str) -> Option<String> {
    let head = text.split('(').next().unwrap_or_default();
    let bytes = head.as_bytes();
    (0..bytes.len().saturating_sub(9))
        .filter_map(|at| head.get(at..at + 10))
        .filter(|s| s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() }))
        .max()
        .map(str::to_owned)
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
        assert!(birth.replaced_by.is_none() && birth.replacement.is_none());
        assert_eq!(birth.agency.as_deref(), Some("Ủy ban nhân dân cấp xã"), "the national database's");
        let [link] = birth.links.as_slice() else { panic!("{:?}", birth.links) };
        assert_eq!(
            (link.kind, link.label.as_str()),
            (PortalKind::NationalPage, "Cổng Dịch vụ công quốc gia (trang của thủ tục)")
        );
        assert!(link.url.starts_with("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/"), "{}", link.url);
        assert_eq!(birth.portal_url, link.url);
        assert!(birth.source.catalogue.starts_with("hongdienvbhp/BangNiemYetVinhBao"), "{}", birth.source.catalogue);

        let residence = procedure("1.004222");
        assert_eq!((residence.level, residence.online), (ProcedureLevel::CongAnXa, OnlineLevel::Partial));
        assert_eq!(residence.links[1].kind, PortalKind::PublicSecurity);
        assert_eq!(residence.links[1].url, "https://dichvucong.bocongan.gov.vn/bocongan/bothutuc/tthc?matt=26360");
        assert!(lookup().procedure("9.999999").is_none());

        // No page in the portal's list: its search by code.
        let plates = procedure("1.000377");
        assert_eq!(plates.links[0].kind, PortalKind::NationalSearch);
        assert_eq!(plates.portal_url, "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=1.000377");
        assert!(plates.source.details.is_none() && plates.steps.is_none() && plates.documents.is_none());
    }

    #[test]
    fn times_and_fees_go_to_the_channel_they_name_and_the_rest_to_every_channel() {
        use crate::answers::ChannelKind;
        let residence = procedure("1.004222");
        let channels = residence.channels.unwrap();
        let kinds: Vec<ChannelKind> = channels.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [ChannelKind::Online, ChannelKind::InPerson]);
        assert!(channels.iter().all(|c| c.terms.processing_time == ["7 ngày làm việc"]));
        assert!(residence.every_channel.is_none());
        // The police portal's copy gives its time for no channel in particular.
        let identity_card = procedure("2.000200");
        assert_eq!(identity_card.every_channel.map(|e| e.processing_time), Some(vec!["07 ngày làm việc".to_owned()]));
        assert_eq!(identity_card.source.details.unwrap().publisher, "Cổng Dịch vụ công - Bộ Công an");
    }

    #[test]
    fn a_copys_date_is_the_newest_its_description_gives() {
        assert_eq!(super::latest_date("2026-07-17 (commit date of scrape)").as_deref(), Some("2026-07-17"));
        assert_eq!(super::latest_date("2025-11-27..2025-12-02 (Word exports)").as_deref(), Some("2025-12-02"));
        assert_eq!(super::latest_date("<= 2025-12-12 (commit date)").as_deref(), Some("2025-12-12"));
        assert_eq!(super::latest_date("undated (commit 08a8ab7; text 2025-01-01)"), None);
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
