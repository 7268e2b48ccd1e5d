//! Turning what people type into comparable tokens: tone marks and case folded (đ → d), punctuation
//! dropped, unit-type words and their abbreviations recognised, numbers written one way.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The level a unit-type word names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitWord {
    /// xã, phường, thị trấn, đặc khu
    Commune,
    /// quận, huyện, thị xã
    District,
    /// tỉnh
    Province,
    /// thành phố: a provincial city (district level) or a centrally-run city (province level)
    City,
}

/// One word of the input, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Folded: lower case, no tone marks, đ → d, only letters and digits; numbers without leading zeros.
    pub folded: String,
    /// Lower case with its tone marks (NFC), to prefer an exactly spelled name over a look-alike.
    pub toned: String,
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
    /// Index of the comma-separated segment it is in.
    pub segment: usize,
    /// Set when this token (with the next one for two-word types) is a unit-type word.
    pub unit: Option<UnitWord>,
    /// Number of tokens the unit word spans (1 or 2), when `unit` is set.
    pub unit_len: usize,
    /// The unit word is surely one: written with its tone marks ("Phường", not "Phương") or as an
    /// abbreviation with a dot or digit ("P.", "Q1"). Without tone marks ("phuong") it may be a name.
    pub unit_certain: bool,
    /// The unit type the word names, as the dataset writes it ("Xã", "Thị trấn", "Quận", ...).
    pub unit_type: &'static str,
}

/// Lower case, tone marks and diacritics removed (đ → d), only letters and digits kept:
/// "Phường Nguyễn Trung Trực" → "phuongnguyentrungtruc". The form of [`crate::model::Alias::key`].
pub fn fold_key(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Whether `text` is in Unicode Normalization Form C, as every stored name must be.
pub fn is_nfc(text: &str) -> bool {
    unicode_normalization::is_nfc(text)
}

/// Lower case, without tone marks or other diacritics, đ → d.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// Splits into tokens: runs of letters, runs of digits ("P1" → "p", "1"); everything else separates.
/// Commas, semicolons and line breaks start a new segment.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut segment = 0;
    let mut current: Option<(usize, bool)> = None; // (start, is a run of digits)
    for (at, c) in text.char_indices() {
        let is_word = c.is_alphanumeric() || is_combining_mark(c);
        let is_digit = c.is_ascii_digit();
        if let Some((start, digits)) = current {
            if is_word && digits == is_digit {
                continue;
            }
            tokens.push(token(text, start, at, segment));
            current = None;
        }
        if is_word {
            current = Some((at, is_digit));
        } else if matches!(c, ',' | ';' | '\n' | '|') {
            segment += 1;
        }
    }
    if let Some((start, _)) = current {
        tokens.push(token(text, start, text.len(), segment));
    }
    tokens
}

fn token(text: &str, start: usize, end: usize, segment: usize) -> Token {
    let raw = &text[start..end];
    let toned: String = raw.nfc().flat_map(char::to_lowercase).collect();
    let mut folded = fold(raw);
    if folded.bytes().all(|b| b.is_ascii_digit()) {
        let trimmed = folded.trim_start_matches('0');
        folded = if trimmed.is_empty() { "0".to_owned() } else { trimmed.to_owned() };
    }
    Token { folded, toned, start, end, segment, unit: None, unit_len: 0, unit_certain: false, unit_type: "" }
}

/// Marks unit-type words and their abbreviations. An abbreviation counts only where it is written as
/// one: followed by a dot or a digit ("P.", "Q1"), or standing first in its segment ("TP Huế").
/// A full word counts when written with its tone marks, or without any (then not surely: "phuong"
/// may be "phường" or the name "Phương").
pub fn mark_unit_words(text: &str, tokens: &mut [Token]) {
    const TWO_WORDS: [(&str, &str, UnitWord, &str); 4] = [
        ("thị", "trấn", UnitWord::Commune, "Thị trấn"),
        ("đặc", "khu", UnitWord::Commune, "Đặc khu"),
        ("thị", "xã", UnitWord::District, "Thị xã"),
        ("thành", "phố", UnitWord::City, "Thành phố"),
    ];
    const ONE_WORD: [(&str, UnitWord, &str); 5] = [
        ("xã", UnitWord::Commune, "Xã"),
        ("phường", UnitWord::Commune, "Phường"),
        ("quận", UnitWord::District, "Quận"),
        ("huyện", UnitWord::District, "Huyện"),
        ("tỉnh", UnitWord::Province, "Tỉnh"),
    ];
    let n = tokens.len();
    let mut i = 0;
    while i < n {
        if i + 1 < n {
            let (a, b) = (&tokens[i], &tokens[i + 1]);
            let found = TWO_WORDS.iter().find_map(|(x, y, unit, name)| {
                let exact = a.toned == *x && b.toned == *y;
                let plain = a.toned == a.folded && b.toned == b.folded && a.folded == fold(x) && b.folded == fold(y);
                (exact || plain).then_some((*unit, exact, *name))
            });
            if let Some((unit, certain, name)) = found
                && followed_by_name(tokens, i + 2)
            {
                tokens[i].unit = Some(unit);
                tokens[i].unit_len = 2;
                tokens[i].unit_certain = certain;
                tokens[i].unit_type = name;
                i += 2;
                continue;
            }
        }
        let token = &tokens[i];
        let full = ONE_WORD.iter().find_map(|(word, unit, name)| {
            let exact = token.toned == *word;
            let plain = token.toned == token.folded && token.folded == fold(word);
            (exact || plain).then_some((*unit, exact, *name))
        });
        let abbreviation = match token.folded.as_str() {
            "x" => Some((UnitWord::Commune, "Xã")),
            "p" | "f" => Some((UnitWord::Commune, "Phường")),
            "tt" => Some((UnitWord::Commune, "Thị trấn")),
            "dk" => Some((UnitWord::Commune, "Đặc khu")),
            "q" => Some((UnitWord::District, "Quận")),
            "h" => Some((UnitWord::District, "Huyện")),
            "tx" => Some((UnitWord::District, "Thị xã")),
            "t" => Some((UnitWord::Province, "Tỉnh")),
            "tp" => Some((UnitWord::City, "Thành phố")),
            _ => None,
        };
        let after = &text[token.end..];
        let marked = after.starts_with('.') || after.starts_with(|c: char| c.is_ascii_digit());
        let segment_first = i == 0 || tokens[i - 1].segment != token.segment;
        let unit = match (full, abbreviation) {
            (Some(found), _) => Some(found),
            (None, Some((unit, name))) if marked => Some((unit, true, name)),
            (None, Some((unit, name))) if segment_first && after.starts_with(' ') => Some((unit, false, name)),
            _ => None,
        };
        if let Some((unit, certain, name)) = unit
            && followed_by_name(tokens, i + 1)
        {
            tokens[i].unit = Some(unit);
            tokens[i].unit_len = 1;
            tokens[i].unit_certain = certain;
            tokens[i].unit_type = name;
        }
        i += 1;
    }
}

/// A unit word is a unit word only when a name follows it in the same segment
/// ("Xã Phường" is not written; "Phường" alone at the end is not a type).
fn followed_by_name(tokens: &[Token], at: usize) -> bool {
    tokens.get(at).is_some_and(|t| at > 0 && t.segment == tokens[at - 1].segment)
}

/// Words that end an address and name the country.
pub fn is_country(folded_tail: &[&str]) -> usize {
    match folded_tail {
        [.., "viet", "nam"] => 2,
        [.., "vietnam"] | [.., "vn"] => 1,
        _ => 0,
    }
}

/// The key of a name: folded, letters and digits only, numbers without leading zeros, no spaces.
/// "Phường 01" and "phuong 1" have the same key; so do "Hoà" and "Hòa". The same as joining the
/// folded tokens of [`tokenize`], without building them (the engine keys every name at start-up).
pub fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |out: &mut String, digits: &mut String| {
        if !digits.is_empty() {
            let trimmed = digits.trim_start_matches('0');
            out.push_str(if trimmed.is_empty() { "0" } else { trimmed });
            digits.clear();
        }
    };
    for c in text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase) {
        let c = if c == 'đ' { 'd' } else { c };
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut out, &mut digits);
            if c.is_alphanumeric() {
                out.push(c);
            }
        }
    }
    flush(&mut out, &mut digits);
    out
}

/// As [`key`] but keeping tone marks (and leading zeros), to tell "Lộc Thành" from "Lộc Thạnh".
pub fn toned_key(text: &str) -> String {
    text.nfc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.folded).collect()
    }

    fn units(text: &str) -> Vec<(String, Option<UnitWord>)> {
        let mut tokens = tokenize(text);
        mark_unit_words(text, &mut tokens);
        tokens.into_iter().map(|t| (t.folded, t.unit)).collect()
    }

    #[test]
    fn folds_tones_case_and_d() {
        assert_eq!(fold("Đắk Lắk"), "dak lak");
        assert_eq!(fold("ĐỒNG NAI"), "dong nai");
        assert_eq!(key("Phường Hoà Lạc"), key("phuong hoa lac"));
    }

    #[test]
    fn key_is_the_joined_folded_tokens() {
        for text in ["Phường 01", "Xã Ea H'Leo", "Văn Miếu - Quốc Tử Giám", "Đạ Huoai 3", "P.007a", "  ", "Hoà"]
        {
            let joined: String = tokenize(text).into_iter().map(|t| t.folded).collect();
            assert_eq!(key(text), joined, "{text:?}");
        }
    }

    #[test]
    fn splits_letters_from_digits_and_drops_leading_zeros() {
        assert_eq!(folded("P.01, Q1"), ["p", "1", "q", "1"]);
        assert_eq!(folded("F7 Q.Gò Vấp"), ["f", "7", "q", "go", "vap"]);
        assert_eq!(key("Phường 01"), key("phuong 1"));
    }

    #[test]
    fn counts_segments_at_commas() {
        let tokens = tokenize("12 Lê Lợi, P. Bến Nghé; Q.1");
        let segments: Vec<usize> = tokens.iter().map(|t| t.segment).collect();
        assert_eq!(segments, [0, 0, 0, 1, 1, 1, 2, 2]);
    }

    #[test]
    fn recognises_unit_words_and_abbreviations() {
        use UnitWord::*;
        assert_eq!(
            units("TT.Phước Bửu, H.Xuyên Mộc"),
            [
                ("tt".into(), Some(Commune)),
                ("phuoc".into(), None),
                ("buu".into(), None),
                ("h".into(), Some(District)),
                ("xuyen".into(), None),
                ("moc".into(), None)
            ]
        );
        let marked = units("xã ngũ hiệp huyện thanh trì thành phố hà nội");
        assert_eq!(marked[0].1, Some(Commune));
        assert_eq!(marked[3].1, Some(District));
        assert_eq!(marked[6].1, Some(City));
        // "H" inside a name ("Ea H'Leo") is not an abbreviation of huyện.
        assert_eq!(units("Xã Ea H'Leo")[2].1, None);
        // Names that fold like unit words: Phương, Quán, Tịnh, Xá are not unit words when toned.
        assert!(units("Xã Phượng Dực, Huyện Phú Xuyên").iter().filter(|(_, unit)| unit.is_some()).count() == 2);
        assert_eq!(units("Phường Thổ Quan")[2].1, None);
        assert_eq!(units("Thị xã Tịnh Biên")[2].1, None);
    }

    #[test]
    fn fold_key_removes_tones_case_spaces_and_punctuation() {
        assert_eq!(fold_key("Phường Nguyễn Trung Trực"), "phuongnguyentrungtruc");
        assert_eq!(fold_key("ĐẮK LẮK"), "daklak");
        assert_eq!(fold_key("Bà Rịa - Vũng Tàu"), "bariavungtau");
        assert_eq!(fold_key("Quận 1"), "quan1");
    }

    #[test]
    fn fold_key_is_the_same_for_composed_and_decomposed_input() {
        let composed = "Huế";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        assert_eq!(fold_key(composed), fold_key(&decomposed));
        assert!(is_nfc(composed));
        assert!(!is_nfc(&decomposed));
    }
}
