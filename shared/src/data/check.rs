//! Invariants of the dataset. `cargo xtask data check`, the API's build and the tests all run
//! [`check`]; any problem stops them with a message that names the record.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::normalize::is_nfc;
use crate::model::{
    AliasLevel, ChangeLevel, Dataset, EarlierNameLevel, OnlineLevel, ProcedureFact, ProcedureStatus, Relation,
    Transition, TransitionSource,
};

pub const NEW_PROVINCES: usize = 34;
pub const NEW_COMMUNES: usize = 3321;
pub const OLD_PROVINCES: usize = 63;
/// The day the two-level local government began; later changes are dated after it.
pub const REORGANISATION_DATE: &str = "2025-07-01";

/// Every broken invariant, one message each; empty when the dataset is sound.
pub fn check(d: &Dataset) -> Vec<String> {
    let mut problems = Vec::new();
    let mut problem = |message: String| problems.push(message);

    count(&mut problem, "new provinces", d.new_provinces.len(), NEW_PROVINCES);
    count(&mut problem, "new communes", d.new_communes.len(), NEW_COMMUNES);
    count(&mut problem, "old provinces", d.old_provinces.len(), OLD_PROVINCES);

    let old_provinces = keys(&mut problem, "old province", d.old_provinces.iter().map(|p| &p.code));
    let old_districts = keys(&mut problem, "old district", d.old_districts.iter().map(|x| &x.code));
    let old_communes = keys(&mut problem, "old commune", d.old_communes.iter().map(|c| &c.code));
    let new_provinces = keys(&mut problem, "new province", d.new_provinces.iter().map(|p| &p.code));
    let new_communes = keys(&mut problem, "new commune", d.new_communes.iter().map(|c| &c.code));

    // Where each unit belongs.
    let district_province: BTreeMap<&str, &str> =
        d.old_districts.iter().map(|x| (x.code.as_str(), x.province_code.as_str())).collect();
    let old_to_new_province: BTreeMap<&str, &str> =
        d.old_provinces.iter().map(|p| (p.code.as_str(), p.new_province_code.as_str())).collect();
    let commune_old_province: BTreeMap<&str, &str> =
        d.old_communes.iter().map(|c| (c.code.as_str(), c.province_code.as_str())).collect();
    let new_commune_province: BTreeMap<&str, &str> =
        d.new_communes.iter().map(|c| (c.code.as_str(), c.province_code.as_str())).collect();

    for p in &d.old_provinces {
        if !new_provinces.contains(p.new_province_code.as_str()) {
            problem(format!("old province {}: unknown new province {}", p.code, p.new_province_code));
        }
    }
    for p in &d.new_provinces {
        let absorbed: BTreeSet<&str> = p.absorbed.split_whitespace().collect();
        let expected: BTreeSet<&str> =
            d.old_provinces.iter().filter(|o| o.new_province_code == p.code).map(|o| o.code.as_str()).collect();
        if absorbed.is_empty() || absorbed != expected {
            problem(format!(
                "new province {}: absorbed {:?} but the old provinces pointing to it are {:?}",
                p.code, absorbed, expected
            ));
        }
    }
    for x in &d.old_districts {
        if !old_provinces.contains(x.province_code.as_str()) {
            problem(format!("old district {}: unknown province {}", x.code, x.province_code));
        }
    }
    for c in &d.old_communes {
        match district_province.get(c.district_code.as_str()) {
            None => problem(format!("old commune {}: unknown district {}", c.code, c.district_code)),
            Some(&province) if province != c.province_code => problem(format!(
                "old commune {}: province {} but its district {} is in {}",
                c.code, c.province_code, c.district_code, province
            )),
            Some(_) => {}
        }
        check_coordinates(&mut problem, "old commune", &c.code, c.lat, c.lon);
    }
    for c in &d.new_communes {
        if !new_provinces.contains(c.province_code.as_str()) {
            problem(format!("new commune {}: unknown province {}", c.code, c.province_code));
        }
        if !matches!(c.unit_type.as_str(), "Xã" | "Phường" | "Đặc khu") {
            problem(format!("new commune {}: unit type {:?} is not Xã, Phường or Đặc khu", c.code, c.unit_type));
        }
        if c.resolution.is_empty() || c.resolution_date.is_empty() {
            problem(format!("new commune {} ({}): no legal basis", c.code, c.full_name));
        }
        check_coordinates(&mut problem, "new commune", &c.code, c.lat, c.lon);
    }
    // One resolution per province.
    let mut resolutions: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in &d.new_communes {
        resolutions.entry(c.province_code.as_str()).or_default().insert(c.resolution.as_str());
    }
    for (province, set) in resolutions {
        if set.len() > 1 {
            problem(format!("new province {province}: its communes cite several resolutions {set:?}"));
        }
    }

    // Look-ups binary-search these lists: a snapshot in another order would answer wrongly.
    if d.transitions.windows(2).any(|w| (&w[0].old_code, &w[0].new_code) >= (&w[1].old_code, &w[1].new_code)) {
        problem("transitions are not sorted by (old code, new code) without duplicates".to_owned());
    }
    if d.legal_texts.windows(2).any(|w| (&w[0].resolution, &w[0].article) >= (&w[1].resolution, &w[1].article)) {
        problem("legal texts are not sorted by (resolution, article) without duplicates".to_owned());
    }

    // Transitions: known codes, inside the right province, every old commune has a successor.
    let mut successors: BTreeMap<&str, Vec<&Transition>> = BTreeMap::new();
    let mut predecessors: BTreeSet<&str> = BTreeSet::new();
    for t in &d.transitions {
        if !old_communes.contains(t.old_code.as_str()) {
            problem(format!("transition {} → {}: unknown old commune {}", t.old_code, t.new_code, t.old_code));
        }
        if !new_communes.contains(t.new_code.as_str()) {
            problem(format!("transition {} → {}: unknown new commune {}", t.old_code, t.new_code, t.new_code));
        }
        let expected_province = commune_old_province.get(t.old_code.as_str()).and_then(|p| old_to_new_province.get(p));
        let actual_province = new_commune_province.get(t.new_code.as_str());
        if let (Some(expected), Some(actual)) = (expected_province, actual_province)
            && expected != actual
        {
            problem(format!(
                "transition {} → {}: successor is in province {actual}, but the old commune's province became {expected}",
                t.old_code, t.new_code
            ));
        }
        successors.entry(t.old_code.as_str()).or_default().push(t);
        predecessors.insert(t.new_code.as_str());
    }
    for u in &d.uncoded_predecessors {
        if !new_communes.contains(u.new_code.as_str()) {
            problem(format!("uncoded predecessor {:?}: unknown new commune {}", u.description, u.new_code));
        }
        if !old_districts.contains(u.old_district_code.as_str()) {
            problem(format!("uncoded predecessor {:?}: unknown old district {}", u.description, u.old_district_code));
        }
        predecessors.insert(u.new_code.as_str());
    }
    for c in &d.old_communes {
        match successors.get(c.code.as_str()) {
            None => problem(format!("old commune {} ({}): no successor", c.code, c.full_name)),
            Some(list) => {
                let mut seen = BTreeSet::new();
                for t in list {
                    if !seen.insert(&t.new_code) {
                        problem(format!("old commune {}: successor {} listed twice", c.code, t.new_code));
                    }
                }
                let defaults = list.iter().filter(|t| t.default).count();
                if defaults > 1 {
                    problem(format!("old commune {}: {defaults} default successors", c.code));
                }
                if list.len() == 1 && defaults != 1 {
                    problem(format!("old commune {}: its only successor is not marked default", c.code));
                }
                // A basis says why a split's default is its default: on that row, and on no other.
                for t in list {
                    match (list.len() > 1 && t.default, t.default_basis) {
                        (true, None) => problem(format!(
                            "old commune {}: default successor {} of a split has no default basis",
                            c.code, t.new_code
                        )),
                        (false, Some(basis)) => problem(format!(
                            "old commune {}: successor {} has default basis {} but is not the default part of a split",
                            c.code,
                            t.new_code,
                            basis.as_str()
                        )),
                        _ => {}
                    }
                }
                if list.len() > 1 && list.iter().any(|t| t.relation == Relation::Whole) {
                    problem(format!(
                        "old commune {}: split between {} communes but one of them is 'whole'",
                        c.code,
                        list.len()
                    ));
                }
            }
        }
    }
    for c in &d.new_communes {
        if !predecessors.contains(c.code.as_str()) {
            problem(format!("new commune {} ({}): no predecessor", c.code, c.full_name));
        }
    }

    for p in &d.new_provinces {
        if !matches!(p.unit_type.as_str(), "Tỉnh" | "Thành phố") {
            problem(format!("new province {}: unit type {:?} is not Tỉnh or Thành phố", p.code, p.unit_type));
        }
        if p.full_name != format!("{} {}", p.unit_type, p.name) {
            problem(format!("new province {}: full name {:?} is not its type and name", p.code, p.full_name));
        }
    }
    for c in &d.new_communes {
        if c.full_name != format!("{} {}", c.unit_type, c.name) {
            problem(format!("new commune {}: full name {:?} is not its type and name", c.code, c.full_name));
        }
    }
    check_changes(&mut problem, d);
    for alias in &d.aliases {
        let known = match alias.level {
            AliasLevel::OldProvince => old_provinces.contains(alias.code.as_str()),
            AliasLevel::OldDistrict => old_districts.contains(alias.code.as_str()),
            AliasLevel::OldCommune => old_communes.contains(alias.code.as_str()),
            AliasLevel::NewProvince => new_provinces.contains(alias.code.as_str()),
        };
        if !known || alias.key.is_empty() {
            problem(format!("alias {:?} of {} {}: unknown unit or empty key", alias.key, alias.level, alias.code));
        }
    }

    check_earlier_names(&mut problem, d);
    check_procedures(&mut problem, d);
    super::details_check::problems(d).into_iter().for_each(&mut problem);
    for c in &d.service_centres {
        if !new_communes.contains(c.commune_code.as_str()) {
            problem(format!("service centre of {}: unknown new commune", c.commune_code));
        }
        for (column, message) in crate::data::centre::row_problems(c) {
            problem(format!("service centre of {}: {column}: {message}", c.commune_code));
        }
    }
    if d.service_centres.windows(2).any(|w| w[0].commune_code >= w[1].commune_code) {
        problem("service centres are not sorted by commune code without duplicates".to_owned());
    }
    for p in &d.province_portals {
        if !new_provinces.contains(p.province_code.as_str()) {
            problem(format!("portal of province {}: unknown province", p.province_code));
        }
        if !p.url.starts_with("https://") || p.url.contains(char::is_whitespace) {
            problem(format!("portal of province {}: {:?} is not an https:// address", p.province_code, p.url));
        }
        if p.source.trim().is_empty() || crate::data::centre::check_date(&p.verified_on).is_err() {
            problem(format!("portal of province {}: needs a source and verified_on (YYYY-MM-DD)", p.province_code));
        }
    }
    if d.province_portals.windows(2).any(|w| w[0].province_code >= w[1].province_code) {
        problem("province portals are not sorted by province code without duplicates".to_owned());
    }
    for fact in &d.procedure_facts {
        for (column, message) in procedure_fact_problems(d, fact) {
            problem(format!("procedure fact {}/{}: {column}: {message}", fact.province_code, fact.procedure_code));
        }
    }
    if d.procedure_facts
        .windows(2)
        .any(|w| (&w[0].province_code, &w[0].procedure_code) >= (&w[1].province_code, &w[1].procedure_code))
    {
        problem("procedure facts are not sorted by (province code, procedure code) without duplicates".to_owned());
    }

    for (what, name) in all_names(d) {
        if !is_nfc(name) {
            problem(format!("{what}: {name:?} is not in Unicode NFC"));
        }
        if name.trim() != name || name.contains("  ") || name.contains('\n') {
            problem(format!("{what}: {name:?} has stray whitespace"));
        }
    }
    problems
}

/// Later changes: each of a known unit, dated after the reorganisation, with a legal basis; a
/// unit's changes in date order, at most one a day (the history's periods follow from that order); each
/// a change of name or type from the state it left, which is the state the next change of the unit
/// starts from, or else the unit's current record.
fn check_changes(problem: &mut impl FnMut(String), d: &Dataset) {
    // The current state of each unit: (full name, type).
    let mut current: BTreeMap<(ChangeLevel, &str), (&str, &str)> = BTreeMap::new();
    for p in &d.new_provinces {
        current.insert((ChangeLevel::Province, p.code.as_str()), (p.full_name.as_str(), p.unit_type.as_str()));
    }
    for c in &d.new_communes {
        current.insert((ChangeLevel::Commune, c.code.as_str()), (c.full_name.as_str(), c.unit_type.as_str()));
    }
    for (i, change) in d.changes.iter().enumerate() {
        let what = format!("change of {} {} on {:?}", change.level, change.code, change.effective);
        let unit = (change.level, change.code.as_str());
        let Some(&now) = current.get(&unit) else {
            problem(format!("{what}: unknown unit"));
            continue;
        };
        if change.legal_basis.trim().is_empty() || change.effective.is_empty() {
            problem(format!("{what}: no legal basis or date"));
        } else if crate::data::centre::check_date(&change.effective).is_err() {
            problem(format!("{what}: the date is not written YYYY-MM-DD"));
        } else if change.effective.as_str() <= REORGANISATION_DATE {
            problem(format!("{what}: not after the reorganisation of {REORGANISATION_DATE}"));
        }
        let types: &[&str] = if change.level == ChangeLevel::Province {
            &["Tỉnh", "Thành phố"]
        } else {
            &["Xã", "Phường", "Đặc khu"]
        };
        if !types.contains(&change.unit_type_before.as_str())
            || change.full_name_before != format!("{} {}", change.unit_type_before, change.name_before)
        {
            problem(format!(
                "{what}: {:?} is not a {} type and name ({:?} {:?})",
                change.full_name_before, change.level, change.unit_type_before, change.name_before
            ));
        }
        let next = d.changes.get(i + 1).filter(|next| (next.level, next.code.as_str()) == unit);
        if let Some(next) = next
            && next.effective <= change.effective
        {
            problem(format!("{what}: followed by a change of the same unit on {:?}, not later", next.effective));
        }
        let after = next.map_or(now, |next| (next.full_name_before.as_str(), next.unit_type_before.as_str()));
        if after == (change.full_name_before.as_str(), change.unit_type_before.as_str()) {
            problem(format!("{what}: changes nothing ({:?} before and after)", change.full_name_before));
        }
    }
    if d.changes
        .windows(2)
        .any(|w| (&w[0].level, &w[0].code, &w[0].effective) > (&w[1].level, &w[1].code, &w[1].effective))
    {
        problem("changes are not sorted by (level, code, date)".to_owned());
    }
}

/// Earlier names: each names known old units of its level, all under its parent (a commune's district, a
/// district's province; none for a province), none of them a code itself retired before 2025-07-01; a
/// type word of its level, and not the name of a unit that still existed under the same parent in the
/// old state (it would make that name ambiguous); dated before the reorganisation, with a legal basis and
/// a source; sorted by (level, parent, name) without duplicates.
fn check_earlier_names(problem: &mut impl FnMut(String), d: &Dataset) {
    // Code → (parent code, full name) at each level.
    let provinces: BTreeMap<&str, (&str, &str)> =
        d.old_provinces.iter().map(|p| (p.code.as_str(), ("", p.full_name.as_str()))).collect();
    let districts: BTreeMap<&str, (&str, &str)> =
        d.old_districts.iter().map(|x| (x.code.as_str(), (x.province_code.as_str(), x.full_name.as_str()))).collect();
    let communes: BTreeMap<&str, (&str, &str)> =
        d.old_communes.iter().map(|c| (c.code.as_str(), (c.district_code.as_str(), c.full_name.as_str()))).collect();
    // Codes of the NSO list that were themselves retired before 2025-07-01 (`data/earlier_mergers.csv`).
    let retired: BTreeSet<&str> = d
        .transitions
        .iter()
        .filter(|t| t.source == TransitionSource::EarlierMerger)
        .map(|t| t.old_code.as_str())
        .collect();
    for e in &d.earlier_names {
        let what = format!("earlier name {:?} ({} under {:?})", e.name, e.level.as_str(), e.parent_code);
        let (units, types, parent_kind): (_, &[&str], _) = match e.level {
            EarlierNameLevel::OldProvince => (&provinces, &["Tỉnh", "Thành phố"], "province"),
            EarlierNameLevel::OldDistrict => (&districts, &["Quận", "Huyện", "Thị xã", "Thành phố"], "district"),
            EarlierNameLevel::OldCommune => (&communes, &["Xã", "Phường", "Thị trấn"], "commune"),
        };
        let codes: Vec<&str> = e.code_list().collect();
        if codes.is_empty() {
            problem(format!("{what}: no codes"));
        }
        for (i, code) in codes.iter().enumerate() {
            if codes[..i].contains(code) {
                problem(format!("{what}: code {code} listed twice"));
            }
            match units.get(code) {
                None => problem(format!("{what}: unknown old {parent_kind} {code}")),
                Some(&(parent, _)) if parent != e.parent_code => problem(format!(
                    "{what}: old {parent_kind} {code} is under {parent:?}, not under its parent code {:?}",
                    e.parent_code
                )),
                Some(_) => {}
            }
            if e.level == EarlierNameLevel::OldCommune && retired.contains(code) {
                problem(format!("{what}: old commune {code} was itself retired before {REORGANISATION_DATE}"));
            }
        }
        if !types.iter().any(|t| e.name.strip_prefix(t).is_some_and(|rest| rest.starts_with(' ') && rest.len() > 1)) {
            problem(format!("{what}: does not start with a type word of its level {types:?}"));
        }
        let name = e.name.to_lowercase();
        for (code, _) in
            units.iter().filter(|(_, (parent, full))| *parent == e.parent_code && full.to_lowercase() == name)
        {
            problem(format!("{what}: old {parent_kind} {code} under the same parent still had this name"));
        }
        if e.effective.is_empty() || crate::data::centre::check_date(&e.effective).is_err() {
            problem(format!("{what}: effective date {:?} is not written YYYY-MM-DD", e.effective));
        } else if e.effective.as_str() >= REORGANISATION_DATE {
            problem(format!(
                "{what}: effective {} is not before the reorganisation of {REORGANISATION_DATE}",
                e.effective
            ));
        }
        if e.legal_basis.trim().is_empty() || e.source.trim().is_empty() {
            problem(format!("{what}: needs a legal basis and a source"));
        }
    }
    if d.earlier_names
        .windows(2)
        .any(|w| (w[0].level, &w[0].parent_code, &w[0].name) >= (w[1].level, &w[1].parent_code, &w[1].name))
    {
        problem("earlier names are not sorted by (level, parent code, name) without duplicates".to_owned());
    }
}

/// Codes well formed, unique and sorted (look-ups binary-search them); a repealed code points to an
/// active one or to none; an active one points nowhere.
fn check_procedures(problem: &mut impl FnMut(String), d: &Dataset) {
    if d.procedures.is_empty() {
        problem("no procedures".to_owned());
    }
    for p in &d.procedures {
        if !crate::answers::procedures::is_code(&p.code) {
            problem(format!("procedure code {:?} is not a digit, a dot and six digits", p.code));
        }
        if p.name.is_empty() || p.source.is_empty() {
            problem(format!("procedure {}: no name or no source", p.code));
        }
        if p.bca_matt.as_ref().is_some_and(|m| m.is_empty() || !m.bytes().all(|b| b.is_ascii_digit())) {
            problem(format!("procedure {}: portal page id {:?} is not a number", p.code, p.bca_matt));
        }
        match (p.status, &p.replaced_by) {
            (ProcedureStatus::Active, Some(other)) => {
                problem(format!("procedure {}: active but replaced by {other}", p.code));
            }
            (ProcedureStatus::Repealed, Some(other)) => {
                let target = d.procedures.binary_search_by(|q| q.code.cmp(other)).ok().map(|i| &d.procedures[i]);
                if target.is_none_or(|t| t.status != ProcedureStatus::Active) {
                    problem(format!("procedure {}: replaced by {other}, which is not an active procedure", p.code));
                }
            }
            _ => {}
        }
    }
    if d.procedures.windows(2).any(|w| w[0].code >= w[1].code) {
        problem("procedures are not sorted by code without duplicates".to_owned());
    }
}

/// At most this many characters in a fact's agency: a name, not a description.
pub const MAX_AGENCY_CHARS: usize = 200;

/// Every rule one row of `data/procedure_facts.csv` breaks against the dataset `d`, as (column, message):
/// the rules `cargo xtask data check` applies and a staff edit of the fact is checked by
/// ([`crate::staff::procedure_facts`]). A fact is about a province and a procedure that exist: the
/// code must be in the national catalogue (a fact never brings a code that no source gives). A fact of an
/// active procedure gives at least one of `online` (not `unknown`: an unknown level is an empty cell),
/// `portal_url` (https://) and `agency`; a fact of a procedure the catalogue marks repealed gives only
/// `replaced_by`, an active procedure of the catalogue (staff record the replacement of a repealed code;
/// they do not repeal a procedure of the catalogue). `source` and `verified_on` (YYYY-MM-DD, not before
/// 2025-07-01) are required. Not checked here: that `verified_on` is not in the future (no clock).
pub fn procedure_fact_problems(d: &Dataset, fact: &ProcedureFact) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if d.new_provinces.binary_search_by(|p| p.code.cmp(&fact.province_code)).is_err() {
        problems.push(("province_code", format!("{} is not one of the 34 provinces", fact.province_code)));
    }
    let catalogue =
        |code: &str| d.procedures.binary_search_by(|p| p.code.as_str().cmp(code)).ok().map(|i| &d.procedures[i]);
    let procedure = catalogue(&fact.procedure_code);
    if procedure.is_none() {
        problems.push((
            "procedure_code",
            format!(
                "{:?} is not a procedure of the national catalogue (data/procedures.csv): a fact is about a code a source gives",
                fact.procedure_code
            ),
        ));
    }
    let repealed = procedure.is_some_and(|p| p.status == ProcedureStatus::Repealed);
    if let Some(other) = &fact.replaced_by {
        if procedure.is_some() && !repealed {
            problems.push((
                "replaced_by",
                format!(
                    "{} is active in the catalogue: only a repealed procedure has a replacement",
                    fact.procedure_code
                ),
            ));
        }
        if other == &fact.procedure_code {
            problems.push(("replaced_by", "a procedure does not replace itself".to_owned()));
        } else if catalogue(other).is_none_or(|p| p.status != ProcedureStatus::Active) {
            problems.push(("replaced_by", format!("{other:?} is not an active procedure of the national catalogue")));
        }
    }
    if fact.online == Some(OnlineLevel::Unknown) {
        problems.push(("online", "give full, partial or in_person, or leave it empty when it is not known".to_owned()));
    }
    if let Some(url) = &fact.portal_url
        && (!url.starts_with("https://") || url.len() <= "https://".len() + 3 || url.contains(char::is_whitespace))
    {
        problems.push(("portal_url", format!("{url:?} is not an https:// address")));
    }
    if let Some(agency) = &fact.agency {
        if agency.trim().is_empty() {
            problems.push(("agency", "empty: leave the cell empty when it is not known".to_owned()));
        } else if agency.chars().count() > MAX_AGENCY_CHARS {
            problems.push(("agency", format!("at most {MAX_AGENCY_CHARS} characters")));
        }
    }
    let given = [fact.online.is_some(), fact.portal_url.is_some(), fact.agency.is_some()];
    if repealed && given.iter().any(|g| *g) {
        problems.push((
            "procedure_code",
            format!("{} is repealed (never offered): a fact of it gives only replaced_by", fact.procedure_code),
        ));
    } else if !repealed && procedure.is_some() && !given.iter().any(|g| *g) {
        problems.push(("procedure_code", "the row gives no online level, portal link or agency".to_owned()));
    } else if repealed && fact.replaced_by.is_none() {
        problems
            .push(("replaced_by", format!("{} is repealed: a fact of it gives its replacement", fact.procedure_code)));
    }
    for (column, text) in [("agency", fact.agency.as_deref()), ("source", Some(fact.source.as_str()))] {
        if let Some(text) = text
            && !text.trim().is_empty()
            && (!is_nfc(text) || text.trim() != text || text.contains("  ") || text.contains('\n'))
        {
            problems.push((column, format!("{text:?} has stray whitespace or is not in Unicode NFC")));
        }
    }
    if fact.source.trim().is_empty() {
        problems.push(("source", "required: where the facts were read".to_owned()));
    }
    if fact.verified_on.trim().is_empty() {
        problems.push(("verified_on", "required: the day the facts were checked, YYYY-MM-DD".to_owned()));
    } else if let Err(e) = crate::data::centre::check_date(&fact.verified_on) {
        problems.push(("verified_on", e));
    } else if fact.verified_on.as_str() < crate::data::centre::EARLIEST_VERIFIED_ON {
        problems.push((
            "verified_on",
            format!(
                "{} is before the reorganisation ({})",
                fact.verified_on,
                crate::data::centre::EARLIEST_VERIFIED_ON
            ),
        ));
    }
    problems
}

fn count(problem: &mut impl FnMut(String), what: &str, actual: usize, expected: usize) {
    if actual != expected {
        problem(format!("{actual} {what}, expected {expected}"));
    }
}

/// The set of codes, reporting duplicates and unsorted order (a typed code is well formed once read).
fn keys<'a, K: AsRef<str> + ?Sized + 'a>(
    problem: &mut impl FnMut(String),
    what: &str,
    codes: impl Iterator<Item = &'a K>,
) -> BTreeSet<&'a str> {
    let mut set = BTreeSet::new();
    let mut previous: Option<&str> = None;
    for code in codes {
        let code = code.as_ref();
        if !set.insert(code) {
            problem(format!("duplicate {what} code {code}"));
        }
        if previous.is_some_and(|p| p > code) {
            problem(format!("{what} code {code} is out of order"));
        }
        previous = Some(code);
    }
    set
}

fn check_coordinates(problem: &mut impl FnMut(String), what: &str, code: &str, lat: Option<f64>, lon: Option<f64>) {
    // Viet Nam including its islands lies within these bounds.
    if let (Some(lat), Some(lon)) = (lat, lon)
        && !((6.0..=24.0).contains(&lat) && (102.0..=118.0).contains(&lon))
    {
        problem(format!("{what} {code}: centroid {lat},{lon} is outside Viet Nam"));
    }
}

fn all_names(d: &Dataset) -> Vec<(String, &str)> {
    let mut names: Vec<(String, &str)> = Vec::new();
    for p in &d.old_provinces {
        names.push((format!("old province {}", p.code), &p.name));
        names.push((format!("old province {}", p.code), &p.full_name));
    }
    for x in &d.old_districts {
        names.push((format!("old district {}", x.code), &x.name));
        names.push((format!("old district {}", x.code), &x.full_name));
    }
    for c in &d.old_communes {
        names.push((format!("old commune {}", c.code), &c.name));
        names.push((format!("old commune {}", c.code), &c.full_name));
    }
    for p in &d.new_provinces {
        names.push((format!("new province {}", p.code), &p.name));
        names.push((format!("new province {}", p.code), &p.full_name));
    }
    for c in &d.new_communes {
        names.push((format!("new commune {}", c.code), &c.name));
        names.push((format!("new commune {}", c.code), &c.full_name));
    }
    for change in &d.changes {
        names.push((format!("change of {} {}", change.level, change.code), &change.full_name_before));
    }
    for e in &d.earlier_names {
        let what = || format!("earlier name {:?} ({} under {:?})", e.name, e.level.as_str(), e.parent_code);
        names.extend([&e.name, &e.legal_basis, &e.source].map(|text| (what(), text.as_str())));
    }
    for p in &d.procedures {
        let texts = [Some(&p.name), p.field.as_ref(), p.agency.as_ref(), Some(&p.source), Some(&p.source_note)];
        names.extend(texts.into_iter().flatten().map(|text| (format!("procedure {}", p.code), text.as_str())));
    }
    for c in &d.service_centres {
        let texts = [&c.name, &c.address, &c.phone, &c.email, &c.opening_hours];
        names.extend(
            texts.into_iter().flatten().map(|text| (format!("service centre of {}", c.commune_code), text.as_str())),
        );
        names.push((format!("service centre of {}", c.commune_code), c.source.as_str()));
    }
    names
}
