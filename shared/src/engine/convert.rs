//! Free-text address → new commune. Read right to left: province, district, commune, and whatever is
//! left before them is the street part (kept verbatim). Each level is looked up by name key within its
//! parent, exactly first and with typos allowed only where nothing matches exactly.

use super::normalize::{Token, UnitWord, is_country, mark_unit_words, tokenize};
use super::{Engine, Keys, allowed_typos};
use crate::answers::{ConvertCandidate, ConvertResponse, OldMatch, ParsedAddress};
use crate::model::Index;
use crate::model::Relation;

/// Longest input read, in characters; longer input is refused with a hint rather than processed.
pub const MAX_INPUT_CHARS: usize = 500;
/// Longest name, in tokens, tried at each level ("Văn Miếu - Quốc Tử Giám" has 5).
const MAX_NAME_TOKENS: usize = 6;
/// Words after the province that may be ignored when nothing is read otherwise.
const MAX_TRAILING_WORDS: usize = 3;
/// A commune and a province named exactly score about 10; a commune alone about 6.
const MIN_SCORE_IGNORING_WORDS: f64 = 8.0;
/// Candidates returned at most.
const MAX_CANDIDATES: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Province,
    District,
    Commune,
}

/// A run of tokens `[start, end)` read as a unit of some level, with its position in the dataset.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    position: u32,
    /// Edits needed to match the name (0 = exact).
    typos: usize,
    /// The input's tone marks agree with the name's.
    toned: bool,
    /// The unit word written before the name (if any) fits the unit's type.
    type_agrees: bool,
    /// The hit is the new province that absorbed this old one (the input named the new province).
    via_new_province: bool,
}

/// An old commune read from the input, with everything that supports it.
#[derive(Debug, Clone)]
struct Reading {
    score: f64,
    commune: Hit,
    district: Option<Hit>,
    province: Option<Hit>,
    /// Reads a new commune (the input was already a new address).
    new: bool,
    /// Every level is named, exactly, and no word is left between them.
    complete: bool,
    /// `commune` is an island district that had no communes and became a special zone as a whole.
    island: bool,
}

impl Engine {
    /// Converts one free-text address. Never panics; unusable input gets no candidates and a hint.
    pub fn convert(&self, index: &Index, input: &str) -> ConvertResponse {
        let mut response = ConvertResponse {
            input: input.to_owned(),
            parsed: ParsedAddress::default(),
            candidates: vec![],
            hint: None,
        };
        if input.chars().count() > MAX_INPUT_CHARS {
            response.hint = Some(format!(
                "Địa chỉ quá dài (tối đa {MAX_INPUT_CHARS} ký tự). / The address is too long (at most {MAX_INPUT_CHARS} characters)."
            ));
            return response;
        }
        let mut tokens = tokenize(input);
        mark_unit_words(input, &mut tokens);
        if !tokens.iter().any(|t| t.folded.bytes().any(|b| b.is_ascii_alphabetic())) {
            response.hint = Some(
                "Hãy nhập tên xã/phường cũ, kèm huyện và tỉnh nếu có. / Type the old commune's name, with its district and province if you know them."
                    .to_owned(),
            );
            return response;
        }
        let end = {
            let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
            tokens.len() - is_country(&folded)
        };

        // Exact names first; typos are tried only when that leaves part of the address unexplained:
        // no reading names every level, or a unit word is left in what would be the street part.
        let mut readings = self.old_readings(index, &tokens, end, false);
        readings.extend(self.new_readings(index, &tokens, end, false));
        let explained = |r: &Reading| r.complete && !tokens[..r.commune.start].iter().any(|t| t.unit.is_some());
        if !readings.iter().any(explained) {
            readings.extend(self.old_readings(index, &tokens, end, true));
            readings.extend(self.new_readings(index, &tokens, end, true));
        }
        // Nothing read: the address may end with words that are not a unit (a postcode, "(cũ)").
        for skipped in 1..=MAX_TRAILING_WORDS.min(end.saturating_sub(1)) {
            if !readings.is_empty() {
                break;
            }
            for mut reading in self
                .old_readings(index, &tokens, end - skipped, true)
                .into_iter()
                .chain(self.new_readings(index, &tokens, end - skipped, true))
            {
                reading.score -= 1.5 * skipped as f64;
                // Only a reading that names more than a commune is worth ignoring words for.
                if reading.score >= MIN_SCORE_IGNORING_WORDS {
                    readings.push(reading);
                }
            }
        }
        readings.sort_by(|a, b| b.score.total_cmp(&a.score));
        let Some(best) = readings.first().cloned() else {
            response.hint = Some(
                "Không tìm thấy xã/phường nào khớp. Kiểm tra chính tả hoặc thêm tên huyện, tỉnh. / No commune matches; check the spelling or add the district and province."
                    .to_owned(),
            );
            return response;
        };

        // Keep every reading as good as the best (ambiguity), and close runners-up.
        let mut seen_old = std::collections::HashSet::new();
        let top: Vec<&Reading> = readings
            .iter()
            .filter(|r| r.score >= best.score - 3.0)
            .filter(|r| seen_old.insert((r.new, r.island, r.commune.position)))
            .take(MAX_CANDIDATES)
            .collect();
        let ties = top.iter().filter(|r| r.score >= best.score - 0.25).count();
        let old_ties = top.iter().filter(|r| !r.new && r.score >= best.score - 0.25).count();

        response.parsed = parsed(input, &tokens, &best);
        let street = response.parsed.street.clone();
        for reading in &top {
            let certainty = certainty(reading, &best, ties);
            for candidate in self.candidates(index, reading, certainty, street.as_deref()) {
                if response.candidates.len() < MAX_CANDIDATES
                    && !response
                        .candidates
                        .iter()
                        .any(|c: &ConvertCandidate| c.code == candidate.code && c.old == candidate.old)
                {
                    response.candidates.push(candidate);
                }
            }
        }
        response.hint = hint(&best, old_ties, &response.candidates);
        response
    }

    /// Readings as an old address: province? → district? → commune.
    fn old_readings(&self, index: &Index, tokens: &[Token], end: usize, typos: bool) -> Vec<Reading> {
        let d = &index.dataset;
        let mut readings = Vec::new();
        let mut provinces = self.province_hits(index, tokens, end, typos);
        provinces.push(None);
        for province in provinces {
            let district_end = province.map_or(end, |p| p.start);
            // The old provinces in scope: the one named, or those a named new province absorbed.
            let old_provinces: Option<Vec<&str>> = province.map(|p| {
                if p.via_new_province {
                    d.new_provinces[p.position as usize].absorbed.split_whitespace().collect()
                } else {
                    vec![d.old_provinces[p.position as usize].code.as_str()]
                }
            });
            let district_scope = old_provinces.as_ref().map(|codes| Scope {
                contains: Box::new(move |position| {
                    codes.contains(&d.old_districts[position as usize].province_code.as_str())
                }),
                members: Box::new(move || {
                    codes.iter().flat_map(|code| index.old_district_positions_of(code)).copied().collect()
                }),
            });
            let district_type = |position: u32| d.old_districts[position as usize].unit_type.as_str();
            let mut districts: Vec<Option<Hit>> = self
                .hits(
                    tokens,
                    district_end,
                    Level::District,
                    &self.old_districts,
                    district_scope.as_ref(),
                    typos,
                    district_type,
                )
                .into_iter()
                .map(Some)
                .collect();
            // Island districts without communes (Côn Đảo, Lý Sơn, ...) are read like a commune.
            for district in districts.iter().flatten() {
                if !index.district_successors(&d.old_districts[district.position as usize].code).is_empty() {
                    let score = score(tokens, end, district, None, province.as_ref(), false) + 4.0;
                    let complete = is_complete(end, district, None, province.as_ref(), true);
                    readings.push(Reading {
                        score,
                        commune: *district,
                        district: None,
                        province,
                        new: false,
                        complete,
                        island: true,
                    });
                }
            }
            districts.push(None);
            for district in districts {
                let commune_end = district.map_or(district_end, |x| x.start);
                let commune_scope = match (district, &old_provinces) {
                    (Some(x), _) => {
                        let code = d.old_districts[x.position as usize].code.as_str();
                        Some(Scope {
                            contains: Box::new(move |position| d.old_communes[position as usize].district_code == code),
                            members: Box::new(move || index.old_commune_positions_of(code).to_vec()),
                        })
                    }
                    (None, Some(codes)) => Some(Scope {
                        contains: Box::new(move |position| {
                            codes.contains(&d.old_communes[position as usize].province_code.as_str())
                        }),
                        members: Box::new(move || {
                            codes
                                .iter()
                                .flat_map(|code| index.old_district_positions_of(code))
                                .flat_map(|&x| index.old_commune_positions_of(&d.old_districts[x as usize].code))
                                .copied()
                                .collect()
                        }),
                    }),
                    (None, None) => None,
                };
                let commune_type = |position: u32| d.old_communes[position as usize].unit_type.as_str();
                let communes = self.hits(
                    tokens,
                    commune_end,
                    Level::Commune,
                    &self.old_communes,
                    commune_scope.as_ref(),
                    typos,
                    commune_type,
                );
                for commune in communes {
                    let score = score(tokens, end, &commune, district.as_ref(), province.as_ref(), true);
                    let complete = is_complete(end, &commune, district.as_ref(), province.as_ref(), false);
                    readings.push(Reading { score, commune, district, province, new: false, complete, island: false });
                }
            }
        }
        readings
    }

    /// Readings as a new address: province? → commune (no districts since 2025).
    fn new_readings(&self, index: &Index, tokens: &[Token], end: usize, typos: bool) -> Vec<Reading> {
        let d = &index.dataset;
        let mut readings = Vec::new();
        let province_type = |position: u32| d.new_provinces[position as usize].unit_type.as_str();
        let mut provinces: Vec<Option<Hit>> = self
            .exact_hits(tokens, end, Level::Province, &self.new_provinces, None, province_type)
            .into_iter()
            .map(Some)
            .collect();
        provinces.push(None);
        for province in provinces {
            let commune_end = province.map_or(end, |p| p.start);
            let scope = province.map(|p| {
                let code = d.new_provinces[p.position as usize].code.as_str();
                Scope {
                    contains: Box::new(move |position| d.new_communes[position as usize].province_code == code),
                    members: Box::new(move || index.new_commune_positions_of(code).to_vec()),
                }
            });
            let commune_type = |position: u32| d.new_communes[position as usize].unit_type.as_str();
            let communes =
                self.hits(tokens, commune_end, Level::Commune, &self.new_communes, scope.as_ref(), typos, commune_type);
            for commune in communes {
                // A new address has no district; one written in the input means it is an old address.
                let score = score(tokens, end, &commune, None, province.as_ref(), false) - 0.5;
                let complete = is_complete(end, &commune, None, province.as_ref(), true);
                readings.push(Reading { score, commune, district: None, province, new: true, complete, island: false });
            }
        }
        readings
    }

    /// The province read at the end of the input: an old province, or a new one (then `via_new_province`).
    /// Typos are tried only when no province is named exactly.
    fn province_hits(&self, index: &Index, tokens: &[Token], end: usize, typos: bool) -> Vec<Option<Hit>> {
        let d = &index.dataset;
        let old_type = |position: u32| d.old_provinces[position as usize].unit_type.as_str();
        let new_type = |position: u32| d.new_provinces[position as usize].unit_type.as_str();
        let mut old = self.exact_hits(tokens, end, Level::Province, &self.old_provinces, None, old_type);
        let mut new = self.exact_hits(tokens, end, Level::Province, &self.new_provinces, None, new_type);
        if typos && old.is_empty() && new.is_empty() {
            let all_old = Scope {
                contains: Box::new(|_| true),
                members: Box::new(|| (0..d.old_provinces.len() as u32).collect()),
            };
            let all_new = Scope {
                contains: Box::new(|_| true),
                members: Box::new(|| (0..d.new_provinces.len() as u32).collect()),
            };
            old = self.typo_hits(tokens, end, Level::Province, &self.old_provinces, &all_old, old_type);
            new = self.typo_hits(tokens, end, Level::Province, &self.new_provinces, &all_new, new_type);
        }
        for hit in &mut new {
            hit.via_new_province = true;
        }
        old.into_iter().chain(new).map(Some).collect()
    }

    /// Units of one level named by a run of tokens ending at `end`, within `scope` if given: exactly,
    /// or else, within a scope, with typos.
    #[allow(clippy::too_many_arguments)] // the look-up's parts, each used once; a struct would only wrap them
    fn hits<'a>(
        &self,
        tokens: &[Token],
        end: usize,
        level: Level,
        keys: &Keys,
        scope: Option<&Scope>,
        typos: bool,
        unit_type_of: impl Fn(u32) -> &'a str,
    ) -> Vec<Hit> {
        let exact = self.exact_hits(tokens, end, level, keys, scope, &unit_type_of);
        match scope {
            Some(scope) if typos && exact.is_empty() => self.typo_hits(tokens, end, level, keys, scope, &unit_type_of),
            _ => exact,
        }
    }

    fn exact_hits<'a>(
        &self,
        tokens: &[Token],
        end: usize,
        level: Level,
        keys: &Keys,
        scope: Option<&Scope>,
        unit_type_of: impl Fn(u32) -> &'a str,
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        if end == 0 {
            return hits;
        }
        let mut key = String::new();
        for window in &windows(tokens, end, level) {
            let name = &tokens[window.name_start..window.end];
            key.clear();
            name.iter().for_each(|t| key.push_str(&t.folded));
            // A bare number ("Phường 8", "khu phố 2") names nothing without its district or province.
            if scope.is_none() && key.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            for &position in keys.get(&key) {
                if scope.is_none_or(|scope| (scope.contains)(position)) {
                    let toned = tones_agree(name, &keys.toned[position as usize]);
                    hits.push(hit(window, position, 0, toned, &unit_type_of));
                }
            }
            // A numbered unit's earlier name is known with its unit word ("phuong8", "f8"): try the
            // whole window too.
            if window.name_start > window.start && key.bytes().all(|b| b.is_ascii_digit()) {
                let whole: String = tokens[window.start..window.end].iter().map(|t| t.folded.as_str()).collect();
                for &position in keys.get(&whole) {
                    if scope.is_none_or(|scope| (scope.contains)(position)) {
                        hits.push(hit(window, position, 0, false, &unit_type_of));
                    }
                }
            }
        }
        hits
    }

    /// Names within `scope` that a run of tokens matches with a few edits (see [`allowed_typos`]).
    fn typo_hits<'a>(
        &self,
        tokens: &[Token],
        end: usize,
        level: Level,
        keys: &Keys,
        scope: &Scope,
        unit_type_of: impl Fn(u32) -> &'a str,
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        if end == 0 {
            return hits;
        }
        let members = (scope.members)();
        for window in &windows(tokens, end, level) {
            let key: String = tokens[window.name_start..window.end].iter().map(|t| t.folded.as_str()).collect();
            let allowed = allowed_typos(key.len());
            if allowed == 0 {
                continue;
            }
            for &position in &members {
                let best = keys.of_unit[position as usize]
                    .iter()
                    .filter(|k| k.len().abs_diff(key.len()) <= allowed)
                    .map(|k| strsim::osa_distance(k, &key))
                    .min();
                if let Some(typos) = best.filter(|&typos| typos <= allowed) {
                    hits.push(hit(window, position, typos, false, &unit_type_of));
                }
            }
        }
        hits
    }

    fn candidates(
        &self,
        index: &Index,
        reading: &Reading,
        certainty: f64,
        street: Option<&str>,
    ) -> Vec<ConvertCandidate> {
        let d = &index.dataset;
        // One new commune as a candidate, with the address written the new way.
        let candidate =
            |commune: &crate::model::NewCommune, relation, default, confidence: f64, old: Option<OldMatch>| {
                let province = index.new_province(&commune.province_code).expect("communes point to provinces");
                let new_address = match street {
                    Some(street) => format!("{street}, {}, {}", commune.full_name, province.full_name),
                    None => format!("{}, {}", commune.full_name, province.full_name),
                };
                ConvertCandidate {
                    code: commune.code.clone(),
                    name: commune.full_name.clone(),
                    province_code: commune.province_code.clone(),
                    province_name: province.full_name.clone(),
                    relation,
                    default,
                    confidence: round(confidence),
                    new_address,
                    old,
                }
            };
        if reading.new {
            let commune = &d.new_communes[reading.commune.position as usize];
            return vec![candidate(commune, Relation::Whole, true, certainty, None)];
        }
        if reading.island {
            let district = &d.old_districts[reading.commune.position as usize];
            let old_match = OldMatch {
                code: district.code.clone(),
                name: district.full_name.clone(),
                district: district.full_name.clone(),
                province: index.old_province(&district.province_code).map(|p| p.full_name.clone()).unwrap_or_default(),
            };
            return index
                .district_successors(&district.code)
                .into_iter()
                .filter_map(|u| index.new_commune(&u.new_code))
                .map(|commune| candidate(commune, Relation::Whole, true, certainty, Some(old_match.clone())))
                .collect();
        }
        let old = &d.old_communes[reading.commune.position as usize];
        let old_match = OldMatch {
            code: old.code.clone(),
            name: old.full_name.clone(),
            district: index.old_district(&old.district_code).map(|x| x.full_name.clone()).unwrap_or_default(),
            province: index.old_province(&old.province_code).map(|p| p.full_name.clone()).unwrap_or_default(),
        };
        let successors = index.successors(&old.code);
        let parts = successors.len();
        successors
            .into_iter()
            .filter_map(|t| {
                // For a split commune, the default part is the likelier; the others share the rest.
                let share = if parts == 1 {
                    1.0
                } else if t.default {
                    0.6
                } else {
                    0.4 / (parts - 1) as f64
                };
                let commune = index.new_commune(&t.new_code)?;
                Some(candidate(commune, t.relation, t.default, certainty * share, Some(old_match.clone())))
            })
            .collect()
    }
}

/// The units a level may be looked up among: a membership test for exact look-ups, and the list of
/// members for the slower typo-tolerant comparison.
struct Scope<'s> {
    contains: Box<dyn Fn(u32) -> bool + 's>,
    members: Box<dyn Fn() -> Vec<u32> + 's>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    start: usize,
    end: usize,
    /// First token of the name (after the unit word, if one starts the window).
    name_start: usize,
    /// The unit type the leading unit word names ("Xã", "Thị trấn", ...); empty without one.
    unit_type: &'static str,
}

/// Runs of tokens ending at `end` that could name a unit of `level`, within one comma segment. A run
/// that starts with a fitting unit word is tried without it; a word that may be a unit word or a name
/// ("phuong") can also be part of the name; a surely written unit word ("Phường") cannot.
fn windows(tokens: &[Token], end: usize, level: Level) -> Vec<Window> {
    let mut windows = Vec::new();
    let segment = tokens[end - 1].segment;
    let mut start = end;
    while start > 0 {
        start -= 1;
        let token = &tokens[start];
        if token.segment != segment || end - start > MAX_NAME_TOKENS + 2 {
            break;
        }
        if let Some(unit) = token.unit {
            let name_start = start + token.unit_len;
            if name_start < end && unit_fits(unit, level) {
                windows.push(Window { start, end, name_start, unit_type: token.unit_type });
            } else if token.unit_certain && windows.last().is_some_and(|w| w.start == name_start) {
                // "Huyện Khánh Vĩnh" names a district: it cannot be read as a commune.
                windows.pop();
            }
            if token.unit_certain {
                break;
            }
        }
        if end - start <= MAX_NAME_TOKENS {
            windows.push(Window { start, end, name_start: start, unit_type: "" });
        }
    }
    windows
}

fn unit_fits(unit: UnitWord, level: Level) -> bool {
    matches!(
        (unit, level),
        (UnitWord::Commune, Level::Commune)
            | (UnitWord::District, Level::District)
            | (UnitWord::City, Level::District)
            | (UnitWord::City, Level::Province)
            | (UnitWord::Province, Level::Province)
    )
}

fn hit<'a>(window: &Window, position: u32, typos: usize, toned: bool, unit_type_of: &impl Fn(u32) -> &'a str) -> Hit {
    Hit {
        start: window.start,
        end: window.end,
        position,
        typos,
        toned,
        type_agrees: window.unit_type.is_empty() || window.unit_type == unit_type_of(position),
        via_new_province: false,
    }
}

/// How well a reading explains the input. Matched levels count; typos, skipped words between the
/// parts and missing levels cost.
fn score(
    tokens: &[Token],
    end: usize,
    commune: &Hit,
    district: Option<&Hit>,
    province: Option<&Hit>,
    old: bool,
) -> f64 {
    let mut score = 0.0;
    let mut level = |hit: Option<&Hit>, weight: f64, missing: f64| match hit {
        Some(hit) => {
            score += weight - 2.5 * hit.typos as f64;
            if hit.toned {
                score += 0.3;
            }
            if !hit.type_agrees {
                score -= 0.5;
            }
            if hit.via_new_province {
                score -= 0.2;
            }
        }
        None => score -= missing,
    };
    level(Some(commune), 6.0, 0.0);
    level(district, 4.0, if old { 1.0 } else { 0.0 });
    level(province, 4.0, 1.0);
    // Words left between the parts mean a part was misread.
    let district_end = district.map_or(commune.end, |x| x.end);
    let province_start = province.map_or(end, |p| p.start);
    let province_end = province.map_or(end, |p| p.end);
    let gaps = district.map_or(0, |x| x.start - commune.end) + (province_start - district_end) + (end - province_end);
    score -= 1.5 * gaps as f64;
    // A name that starts with its unit word is read more surely than one cut out of running text.
    if tokens[commune.start].unit.is_some() {
        score += 0.5;
    }
    score
}

/// Commune, district (none for a new address) and province all named exactly, with nothing left
/// between or after them.
fn is_complete(end: usize, commune: &Hit, district: Option<&Hit>, province: Option<&Hit>, new: bool) -> bool {
    let Some(province) = province else { return false };
    let before_province = match (new, district) {
        (true, _) => commune,
        (false, Some(district)) if district.typos == 0 && commune.end == district.start => district,
        (false, _) => return false,
    };
    commune.typos == 0 && province.typos == 0 && before_province.end == province.start && province.end == end
}

/// 0–1 certainty of a reading given the best one and how many readings tie with it.
fn certainty(reading: &Reading, best: &Reading, ties: usize) -> f64 {
    // The best score each kind can reach: an old address names three levels, a new one two.
    let full = if reading.new { 10.6 } else { 14.9 };
    let quality = (reading.score / full).clamp(0.05, 1.0);
    let gap = (best.score - reading.score).max(0.0);
    let closeness = 1.0 / (1.0 + gap);
    quality * closeness / ties as f64
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The parts of the input as typed, for the best reading.
fn parsed(input: &str, tokens: &[Token], best: &Reading) -> ParsedAddress {
    let text = |hit: Option<&Hit>| hit.map(|h| input[tokens[h.start].start..tokens[h.end - 1].end].to_owned());
    let street_end = tokens[best.commune.start].start;
    let street =
        input[..street_end].trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == ';').trim();
    ParsedAddress {
        street: (!street.is_empty()).then(|| street.to_owned()),
        commune: text(Some(&best.commune)),
        district: text(best.district.as_ref()),
        province: text(best.province.as_ref()),
    }
}

fn hint(best: &Reading, ties: usize, candidates: &[ConvertCandidate]) -> Option<String> {
    if ties > 1 {
        return Some(format!(
            "Có {ties} xã/phường cũ trùng tên; hãy thêm quận/huyện để biết chính xác. / {ties} old communes have this name; add the district to be sure."
        ));
    }
    if candidates.iter().filter(|c| c.old.is_some()).count() > 1
        && candidates.first().is_some_and(|c| c.relation == Relation::Partial)
    {
        return Some(
            "Xã/phường cũ này được chia cho nhiều xã mới; phần lớn thuộc xã đầu tiên. Xem trang xã cũ để biết phần nào là của bạn. / This old commune was split; most of it went to the first one. See the old commune's page to tell which part is yours."
                .to_owned(),
        );
    }
    if best.commune.typos > 0
        || best.district.is_some_and(|x| x.typos > 0)
        || best.province.is_some_and(|p| p.typos > 0)
    {
        return Some(
            "Đã sửa lỗi chính tả khi tìm; hãy kiểm tra lại kết quả. / Spelling was corrected; please check the result."
                .to_owned(),
        );
    }
    None
}

/// The tokens, with their tone marks, spell `toned` exactly.
fn tones_agree(name: &[Token], toned: &str) -> bool {
    let mut rest = toned;
    for token in name {
        match rest.strip_prefix(token.toned.as_str()) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    rest.is_empty()
}
