//! Whole readings of an address and how well each explains the input. A reading is a chain that is
//! consistent (commune ⊂ district ⊂ province); its score adds what each part explains and subtracts
//! what it leaves unexplained, so the reading that explains most of the input wins. Position is only a
//! prior: parts in the usual order (commune, district, province) and close together score a little more.

use super::normalize::Token;
use super::read::{Hit, UnitFit};
use super::units::{Level, NameKind, Units};

/// The commune: what every reading is about.
const COMMUNE: f64 = 6.0;
/// A district or province that contains the commune: support that makes the reading surer.
const DISTRICT: f64 = 4.0;
const PROVINCE: f64 = 4.0;
/// Each edit needed to match a name (a typo is a guess).
const TYPO: f64 = 2.5;
/// The tone marks typed spell the name exactly: tells "Lộc Thạnh" from "Lộc Thành".
const TONED: f64 = 0.3;
/// A unit word of the unit's own type before the name ("Phường Bến Nghé").
const UNIT_FITS: f64 = 0.5;
/// A unit word of the right level but another type ("Xã" for a thị trấn): a small doubt.
const UNIT_OTHER_TYPE: f64 = -0.5;
/// A sure unit word of another level ("Huyện Khánh Vĩnh" read as a commune): almost surely wrong.
const UNIT_WRONG_LEVEL: f64 = -3.0;
/// The same, written without tone marks ("quan hai chau"): the word may be part of a name.
const UNIT_UNSURE_WRONG_LEVEL: f64 = -1.0;
/// A name right after "đường", "thôn", "ấp" ...: a street's or village's name, rarely a unit's.
const AFTER_STREET_WORD: f64 = -2.0;
/// A name other than the unit's current one (earlier name, nickname): the current name is preferred
/// where both read.
const OTHER_NAME: f64 = -0.3;
/// A run of words inside a longer name read elsewhere ("Chí Minh" inside "Hồ Chí Minh").
const NESTED: f64 = -1.0;
/// A new commune written with its old district or old province (mixed writing is real, but rarer).
const NEW_WITH_OLD_PARENT: f64 = -0.5;
/// An old commune written with the new province it is in now.
const OLD_WITH_NEW_PROVINCE: f64 = -0.2;
/// An old address without its district, or any address without its province: less support.
const MISSING_DISTRICT: f64 = 1.0;
const MISSING_PROVINCE: f64 = 1.0;
/// A word between the parts, in the same group as one of them: a part is probably misread.
const GAP_WORD: f64 = 1.0;
/// A word between the parts in a group of its own, or in brackets: probably a note.
const NOTE_WORD: f64 = 0.3;
/// A word after the last part: in the same group, probably part of a name; in another, a note.
const TRAILING_WORD: f64 = 0.5;
const TRAILING_NOTE_WORD: f64 = 0.2;
/// A district or province written after the commune that does not contain it: the input says the
/// commune is elsewhere ("Phan Chu Trinh, Thành phố Buôn Ma Thuột" is a street, not Hà Nội's ward).
const CONTRADICTED: f64 = 3.0;
/// A sure unit word left in what would be the street part: a unit named there was not read.
const STREET_UNIT_WORD: f64 = 1.5;
const STREET_UNSURE_UNIT_WORD: f64 = 0.5;
/// Each pair of parts out of the usual order (province first, say): a prior, not a rule.
const OUT_OF_ORDER: f64 = 0.5;
/// Each group (comma or dash) between two consecutive parts beyond the next one.
const FAR_APART: f64 = 0.3;

/// What the reading is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    /// An old commune (the input is an old address).
    Old,
    /// An island district without communes, which became a special zone as a whole.
    Island,
    /// A new commune (the input is already a new address).
    New,
}

/// One consistent reading of the input.
#[derive(Debug, Clone, Copy)]
pub(super) struct Reading {
    pub anchor: Anchor,
    pub commune: Hit,
    pub district: Option<Hit>,
    pub province: Option<Hit>,
    pub score: f64,
}

impl Reading {
    pub(super) fn parts(&self) -> impl Iterator<Item = &Hit> {
        std::iter::once(&self.commune).chain(self.district.as_ref()).chain(self.province.as_ref())
    }
}

/// What each token is, for one reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Claimed by a part, or by another mention of the same unit (a repeated segment).
    Part,
    /// Before the first part: the street, house number, village.
    Street,
    /// Between the parts, explained by nothing.
    Gap,
    /// After the last part, explained by nothing.
    Trailing,
    /// The country, a postcode: explained without a unit.
    Ignorable,
}

/// Every consistent reading that `hits` allow, each scored.
pub(super) fn readings(units: &Units, tokens: &[Token], hits: &[Hit]) -> Vec<Reading> {
    let nested: Vec<bool> = hits
        .iter()
        .map(|h| {
            hits.iter().any(|o| {
                o.typos == 0
                    && o.claim_start <= h.claim_start
                    && h.claim_end <= o.claim_end
                    && (o.claim_end - o.claim_start) > (h.claim_end - h.claim_start)
            })
        })
        .collect();
    let mut readings = Vec::new();
    let districts: Vec<usize> = (0..hits.len()).filter(|&i| hits[i].name.level == Level::OldDistrict).collect();
    let provinces: Vec<usize> = (0..hits.len()).filter(|&i| hits[i].name.level.is_province()).collect();
    for (i, commune) in hits.iter().enumerate() {
        let anchor = match commune.name.level {
            Level::OldCommune => Anchor::Old,
            Level::NewCommune => Anchor::New,
            Level::OldDistrict if units.old_districts[commune.name.position as usize].island => Anchor::Island,
            _ => continue,
        };
        let position = commune.name.position as usize;
        // The district options: those that contain the commune, and none.
        let district_fits = |d: &Hit| match anchor {
            Anchor::Old => d.name.position == units.old_communes[position].district,
            Anchor::New => units.new_communes[position].old_districts.contains(&d.name.position),
            Anchor::Island => false,
        };
        let province_fits = |p: &Hit| match (anchor, p.name.level) {
            (Anchor::Old, Level::OldProvince) => p.name.position == units.old_communes[position].province,
            (Anchor::Old, _) => {
                p.name.position == units.old_province_to_new[units.old_communes[position].province as usize]
            }
            (Anchor::Island, Level::OldProvince) => p.name.position == units.old_districts[position].province,
            (Anchor::Island, _) => {
                p.name.position == units.old_province_to_new[units.old_districts[position].province as usize]
            }
            (Anchor::New, Level::NewProvince) => p.name.position == units.new_communes[position].province,
            (Anchor::New, _) => {
                units.old_province_to_new[p.name.position as usize] == units.new_communes[position].province
            }
        };
        let district_options: Vec<Option<usize>> = districts
            .iter()
            .copied()
            .filter(|&d| district_fits(&hits[d]) && !hits[d].overlaps(commune))
            .map(Some)
            .chain([None])
            .collect();
        let mut best: Option<Reading> = None;
        for district in district_options {
            for province in provinces.iter().copied().map(Some).chain([None]) {
                if let Some(p) = province {
                    let p = &hits[p];
                    if !province_fits(p) || p.overlaps(commune) || district.is_some_and(|d| p.overlaps(&hits[d])) {
                        continue;
                    }
                }
                let mut reading = Reading {
                    anchor,
                    commune: *commune,
                    district: district.map(|d| hits[d]),
                    province: province.map(|p| hits[p]),
                    score: 0.0,
                };
                let nested_parts = [Some(i), district, province].into_iter().flatten().filter(|&h| nested[h]).count();
                reading.score = score(units, tokens, hits, &reading) + NESTED * nested_parts as f64;
                if best.is_none_or(|b| reading.score > b.score) {
                    best = Some(reading);
                }
            }
        }
        readings.extend(best);
    }
    readings
}

/// How well a reading explains the input.
fn score(units: &Units, tokens: &[Token], hits: &[Hit], reading: &Reading) -> f64 {
    let mut score = COMMUNE + quality(&reading.commune);
    match &reading.district {
        Some(d) => {
            score += DISTRICT + quality(d);
            if reading.anchor == Anchor::New {
                score += NEW_WITH_OLD_PARENT;
            }
        }
        None if reading.anchor == Anchor::Old => score -= MISSING_DISTRICT,
        None => {}
    }
    match &reading.province {
        Some(p) => {
            score += PROVINCE + quality(p);
            match (reading.anchor, p.name.level) {
                (Anchor::New, Level::OldProvince) => score += NEW_WITH_OLD_PARENT,
                (Anchor::Old | Anchor::Island, Level::NewProvince) => score += OLD_WITH_NEW_PROVINCE,
                _ => {}
            }
        }
        None => score -= MISSING_PROVINCE,
    }
    let roles = roles(units, tokens, hits, reading);
    for (token, role) in tokens.iter().zip(&roles) {
        let own_group = !reading.parts().any(|p| tokens[p.claim_start].group == token.group);
        score -= match role {
            Role::Gap if own_group || token.in_note => NOTE_WORD,
            Role::Gap => GAP_WORD,
            Role::Trailing if own_group || token.in_note => TRAILING_NOTE_WORD,
            Role::Trailing => TRAILING_WORD,
            Role::Street => match token.unit {
                Some(unit) if unit.certain && !unit.english => STREET_UNIT_WORD,
                Some(_) => STREET_UNSURE_UNIT_WORD,
                None => 0.0,
            },
            Role::Part | Role::Ignorable => 0.0,
        };
    }
    score -= CONTRADICTED * contradicting_parents(hits, &roles).len() as f64;
    // Order and distance of the parts: commune, then district, then province.
    let ordered: Vec<&Hit> = reading.parts().collect();
    for (a, first) in ordered.iter().enumerate() {
        for second in &ordered[a + 1..] {
            if second.claim_start < first.claim_start {
                score -= OUT_OF_ORDER;
            }
        }
    }
    for pair in ordered.windows(2) {
        let apart = tokens[pair[0].claim_start].group.abs_diff(tokens[pair[1].claim_start].group);
        score -= FAR_APART * apart.saturating_sub(1) as f64;
    }
    score
}

/// What a part's own match is worth, beyond its level's weight.
fn quality(hit: &Hit) -> f64 {
    let mut quality = -TYPO * hit.typos as f64;
    if hit.toned {
        quality += TONED;
    }
    quality += match hit.fit {
        UnitFit::None => 0.0,
        UnitFit::Fits => UNIT_FITS,
        UnitFit::OtherType => UNIT_OTHER_TYPE,
        UnitFit::WrongLevel => UNIT_WRONG_LEVEL,
        UnitFit::UnsureWrongLevel => UNIT_UNSURE_WRONG_LEVEL,
    };
    if hit.after_street_word {
        quality += AFTER_STREET_WORD;
    }
    if !matches!(hit.name.kind, NameKind::Current) {
        quality += OTHER_NAME;
    }
    quality
}

/// The new province a province-level hit stands for.
fn new_province(units: &Units, hit: &Hit) -> u32 {
    match hit.name.level {
        Level::OldProvince => units.old_province_to_new[hit.name.position as usize],
        _ => hit.name.position,
    }
}

/// The role of every token under a reading.
pub(super) fn roles(units: &Units, tokens: &[Token], hits: &[Hit], reading: &Reading) -> Vec<Role> {
    let mut roles = vec![Role::Gap; tokens.len()];
    let first = reading.parts().map(|p| p.claim_start).min().unwrap_or(0);
    let last = reading.parts().map(|p| p.claim_end).max().unwrap_or(0);
    for role in &mut roles[..first] {
        *role = Role::Street;
    }
    for role in &mut roles[last..] {
        *role = Role::Trailing;
    }
    // Another mention of a part's unit explains its words too ("Quận 8, HCM, , Quận 8, HCM").
    let mentions = |hit: &Hit| {
        reading.parts().any(|part| {
            hit.typos == 0
                && (hit.same_unit(part)
                    || (hit.name.level.is_province()
                        && part.name.level.is_province()
                        && new_province(units, hit) == new_province(units, part)))
        })
    };
    for hit in hits.iter().filter(|h| mentions(h)) {
        // A district or province repeated before the commune is not the street; the commune's own name
        // before it is (streets are named like wards: "12 Lê Lợi, Phường Lê Lợi").
        if hit.claim_start >= first || !hit.same_unit(&reading.commune) {
            for role in &mut roles[hit.claim_start..hit.claim_end] {
                *role = Role::Part;
            }
        }
    }
    for part in reading.parts() {
        for role in &mut roles[part.claim_start..part.claim_end] {
            *role = Role::Part;
        }
    }
    for (token, role) in tokens.iter().zip(roles.iter_mut()) {
        if *role != Role::Part && (token.country || (token.is_number() && token.folded.len() >= 5)) {
            *role = Role::Ignorable;
        }
    }
    roles
}

/// Districts and provinces named exactly in the input that a reading leaves unexplained (all their
/// words are between or after its parts): what the user wrote says the commune is elsewhere. Nested
/// ones count once ("Thành phố Huế" and "Huế").
pub(super) fn contradicting_parents<'h>(hits: &'h [Hit], roles: &[Role]) -> Vec<&'h Hit> {
    let mut found: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.typos == 0 && !matches!(h.name.level, Level::OldCommune | Level::NewCommune))
        .filter(|h| roles[h.claim_start..h.claim_end].iter().all(|r| matches!(r, Role::Gap | Role::Trailing)))
        .collect();
    found.sort_by_key(|h| std::cmp::Reverse(h.claim_end - h.claim_start));
    let mut kept: Vec<&Hit> = Vec::new();
    for hit in found {
        if !kept.iter().any(|k| k.overlaps(hit)) {
            kept.push(hit);
        }
    }
    kept
}
