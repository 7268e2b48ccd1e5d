//! Finding every run of words that names a unit, at any level, anywhere in the input: exactly, and with
//! typos within a scope (the units of a district or province that was read).

use super::normalize::{Levels, Token, UnitWord};
use super::units::{Level, NameRef, Units, letters};
use crate::model::UnitTypes;

/// Longest name, in words, looked up ("Văn Miếu - Quốc Tử Giám" has 5; a type word glued into a
/// stored earlier name, "thị xã phúc yên", adds 2).
pub(super) const MAX_NAME_TOKENS: usize = 7;

/// How a unit word written before (or, in English, after) a name agrees with the unit read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnitFit {
    /// No unit word.
    None,
    /// The right level and type ("Phường Bến Nghé").
    Fits,
    /// The right level, another type ("Xã Bố Hạ" for what is now a phường; "Quận" for a huyện).
    OtherType,
    /// A sure unit word of another level right before it ("Huyện Khánh Vĩnh" read as a commune).
    WrongLevel,
    /// The same written without tone marks, so perhaps part of a name ("quan hai chau").
    UnsureWrongLevel,
}

/// A run of tokens read as one unit.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub name: NameRef,
    /// Tokens of the name, `[start, end)`.
    pub start: usize,
    pub end: usize,
    /// The name with its unit word(s): what this hit explains of the input.
    pub claim_start: usize,
    pub claim_end: usize,
    /// Edits needed to match the name (0 = exact).
    pub typos: u8,
    /// The input's tone marks spell the current name exactly.
    pub toned: bool,
    pub fit: UnitFit,
    /// Right after a street or village word ("đường Lê Lợi", "thôn Phú Mỹ").
    pub after_street_word: bool,
    /// A number without its unit word, read as a ward's ("8, Tân Bình").
    pub bare_number: bool,
    /// Inside brackets.
    pub in_note: bool,
    /// Letters of the name as written (folded).
    pub name_len: u8,
}

impl Hit {
    pub(super) fn same_unit(&self, other: &Hit) -> bool {
        self.name.level == other.name.level && self.name.position == other.name.position
    }

    pub(super) fn overlaps(&self, other: &Hit) -> bool {
        self.claim_start < other.claim_end && other.claim_start < self.claim_end
    }
}

/// What the words around a run of tokens say, whatever unit it is read as: worked out once per run,
/// since a run such as "Phường 1" names a hundred units.
#[derive(Debug, Clone, Copy)]
pub(super) struct Window {
    start: usize,
    end: usize,
    /// The unit word right before (its first token): one or two tokens in the same segment.
    before: Option<usize>,
    /// An English unit word right after ("Tan Phong Ward").
    after: Option<UnitWord>,
    number: bool,
    /// Right after a street or place word, counting from the unit word before if there is one.
    street_before_name: bool,
    street_before_unit: bool,
    name_len: u8,
}

pub(super) fn window(tokens: &[Token], start: usize, end: usize) -> Window {
    let segment = tokens[start].segment;
    let before = (1..=2)
        .filter_map(|len| start.checked_sub(len))
        .find(|&at| tokens[at].unit.is_some_and(|u| at + u.len == start) && tokens[at].segment == segment);
    let after = tokens
        .get(end)
        .filter(|next| next.segment == tokens[end - 1].segment)
        .and_then(|next| next.unit.filter(|u| u.english));
    let street = |at: usize| at > 0 && tokens[at - 1].street && tokens[at - 1].segment == segment;
    Window {
        start,
        end,
        before,
        after,
        number: tokens[start..end].iter().all(Token::is_number),
        street_before_name: street(start),
        street_before_unit: before.is_some_and(street),
        name_len: tokens[start..end].iter().map(|t| t.folded().len()).sum::<usize>().min(255) as u8,
    }
}

/// The hit of `name` on tokens `[start, end)`, with the unit words around it, or `None` where the
/// words cannot name it (a bare number needs its unit word: "Phường 6", "Q1").
pub(super) fn hit(units: &Units, tokens: &[Token], start: usize, end: usize, name: NameRef, typos: u8) -> Option<Hit> {
    hit_in(units, tokens, &window(tokens, start, end), name, typos)
}

pub(super) fn hit_in(units: &Units, tokens: &[Token], w: &Window, name: NameRef, typos: u8) -> Option<Hit> {
    let (start, end) = (w.start, w.end);
    let level = name.level.levels();
    let mut hit = Hit {
        name,
        start,
        end,
        claim_start: start,
        claim_end: end,
        typos,
        toned: {
            let toned = units.toned(&units.current(name.level, name.position));
            match typos {
                0 => tones_agree(&tokens[start..end], toned),
                _ => marks_agree(&tokens[start..end], toned),
            }
        },
        fit: UnitFit::None,
        after_street_word: false,
        bare_number: false,
        in_note: tokens[start].in_note,
        name_len: w.name_len,
    };
    if let Some(at) = w.before {
        let unit = tokens[at].unit.expect("a unit word");
        if unit.levels.contains(level) {
            hit.claim_start = at;
            hit.fit = fit(unit.types, name.types);
        } else {
            hit.fit = if unit.certain { UnitFit::WrongLevel } else { UnitFit::UnsureWrongLevel };
        }
    }
    if let Some(unit) = w.after.filter(|u| u.levels.contains(level)) {
        hit.claim_end = end + 1;
        if hit.fit == UnitFit::None {
            hit.fit = fit(unit.types, name.types);
        }
    }
    // A bare number names a ward only with its unit word ("Phường 6", "Q1"), or right before its
    // district ("8, Tân Bình"; see `score::readings`), where it is read as a guess.
    if w.number && hit.claim_start == start && hit.claim_end == end {
        if end != start + 1 || !level.contains(Levels::COMMUNE) || tokens[start].folded().len() > 2 {
            return None;
        }
        hit.bare_number = true;
    }
    hit.after_street_word = if hit.claim_start == start { w.street_before_name } else { w.street_before_unit };
    Some(hit)
}

fn fit(written: UnitTypes, name: UnitTypes) -> UnitFit {
    if written.0 & name.0 != 0 { UnitFit::Fits } else { UnitFit::OtherType }
}

/// A street or place word counts only where it is not itself part of a name read exactly ("Xuân
/// Trường" ends with "trường", school, but a name after it is not a school's).
fn clear_street_words_inside_names(token_count: usize, hits: &mut [Hit]) {
    // For each token, whether an exact name ends right before it.
    let mut name_ends_before = vec![false; token_count + 1];
    for h in hits.iter().filter(|h| h.typos == 0) {
        name_ends_before[h.end] = true;
    }
    for hit in hits.iter_mut().filter(|h| h.after_street_word) {
        if name_ends_before[hit.claim_start] {
            hit.after_street_word = false;
        }
    }
}

/// Every run of up to [`MAX_NAME_TOKENS`] tokens within a segment that is exactly a name.
pub(super) fn exact_hits(units: &Units, tokens: &[Token]) -> Vec<Hit> {
    let mut hits = Vec::with_capacity(4 * tokens.len() + 16);
    let mut key = String::with_capacity(64);
    for start in 0..tokens.len() {
        key.clear();
        for end in start + 1..=(start + MAX_NAME_TOKENS).min(tokens.len()) {
            if tokens[end - 1].segment != tokens[start].segment {
                break;
            }
            key.push_str(tokens[end - 1].folded());
            let names = units.named(&key);
            if !names.is_empty() {
                let w = window(tokens, start, end);
                hits.extend(names.iter().filter_map(|&name| hit_in(units, tokens, &w, name, 0)));
            }
        }
    }
    clear_street_words_inside_names(tokens.len(), &mut hits);
    hits
}

/// How many edits a name of `len` folded letters may have and still match.
pub(super) fn allowed_typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=8 => 1,
        _ => 2,
    }
}

/// As [`allowed_typos`], for a look-up among all communes of the country (only when nothing else
/// reads): among 13,000 names two edits reach too many others below ten letters.
fn allowed_typos_nationwide(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=9 => 1,
        _ => 2,
    }
}

/// As [`allowed_typos`], among the 97 province names (old and new): so few that a variant spelling
/// of a long one ("Đắc Lắc" for "Đắk Lắk") is still told apart.
fn allowed_typos_provinces(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

/// How widely a typo look-up searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TypoScope {
    /// Among the provinces.
    Provinces,
    /// The units of a district or province that was read.
    Within,
    /// Every unit of the level.
    Nationwide,
}

/// Runs of tokens (all in `open`) that match, with a few edits, a name of one of `candidates`
/// (units of `level`, given by position). Exact matches are left to [`exact_hits`].
pub(super) fn typo_hits(
    units: &Units,
    tokens: &[Token],
    open: &[bool],
    level: Level,
    candidates: impl Iterator<Item = u32> + Clone,
    scope: TypoScope,
    hits: &mut Vec<Hit>,
) {
    let allowed_for = match scope {
        TypoScope::Provinces => allowed_typos_provinces,
        TypoScope::Within => allowed_typos,
        TypoScope::Nationwide => allowed_typos_nationwide,
    };
    let mut key = String::new();
    for start in 0..tokens.len() {
        // A name starts after its unit word, never with it ("Quận" is not a typo of "Vũ An").
        if tokens[start].unit.is_some() || tokens[start].country {
            continue;
        }
        key.clear();
        for end in start + 1..=(start + MAX_NAME_TOKENS).min(tokens.len()) {
            if !open[end - 1] || tokens[end - 1].segment != tokens[start].segment {
                break;
            }
            key.push_str(tokens[end - 1].folded());
            // Edits allowed by the longer of the two: "lug cu" may be "Lũng Cú".
            let most = allowed_for(key.len() + 1);
            if most == 0 || tokens[start..end].iter().all(Token::is_number) {
                continue;
            }
            let key_letters = letters(&key);
            for position in candidates.clone() {
                let best = units
                    .names_of(level, position)
                    .filter(|(name_key, name_letters, _)| {
                        // Each edit adds or removes at most one kind of letter.
                        name_key.len().abs_diff(key.len()) <= most
                            && (name_letters ^ key_letters).count_ones() as usize <= 2 * most
                            && may_be_near(name_key, &key, most)
                    })
                    .map(|(name_key, _, name)| {
                        (strsim::osa_distance(name_key, &key), allowed_for(name_key.len().max(key.len())), name)
                    })
                    .filter(|(distance, allowed, _)| (1..=*allowed).contains(distance))
                    .min_by_key(|(distance, _, _)| *distance);
                if let Some((typos, _, name)) = best {
                    hits.extend(hit(units, tokens, start, end, name, typos as u8));
                }
            }
        }
    }
}

/// Longest run of words compared with every commune name of the country.
const MAX_NATIONWIDE_TOKENS: usize = 5;

/// Runs of open tokens that match, with a few edits, any commune name of the country (old or new):
/// the last resort when nothing in scope reads. Each run is compared only with names about as long.
pub(super) fn nationwide_typo_hits(units: &Units, tokens: &[Token], open: &[bool], hits: &mut Vec<Hit>) {
    let mut key = String::new();
    for start in 0..tokens.len() {
        if tokens[start].unit.is_some() || tokens[start].country {
            continue;
        }
        key.clear();
        for end in start + 1..=(start + MAX_NATIONWIDE_TOKENS).min(tokens.len()) {
            if !open[end - 1] || tokens[end - 1].segment != tokens[start].segment {
                break;
            }
            key.push_str(tokens[end - 1].folded());
            let most = allowed_typos_nationwide(key.len() + 1);
            if most == 0 || tokens[start..end].iter().all(Token::is_number) {
                continue;
            }
            let key_letters = letters(&key);
            // The closest name per unit.
            let mut found: Vec<(usize, NameRef)> = Vec::new();
            for len in key.len().saturating_sub(most)..=key.len() + most {
                for (name_key, name_letters, name) in units.commune_names_of_length(len) {
                    if (name_letters ^ key_letters).count_ones() as usize > 2 * most
                        || !may_be_near(name_key, &key, most)
                    {
                        continue;
                    }
                    let distance = strsim::osa_distance(name_key, &key);
                    let allowed = allowed_typos_nationwide(len.max(key.len()));
                    if !(1..=allowed).contains(&distance) {
                        continue;
                    }
                    found.push((distance, name));
                }
            }
            found.sort_unstable_by_key(|(distance, n)| (n.level, n.position, *distance));
            found.dedup_by(|b, a| a.1.level == b.1.level && a.1.position == b.1.position);
            let w = window(tokens, start, end);
            hits.extend(found.into_iter().filter_map(|(typos, name)| hit_in(units, tokens, &w, name, typos as u8)));
        }
    }
}

/// A quick test that two keys may be `edits` apart, to spare computing the distance (strsim's) for
/// most names: for one edit, past the common start the rest must be equal after skipping one letter
/// of either, of both, or a swapped pair; for more edits, only the lengths are compared.
pub(super) fn may_be_near(a: &str, b: &str, edits: usize) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > edits {
        return false;
    }
    if edits > 1 {
        return true;
    }
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[start..], &b[start..]);
    if a.is_empty() || b.is_empty() {
        return true;
    }
    a[1..] == b[1..]
        || a[1..] == *b
        || *a == b[1..]
        || (a.len() >= 2 && b.len() >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
}

/// Tokens (all in `open`) that abbreviate the current name of one of `candidates`: its initials in
/// capitals ("NTB" for Nguyễn Thái Bình, "BT" for Bình Thạnh), or some of its words cut to their first
/// letter and a dot ("Đ.Đa" for Đống Đa). Counted as one edit: an abbreviation is a guess.
pub(super) fn abbreviation_hits(
    units: &Units,
    tokens: &[Token],
    open: &[bool],
    level: Level,
    candidates: impl Iterator<Item = u32> + Clone,
    hits: &mut Vec<Hit>,
) {
    for start in 0..tokens.len() {
        let first = &tokens[start];
        if !open[start] || first.unit.is_some() || first.is_number() {
            continue;
        }
        let initials = first.capital && (2..=4).contains(&first.folded().len()) && first.folded().is_ascii();
        for position in candidates.clone() {
            let current = units.current(level, position);
            let words: Vec<&str> = units.words(&current).split(' ').collect();
            if words.len() < 2 {
                continue;
            }
            if initials
                && words.len() == first.folded().len()
                && words.iter().zip(first.folded().chars()).all(|(w, c)| w.starts_with(c))
            {
                hits.extend(hit(units, tokens, start, start + 1, current.name, 1));
            }
            let end = start + words.len();
            if end > tokens.len() || !(start..end).all(|i| open[i] && tokens[i].segment == first.segment) {
                continue;
            }
            let written = &tokens[start..end];
            let cut = |t: &Token, w: &str| t.folded().len() == 1 && t.dotted && w.starts_with(t.folded());
            let matches = written.iter().zip(&words).all(|(t, w)| t.folded() == *w || cut(t, w));
            let some_cut = written.iter().zip(&words).any(|(t, w)| cut(t, w) && t.folded() != *w);
            let some_whole = written.iter().zip(&words).any(|(t, w)| t.folded() == *w && w.len() > 1);
            if matches && some_cut && some_whole {
                hits.extend(hit(units, tokens, start, end, current.name, 1));
            }
        }
    }
}

/// For a name matched with typos: the input's marked letters (ạ, ư, â, ...) are the name's, in
/// order, and there is at least one ("Ngạcc" for "Ngạc", not "Ngắc").
fn marks_agree(name: &[Token], toned: &str) -> bool {
    let marked = |text: &str| text.chars().filter(|c| !c.is_ascii()).collect::<Vec<char>>();
    let written: Vec<char> = name.iter().flat_map(|t| marked(t.toned())).collect();
    !written.is_empty() && written == marked(toned)
}

/// The tokens, with their tone marks, spell `toned` exactly.
/// Only where the name has marked letters: for a name without them ("Ba"), typing it plain says
/// nothing more than its folded match.
fn tones_agree(name: &[Token], toned: &str) -> bool {
    if toned.is_ascii() {
        return false;
    }
    let mut rest = toned;
    for token in name {
        match rest.strip_prefix(token.toned()) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    rest.is_empty()
}

/// Levels are compared with the unit word's ([`Levels`]); re-exported for the scorer.
pub(super) fn is_commune_level(level: Level) -> bool {
    level.levels() == Levels::COMMUNE
}

#[cfg(test)]
mod tests {
    use super::may_be_near;

    #[test]
    fn the_quick_test_never_rejects_keys_within_their_edits() {
        let words = ["phuongdinh", "khuongtrung", "bangthanh", "longbinh", "daksom", "ea", "a", "tanphu", "vyda"];
        let alphabet = ["", "a", "h", "n", "y"];
        for word in words {
            let chars: Vec<char> = word.chars().collect();
            let mut variants = vec![word.to_owned()];
            for i in 0..=chars.len() {
                for letter in alphabet {
                    // Insert, replace, delete at i; swap i with i + 1.
                    let mut v = chars.clone();
                    v.splice(i..i, letter.chars());
                    variants.push(v.into_iter().collect());
                    if i < chars.len() {
                        let mut v = chars.clone();
                        v.splice(i..=i, letter.chars());
                        variants.push(v.into_iter().collect());
                    }
                }
                if i + 1 < chars.len() {
                    let mut v = chars.clone();
                    v.swap(i, i + 1);
                    variants.push(v.into_iter().collect());
                }
            }
            for a in &variants {
                for b in &variants {
                    let distance = strsim::osa_distance(a, b);
                    for edits in 1..=2 {
                        if distance <= edits {
                            assert!(may_be_near(a, b, edits), "{a} {b} at {distance}");
                        }
                    }
                }
            }
        }
        assert!(!may_be_near("phuongdinh", "phuocthanh", 1));
    }
}
