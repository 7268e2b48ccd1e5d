//! From scored readings to the answer: candidates with the new address written from the dataset, a
//! confidence that is below 1 whenever the answer rests on a guess, the reasons why, and a hint.

use super::Engine;
use super::normalize::Token;
use super::read::{Hit, UnitFit};
use super::score::{Anchor, Reading, Role, fill_roles};
use super::units::{Level, NameKind};
use crate::answers::{ConvertCandidate, ConvertResponse, Hint, OldMatch, ParsedAddress, Reason};
use crate::model::{DefaultBasis, Index, NewCommune, Relation};

/// Readings this close to the best are offered too, less confidently.
pub(super) const CLOSE: f64 = 3.0;
/// Readings this close to the best tie with it: the input cannot tell them apart.
const TIE: f64 = 0.25;
/// Candidates returned at most.
const MAX_CANDIDATES: usize = 10;

/// How much each doubt takes off the confidence (it is multiplied by each factor that applies).
const SPELLING_CORRECTED: f64 = 0.8;
const DISTRICT_MISSING: f64 = 0.9;
/// The district was read, so it names the province; only the province word is missing.
const PROVINCE_MISSING_WITH_DISTRICT: f64 = 0.95;
const PROVINCE_MISSING: f64 = 0.85;
const WORDS_IGNORED: f64 = 0.9;
/// A district or province written that does not contain the commune: the answer lacks support for
/// what the user wrote, so it is never near certain.
const PARENT_NOT_MATCHED: f64 = 0.5;
const EARLIER_NAME: f64 = 0.9;
/// The commune's name, written without a unit word, is also the name of an old district that read
/// too: the address may be an old one that named the district but no commune.
const ALSO_DISTRICT_NAME: f64 = 0.6;
/// The commune's name follows a street or place word: it may be the street's or the place's.
const PLACE_NAME: f64 = 0.6;
/// A number read as a ward's without its unit word.
const BARE_NUMBER: f64 = 0.8;
/// A split commune's parts: the default one gets its share ([`default_part_share`]), the others split
/// the rest.
const DEFAULT_PART_SHARE: f64 = 0.6;
/// The NSO table says everyone who lived there went to the default part: a home address is there,
/// unless it is of the unpeopled rest (fields, a workplace).
const WHOLE_POPULATION_SHARE: f64 = 0.8;

/// The default part's share of a split commune's confidence, by what the default rests on: a stated fact
/// about the residents beats a choice whose reason no source gives (an open dataset's, a reviewer's).
fn default_part_share(basis: Option<DefaultBasis>) -> f64 {
    match basis {
        Some(DefaultBasis::WholePopulation) => WHOLE_POPULATION_SHARE,
        Some(DefaultBasis::Review | DefaultBasis::OpenData) | None => DEFAULT_PART_SHARE,
    }
}

impl Engine {
    pub(super) fn answer(
        &self,
        index: &Index,
        input: &str,
        tokens: &[Token],
        hits: &[Hit],
        mut readings: Vec<Reading>,
        response: &mut ConvertResponse,
    ) {
        // Best first; among equals, the one that explains more words.
        readings.sort_by(|a, b| {
            let explained = |r: &Reading| r.parts().map(|p| p.claim_end - p.claim_start).sum::<usize>();
            b.score.total_cmp(&a.score).then(explained(b).cmp(&explained(a)))
        });
        let best = readings[0];
        // The readings offered: close to the best, each unit once, in place.
        readings.retain(|r| r.score >= best.score - CLOSE);
        let mut kept = 0;
        for i in 0..readings.len() {
            let unit = (readings[i].anchor, readings[i].commune.name.position);
            if kept < MAX_CANDIDATES && !readings[..kept].iter().any(|r| (r.anchor, r.commune.name.position) == unit) {
                readings[kept] = readings[i];
                kept += 1;
            }
        }
        readings.truncate(kept);
        let top = readings;
        // Readings that tie lead to different places (two that end in the same commune do not tie, nor
        // do the parts of one retired name that was split: "Phường 5" of Quận 6 went to two wards).
        let retired_parts = |r: &Reading| match r.commune.name.kind {
            NameKind::Retired(row) if r.anchor == Anchor::Old => self.retired_split(index, row),
            _ => 1,
        };
        let tied = || top.iter().filter(|r| r.score >= best.score - TIE);
        let ties = if tied().nth(1).is_none() {
            1
        } else {
            let mut tie_targets: Vec<Result<u32, Vec<&str>>> = Vec::new();
            for reading in tied() {
                let targets = match reading.commune.name.kind {
                    NameKind::Retired(row) if retired_parts(reading) > 1 => Ok(row),
                    _ => Err(self.targets(index, reading)),
                };
                if !tie_targets.contains(&targets) {
                    tie_targets.push(targets);
                }
            }
            tie_targets.len()
        };
        let tied_old = || tied().filter(|r| r.anchor == Anchor::Old && retired_parts(r) == 1);
        let same_name = tied_old().count();
        // Tied readings of one name are namesakes; of different names, different readings of the words.
        let name = |r: &Reading| &index.dataset.old_communes[r.commune.name.position as usize].name;
        let one_name = tied_old().next().is_none_or(|first| tied_old().all(|r| name(r) == name(first)));

        let mut reading_roles = Vec::with_capacity(tokens.len());
        fill_roles(&self.units, tokens, hits, &best, &mut reading_roles);
        response.parsed = parsed(input, tokens, &best, &reading_roles);
        let street = response.parsed.street.as_deref();
        for (n, reading) in top.iter().enumerate() {
            if n > 0 {
                fill_roles(&self.units, tokens, hits, reading, &mut reading_roles);
            }
            let (mut reasons, mut confidence) = self.doubts(index, input, tokens, hits, reading, &reading_roles);
            if ties > 1 && reading.anchor == Anchor::Old && same_name > 1 && one_name {
                reasons.push(Reason::SameName { count: same_name });
            }
            let parts = retired_parts(reading);
            if parts > 1 {
                reasons.push(Reason::Split { default: false, basis: None });
                confidence /= parts as f64;
            }
            confidence *= 1.0 / (1.0 + (best.score - reading.score).max(0.0)) / ties as f64;
            for candidate in self.candidates(index, reading, confidence, street, &reasons) {
                // One card per new commune: the likeliest reading that leads there, or the parts of one
                // split retired name together.
                let room = response.candidates.len() < MAX_CANDIDATES;
                match response.candidates.iter_mut().find(|c| c.code == candidate.code) {
                    Some(existing) if parts > 1 => {
                        existing.confidence = round((existing.confidence + candidate.confidence).min(1.0))
                    }
                    Some(_) => {}
                    None if room => response.candidates.push(candidate),
                    None => {}
                }
            }
        }
        response.hint_code = if same_name > 1 && ties > 1 && one_name {
            Some(Hint::SameName { count: same_name })
        } else if ties > 1 {
            Some(Hint::SeveralReadings { count: ties })
        } else if response.candidates.iter().filter(|c| c.old.is_some()).count() > 1
            && (response.candidates.first().is_some_and(|c| c.relation == Relation::Partial)
                || retired_parts(&best) > 1)
        {
            Some(Hint::Split)
        } else if response.candidates.first().is_some_and(|c| c.confidence < 1.0) {
            Some(Hint::Uncertain)
        } else {
            None
        };
    }

    /// How many old communes a retired name was split into that lead to different new communes (1 when
    /// all its parts ended in the same one).
    fn retired_split(&self, index: &Index, row: u32) -> usize {
        let earlier = &index.dataset.earlier_names[row as usize];
        let mut targets: Vec<&str> =
            earlier.old_commune_codes().flat_map(|code| index.successors(&code)).map(|t| t.new_code.as_str()).collect();
        targets.sort_unstable();
        targets.dedup();
        if targets.len() > 1 { earlier.code_list().count() } else { 1 }
    }

    /// The new communes a reading leads to, by code.
    fn targets<'i>(&self, index: &'i Index, reading: &Reading) -> Vec<&'i str> {
        let d = &index.dataset;
        let position = reading.commune.name.position as usize;
        let mut codes: Vec<&str> = match reading.anchor {
            Anchor::New => vec![d.new_communes[position].code.as_str()],
            Anchor::Island => index
                .district_successors(&d.old_districts[position].code)
                .into_iter()
                .map(|u| u.new_code.as_str())
                .collect(),
            Anchor::Old => self
                .units
                .successors_of(position as u32)
                .iter()
                .map(|&(new, _)| d.new_communes[new as usize].code.as_str())
                .collect(),
        };
        codes.sort_unstable();
        codes
    }

    /// Why a reading is not certain, and the confidence that leaves (before ties and closeness).
    fn doubts(
        &self,
        index: &Index,
        input: &str,
        tokens: &[Token],
        hits: &[Hit],
        reading: &Reading,
        roles: &[Role],
    ) -> (Vec<Reason>, f64) {
        let d = &index.dataset;
        let mut reasons = Vec::new();
        let mut confidence = 1.0;
        let text = |start: usize, end: usize| input[tokens[start].start..tokens[end - 1].end].to_owned();
        for part in reading.parts() {
            if part.typos > 0 {
                reasons.push(Reason::SpellingCorrected {
                    written: text(part.start, part.end),
                    read: self.name_of(index, part),
                });
                confidence *= SPELLING_CORRECTED;
            }
            if matches!(part.name.kind, NameKind::Before(_) | NameKind::Retired(_) | NameKind::Earlier) {
                let (effective, legal_basis) = match part.name.kind {
                    NameKind::Before(change) => {
                        let change = &d.changes[change as usize];
                        (Some(change.effective.clone()), Some(change.legal_basis.clone()))
                    }
                    NameKind::Retired(row) => {
                        let earlier = &d.earlier_names[row as usize];
                        (Some(earlier.effective.clone()), Some(earlier.legal_basis.clone()))
                    }
                    _ => (None, None),
                };
                reasons.push(Reason::EarlierName {
                    written: text(part.claim_start, part.claim_end),
                    now: self.full_name_of(index, part),
                    effective,
                    legal_basis,
                });
                confidence *= EARLIER_NAME;
            }
        }
        let commune = &reading.commune;
        if !matches!(commune.fit, UnitFit::Fits | UnitFit::OtherType)
            && reading.anchor != Anchor::Island
            && let Some(district) = hits.iter().find(|h| {
                h.name.level == Level::OldDistrict && h.typos == 0 && (h.start, h.end) == (commune.start, commune.end)
            })
        {
            reasons.push(Reason::AlsoDistrictName { district: self.full_name_of(index, district) });
            confidence *= ALSO_DISTRICT_NAME;
        }
        if commune.bare_number {
            reasons.push(Reason::BareNumber { written: text(commune.start, commune.end) });
            confidence *= BARE_NUMBER;
        }
        if commune.after_street_word {
            reasons.push(Reason::PlaceName { written: text(commune.start, commune.end) });
            confidence *= PLACE_NAME;
        }
        if reading.anchor == Anchor::Old && reading.district.is_none() {
            reasons.push(Reason::DistrictMissing);
            confidence *= DISTRICT_MISSING;
        }
        if reading.province.is_none() {
            reasons.push(Reason::ProvinceMissing);
            confidence *= if reading.district.is_some() { PROVINCE_MISSING_WITH_DISTRICT } else { PROVINCE_MISSING };
        }
        // A district or province written elsewhere in the input that this reading does not use.
        let unmatched = super::score::contradicting_parents(hits, roles);
        for parent in &unmatched {
            reasons.push(Reason::ParentNotMatched { written: text(parent.claim_start, parent.claim_end) });
        }
        if !unmatched.is_empty() {
            confidence *= PARENT_NOT_MATCHED;
        }
        let ignored: Vec<usize> = (0..tokens.len())
            .filter(|&i| matches!(roles[i], Role::Gap | Role::Trailing))
            .filter(|&i| !unmatched.iter().any(|h| (h.claim_start..h.claim_end).contains(&i)))
            .collect();
        if !ignored.is_empty() {
            let words: Vec<String> =
                ignored.iter().map(|&i| input[tokens[i].start..tokens[i].end].to_owned()).collect();
            reasons.push(Reason::WordsIgnored { words: words.join(" ") });
            confidence *= WORDS_IGNORED;
        }
        (reasons, confidence)
    }

    /// The dataset's name of the unit a hit reads (short, as people write it).
    fn name_of(&self, index: &Index, hit: &Hit) -> String {
        let d = &index.dataset;
        let p = hit.name.position as usize;
        match hit.name.level {
            Level::OldCommune => d.old_communes[p].name.clone(),
            Level::OldDistrict => d.old_districts[p].name.clone(),
            Level::OldProvince => d.old_provinces[p].name.clone(),
            Level::NewCommune => d.new_communes[p].name.clone(),
            Level::NewProvince => d.new_provinces[p].name.clone(),
        }
    }

    fn full_name_of(&self, index: &Index, hit: &Hit) -> String {
        let d = &index.dataset;
        let p = hit.name.position as usize;
        match hit.name.level {
            Level::OldCommune => d.old_communes[p].full_name.clone(),
            Level::OldDistrict => d.old_districts[p].full_name.clone(),
            Level::OldProvince => d.old_provinces[p].full_name.clone(),
            Level::NewCommune => d.new_communes[p].full_name.clone(),
            Level::NewProvince => d.new_provinces[p].full_name.clone(),
        }
    }

    fn candidates(
        &self,
        index: &Index,
        reading: &Reading,
        confidence: f64,
        street: Option<&str>,
        reasons: &[Reason],
    ) -> Vec<ConvertCandidate> {
        let d = &index.dataset;
        // One new commune as a candidate, with the address written the new way from the dataset.
        // New communes and their provinces by position, from the engine's tables: no look-up by code.
        let candidate =
            |position: usize, relation, default, confidence: f64, old: Option<OldMatch>, extra: Option<Reason>| {
                let commune: &NewCommune = &d.new_communes[position];
                let province = d.new_provinces.get(self.units.new_communes[position].province as usize)?;
                let new_address = match street {
                    Some(street) => format!("{street}, {}, {}", commune.full_name, province.full_name),
                    None => format!("{}, {}", commune.full_name, province.full_name),
                };
                let mut reasons = reasons.to_vec();
                reasons.extend(extra);
                Some(ConvertCandidate {
                    code: commune.code.clone(),
                    name: commune.full_name.clone(),
                    province_code: commune.province_code.clone(),
                    province_name: province.full_name.clone(),
                    relation,
                    default,
                    confidence: round(confidence),
                    new_address,
                    old,
                    reasons,
                    reason_texts: vec![],
                })
            };
        let position = reading.commune.name.position as usize;
        match reading.anchor {
            Anchor::New => candidate(position, Relation::Whole, true, confidence, None, None).into_iter().collect(),
            Anchor::Island => {
                let district = &d.old_districts[position];
                let old_match = OldMatch {
                    code: district.code.to_string(),
                    name: district.full_name.clone(),
                    district: district.full_name.clone(),
                    province: index
                        .old_province(&district.province_code)
                        .map(|p| p.full_name.clone())
                        .unwrap_or_default(),
                };
                index
                    .district_successors(&district.code)
                    .into_iter()
                    .filter_map(|u| d.new_communes.binary_search_by(|c| c.code.cmp(&u.new_code)).ok())
                    .filter_map(|c| candidate(c, Relation::Whole, true, confidence, Some(old_match.clone()), None))
                    .collect()
            }
            Anchor::Old => {
                let old = &d.old_communes[position];
                let unit = self.units.old_communes[position];
                let old_match = OldMatch {
                    code: old.code.to_string(),
                    name: old.full_name.clone(),
                    district: d
                        .old_districts
                        .get(unit.district as usize)
                        .map(|x| x.full_name.clone())
                        .unwrap_or_default(),
                    province: d
                        .old_provinces
                        .get(unit.province as usize)
                        .map(|p| p.full_name.clone())
                        .unwrap_or_default(),
                };
                let successors = self.units.successors_of(position as u32);
                let parts = successors.len();
                // The default part's share sets the others' too.
                let default_share = successors
                    .iter()
                    .map(|&(_, t)| &d.transitions[t as usize])
                    .find(|t| t.default)
                    .map_or(DEFAULT_PART_SHARE, |t| default_part_share(t.default_basis));
                successors
                    .iter()
                    .filter_map(|&(new, t)| {
                        let t = &d.transitions[t as usize];
                        let (share, split) = match parts {
                            1 => (1.0, None),
                            _ if t.default => {
                                (default_share, Some(Reason::Split { default: true, basis: t.default_basis }))
                            }
                            _ => (
                                (1.0 - default_share) / (parts - 1) as f64,
                                Some(Reason::Split { default: false, basis: None }),
                            ),
                        };
                        candidate(
                            new as usize,
                            t.relation,
                            t.default,
                            confidence * share,
                            Some(old_match.clone()),
                            split,
                        )
                    })
                    .collect()
            }
        }
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The parts of the input as typed, for the best reading. The street part is what comes before the
/// first word the reading explains, without a dangling unit word or separator at its end.
fn parsed(input: &str, tokens: &[Token], best: &Reading, roles: &[Role]) -> ParsedAddress {
    let text =
        |hit: Option<&Hit>| hit.map(|h| input[tokens[h.claim_start].start..tokens[h.claim_end - 1].end].to_owned());
    let first = roles.iter().position(|r| *r != Role::Street).unwrap_or(tokens.len());
    // Unit words, labels and separators left at the end of the street part belong to no street.
    let mut street_end = first;
    loop {
        match (street_end.checked_sub(1), street_end.checked_sub(2)) {
            (Some(one), _) if tokens[one].unit.is_some_and(|u| u.len == 1) => street_end -= 1,
            (_, Some(two)) if tokens[two].unit.is_some_and(|u| u.len == 2) => street_end -= 2,
            _ => break,
        }
    }
    let street = match street_end {
        0 => String::new(),
        end => without_notes(&input[..tokens[end - 1].end]),
    };
    ParsedAddress {
        street: (!street.is_empty()).then_some(street),
        commune: text(Some(&best.commune)),
        district: text(best.district.as_ref()),
        province: text(best.province.as_ref()),
    }
}

/// The text without bracketed notes ("Hẻm 12 (gần chợ)" → "Hẻm 12"), spaces collapsed, separators
/// trimmed: what goes on a form.
fn without_notes(text: &str) -> String {
    let separator = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | '-' | '/' | ':' | '.' | '|');
    if !text.contains(['(', '[', '{', ')', ']', '}']) && !text.contains("  ") && !text.contains(['\t', '\n']) {
        return text.trim_matches(separator).to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.trim_matches(separator).to_owned()
}

#[cfg(test)]
mod tests {
    use super::without_notes;

    #[test]
    fn notes_and_dangling_separators_leave_the_street_part() {
        assert_eq!(without_notes("Hẻm 12 (gần chợ Bến Thành"), "Hẻm 12");
        assert_eq!(without_notes("12 Nguyễn Trãi /"), "12 Nguyễn Trãi");
        assert_eq!(without_notes("Số 5 (cũ) ngõ 2,  "), "Số 5 ngõ 2");
        assert_eq!(without_notes("18/2 Tô Ký"), "18/2 Tô Ký");
    }
}
