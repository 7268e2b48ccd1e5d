//! The invariants of procedures' details and portal pages (part of [`super::check::check`]): each is of
//! a procedure of the catalogue, under the catalogue's name (up to the spelling differences its README
//! lists), every field given says where it was read, and no text is empty (an unknown is `None`).

use std::collections::BTreeSet;

use unicode_normalization::UnicodeNormalization;

use crate::model::{Dataset, DetailField, ProcedureDetail};

/// The start of the national portal's page of a procedure.
pub const PORTAL_PAGE: &str = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/";

/// A procedure's name as the sources' names are compared: NFC, lower-case, one space between words, no
/// trailing "." or ";", no leading "thủ tục ", and one spelling of the pairs the sources write both ways.
pub fn comparable_name(name: &str) -> String {
    let lower = name.nfc().collect::<String>().to_lowercase();
    let spaced = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = spaced.trim_end_matches(['.', ';', ' ']);
    let bare = trimmed.strip_prefix("thủ tục ").unwrap_or(trimmed);
    [("xoá", "xóa"), ("hoà", "hòa"), ("thuỷ", "thủy")].iter().fold(bare.to_owned(), |n, (a, b)| n.replace(a, b))
}

/// The fields a record gives.
fn given(d: &ProcedureDetail) -> BTreeSet<DetailField> {
    use DetailField::*;
    [
        (Steps, d.steps.is_some()),
        (Channels, d.channels.is_some()),
        (ProcessingTime, d.processing_time.is_some()),
        (Fees, d.fees.is_some()),
        (Documents, d.documents.is_some()),
        (Requirements, d.requirements.is_some()),
        (Agency, d.agency.is_some()),
        (Result, d.result.is_some()),
        (LegalBasis, d.legal_basis.is_some()),
        (OnlineLevel, d.online_level.is_some()),
        (Decision, d.decision.is_some()),
        (ExecutionLevel, d.execution_level.is_some()),
    ]
    .into_iter()
    .filter_map(|(field, some)| some.then_some(field))
    .collect()
}

/// Every text of a record, to find the empty ones.
fn texts(d: &ProcedureDetail) -> Vec<&str> {
    let mut all: Vec<&str> = vec![&d.code, &d.name, &d.source, &d.source_date];
    let optional = [&d.processing_time, &d.fees, &d.requirements, &d.agency, &d.result, &d.online_level];
    all.extend(optional.into_iter().chain([&d.decision, &d.execution_level]).flatten().map(String::as_str));
    all.extend(d.steps.iter().chain(&d.channels).flatten().map(String::as_str));
    for doc in d.documents.iter().flatten() {
        all.push(&doc.name);
        all.extend([&doc.group, &doc.form, &doc.quantity].into_iter().flatten().map(String::as_str));
    }
    for law in d.legal_basis.iter().flatten() {
        all.push(&law.title);
        all.extend([&law.number, &law.issued, &law.issuer].into_iter().flatten().map(String::as_str));
    }
    all.extend(d.field_sources.values().map(String::as_str));
    all.extend(d.outdated.iter().flat_map(|o| [o.signal.as_str(), o.matched.as_str()]));
    all.extend(d.caveats.iter().map(String::as_str));
    all
}

pub fn problems(d: &Dataset) -> Vec<String> {
    let mut problems = Vec::new();
    let catalogue =
        |code: &str| d.procedures.binary_search_by(|p| p.code.as_str().cmp(code)).ok().map(|i| &d.procedures[i]);
    let named = |what: String, code: &str, name: &str, problems: &mut Vec<String>| match catalogue(code) {
        None => problems.push(format!("{what}: {code} is not in the catalogue")),
        Some(p) if comparable_name(&p.name) != comparable_name(name) => {
            problems.push(format!("{what}: named {name:?}, the catalogue names {code} {:?}", p.name))
        }
        Some(_) => {}
    };
    for detail in &d.procedure_details {
        let what = format!("procedure details of {}", detail.code);
        named(what.clone(), &detail.code, &detail.name, &mut problems);
        if texts(detail).iter().any(|t| t.trim().is_empty()) {
            problems.push(format!("{what}: an empty text (an unknown is no text)"));
        }
        let given = given(detail);
        let sourced: BTreeSet<DetailField> = detail.field_sources.keys().copied().collect();
        for field in given.difference(&sourced) {
            problems.push(format!("{what}: {field:?} is given without its source"));
        }
        for field in sourced.difference(&given) {
            problems.push(format!("{what}: {field:?} has a source but is not given"));
        }
        for outdated in detail.outdated.iter().filter(|o| !given.contains(&o.field)) {
            problems.push(format!("{what}: {:?} is marked outdated but is not given", outdated.field));
        }
        for list in [detail.steps.as_ref().map(Vec::len), detail.documents.as_ref().map(Vec::len)] {
            if list == Some(0) {
                problems.push(format!("{what}: an empty list (an unknown is no list)"));
            }
        }
    }
    if d.procedure_details.windows(2).any(|w| w[0].code >= w[1].code) {
        problems.push("procedure details are not sorted by code without duplicates".to_owned());
    }
    for page in &d.portal_pages {
        let what = format!("portal page of {}", page.code);
        named(what.clone(), &page.code, &page.name, &mut problems);
        if !page.url.starts_with(PORTAL_PAGE) || page.url.len() == PORTAL_PAGE.len() {
            problems.push(format!("{what}: {:?} is not a page of {PORTAL_PAGE}", page.url));
        }
    }
    if d.portal_pages.windows(2).any(|w| w[0].code >= w[1].code) {
        problems.push("portal pages are not sorted by code without duplicates".to_owned());
    }
    problems
}

#[cfg(all(test, feature = "canonical"))]
mod tests {
    use super::*;
    use crate::answers::lookup::tests::lookup;

    fn dataset() -> Dataset {
        lookup().index().dataset.clone()
    }

    fn detail_of<'a>(d: &'a mut Dataset, code: &str) -> &'a mut ProcedureDetail {
        d.procedure_details.iter_mut().find(|x| x.code == code).unwrap()
    }

    #[test]
    fn the_names_are_compared_as_the_sources_readme_says() {
        assert_eq!(comparable_name("Thủ tục đăng ký  khai sinh."), "đăng ký khai sinh");
        assert_eq!(comparable_name("Xoá đăng ký tạm trú;"), comparable_name("xóa đăng ký tạm trú"));
        assert_ne!(comparable_name("Đăng ký khai tử"), comparable_name("Đăng ký khai sinh"));
    }

    #[test]
    fn the_real_details_and_pages_pass_and_each_rule_bites() {
        let d = dataset();
        assert!(d.procedure_details.len() > 100 && d.portal_pages.len() > 100);
        assert_eq!(problems(&d), Vec::<String>::new());

        let broken = |change: fn(&mut Dataset)| {
            let mut d = dataset();
            change(&mut d);
            problems(&d).join("\n")
        };
        let found = broken(|d| detail_of(d, "1.001193").name = "Thủ tục đăng ký khai tử".into());
        assert!(found.contains("the catalogue names 1.001193"), "{found}");
        let found = broken(|d| detail_of(d, "1.001193").code = "1.999999".into());
        assert!(found.contains("1.999999 is not in the catalogue"), "{found}");
        let found = broken(|d| detail_of(d, "1.004222").requirements = Some(" ".into()));
        assert!(found.contains("procedure details of 1.004222: an empty text"), "{found}");
        let found = broken(|d| {
            detail_of(d, "1.004222").field_sources.remove(&DetailField::Documents);
        });
        assert!(found.contains("Documents is given without its source"), "{found}");
        let found = broken(|d| detail_of(d, "1.004222").result = None);
        assert!(found.contains("Result has a source but is not given"), "{found}");
        let found = broken(|d| {
            let detail = detail_of(d, "1.001193");
            detail.documents = None;
            detail.field_sources.remove(&DetailField::Documents);
        });
        assert!(found.contains("Documents is marked outdated but is not given"), "{found}");
        let found = broken(|d| d.procedure_details.swap(0, 1));
        assert!(found.contains("procedure details are not sorted"), "{found}");
        let found = broken(|d| d.portal_pages[0].url = "http://dichvucong.gov.vn/thu-tuc-hanh-chinh/x".into());
        assert!(found.contains("is not a page of"), "{found}");
    }
}
