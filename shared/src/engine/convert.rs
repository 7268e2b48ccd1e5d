//! Free-text address → new commune. Every run of words that names a unit is found, at any level and
//! anywhere in the input ([`super::read`]); the consistent chains commune ⊂ district ⊂ province are
//! scored by how much of the input they explain ([`super::score`]); the best ones become the answer
//! ([`super::answer`]). Typos are tried only where the exact reading leaves part of the input unexplained.

use super::Engine;
use super::normalize::{Token, read_tokens};
use super::read::{
    Hit, TypoScope, UnitFit, abbreviation_hits, exact_hits, is_commune_level, nationwide_typo_hits, typo_hits,
};
use super::score::{Anchor, Reading, Role, readings, roles};
use super::units::Level;
use crate::answers::{ConvertResponse, Hint, ParsedAddress};
use crate::model::Index;

/// Longest input read, in characters; longer input is refused with a hint rather than processed.
pub const MAX_INPUT_CHARS: usize = 500;

/// Whether `text` is over [`MAX_INPUT_CHARS`] once in NFC: decomposed Vietnamese (a letter, then its
/// marks, as some keyboards and PDFs write it) counts as it reads, not as its code points. Reads at
/// most the first 501 characters' worth.
pub fn too_long(text: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    // NFC never writes more characters than the text has bytes (its longest expansions, such as U+FB2C
    // into three characters, come from characters of at least as many bytes): most addresses stop here,
    // without an NFC pass on the conversion's hot path.
    if text.len() <= MAX_INPUT_CHARS {
        return false;
    }
    text.nfc().take(MAX_INPUT_CHARS + 1).count() > MAX_INPUT_CHARS
}

/// Whether [`too_long`] is certainly true, decided without Unicode tables (NFC's, or even the list of
/// combining marks, would add 9 to 55 KB gzip to the browser app): over the limit as typed, in letters
/// that NFC leaves as they are (below U+0300, and the precomposed Vietnamese letters of Latin Extended
/// Additional). For anything else the server decides.
pub fn surely_too_long(text: &str) -> bool {
    let kept_by_nfc = |c: char| c < '\u{300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c);
    text.chars().count() > MAX_INPUT_CHARS && text.chars().all(kept_by_nfc)
}

/// Readings below this explain too little to be offered: a commune named alone, without support,
/// scores about 4, with a typo about 2.5; one that the rest of the input contradicts, less.
const MIN_SCORE: f64 = 1.5;
/// A reading this good (a commune with its district and province, or a new commune with its province,
/// all exact) is not second-guessed: only the words it leaves are compared with typos.
const STRONG_SCORE: f64 = 10.0;

impl Engine {
    /// Converts one free-text address. Never panics; unusable input gets no candidates and a hint.
    /// Texts are not filled in: see [`ConvertResponse::localize`].
    pub fn convert(&self, index: &Index, input: &str) -> ConvertResponse {
        let mut response = ConvertResponse {
            input: input.to_owned(),
            parsed: ParsedAddress::default(),
            candidates: vec![],
            hint_code: None,
            hint: None,
        };
        if too_long(input) {
            response.hint_code = Some(Hint::TooLong { max: MAX_INPUT_CHARS });
            return response;
        }
        let tokens = read_tokens(input);
        if !tokens.iter().any(|t| !t.country && t.folded().bytes().any(|b| b.is_ascii_alphabetic())) {
            response.hint_code = Some(Hint::NoName);
            return response;
        }
        let mut hits = exact_hits(&self.units, &tokens);
        drop_provinces_read_as_communes(&tokens, &mut hits);
        let mut found = self.offerable_readings(&tokens, &hits);
        let best = best_of(&found);
        if needs_typos(&self.units, &tokens, &hits, best.as_ref()) {
            // Words a strong reading explains are not retyped; a weak reading may have misread them.
            let open: Vec<bool> = match &best {
                Some(reading) if reading.score >= STRONG_SCORE => roles(&self.units, &tokens, &hits, reading)
                    .iter()
                    .map(|role| matches!(role, Role::Street | Role::Gap | Role::Trailing))
                    .collect(),
                _ => tokens.iter().map(|t| !t.country).collect(),
            };
            let strong = best.is_some_and(|b| b.score >= STRONG_SCORE);
            self.add_typo_hits(index, &tokens, &open, !strong, &mut hits);
            drop_provinces_read_as_communes(&tokens, &mut hits);
            found = self.offerable_readings(&tokens, &hits);
            // Nothing in scope to look within: the whole country, if words are left unexplained.
            let unscoped = match best_of(&found) {
                None => true,
                // A closer spelling may be elsewhere than a corrected one without parents, or one that
                // leaves words unread.
                Some(b) => {
                    b.district.is_none()
                        && b.province.is_none()
                        && (b.commune.typos > 0
                            || roles(&self.units, &tokens, &hits, &b).iter().zip(&tokens).any(
                                |(role, token)| match role {
                                    Role::Gap | Role::Trailing => !token.is_number(),
                                    Role::Street => token.unit.is_some(),
                                    _ => false,
                                },
                            ))
                }
            };
            if unscoped {
                self.add_nationwide_typo_hits(&tokens, &open, &mut hits);
                found = self.offerable_readings(&tokens, &hits);
            }
        }
        if found.is_empty() {
            // A district or province alone names no commune; a commune written with its unit word that
            // the rest contradicts does not match.
            let communes_read = hits.iter().any(|h| {
                h.typos == 0 && is_commune_level(h.name.level) && matches!(h.fit, UnitFit::Fits | UnitFit::OtherType)
            });
            response.hint_code = Some(match parents_read(input, &tokens, &hits) {
                Some(read) if !communes_read => Hint::CommuneMissing { read },
                _ => Hint::NoMatch,
            });
            return response;
        }
        self.answer(index, input, &tokens, &hits, found, &mut response);
        response
    }

    /// The readings worth offering: within reach of the best, and explaining enough of the input.
    fn offerable_readings(&self, tokens: &[Token], hits: &[Hit]) -> Vec<Reading> {
        let mut found = readings(&self.units, tokens, hits, super::answer::CLOSE);
        found.retain(|r| r.score >= MIN_SCORE);
        found
    }

    /// Names within the scope of what was read that match open words (those the exact reading left
    /// unexplained) with a few edits: provinces anywhere, districts within a province read, communes
    /// within a district or province read; districts nationwide where no province was read.
    fn add_typo_hits(&self, index: &Index, tokens: &[Token], open: &[bool], weak: bool, hits: &mut Vec<Hit>) {
        let units = &self.units;
        let d = &index.dataset;
        let all = |level| 0..units.count(level) as u32;
        typo_hits(units, tokens, open, Level::OldProvince, all(Level::OldProvince), TypoScope::Provinces, hits);
        typo_hits(units, tokens, open, Level::NewProvince, all(Level::NewProvince), TypoScope::Provinces, hits);
        // Old provinces in scope: those named, and those a named new province absorbed.
        let mut old_provinces: Vec<u32> = Vec::new();
        for hit in hits.iter().filter(|h| h.name.level.is_province()) {
            match hit.name.level {
                Level::OldProvince => old_provinces.push(hit.name.position),
                _ => old_provinces.extend(
                    (0..units.old_province_to_new.len() as u32)
                        .filter(|&p| units.old_province_to_new[p as usize] == hit.name.position),
                ),
            }
        }
        old_provinces.sort_unstable();
        old_provinces.dedup();
        if old_provinces.is_empty() && weak {
            typo_hits(units, tokens, open, Level::OldDistrict, all(Level::OldDistrict), TypoScope::Nationwide, hits);
        } else {
            let districts = old_provinces
                .iter()
                .flat_map(|&p| index.old_district_positions_of(&d.old_provinces[p as usize].code).iter().copied());
            typo_hits(units, tokens, open, Level::OldDistrict, districts.clone(), TypoScope::Within, hits);
            abbreviation_hits(units, tokens, open, Level::OldDistrict, districts, hits);
        }
        // Communes of the districts read (exactly or not), else of the provinces read.
        let mut read_districts: Vec<u32> =
            hits.iter().filter(|h| h.name.level == Level::OldDistrict).map(|h| h.name.position).collect();
        read_districts.sort_unstable();
        read_districts.dedup();
        let communes: Vec<u32> = read_districts
            .iter()
            .flat_map(|&x| index.old_commune_positions_of(&d.old_districts[x as usize].code).iter().copied())
            .collect();
        typo_hits(units, tokens, open, Level::OldCommune, communes.iter().copied(), TypoScope::Within, hits);
        abbreviation_hits(units, tokens, open, Level::OldCommune, communes.iter().copied(), hits);
        if read_districts.is_empty() {
            let province_communes =
                old_provinces.iter().flat_map(|&p| units.old_communes_of_province[p as usize].iter().copied());
            typo_hits(units, tokens, open, Level::OldCommune, province_communes, TypoScope::Within, hits);
        }
        let mut new_provinces: Vec<u32> =
            old_provinces.iter().map(|&p| units.old_province_to_new[p as usize]).collect();
        new_provinces.sort_unstable();
        new_provinces.dedup();
        let new_communes = new_provinces
            .iter()
            .flat_map(|&p| index.new_commune_positions_of(&d.new_provinces[p as usize].code).iter().copied());
        typo_hits(units, tokens, open, Level::NewCommune, new_communes, TypoScope::Within, hits);
    }

    /// Communes of the whole country that match open words with a few edits: the last resort, when
    /// nothing in scope reads.
    fn add_nationwide_typo_hits(&self, tokens: &[Token], open: &[bool], hits: &mut Vec<Hit>) {
        nationwide_typo_hits(&self.units, tokens, open, hits);
    }
}

/// The district and province read exactly (the longest of each level), as typed: what an input that
/// names no commune did name.
fn parents_read(input: &str, tokens: &[Token], hits: &[Hit]) -> Option<String> {
    let longest = |district: bool| {
        hits.iter()
            .filter(|h| h.typos == 0 && !is_commune_level(h.name.level))
            .filter(|h| (h.name.level == Level::OldDistrict) == district)
            .max_by_key(|h| (h.claim_end - h.claim_start, h.claim_end))
    };
    let mut parts: Vec<&Hit> = [longest(true), longest(false)].into_iter().flatten().collect();
    parts.sort_by_key(|h| h.claim_start);
    parts.dedup_by(|b, a| a.overlaps(b));
    let texts: Vec<&str> =
        parts.iter().map(|h| &input[tokens[h.claim_start].start..tokens[h.claim_end - 1].end]).collect();
    (!texts.is_empty()).then(|| texts.join(", "))
}

/// The best-scored reading.
pub(super) fn best_of(readings: &[Reading]) -> Option<Reading> {
    readings.iter().copied().max_by(|a, b| a.score.total_cmp(&b.score))
}

/// A province's name read as a commune of the same name where it stands as a province is never a
/// reading: a commune hit inside a longer province name ("Chí Minh" in "Hồ Chí Minh"), or on the same
/// words as a province at the end of the input ("Hải Phong" for "Hải Phòng"), is dropped unless a
/// commune's unit word stands before it.
fn drop_provinces_read_as_communes(tokens: &[Token], hits: &mut Vec<Hit>) {
    let last_end = hits.iter().map(|h| h.claim_end).max().unwrap_or(0);
    let provinces: Vec<(usize, usize, bool)> = hits
        .iter()
        .filter(|h| h.name.level.is_province() && h.typos == 0)
        .map(|h| (h.start, h.end, h.claim_end == last_end))
        .collect();
    if provinces.is_empty() {
        return;
    }
    hits.retain(|h| {
        let whole_input = h.claim_start == 0 && h.claim_end == tokens.len();
        let stands_as_province = provinces
            .iter()
            .any(|&(start, end, at_end)| start <= h.start && h.end <= end && (end - start > h.end - h.start || at_end));
        !(stands_as_province && is_commune_level(h.name.level) && h.fit == UnitFit::None && !whole_input)
    });
}

/// Whether the exact reading leaves something a typo may explain: no reading, a missing level, words
/// left between or after the parts, or a sure unit word left in the street part.
fn needs_typos(units: &super::units::Units, tokens: &[Token], hits: &[Hit], best: Option<&Reading>) -> bool {
    let Some(best) = best else { return true };
    if best.province.is_none() || (best.anchor == Anchor::Old && best.district.is_none()) {
        return true;
    }
    if best.score < STRONG_SCORE || !matches!(best.commune.fit, UnitFit::None | UnitFit::Fits | UnitFit::OtherType) {
        return true;
    }
    roles(units, tokens, hits, best).iter().zip(tokens).any(|(role, token)| match role {
        Role::Gap | Role::Trailing => !token.is_number() && !token.in_note,
        Role::Street => token.unit.is_some(),
        _ => false,
    })
}
