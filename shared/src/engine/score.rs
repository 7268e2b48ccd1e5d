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
/// Each edit needed to match a name of six letters or fewer (a typo is a guess); in a longer name an
/// edit costs less, down to 40 %: a long name one edit away is rarely another name.
const TYPO: f64 = 2.5;
const TYPO_FULL_COST_LEN: f64 = 6.0;
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
/// A unit named inside brackets: usually a landmark ("đối diện UBND phường X"), not the address.
const IN_NOTE: f64 = -2.0;
/// A number read as a ward without its unit word ("8, Tân Bình"): a guess.
const BARE_NUMBER: f64 = -1.0;
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
/// The same, right after a part in its segment ("Xã Đức Hòa Thưng"): the name probably goes on.
const ADJACENT_GAP_WORD: f64 = 2.5;
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
/// A sure unit word in the commune's own segment, with only unread words between it and the commune
/// ("Xã Khm Lạng" read as "Lạng"): the unit it names was not read.
const STREET_UNIT_WORD_BEFORE_COMMUNE: f64 = 3.0;
const STREET_UNSURE_UNIT_WORD_BEFORE_COMMUNE: f64 = 2.0;
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

/// Every consistent reading that `hits` allow that can come within [`super::answer`]'s reach of the
/// best, each scored. Readings are tried best bound first; one whose bound cannot reach the best
/// found so far is not scored in full.
pub(super) fn readings(units: &Units, tokens: &[Token], hits: &[Hit], reach: f64) -> Vec<Reading> {
    SCRATCH.with_borrow_mut(|scratch| readings_in(units, tokens, hits, reach, scratch))
}

/// One anchor with its options (ranges of the scratch pool) and the best score it could reach.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    bound: f64,
    anchor: Anchor,
    commune: usize,
    districts: (usize, usize),
    provinces: (usize, usize),
}

/// Buffers reused by every call on a thread: a conversion allocates only its answer.
#[derive(Debug, Default)]
struct Scratch {
    furthest: Vec<usize>,
    nested: Vec<bool>,
    own: Vec<f64>,
    parents: Vec<usize>,
    districts: Vec<usize>,
    provinces: Vec<usize>,
    candidates: Vec<Candidate>,
    pool: Vec<usize>,
    roles: Vec<Role>,
    options: Vec<(f64, Option<usize>, Option<usize>)>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

fn readings_in(units: &Units, tokens: &[Token], hits: &[Hit], reach: f64, scratch: &mut Scratch) -> Vec<Reading> {
    let Scratch { furthest, nested, own, parents, districts, provinces, candidates, pool, roles, options } = scratch;
    fill_nested(tokens.len(), hits, furthest, nested);
    fill_parents(hits, parents);
    districts.clear();
    districts.extend((0..hits.len()).filter(|&i| hits[i].name.level == Level::OldDistrict));
    provinces.clear();
    provinces.extend((0..hits.len()).filter(|&i| hits[i].name.level.is_province()));
    own.clear();
    own.extend((0..hits.len()).map(|i| quality(&hits[i]) + if nested[i] { NESTED } else { 0.0 }));
    let own = |i: usize| own[i];

    candidates.clear();
    pool.clear();
    for (i, commune) in hits.iter().enumerate() {
        let anchor = match commune.name.level {
            Level::OldCommune => Anchor::Old,
            Level::NewCommune => Anchor::New,
            Level::OldDistrict if units.old_districts[commune.name.position as usize].island => Anchor::Island,
            _ => continue,
        };
        let position = commune.name.position as usize;
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
        // A number without its unit word is a ward's only right before its district.
        let next_to_number = |d: &Hit| {
            d.claim_start == commune.claim_end && tokens[d.claim_start].segment <= tokens[commune.start].segment + 1
        };
        let start = pool.len();
        pool.extend(districts.iter().copied().filter(|&d| {
            district_fits(&hits[d]) && !hits[d].overlaps(commune) && (!commune.bare_number || next_to_number(&hits[d]))
        }));
        let middle = pool.len();
        if commune.bare_number && middle == start {
            continue;
        }
        pool.extend(provinces.iter().copied().filter(|&p| province_fits(&hits[p]) && !hits[p].overlaps(commune)));
        // No district costs nothing where no province is written either (see `score`).
        let district_bound = pool[start..middle].iter().map(|&d| DISTRICT + own(d)).fold(0.0, f64::max);
        let province_bound = pool[middle..].iter().map(|&p| PROVINCE + own(p)).fold(-MISSING_PROVINCE, f64::max);
        let bound = COMMUNE + own(i) + district_bound + province_bound;
        candidates.push(Candidate {
            bound,
            anchor,
            commune: i,
            districts: (start, middle),
            provinces: (middle, pool.len()),
        });
    }
    candidates.sort_by(|a, b| b.bound.total_cmp(&a.bound));

    let mut readings = Vec::with_capacity(candidates.len().min(16));
    let mut best_score = f64::NEG_INFINITY;
    for candidate in candidates.iter() {
        if candidate.bound < best_score - reach {
            break;
        }
        let commune = &hits[candidate.commune];
        // Every (district, province) option with its bound, best bound first.
        options.clear();
        let district_options = pool[candidate.districts.0..candidate.districts.1].iter().copied().map(Some);
        for district in district_options.chain((!commune.bare_number).then_some(None)) {
            for province in pool[candidate.provinces.0..candidate.provinces.1].iter().copied().map(Some).chain([None]) {
                if let (Some(d), Some(p)) = (district, province)
                    && hits[p].overlaps(&hits[d])
                {
                    continue;
                }
                let missing_district =
                    if candidate.anchor == Anchor::Old && province.is_some() { -MISSING_DISTRICT } else { 0.0 };
                let bound = COMMUNE
                    + own(candidate.commune)
                    + district.map_or(missing_district, |d| DISTRICT + own(d))
                    + province.map_or(-MISSING_PROVINCE, |p| PROVINCE + own(p));
                options.push((bound, district, province));
            }
        }
        options.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut best: Option<Reading> = None;
        for &(bound, district, province) in options.iter() {
            if best.is_some_and(|b| bound <= b.score) {
                break;
            }
            let mut reading = Reading {
                anchor: candidate.anchor,
                commune: *commune,
                district: district.map(|d| hits[d]),
                province: province.map(|p| hits[p]),
                score: 0.0,
            };
            let nested_parts =
                [Some(candidate.commune), district, province].into_iter().flatten().filter(|&h| nested[h]).count();
            fill_roles(units, tokens, hits, &reading, roles);
            reading.score = score(tokens, hits, parents, &reading, roles) + NESTED * nested_parts as f64;
            if best.is_none_or(|b| reading.score > b.score) {
                best = Some(reading);
            }
        }
        if let Some(best) = best {
            best_score = best_score.max(best.score);
            readings.push(best);
        }
    }
    readings
}

/// Which hits lie inside a longer exact hit ("Chí Minh" inside "Hồ Chí Minh"): for each start, the
/// furthest end an exact hit claims from it.
fn fill_nested(token_count: usize, hits: &[Hit], furthest: &mut Vec<usize>, nested: &mut Vec<bool>) {
    furthest.clear();
    furthest.resize(token_count + 1, 0);
    for h in hits.iter().filter(|h| h.typos == 0) {
        furthest[h.claim_start] = furthest[h.claim_start].max(h.claim_end);
    }
    nested.clear();
    nested.extend(hits.iter().map(|h| {
        let from = h.claim_start.saturating_sub(super::read::MAX_NAME_TOKENS + 2);
        (from..=h.claim_start).any(|s| furthest[s] >= h.claim_end && (s < h.claim_start || furthest[s] > h.claim_end))
    }));
}

/// Districts and provinces read exactly, outside brackets, longest first: those a reading may leave
/// contradicting it.
fn fill_parents(hits: &[Hit], found: &mut Vec<usize>) {
    found.clear();
    found.extend((0..hits.len()).filter(|&i| {
        let h = &hits[i];
        h.typos == 0 && !h.in_note && !matches!(h.name.level, Level::OldCommune | Level::NewCommune)
    }));
    if found.len() > 1 {
        found.sort_by_key(|&i| std::cmp::Reverse(hits[i].claim_end - hits[i].claim_start));
    }
}

/// How well a reading explains the input (`roles` are the tokens' roles under it).
fn score(tokens: &[Token], hits: &[Hit], parents: &[usize], reading: &Reading, roles: &[Role]) -> f64 {
    let mut score = COMMUNE + quality(&reading.commune);
    match &reading.district {
        Some(d) => {
            score += DISTRICT + quality(d);
            if reading.anchor == Anchor::New {
                score += NEW_WITH_OLD_PARENT;
            }
        }
        // Without a district but with a province the address is likely new-style: the old reading
        // loses a little. With neither, nothing tells old from new.
        None if reading.anchor == Anchor::Old && reading.province.is_some() => score -= MISSING_DISTRICT,
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
    for (i, (token, role)) in tokens.iter().zip(roles).enumerate() {
        let own_group = !reading.parts().any(|p| tokens[p.claim_start].group == token.group);
        let adjacent = reading.parts().any(|p| p.claim_end == i && tokens[p.claim_end - 1].segment == token.segment);
        score -= match role {
            Role::Gap if own_group || token.in_note => NOTE_WORD,
            Role::Gap | Role::Trailing if adjacent && !token.is_number() => ADJACENT_GAP_WORD,
            Role::Gap => GAP_WORD,
            Role::Trailing if own_group || token.in_note => TRAILING_NOTE_WORD,
            Role::Trailing => TRAILING_WORD,
            Role::Street => match token.unit {
                Some(unit) if !unit.english && token.segment == tokens[reading.commune.start].segment => {
                    if unit.certain { STREET_UNIT_WORD_BEFORE_COMMUNE } else { STREET_UNSURE_UNIT_WORD_BEFORE_COMMUNE }
                }
                Some(unit) if unit.certain && !unit.english => STREET_UNIT_WORD,
                Some(_) => STREET_UNSURE_UNIT_WORD,
                None => 0.0,
            },
            Role::Part | Role::Ignorable => 0.0,
        };
    }
    score -= CONTRADICTED * contradicting(hits, parents, roles).count() as f64;
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
    let letters = hit.name_len as f64;
    let mut quality = -TYPO * hit.typos as f64 * (TYPO_FULL_COST_LEN / letters.max(1.0)).clamp(0.4, 1.0);
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
    if hit.in_note {
        quality += IN_NOTE;
    }
    if hit.bare_number {
        quality += BARE_NUMBER;
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
    let mut roles = Vec::with_capacity(tokens.len());
    fill_roles(units, tokens, hits, reading, &mut roles);
    roles
}

pub(super) fn fill_roles(units: &Units, tokens: &[Token], hits: &[Hit], reading: &Reading, roles: &mut Vec<Role>) {
    let parts: [Option<&Hit>; 3] = [Some(&reading.commune), reading.district.as_ref(), reading.province.as_ref()];
    let parts = parts.iter().flatten();
    let first = parts.clone().map(|p| p.claim_start).min().unwrap_or(0);
    let last = parts.clone().map(|p| p.claim_end).max().unwrap_or(0);
    roles.clear();
    roles.extend((0..tokens.len()).map(|i| match i {
        _ if i < first => Role::Street,
        _ if i >= last => Role::Trailing,
        _ => Role::Gap,
    }));
    // Another mention of a part's unit explains its words too ("Quận 8, HCM, , Quận 8, HCM").
    let province = reading.province.as_ref().map(|p| new_province(units, p));
    for hit in hits.iter().filter(|h| h.typos == 0) {
        let mentions = parts.clone().any(|part| hit.same_unit(part))
            || (hit.name.level.is_province() && province == Some(new_province(units, hit)));
        // A district or province repeated before the commune is not the street; the commune's own name
        // before it is (streets are named like wards: "12 Lê Lợi, Phường Lê Lợi").
        if mentions && (hit.claim_start >= first || !hit.same_unit(&reading.commune)) {
            roles[hit.claim_start..hit.claim_end].fill(Role::Part);
        }
    }
    for part in parts {
        roles[part.claim_start..part.claim_end].fill(Role::Part);
    }
    for (token, role) in tokens.iter().zip(roles.iter_mut()) {
        if *role != Role::Part && (token.country || (token.folded().len() >= 5 && token.is_number())) {
            *role = Role::Ignorable;
        }
    }
}

/// Districts and provinces named exactly in the input that a reading leaves unexplained (all their
/// words are between or after its parts): what the user wrote says the commune is elsewhere. Nested
/// ones count once ("Thành phố Huế" and "Huế").
pub(super) fn contradicting_parents<'h>(hits: &'h [Hit], roles: &[Role]) -> Vec<&'h Hit> {
    SCRATCH.with_borrow_mut(|scratch| {
        fill_parents(hits, &mut scratch.parents);
        contradicting(hits, &scratch.parents, roles).map(|i| &hits[i]).collect()
    })
}

fn contradicting<'a>(hits: &'a [Hit], parents: &'a [usize], roles: &'a [Role]) -> impl Iterator<Item = usize> + 'a {
    let unexplained = move |i: usize| {
        let h = &hits[i];
        roles[h.claim_start..h.claim_end].iter().all(|r| matches!(r, Role::Gap | Role::Trailing))
    };
    // Longest first, so an overlapping shorter one is the same mention.
    parents.iter().enumerate().filter_map(move |(n, &i)| {
        (unexplained(i) && !parents[..n].iter().any(|&j| unexplained(j) && hits[j].overlaps(&hits[i]))).then_some(i)
    })
}
