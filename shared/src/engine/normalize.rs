//! Turning what people type into comparable tokens: tone marks and case folded (đ → d), punctuation
//! dropped, numbers written one way, and the words that are not names marked: unit-type words and their
//! abbreviations (Vietnamese and English), street words ("đường", "thôn", "khu phố"), the country.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::model::{UnitType, UnitTypes};

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

/// First and last character of the table of [`fold_composed`]: Latin-1 to Latin Extended Additional,
/// where every Vietnamese letter lies.
const COMPOSED: (u32, u32) = (0xC0, 0x1EFF);

/// Each character of [`COMPOSED`] folded (lower case, no marks, đ → d), or 0 where that is not one
/// ASCII letter or digit.
fn fold_table() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (COMPOSED.0..=COMPOSED.1)
            .map(|code| {
                let folded = char::from_u32(code).map(|c| fold(c.encode_utf8(&mut [0; 4]))).unwrap_or_default();
                match folded.as_bytes() {
                    [b] if b.is_ascii_alphanumeric() => *b,
                    _ => 0,
                }
            })
            .collect()
    })
}

fn composed_fold(table: &[u8], c: char) -> Option<char> {
    let code = c as u32;
    let folded = (COMPOSED.0..=COMPOSED.1).contains(&code).then(|| table[(code - COMPOSED.0) as usize])?;
    (folded != 0).then_some(folded as char)
}

/// The levels a unit word can name, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Levels(u8);

impl Levels {
    pub const COMMUNE: Levels = Levels(1);
    pub const DISTRICT: Levels = Levels(2);
    pub const PROVINCE: Levels = Levels(4);

    pub fn contains(self, other: Levels) -> bool {
        self.0 & other.0 != 0
    }

    const fn with(self, other: Levels) -> Levels {
        Levels(self.0 | other.0)
    }
}

/// A unit-type word ("Phường", "TP.", "District") found in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitWord {
    pub levels: Levels,
    pub types: UnitTypes,
    /// Tokens it spans (1, or 2 for "thị trấn", "thành phố", ...).
    pub len: usize,
    /// Surely a unit word: written with its tone marks ("Phường", not "Phương"), or an abbreviation
    /// marked as one ("P.", "Q1", "pBến"). Otherwise it may be part of a name ("phuong" may be "Phương").
    pub certain: bool,
    /// An English word, which may also follow the name ("Tan Phong Ward", "Ho Chi Minh City").
    pub english: bool,
}

/// One word of the input, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The toned form then the folded one, in one allocation: see [`Token::toned`] and [`Token::folded`].
    text: String,
    /// Where the folded form starts in `text` (0 where it is the same as the toned one).
    folded_at: usize,
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
    /// Index of the part between commas, semicolons, line breaks or brackets. Names never cross one.
    pub segment: usize,
    /// As `segment`, but a dash or slash between words also starts a new group ("Phường 2 - Quận 5").
    /// Names may cross a dash ("Bà Rịa - Vũng Tàu"), so groups only weigh how far apart parts are.
    pub group: usize,
    /// Inside brackets: a note such as "(gần chợ …)".
    pub in_note: bool,
    /// Followed by a dot: an abbreviation ("P.", "Đ.Đa").
    pub dotted: bool,
    /// Written with a capital first letter ("NTB", "Bt").
    pub capital: bool,
    /// Set on the first token of a unit-type word.
    pub unit: Option<UnitWord>,
    /// A word that starts a street or village part ("đường", "thôn", "ấp", "khu phố"): a name right
    /// after it is a street's or a village's, rarely a unit's.
    pub street: bool,
    /// Part of the country's name ("Việt Nam", "VN").
    pub country: bool,
}

impl Token {
    /// Folded: lower case, no tone marks, đ → d, only letters and digits; numbers without leading zeros.
    pub fn folded(&self) -> &str {
        &self.text[self.folded_at..]
    }

    /// Lower case with its tone marks (NFC), to prefer an exactly spelled name over a look-alike.
    pub fn toned(&self) -> &str {
        if self.folded_at == 0 { &self.text } else { &self.text[..self.folded_at] }
    }

    pub fn is_number(&self) -> bool {
        self.folded().bytes().all(|b| b.is_ascii_digit())
    }
}

/// Splits into tokens and marks unit words, street words and the country: what the engine reads.
pub fn read_tokens(text: &str) -> Vec<Token> {
    let mut tokens = tokenize(text);
    mark_words(text, &mut tokens);
    tokens
}

/// Splits into tokens: runs of letters, runs of digits ("P1" → "p", "1"), and a word written in two
/// cases is split where a capital follows a small letter ("pBến" → "p", "Bến"; "TPHue" → "TP", "Hue").
/// Everything else separates. Commas, semicolons, line breaks and brackets start a new segment.
pub fn tokenize(text: &str) -> Vec<Token> {
    let table = fold_table();
    let mut tokens = Vec::with_capacity(text.len() / 4 + 1);
    let mut segment = 0;
    let mut group = 0;
    let mut depth = 0usize;
    // (start, is a run of digits)
    let mut current: Option<(usize, bool)> = None;
    // The last letter of the current word (not a combining mark), and the character before this one.
    let mut previous: Option<char> = None;
    let mut before: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let (is_word, is_mark) = if c.is_ascii() {
            (c.is_ascii_alphanumeric(), false)
        } else if composed_fold(table, c).is_some() {
            (true, false)
        } else {
            let mark = is_combining_mark(c);
            (mark || c.is_alphanumeric(), mark)
        };
        let is_digit = c.is_ascii_digit();
        let before_this = before.replace(c);
        if let Some((start, digits)) = current {
            let split_case =
                is_word && !digits && !is_digit && starts_new_word(previous, c, &text[at + c.len_utf8()..]);
            if is_word && digits == is_digit && !split_case {
                if !is_mark {
                    previous = Some(c);
                }
                continue;
            }
            tokens.push(token(text, start, at, segment, group, depth > 0));
            current = None;
        }
        if is_word {
            current = Some((at, is_digit));
            previous = Some(c);
            continue;
        }
        previous = None;
        match c {
            ',' | ';' | '\n' | '|' => {
                segment += 1;
                group += 1;
            }
            '(' | '[' | '{' => {
                depth += 1;
                segment += 1;
                group += 1;
            }
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                segment += 1;
                group += 1;
            }
            // A dash or slash between words, not inside a number ("18/2", "12-14").
            '-' | '/' | '–' | '—' => {
                let before_digit = before_this.is_some_and(|b| b.is_ascii_digit());
                let after_digit = next.is_some_and(|n| n.is_ascii_digit());
                if !(before_digit && after_digit) {
                    group += 1;
                }
            }
            _ => {}
        }
    }
    if let Some((start, _)) = current {
        tokens.push(token(text, start, text.len(), segment, group, depth > 0));
    }
    tokens
}

/// A capital after a small letter starts a word ("pBến"), and so does a capital followed by a small
/// letter after capitals ("TPHue": "TP" | "Hue"). The letter after the capital is read past its marks
/// (`rest` is the text after it), so that decomposed text splits as composed text does ("TPẤp").
fn starts_new_word(previous: Option<char>, c: char, rest: &str) -> bool {
    let Some(previous) = previous else { return false };
    if !c.is_uppercase() {
        return false;
    }
    let next = || rest.chars().find(|n| !is_combining_mark(*n));
    previous.is_lowercase() || (previous.is_uppercase() && next().is_some_and(char::is_lowercase))
}

fn token(text: &str, start: usize, end: usize, segment: usize, group: usize, in_note: bool) -> Token {
    let raw = &text[start..end];
    // One buffer: the toned form, then the folded one where it differs.
    let mut both = String::with_capacity(2 * raw.len());
    let folded_at;
    if raw.bytes().all(|b| b.is_ascii_digit()) {
        let trimmed = raw.trim_start_matches('0');
        let folded = if trimmed.is_empty() { "0" } else { trimmed };
        folded_at = if folded.len() == raw.len() { 0 } else { raw.len() };
        if folded_at > 0 {
            both.push_str(raw);
        }
        both.push_str(folded);
    } else if raw.is_ascii() {
        both.extend(raw.bytes().map(|b| b.to_ascii_lowercase() as char));
        folded_at = 0;
    } else {
        match unicode_normalization::is_nfc_quick(raw.chars()) {
            unicode_normalization::IsNormalized::Yes => both.extend(raw.chars().flat_map(char::to_lowercase)),
            _ => both.extend(raw.nfc().flat_map(char::to_lowercase)),
        }
        folded_at = both.len();
        // Fold the toned form by the table; any letter outside it sends the whole word through the
        // Unicode library instead.
        let table = fold_table();
        let mut folded = [0u8; 64];
        let mut len = 0;
        let by_table = both.chars().all(|c| {
            let f = if c.is_ascii() { Some(c) } else { composed_fold(table, c) };
            match f {
                Some(f) if len < folded.len() => {
                    folded[len] = f as u8;
                    len += 1;
                    true
                }
                _ => false,
            }
        });
        if by_table {
            both.push_str(std::str::from_utf8(&folded[..len]).expect("ASCII"));
        } else {
            let folded = fold(raw);
            both.push_str(&folded);
        }
    }
    Token {
        text: both,
        folded_at,
        start,
        end,
        segment,
        group,
        in_note,
        dotted: text[end..].starts_with('.'),
        capital: raw.chars().next().is_some_and(char::is_uppercase),
        unit: None,
        street: false,
        country: false,
    }
}

const COMMUNE: Levels = Levels::COMMUNE;
const DISTRICT: Levels = Levels::DISTRICT;
const PROVINCE: Levels = Levels::PROVINCE;
const CITY: Levels = DISTRICT.with(PROVINCE);

use UnitType::*;

/// A word with its tone marks and folded (written out, so that marking words costs no folding).
type Word = (&'static str, &'static str);

/// Vietnamese unit words of two words.
const TWO_WORDS: [(Word, Word, Levels, UnitTypes); 4] = [
    (("thị", "thi"), ("trấn", "tran"), COMMUNE, UnitTypes::of(&[ThiTran])),
    (("đặc", "dac"), ("khu", "khu"), COMMUNE, UnitTypes::of(&[DacKhu])),
    (("thị", "thi"), ("xã", "xa"), DISTRICT, UnitTypes::of(&[ThiXa])),
    (("thành", "thanh"), ("phố", "pho"), CITY, UnitTypes::of(&[ThanhPho])),
];

/// Vietnamese unit words of one word.
const ONE_WORD: [(Word, Levels, UnitTypes); 5] = [
    (("xã", "xa"), COMMUNE, UnitTypes::of(&[Xa])),
    (("phường", "phuong"), COMMUNE, UnitTypes::of(&[Phuong])),
    (("quận", "quan"), DISTRICT, UnitTypes::of(&[Quan])),
    (("huyện", "huyen"), DISTRICT, UnitTypes::of(&[Huyen])),
    (("tỉnh", "tinh"), PROVINCE, UnitTypes::of(&[Tinh])),
];

/// Abbreviations, folded. "t" (tỉnh) counts only with its dot: alone it is too often something else.
const ABBREVIATIONS: [(&str, Levels, UnitTypes); 11] = [
    ("x", COMMUNE, UnitTypes::of(&[Xa])),
    ("p", COMMUNE, UnitTypes::of(&[Phuong])),
    ("f", COMMUNE, UnitTypes::of(&[Phuong])),
    ("ph", COMMUNE, UnitTypes::of(&[Phuong])),
    ("tt", COMMUNE, UnitTypes::of(&[ThiTran])),
    ("dk", COMMUNE, UnitTypes::of(&[DacKhu])),
    ("q", DISTRICT, UnitTypes::of(&[Quan])),
    ("h", DISTRICT, UnitTypes::of(&[Huyen])),
    ("tx", DISTRICT, UnitTypes::of(&[ThiXa])),
    ("tp", CITY, UnitTypes::of(&[ThanhPho])),
    ("t", PROVINCE, UnitTypes::of(&[Tinh])),
];

/// English unit words, folded: before a number or name ("Ward 7", "District 1") or after a name
/// ("Go Vap District", "Ho Chi Minh City").
const ENGLISH: [(&str, Levels, UnitTypes); 8] = [
    ("ward", COMMUNE, UnitTypes::of(&[Phuong])),
    ("commune", COMMUNE, UnitTypes::of(&[Xa])),
    ("township", COMMUNE, UnitTypes::of(&[ThiTran])),
    ("district", DISTRICT, UnitTypes::of(&[Quan, Huyen])),
    ("dist", DISTRICT, UnitTypes::of(&[Quan, Huyen])),
    ("town", DISTRICT, UnitTypes::of(&[ThiXa, ThiTran])),
    ("city", CITY, UnitTypes::of(&[ThanhPho])),
    ("province", PROVINCE, UnitTypes::of(&[Tinh])),
];

/// Words that start a street or village part, with tone marks. Written without any tone mark, the
/// folded form counts too ("duong", "thon").
const STREET_WORDS: [Word; 27] = [
    ("đường", "duong"),
    ("phố", "pho"),
    ("ngõ", "ngo"),
    ("ngách", "ngach"),
    ("hẻm", "hem"),
    ("kiệt", "kiet"),
    ("số", "so"),
    ("thôn", "thon"),
    ("xóm", "xom"),
    ("ấp", "ap"),
    ("bản", "ban"),
    ("buôn", "buon"),
    ("tổ", "to"),
    ("khu", "khu"),
    ("khóm", "khom"),
    ("khối", "khoi"),
    ("lô", "lo"),
    ("tòa", "toa"),
    ("toà", "toa"),
    ("tầng", "tang"),
    ("đội", "doi"),
    ("làng", "lang"),
    ("sóc", "soc"),
    ("kp", "kp"),
    ("tdp", "tdp"),
    ("kdc", "kdc"),
    ("block", "block"),
];

/// Two-word phrases that start the name of a place that is not a unit (a school, a market, a
/// building): a name right after them is the place's ("Đại học Duy Tân" is not Xã Duy Tân).
const PLACE_PHRASES: [(Word, Word); 12] = [
    (("đại", "dai"), ("học", "hoc")),
    (("bệnh", "benh"), ("viện", "vien")),
    (("siêu", "sieu"), ("thị", "thi")),
    (("khách", "khach"), ("sạn", "san")),
    (("công", "cong"), ("ty", "ty")),
    (("cửa", "cua"), ("hàng", "hang")),
    (("chung", "chung"), ("cư", "cu")),
    (("tòa", "toa"), ("nhà", "nha")),
    (("toà", "toa"), ("nhà", "nha")),
    (("trung", "trung"), ("tâm", "tam")),
    (("nhà", "nha"), ("hàng", "hang")),
    (("khu", "khu"), ("đô", "do")),
];

/// One-word names of such places.
const PLACE_WORDS: [Word; 5] =
    [("chợ", "cho"), ("trường", "truong"), ("chùa", "chua"), ("đình", "dinh"), ("thpt", "thpt")];

/// Every folded word of the tables above: a token that is none of them is a name, and is passed over
/// without comparing it with each table.
fn special_words() -> &'static rustc_hash::FxHashSet<&'static str> {
    static WORDS: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        TWO_WORDS
            .iter()
            .flat_map(|(a, b, _, _)| [a.1, b.1])
            .chain(ONE_WORD.iter().map(|(w, _, _)| w.1))
            .chain(ABBREVIATIONS.iter().map(|(w, _, _)| *w))
            .chain(ENGLISH.iter().map(|(w, _, _)| *w))
            .chain(STREET_WORDS.iter().chain(&PLACE_WORDS).map(|w| w.1))
            .chain(PLACE_PHRASES.iter().flat_map(|(a, b)| [a.1, b.1]))
            .chain(["t", "th", "pho", "p", "khu", "viet", "nam", "vn", "vietnam"])
            .collect()
    })
}

/// Marks unit words, street words and the country's name.
pub fn mark_words(text: &str, tokens: &mut [Token]) {
    let special = special_words();
    let n = tokens.len();
    let mut i = 0;
    while i < n {
        if !special.contains(tokens[i].folded()) {
            i += 1;
            continue;
        }
        if i + 1 < n && tokens[i].segment == tokens[i + 1].segment {
            let (a, b) = (Spelled::of(&tokens[i]), Spelled::of(&tokens[i + 1]));
            let found = TWO_WORDS.iter().find_map(|(x, y, levels, types)| {
                let exact = a.toned == x.0 && b.toned == y.0;
                let plain = a.plain && b.plain && a.folded == x.1 && b.folded == y.1;
                (exact || plain).then_some((*levels, *types, exact))
            });
            if let Some((levels, types, certain)) = found
                && followed_by_name(tokens, i + 2)
            {
                tokens[i].unit = Some(UnitWord { levels, types, len: 2, certain, english: false });
                i += 2;
                continue;
            }
            // "T.Phố", "T.P" (thành phố) with a dot after the first letter.
            let city = tokens[i].dotted && matches!(a.folded, "t" | "th") && matches!(b.folded, "pho" | "p");
            if city && followed_by_name(tokens, i + 2) {
                tokens[i].unit = Some(UnitWord {
                    levels: CITY,
                    types: UnitTypes::of(&[ThanhPho]),
                    len: 2,
                    certain: true,
                    english: false,
                });
                i += 2;
                continue;
            }
            if PLACE_PHRASES.iter().any(|(x, y)| a.is(*x) && b.is(*y)) {
                tokens[i].street = true;
                tokens[i + 1].street = true;
                i += 2;
                continue;
            }
            if a.is(("khu", "khu")) && b.is(("phố", "pho")) {
                tokens[i].street = true;
                tokens[i + 1].street = true;
                i += 2;
                continue;
            }
            if (a.folded == "viet" && b.folded == "nam") || (a.folded == "vn" && b.folded == "vn") {
                tokens[i].country = true;
                tokens[i + 1].country = true;
                i += 2;
                continue;
            }
        }
        let token = &tokens[i];
        let spelled = Spelled::of(token);
        if matches!(spelled.folded, "vietnam" | "vn") {
            tokens[i].country = true;
            i += 1;
            continue;
        }
        let after = &text[token.end..];
        let glued = after.starts_with(|c: char| c.is_alphanumeric()); // "pBến", "P7"
        let marked = after.starts_with(['.', ':']) || glued;
        // A unit word with other tone marks than its own ("Phuờng") is one where a number follows.
        let before_number = tokens.get(i + 1).is_some_and(|t| t.is_number() && t.segment == token.segment);
        let full = ONE_WORD.iter().find_map(|(word, levels, types)| {
            let exact = spelled.toned == word.0;
            let plain = spelled.plain && spelled.folded == word.1;
            let mistoned = before_number && spelled.folded == word.1;
            (exact || plain || mistoned).then_some((*levels, *types, exact || mistoned, false))
        });
        let abbreviation = ABBREVIATIONS
            .iter()
            .find(|(word, _, _)| spelled.folded == *word && (marked || (*word != "t" && after.starts_with(' '))))
            .map(|(_, levels, types)| (*levels, *types, marked, false));
        let english = ENGLISH
            .iter()
            .find(|(word, _, _)| spelled.toned == *word)
            .map(|(_, levels, types)| (*levels, *types, true, true));
        let unit = full.or(abbreviation).or(english);
        if let Some((levels, types, certain, english)) = unit
            && (english || followed_by_name(tokens, i + 1))
        {
            tokens[i].unit = Some(UnitWord { levels, types, len: 1, certain, english });
        } else if STREET_WORDS.iter().chain(&PLACE_WORDS).any(|word| spelled.is(*word)) {
            tokens[i].street = true;
        }
        i += 1;
    }
}

/// A token's two spellings, taken out once for the many comparisons of [`mark_words`].
#[derive(Clone, Copy)]
struct Spelled<'a> {
    folded: &'a str,
    toned: &'a str,
    /// Written without tone marks or other diacritics.
    plain: bool,
}

impl<'a> Spelled<'a> {
    fn of(token: &'a Token) -> Self {
        let toned = token.toned();
        Spelled { folded: token.folded(), toned, plain: toned.is_ascii() }
    }

    /// The word with its tone marks, or its folded form written without any tone mark.
    fn is(self, (toned, folded): Word) -> bool {
        self.toned == toned || (self.plain && self.folded == folded)
    }
}

/// A unit word is a unit word only when a name follows it in the same segment
/// ("Xã Phường" is not written; "Phường" alone at the end is not a type).
fn followed_by_name(tokens: &[Token], at: usize) -> bool {
    tokens.get(at).is_some_and(|t| at > 0 && t.segment == tokens[at - 1].segment && t.unit.is_none())
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
    let mut push = |out: &mut String, c: char| {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(out, &mut digits);
            if c.is_ascii_alphanumeric() {
                out.push(c);
            }
        }
    };
    // Composed Vietnamese letters fold by table; anything else goes through the full decomposition.
    let table = fold_table();
    for c in text.chars() {
        match if c.is_ascii() { Some(c.to_ascii_lowercase()) } else { composed_fold(table, c) } {
            Some(c) => push(&mut out, c),
            None => return key_decomposed(text),
        }
    }
    flush(&mut out, &mut digits);
    out
}

/// [`key`] by full decomposition, for text with letters outside the fold table (or not in NFC, which
/// the table's composed letters then tell nothing about: a mark may follow).
fn key_decomposed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |out: &mut String, digits: &mut String| {
        if !digits.is_empty() {
            let trimmed = digits.trim_start_matches('0');
            out.push_str(if trimmed.is_empty() { "0" } else { trimmed });
            digits.clear();
        }
    };
    for c in text.nfd() {
        // A mark ends a run of digits, as it ends a digit token in `tokenize` ("0\u{301}05" → "0", "5").
        if is_combining_mark(c) {
            flush(&mut out, &mut digits);
            continue;
        }
        for c in c.to_lowercase() {
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
    }
    flush(&mut out, &mut digits);
    out
}

/// As [`key`] but keeping tone marks (and leading zeros), to tell "Lộc Thành" from "Lộc Thạnh".
pub fn toned_key(text: &str) -> String {
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        return text.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect();
    }
    text.nfc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        tokenize(text).iter().map(|t| t.folded().to_owned()).collect()
    }

    /// (folded token, levels of the unit word it starts).
    fn units(text: &str) -> Vec<(String, Option<Levels>)> {
        read_tokens(text).iter().map(|t| (t.folded().to_owned(), t.unit.map(|u| u.levels))).collect()
    }

    fn unit_count(text: &str) -> usize {
        read_tokens(text).iter().filter(|t| t.unit.is_some()).count()
    }

    #[test]
    fn the_fold_table_agrees_with_the_library() {
        let decomposed: String = "Hoà".nfd().collect();
        for text in ["nguyễn", "ĐẮK", "phường", "hòa", "hoà", "thủy", "ơ", "ñ", "æ", "ß", &decomposed] {
            let tokens = tokenize(text);
            let folded: String = fold(text).chars().filter(|c| c.is_alphanumeric()).collect();
            assert_eq!(tokens.iter().map(Token::folded).collect::<String>(), folded, "{text}");
            assert_eq!(key(text), folded, "{text}");
        }
        // Every letter of the table folds as the library folds it.
        let table = fold_table();
        for code in COMPOSED.0..=COMPOSED.1 {
            if let Some(c) = char::from_u32(code)
                && let Some(folded) = composed_fold(table, c)
            {
                assert_eq!(fold(c.encode_utf8(&mut [0; 4])), folded.to_string(), "U+{code:04X}");
            }
        }
    }

    #[test]
    fn word_tables_are_folded_right() {
        let words = TWO_WORDS
            .iter()
            .flat_map(|(a, b, _, _)| [*a, *b])
            .chain(ONE_WORD.iter().map(|(w, _, _)| *w))
            .chain(STREET_WORDS)
            .chain(PLACE_WORDS)
            .chain(PLACE_PHRASES.iter().flat_map(|(a, b)| [*a, *b]));
        for (toned, folded) in words {
            assert_eq!(fold(toned), folded, "{toned}");
        }
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
            let joined: String = tokenize(text).iter().map(|t| t.folded().to_owned()).collect();
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
    fn splits_words_glued_in_two_cases() {
        assert_eq!(folded("pBến Thành qGò Vấp"), ["p", "ben", "thanh", "q", "go", "vap"]);
        assert_eq!(folded("TPHue"), ["tp", "hue"]);
        assert_eq!(folded("TPHCM"), ["tphcm"]);
        assert_eq!(folded("Đắk Lắk"), ["dak", "lak"]);
    }

    #[test]
    fn counts_segments_at_commas_and_groups_at_dashes() {
        let tokens = tokenize("12 Lê Lợi, P. Bến Nghé; Q.1");
        let segments: Vec<usize> = tokens.iter().map(|t| t.segment).collect();
        assert_eq!(segments, [0, 0, 0, 1, 1, 1, 2, 2]);
        let tokens = tokenize("18/2 Tô Ký - Q12 (gần chợ)");
        let groups: Vec<usize> = tokens.iter().map(|t| t.group).collect();
        assert_eq!(groups, [0, 0, 0, 0, 1, 1, 2, 2]);
        assert!(tokens[6].in_note && !tokens[5].in_note);
    }

    #[test]
    fn recognises_unit_words_and_abbreviations() {
        assert_eq!(
            units("TT.Phước Bửu, H.Xuyên Mộc"),
            [
                ("tt".into(), Some(Levels::COMMUNE)),
                ("phuoc".into(), None),
                ("buu".into(), None),
                ("h".into(), Some(Levels::DISTRICT)),
                ("xuyen".into(), None),
                ("moc".into(), None)
            ]
        );
        let marked = units("xã ngũ hiệp huyện thanh trì thành phố hà nội");
        assert_eq!(marked[0].1, Some(Levels::COMMUNE));
        assert_eq!(marked[3].1, Some(Levels::DISTRICT));
        assert!(marked[6].1.is_some_and(|l| l.contains(Levels::PROVINCE) && l.contains(Levels::DISTRICT)));
        // Compact lower-case abbreviations without dots.
        assert_eq!(unit_count("p trần phú tp hà tĩnh hà tĩnh"), 2);
        assert_eq!(unit_count("x Phước Đồng tp Nha Trang"), 2);
        // English before a number, after a name.
        assert_eq!(unit_count("Ward 1, District 3, Ho Chi Minh City"), 3);
        // "H" inside a name ("Ea H'Leo") is not an abbreviation of huyện.
        assert_eq!(units("Xã Ea H'Leo")[2].1, None);
        // Names that fold like unit words: Phương, Quán, Tịnh, Xá are not unit words when toned.
        assert_eq!(unit_count("Xã Phượng Dực, Huyện Phú Xuyên"), 2);
        assert_eq!(units("Phường Thổ Quan")[2].1, None);
        assert_eq!(units("Thị xã Tịnh Biên")[2].1, None);
    }

    #[test]
    fn marks_street_words_and_the_country() {
        let tokens = read_tokens("Thôn 3, khu phố 2, đường Lê Lợi, Việt Nam");
        let street: Vec<&str> = tokens.iter().filter(|t| t.street).map(|t| t.folded()).collect();
        assert_eq!(street, ["thon", "khu", "pho", "duong"]);
        assert!(tokens.iter().rev().take(2).all(|t| t.country));
        // "Dương" with its tone marks is a name, not "đường".
        assert!(!read_tokens("Bình Dương")[1].street);
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
