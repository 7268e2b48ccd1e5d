//! How the engine holds up on the ways people really write addresses (issue 11, section 2).
//!
//! Two sources of addresses:
//! - the development set's official-style addresses, each rewritten a few ways (a typo, a missing district or
//!   province, no unit words, capitals, a country name, already-new addresses): the answer must not change;
//! - old communes (and new communes) taken from the dataset itself, an evenly spread, fixed sample per
//!   variant, each written in the styles of one class of issue 11 (province forms, no province, labels and
//!   glue, notes and noise, other orders, street names shared with units, compact abbreviations, typos).
//!   A case is generated only where what it writes names exactly one unit in the dataset (decided from the
//!   dataset's names and aliases), so that a miss is the engine's and never an impossible demand; where the
//!   writing is ambiguous by nature (a commune and district without province that exist in several
//!   provinces) the test measures what is well-defined instead: the right answer is offered, and the first
//!   candidate is not given the confidence of a certain answer.
//!
//! Each variant prints top-1, top-3, how often the first candidate's confidence is below that of a certain
//! answer, and a few misses. Floors are issue 11's target: 99 % top-1 for every variant.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use shared::answers::{Lang, Lookup};
use shared::engine::normalize::{fold, key};
use shared::model::{Index, NewCommune, NewProvince, OldCommune, OldDistrict, OldProvince};
use tests::{dev_addresses, lookup, workspace_root};

/// Removes one letter from the middle of the longest word of `part` (a typical slip on a phone).
fn typo(part: &str) -> String {
    let words: Vec<&str> = part.split(' ').collect();
    let (longest, _) = words.iter().enumerate().skip(1).max_by_key(|(_, w)| w.chars().count()).unwrap_or((0, &""));
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == longest && w.chars().count() >= 4 {
                let chars: Vec<char> = w.chars().collect();
                let middle = chars.len() / 2;
                chars.iter().enumerate().filter(|(j, _)| *j != middle).map(|(_, c)| *c).collect::<String>()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Xã Đắk Som" → "Đắk Som".
fn without_unit_word(part: &str) -> String {
    for unit in ["Thị trấn ", "Thị xã ", "Thành phố ", "Xã ", "Phường ", "Quận ", "Huyện ", "Tỉnh "]
    {
        if let Some(rest) = part.strip_prefix(unit) {
            return rest.to_owned();
        }
    }
    part.to_owned()
}

#[test]
fn rewritten_addresses_keep_their_answer() {
    let index = lookup().index();
    let mut results: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut misses: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for case in dev_addresses().iter().filter(|c| c.style == "official") {
        let parts: Vec<&str> = case.input.split(", ").collect();
        let [commune, district, province] = parts[..] else { continue };
        let new = index.new_commune(&case.expected[0].parse().unwrap()).unwrap();
        let new_province = index.new_province(&new.province_code).unwrap();
        let rewrites: Vec<(&str, String)> = vec![
            ("typo_commune", format!("{}, {district}, {province}", typo(commune))),
            ("typo_district", format!("{commune}, {}, {province}", typo(district))),
            ("no_district", format!("{commune}, {province}")),
            ("no_province", format!("{commune}, {district}")),
            (
                "no_unit_words",
                format!(
                    "{}, {}, {}",
                    without_unit_word(commune),
                    without_unit_word(district),
                    without_unit_word(province)
                ),
            ),
            ("upper_case", case.input.to_uppercase()),
            ("country", format!("{}, Việt Nam", case.input)),
            (
                "plain_run_on",
                fold(&format!(
                    "{} {} {}",
                    without_unit_word(commune),
                    without_unit_word(district),
                    without_unit_word(province)
                )),
            ),
            ("new_address", format!("{}, {}", new.full_name, new_province.full_name)),
            ("street_no_comma", format!("Số 5 ngõ 2 {}", case.input)),
            ("folded_typo", fold(&format!("{}, {district}, {province}", typo(commune)))),
        ];
        for (name, input) in rewrites {
            let response = lookup().convert(&input, Lang::Vi);
            let codes: Vec<&str> = response.candidates.iter().map(|c| c.code.as_str()).collect();
            let expected =
                |code: &&str| case.expected.iter().any(|e| e == code) || (name == "new_address" && *code == new.code);
            let entry = results.entry(name).or_default();
            entry.2 += 1;
            if codes.first().is_some_and(expected) {
                entry.0 += 1;
            } else {
                misses.entry(name).or_default().push(format!(
                    "{input:?} → {:?} expected {:?}",
                    codes.first(),
                    case.expected
                ));
            }
            if codes.iter().take(3).any(expected) {
                entry.1 += 1;
            }
        }
    }
    println!("\nrewrite            top-1     top-3");
    for (name, (top1, top3, all)) in &results {
        println!("  {name:<16} {:>6.2} %  {:>6.2} %   ({all})", pct(*top1, *all), pct(*top3, *all));
    }
    for (name, list) in &misses {
        for miss in list.iter().take(6) {
            println!("  miss {name}: {miss}");
        }
    }
    // Floors well below what is measured (see docs/benchmarks.md), so that a regression fails.
    let floor = |name: &str, top1: f64, top3: f64| {
        let (a, b, all) = results[name];
        assert!(pct(a, all) >= top1, "{name}: top-1 {:.2} % < {top1} %", pct(a, all));
        assert!(pct(b, all) >= top3, "{name}: top-3 {:.2} % < {top3} %", pct(b, all));
    };
    for name in [
        "country",
        "new_address",
        "no_province",
        "no_unit_words",
        "plain_run_on",
        "typo_district",
        "upper_case",
        "street_no_comma",
    ] {
        floor(name, 99.0, 99.0);
    }
    floor("typo_commune", 98.0, 99.0);
    floor("folded_typo", 97.0, 98.0);
    // Without the district, same-named communes of a province are all offered; the right one is near the top.
    floor("no_district", 95.0, 99.0);
}

fn pct(part: usize, all: usize) -> f64 {
    100.0 * part as f64 / all.max(1) as f64
}

// ---------------------------------------------------------------------------------------------------------
// Rewrites generated from the dataset, one test per class of issue 11.
// ---------------------------------------------------------------------------------------------------------

/// Cases per variant (fewer where the dataset has fewer units the variant applies to).
const PER_VARIANT: usize = 600;
/// Issue 11's target for every class: top-1 at least this, in per cent.
const FLOOR: f64 = 99.0;
/// A variant with fewer cases means the generator, not the engine, went wrong.
const MIN_CASES: usize = 40;
/// Ambiguous addresses are measured only where they have at most this many meanings (the engine answers
/// at most ten candidates, and a split commune takes several).
const MAX_MEANINGS: usize = 4;

/// Generic notes people add to an address: a relation and a place (none names a unit).
const RELATIONS: [&str; 5] = ["gần", "đối diện", "cạnh", "sau", "đi qua"];
const PLACES: [&str; 8] =
    ["chợ", "trường tiểu học", "cây xăng", "bưu điện", "ngã tư", "nhà văn hóa", "công viên", "bến xe"];
/// Buildings and apartments, as written before or after the address.
const BUILDINGS: [&str; 7] =
    ["Tòa nhà A2", "Chung cư CT3", "Block B", "Tòa nhà số 5", "Lô C4", "Tầng 12, Tòa nhà B", "Căn hộ 1205"];
/// Units below the commune, numbered.
const LOCAL_UNITS: [&str; 6] = ["Khu phố 3", "Tổ 12", "Thôn 4", "Xóm 2", "Ấp 5", "Tổ dân phố 7"];
/// House numbers and streets that name no unit.
const HOUSES: [&str; 5] = ["18/2", "Số 45", "102B", "7/12A", "Số 9"];
const STREETS: [&str; 4] = ["Đường số 5", "Hẻm 12", "Ngõ 3", "Kiệt 7"];
const COUNTRY: [&str; 4] = ["", ", Việt Nam", ", Vietnam", " Việt Nam"];
const COUNTRY_EN: [&str; 3] = [", Vietnam", "", ", Viet Nam"];

/// At most one edit apart (insertion, deletion, substitution or two neighbours swapped).
fn within_one(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[p..], &b[p..]);
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => {
            ra.is_empty()
                || ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Greater => ra[1..] == *rb,
        std::cmp::Ordering::Less => *ra == rb[1..],
    }
}

fn is_number(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_digit())
}

/// A name as written without its unit word; a number needs its unit word ("Phường 7", not "7").
fn bare<'a>(name: &'a str, full_name: &'a str) -> &'a str {
    if is_number(name) { full_name } else { name }
}

/// The lower-case abbreviation of a unit type, as typed without a dot ("p", "tt", "tx", ...).
fn abbreviation(unit_type: &str) -> &'static str {
    match unit_type {
        "Xã" => "x",
        "Phường" => "p",
        "Thị trấn" => "tt",
        "Quận" => "q",
        "Huyện" => "h",
        "Thị xã" => "tx",
        "Thành phố" => "tp",
        "Tỉnh" => "t",
        other => panic!("unit type {other:?}"),
    }
}

/// "P.Cầu Kho", "Q.1", "TX.Sơn Tây"; numbers with a leading zero when `zero`.
fn dotted(unit_type: &str, name: &str, zero: bool) -> String {
    let name = if zero && is_number(name) { format!("{name:0>2}") } else { name.to_owned() };
    format!("{}.{name}", abbreviation(unit_type).to_uppercase())
}

/// The abbreviation glued to the name: "pBến Thành", "qGò Vấp"; numbered units in the ways they are
/// written: "P7", "F7", "P07", "Q05".
fn glued(unit_type: &str, name: &str, n: usize) -> String {
    if is_number(name) {
        let letter = match (unit_type, n % 2) {
            ("Phường", 1) => "F",
            _ => &abbreviation(unit_type).to_uppercase(),
        };
        if n % 4 >= 2 { format!("{letter}{name:0>2}") } else { format!("{letter}{name}") }
    } else {
        format!("{}{name}", abbreviation(unit_type))
    }
}

/// Tone marks and đ removed, case kept: "Đà Nẵng" → "Da Nang".
fn untoned(text: &str) -> String {
    text.chars()
        .map(|c| {
            let folded = fold(&c.to_string());
            if c.is_uppercase() { folded.to_uppercase() } else { folded }
        })
        .collect()
}

/// The words of a name ("Bà Rịa - Vũng Tàu" has four).
fn words(name: &str) -> Vec<&str> {
    name.split([' ', '-']).filter(|w| !w.is_empty()).collect()
}

fn initials(words: &[&str]) -> String {
    words.iter().filter_map(|w| w.chars().next()).flat_map(char::to_uppercase).collect()
}

/// One slip on a phone in the longest word of `name` (of 4 letters or more): a letter left out, the last
/// letter doubled, or two letters swapped, chosen by `n`. `None` where the name has no such word.
fn slip(name: &str, n: usize) -> Option<String> {
    let words: Vec<&str> = name.split(' ').collect();
    let longest = words.iter().map(|w| w.chars().count()).max()?;
    let at = words.iter().position(|w| w.chars().count() == longest)?;
    let chars: Vec<char> = words[at].chars().collect();
    if chars.len() < 4 || !chars.iter().all(|c| c.is_alphabetic()) {
        return None;
    }
    let middle = chars.len() / 2;
    (0..3).map(|k| (n + k) % 3).find_map(|kind| {
        let mut slipped = chars.clone();
        match kind {
            0 => drop(slipped.remove(middle)),
            1 => slipped.push(chars[chars.len() - 1]),
            _ => slipped.swap(middle - 1, middle),
        }
        let word: String = slipped.into_iter().collect();
        (key(&word) != key(words[at])).then(|| {
            let mut written: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
            written[at] = word;
            written.join(" ")
        })
    })
}

/// An old commune with its district, its old province and the new province that province became part of.
#[derive(Clone, Copy)]
struct Old<'a> {
    position: usize,
    c: &'a OldCommune,
    d: &'a OldDistrict,
    p: &'a OldProvince,
    np: &'a NewProvince,
}

/// Look-ups over the dataset for generating cases and deciding which writings are unambiguous.
struct World {
    index: &'static Index,
    lookup: &'static Lookup,
    /// Per old commune (by position): the keys it is known by (name and aliases, also without a unit word).
    commune_keys: Vec<Vec<String>>,
    communes_by_key: HashMap<String, Vec<usize>>,
    /// Per old district: the same.
    district_keys: Vec<Vec<String>>,
    district_at: HashMap<String, usize>,
    /// Per old and new province (by code, old ones prefixed "old:"): name and alias keys.
    province_keys: Vec<(String, String)>,
    /// Per new commune: keys of its name and English name.
    new_keys: Vec<Vec<String>>,
    new_by_key: HashMap<String, Vec<usize>>,
    /// `data/province_nicknames.csv`: (level, code, nickname as written).
    nicknames: Vec<(String, String, String)>,
    /// Old communes whose official address names them alone (every variant samples from these).
    eligible: Vec<usize>,
    /// The confidence the engine gives a certain answer: the highest among official addresses.
    certain: f64,
}

/// Keys of a unit: its name, its aliases, and those aliases without a leading unit word.
fn unit_keys(name: &str, aliases: &[String], unit_words: &[&str]) -> Vec<String> {
    let mut keys = vec![key(name)];
    for alias in aliases {
        keys.push(alias.clone());
        for word in unit_words {
            if let Some(rest) = alias.strip_prefix(word)
                && !rest.is_empty()
                && (word.len() > 1 || rest.starts_with(|c: char| c.is_ascii_digit()))
            {
                keys.push(rest.to_owned());
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(World::new)
}

impl World {
    fn new() -> Self {
        let lookup = lookup();
        let index = lookup.index();
        let d = &index.dataset;
        let mut aliases: HashMap<(&str, &str), Vec<String>> = HashMap::new();
        for alias in &d.aliases {
            aliases.entry((alias.level.as_str(), alias.code.as_str())).or_default().push(key(&alias.key));
        }
        let aliases_of = |level: &str, code: &str| aliases.get(&(level, code)).cloned().unwrap_or_default();
        let commune_words = ["thitran", "phuong", "xa", "ward", "commune", "p", "f"];
        let district_words = ["thanhpho", "thixa", "huyen", "quan", "district", "tp", "tx", "q"];
        let commune_keys: Vec<Vec<String>> = d
            .old_communes
            .iter()
            .map(|c| unit_keys(&c.name, &aliases_of("old_commune", &c.code), &commune_words))
            .collect();
        let mut communes_by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, keys) in commune_keys.iter().enumerate() {
            for k in keys {
                communes_by_key.entry(k.clone()).or_default().push(i);
            }
        }
        let district_keys: Vec<Vec<String>> = d
            .old_districts
            .iter()
            .map(|x| unit_keys(&x.name, &aliases_of("old_district", &x.code), &district_words))
            .collect();
        let district_at = d.old_districts.iter().enumerate().map(|(i, x)| (x.code.to_string(), i)).collect();
        let mut province_keys = Vec::new();
        for p in &d.old_provinces {
            for k in unit_keys(&p.name, &aliases_of("old_province", &p.code), &[]) {
                province_keys.push((format!("old:{}", p.code), k));
            }
        }
        for p in &d.new_provinces {
            for k in unit_keys(&p.name, &aliases_of("new_province", &p.code), &[]) {
                province_keys.push((p.code.to_string(), k));
            }
            province_keys.push((p.code.to_string(), key(&p.name_en)));
        }
        let new_keys: Vec<Vec<String>> = d
            .new_communes
            .iter()
            .map(|c| {
                let mut keys = vec![key(&c.name), key(&c.name_en)];
                keys.dedup();
                keys
            })
            .collect();
        let mut new_by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, keys) in new_keys.iter().enumerate() {
            for k in keys {
                new_by_key.entry(k.clone()).or_default().push(i);
            }
        }
        let path = workspace_root().join("data/province_nicknames.csv");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let nicknames = text
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut fields = line.splitn(4, ',');
                Some((fields.next()?.to_owned(), fields.next()?.to_owned(), fields.next()?.to_owned()))
            })
            .collect();
        let mut world = World {
            index,
            lookup,
            commune_keys,
            communes_by_key,
            district_keys,
            district_at,
            province_keys,
            new_keys,
            new_by_key,
            nicknames,
            eligible: vec![],
            certain: 1.0,
        };
        world.eligible = (0..d.old_communes.len())
            .filter(|&i| {
                let o = world.old(i);
                !index.successors(&o.c.code).is_empty() && world.alone(i, true, true, Some(&[&o.p.code]))
            })
            .collect();
        let official = spread(&world.eligible, 200, 0, |_| true);
        world.certain = official
            .iter()
            .filter_map(|&i| {
                let o = world.old(i);
                let input = format!("{}, {}, {}", o.c.full_name, o.d.full_name, o.p.full_name);
                world.lookup.convert(&input, Lang::Vi).candidates.first().map(|c| c.confidence)
            })
            .fold(0.0, f64::max);
        world
    }

    fn old(&self, position: usize) -> Old<'static> {
        let d = &self.index.dataset;
        let c = &d.old_communes[position];
        let district = &d.old_districts[self.district_at[c.district_code.as_str()]];
        let p = self.index.old_province(&c.province_code).expect("communes point to provinces");
        let np = self.index.new_province(&p.new_province_code).expect("old provinces point to new ones");
        Old { position, c, d: district, p, np }
    }

    fn successors(&self, o: &Old) -> Vec<String> {
        self.index.successors(&o.c.code).into_iter().map(|t| t.new_code.to_string()).collect()
    }

    /// Old communes that a commune key (exact) can mean: of the unit type written (if any; a key that comes
    /// from an alias matches every type), with the district key written (if any), within the old provinces
    /// written (if any).
    fn meanings(
        &self,
        commune: &str,
        unit_type: Option<&str>,
        district: Option<&str>,
        provinces: Option<&[&str]>,
    ) -> Vec<usize> {
        let d = &self.index.dataset;
        self.communes_by_key
            .get(commune)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| {
                let c = &d.old_communes[i];
                unit_type.is_none_or(|t| c.unit_type == t || key(&c.name) != commune)
                    && self.in_scope(c, district, provinces)
            })
            .collect()
    }

    /// Whether an address naming old commune `i` (with its unit word if `typed`), its district (if
    /// `district`) and a province covering `provinces` (no province if `None`) can mean only that commune.
    fn alone(&self, i: usize, typed: bool, district: bool, provinces: Option<&[&str]>) -> bool {
        let o = self.old(i);
        let district_key = key(&o.d.name);
        let unit_type = typed.then_some(o.c.unit_type.as_str());
        self.meanings(&key(&o.c.name), unit_type, district.then_some(district_key.as_str()), provinces) == [i]
    }

    /// The same, for a key with a typo: every old commune with a key at most one edit from it.
    fn near_meanings(&self, commune: &str, district: Option<&str>, provinces: Option<&[&str]>) -> Vec<usize> {
        let d = &self.index.dataset;
        (0..d.old_communes.len())
            .filter(|&i| {
                self.commune_keys[i].iter().any(|k| within_one(k, commune))
                    && self.in_scope(&d.old_communes[i], district, provinces)
            })
            .collect()
    }

    fn in_scope(&self, c: &OldCommune, district: Option<&str>, provinces: Option<&[&str]>) -> bool {
        district.is_none_or(|k| self.district_keys[self.district_at[c.district_code.as_str()]].iter().any(|x| x == k))
            && provinces.is_none_or(|codes| codes.contains(&c.province_code.as_str()))
    }

    /// New communes with a key at most one edit from `commune`.
    fn near_new(&self, commune: &str) -> Vec<&'static NewCommune> {
        let d = &self.index.dataset;
        (0..d.new_communes.len())
            .filter(|&i| self.new_keys[i].iter().any(|k| within_one(k, commune)))
            .map(|i| &d.new_communes[i])
            .collect()
    }

    /// Whether a written province form names no province but those of `own` (old ones as "old:CODE", new
    /// ones by their code).
    fn names_only(&self, form: &str, own: &[String]) -> bool {
        let k = key(form);
        self.province_keys.iter().filter(|(_, x)| *x == k).all(|(code, _)| own.contains(code))
    }

    /// Abbreviations of an old province: its nicknames in `data/province_nicknames.csv`, the initials of a
    /// name of three words or more ("HCM", "BRVT"; "TP.HCM" for a city), and a nickname of three words or
    /// more with all but its last word as initials ("TT Huế"). Only forms that name no other province.
    fn province_abbreviations(&self, p: &OldProvince) -> Vec<String> {
        let mut forms = Vec::new();
        for (level, code, nickname) in &self.nicknames {
            if level == "old_province" && *code == p.code {
                forms.push(nickname.clone());
                let w = words(nickname);
                if w.len() >= 3 {
                    forms.push(format!("{} {}", initials(&w[..w.len() - 1]), w[w.len() - 1]));
                }
            }
        }
        let w = words(&p.name);
        if w.len() >= 3 {
            forms.push(initials(&w));
            if p.unit_type == "Thành phố" {
                forms.push(format!("TP.{}", initials(&w)));
                forms.push(format!("TP {}", initials(&w)));
            }
        }
        forms.sort();
        forms.dedup();
        let own = [format!("old:{}", p.code), p.new_province_code.to_string()];
        forms.retain(|form| key(form) != key(&p.name) && self.names_only(form, &own));
        forms
    }

    /// The old province in English: the new province's English name where it is the same province,
    /// otherwise the name without tone marks and "Province" or "City"; or the Vietnamese name with an
    /// English word ("Đà Nẵng city").
    fn province_english(&self, p: &OldProvince, n: usize) -> String {
        let word = if p.unit_type == "Tỉnh" { "Province" } else { "City" };
        let same = self.index.new_province(&p.new_province_code).filter(|np| key(&np.name) == key(&p.name));
        match (same, n % 3) {
            (Some(np), 0) => np.full_name_en.clone(),
            (Some(np), 1) => np.name_en.clone(),
            (None, 0) => format!("{} {word}", untoned(&p.name)),
            (None, 1) => untoned(&p.name),
            _ => format!("{} {}", p.name, word.to_lowercase()),
        }
    }

    /// Another commune of the same district (not a number, another key), chosen by `n`.
    fn sibling(&self, o: &Old, n: usize) -> Option<&'static OldCommune> {
        let own = key(&o.c.name);
        let siblings: Vec<&OldCommune> = self
            .index
            .old_communes_of(&o.c.district_code)
            .into_iter()
            .filter(|s| s.code != o.c.code && !is_number(&s.name) && key(&s.name) != own)
            .collect();
        if siblings.is_empty() {
            return None;
        }
        Some(siblings[n % siblings.len()])
    }

    /// Whether words written right before a commune name, without a comma ("15 trần phú hoàng văn thụ"),
    /// could be read with it as another commune: a run of words ending where the name ends, longer or
    /// shorter than the name, is the key of a commune the address can mean.
    fn run_on_is_ambiguous(&self, before: &str, name: &str, district: &str, provinces: Option<&[&str]>) -> bool {
        let written: Vec<String> = format!("{before} {name}").split(' ').map(key).filter(|w| !w.is_empty()).collect();
        let own = name.split(' ').map(key).filter(|w| !w.is_empty()).count();
        (1..=written.len())
            .filter(|&k| k != own)
            .any(|k| !self.meanings(&written[written.len() - k..].concat(), None, Some(district), provinces).is_empty())
    }
}

/// Up to `n` of `pool`, spread evenly over it (every k-th, starting at `salt`), keeping those `keep` accepts;
/// the same every run.
fn spread(pool: &[usize], n: usize, salt: usize, mut keep: impl FnMut(usize) -> bool) -> Vec<usize> {
    let step = (pool.len() / n.max(1)).max(1);
    let mut chosen = Vec::new();
    for offset in 0..step {
        for &item in pool.iter().skip((salt + offset) % step).step_by(step) {
            if chosen.len() == n {
                return chosen;
            }
            if keep(item) {
                chosen.push(item);
            }
        }
    }
    chosen
}

/// One generated address and the new communes that are a right answer for it.
struct Case {
    variant: &'static str,
    input: String,
    accepted: Vec<String>,
}

#[derive(Default)]
struct Tally {
    cases: usize,
    top1: usize,
    top3: usize,
    /// The first candidate's confidence is below a certain answer's.
    unsure: usize,
    misses: Vec<String>,
}

fn pct_of(part: usize, all: usize) -> String {
    format!("{:>6.2} %", pct(part, all))
}

fn describe(index: &Index, codes: &[String]) -> String {
    let names: Vec<String> = codes
        .iter()
        .map(|code| {
            format!(
                "{code} {}",
                code.parse().ok().and_then(|code| index.new_commune(&code)).map_or("?", |c| c.full_name.as_str())
            )
        })
        .collect();
    names.join(" | ")
}

/// Converts every case, prints top-1, top-3 and misses per variant, and asserts the floor.
fn check(class: &str, cases: Vec<Case>) {
    let w = world();
    let mut tallies: Vec<(&str, Tally)> = Vec::new();
    for case in &cases {
        let response = w.lookup.convert(&case.input, Lang::Vi);
        let codes: Vec<&str> = response.candidates.iter().map(|c| c.code.as_str()).collect();
        let right = |code: &&str| case.accepted.iter().any(|a| a == code);
        if !tallies.iter().any(|(v, _)| *v == case.variant) {
            tallies.push((case.variant, Tally::default()));
        }
        let tally = &mut tallies.iter_mut().find(|(v, _)| *v == case.variant).unwrap().1;
        tally.cases += 1;
        if codes.first().is_some_and(right) {
            tally.top1 += 1;
        } else {
            let first = response.candidates.first().map_or("nothing".to_owned(), |c| format!("{} {}", c.code, c.name));
            tally.misses.push(format!("{:?} → {first}; expected {}", case.input, describe(w.index, &case.accepted)));
        }
        if codes.iter().take(3).any(right) {
            tally.top3 += 1;
        }
        if response.candidates.first().is_some_and(|c| c.confidence < w.certain) {
            tally.unsure += 1;
        }
    }
    let mut report = format!(
        "\n{class}\n  variant                          top-1     top-3  conf<certain  cases   (certain = {:.3})\n",
        w.certain
    );
    for (variant, t) in &tallies {
        report += &format!(
            "  {variant:<30} {}  {}      {}  {:>5}\n",
            pct_of(t.top1, t.cases),
            pct_of(t.top3, t.cases),
            pct_of(t.unsure, t.cases),
            t.cases
        );
    }
    for (variant, t) in &tallies {
        for miss in t.misses.iter().take(5) {
            report += &format!("  miss {variant}: {miss}\n");
        }
    }
    println!("{report}");
    let failures: Vec<String> = tallies
        .iter()
        .filter(|(_, t)| t.cases < MIN_CASES || pct(t.top1, t.cases) < FLOOR)
        .map(|(variant, t)| format!("{variant}: top-1 {:.2} % of {} (floor {FLOOR} %)", pct(t.top1, t.cases), t.cases))
        .collect();
    assert!(failures.is_empty(), "{class}: {failures:#?}");
}

/// Old communes of the sample for one variant.
fn sample(n: usize, salt: usize, keep: impl FnMut(usize) -> bool) -> Vec<(usize, Old<'static>)> {
    let w = world();
    spread(&w.eligible, n, salt, keep).into_iter().map(|i| w.old(i)).enumerate().collect()
}

fn case(variant: &'static str, input: String, accepted: Vec<String>) -> Case {
    Case { variant, input, accepted }
}

/// Class 1: the province without its unit word, abbreviated, in English, or as the new province it
/// became part of, with or without the country; and new addresses written the same ways.
#[test]
fn class_1_province_forms() {
    let w = world();
    let mut cases = Vec::new();
    for (n, o) in sample(PER_VARIANT, 1, |_| true) {
        let input = format!("{}, {}, {}{}", o.c.full_name, o.d.full_name, o.p.name, COUNTRY[n % COUNTRY.len()]);
        cases.push(case("province_bare", input, w.successors(&o)));
    }
    let abbreviated = |i: usize| !w.province_abbreviations(w.old(i).p).is_empty();
    let forms: Vec<String> = w
        .index
        .dataset
        .old_provinces
        .iter()
        .map(|p| (p, w.province_abbreviations(p)))
        .filter(|(_, forms)| !forms.is_empty())
        .map(|(p, forms)| format!("{}: {}", p.name, forms.join(", ")))
        .collect();
    println!("\nclass 1: province abbreviations generated: {}", forms.join("; "));
    for (n, o) in sample(PER_VARIANT, 2, abbreviated) {
        let forms = w.province_abbreviations(o.p);
        let form = &forms[n % forms.len()];
        let input =
            format!("{}, {}, {form}{}", o.c.full_name, o.d.full_name, COUNTRY[(n / forms.len()) % COUNTRY.len()]);
        cases.push(case("province_abbreviated", input, w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 3, |_| true) {
        let province = w.province_english(o.p, n);
        let input = format!("{}, {}, {province}{}", o.c.full_name, o.d.full_name, COUNTRY_EN[n % COUNTRY_EN.len()]);
        cases.push(case("province_english", input, w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 4, |_| true) {
        let commune = match (o.c.unit_type.as_str(), is_number(&o.c.name)) {
            ("Phường", true) => format!("Ward {}", o.c.name),
            ("Phường", false) => format!("{} Ward", untoned(&o.c.name)),
            ("Thị trấn", _) => format!("{} Town", untoned(&o.c.name)),
            _ => format!("{} Commune", untoned(&o.c.name)),
        };
        let district = match (o.d.unit_type.as_str(), is_number(&o.d.name)) {
            ("Quận", true) => format!("District {}", o.d.name),
            ("Quận" | "Huyện", _) => format!("{} District", untoned(&o.d.name)),
            ("Thị xã", _) => format!("{} Town", untoned(&o.d.name)),
            _ => format!("{} City", untoned(&o.d.name)),
        };
        let input = format!("{commune}, {district}, {}, Vietnam", w.province_english(o.p, n % 2));
        cases.push(case("english_whole_address", input, w.successors(&o)));
    }
    // The new province written for an old province merged into it: the district must name the commune
    // alone among every old province the new one absorbed.
    let merged = |i: usize| {
        let o = w.old(i);
        let absorbed: Vec<&str> = o.np.absorbed.split_whitespace().collect();
        key(&o.np.name) != key(&o.p.name) && w.alone(i, true, true, Some(&absorbed))
    };
    for (n, o) in sample(PER_VARIANT, 5, merged) {
        let mut forms = vec![o.np.full_name.clone(), o.np.name.clone(), o.np.full_name_en.clone()];
        forms.extend(
            w.nicknames
                .iter()
                .filter(|(level, code, _)| level == "new_province" && *code == o.np.code)
                .map(|x| x.2.clone()),
        );
        let form = &forms[n % forms.len()];
        let input = format!("{}, {}, {form}{}", o.c.full_name, o.d.full_name, COUNTRY[(n / 3) % COUNTRY.len()]);
        cases.push(case("new_province_for_old", input, w.successors(&o)));
    }
    // Already-new addresses: the new commune's name unique in its province, and any old commune of that
    // name in the province went wholly into it (so that reading it as old gives the same answer).
    let d = &w.index.dataset;
    let unique_new = |j: usize| {
        let c = &d.new_communes[j];
        let np = w.index.new_province(&c.province_code).unwrap();
        let absorbed: Vec<&str> = np.absorbed.split_whitespace().collect();
        w.new_keys[j].iter().all(|k| {
            w.new_by_key[k].iter().filter(|&&x| d.new_communes[x].province_code == c.province_code).count() == 1
                && w.meanings(k, None, None, Some(&absorbed))
                    .iter()
                    .all(|&i| w.successors(&w.old(i)) == [c.code.clone()])
        })
    };
    let all_new: Vec<usize> = (0..d.new_communes.len()).collect();
    for (n, j) in spread(&all_new, PER_VARIANT, 6, unique_new).into_iter().enumerate() {
        let c = &d.new_communes[j];
        let np = w.index.new_province(&c.province_code).unwrap();
        let input = format!("{}, {}{}", bare(&c.name, &c.full_name), np.name, COUNTRY[n % COUNTRY.len()]);
        cases.push(case("new_address_bare", input, vec![c.code.to_string()]));
    }
    for (n, j) in spread(&all_new, PER_VARIANT, 7, unique_new).into_iter().enumerate() {
        let c = &d.new_communes[j];
        let np = w.index.new_province(&c.province_code).unwrap();
        let province = if n.is_multiple_of(2) { &np.full_name_en } else { &np.name_en };
        let input = format!("{}, {province}{}", c.full_name_en, COUNTRY_EN[n % COUNTRY_EN.len()]);
        cases.push(case("new_address_english", input, vec![c.code.to_string()]));
    }
    check("class 1: province without unit word, abbreviated, in English, or the new province", cases);
}

/// Class 2: no province. Where the commune and district name one old commune nationwide (the district
/// alone identifies its province, or the pair is unique), top-1 must be right; where they name several,
/// every one must be offered and the first must not look certain.
#[test]
fn class_2_no_province() {
    let w = world();
    let pair_unique = |i: usize| w.alone(i, true, true, None);
    let district_unique = |o: &Old| {
        let k = key(&o.d.name);
        w.district_keys.iter().filter(|keys| keys.contains(&k)).count() == 1
    };
    let mut cases = Vec::new();
    for (_, o) in sample(PER_VARIANT, 11, |i| district_unique(&w.old(i))) {
        cases.push(case("district_names_province", format!("{}, {}", o.c.full_name, o.d.full_name), w.successors(&o)));
    }
    for (_, o) in sample(PER_VARIANT, 12, |i| !district_unique(&w.old(i)) && pair_unique(i)) {
        cases.push(case("pair_unique_nationwide", format!("{}, {}", o.c.full_name, o.d.full_name), w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 13, pair_unique) {
        let commune = dotted(&o.c.unit_type, &o.c.name, n % 2 == 1);
        let district = dotted(&o.d.unit_type, &o.d.name, n % 2 == 1);
        let input = match n % 4 {
            0 => format!("{commune}, {district}"),
            1 => format!("{commune} {district}"),
            2 => format!("{} {}, {commune}, {district}", HOUSES[n % HOUSES.len()], STREETS[n % STREETS.len()]),
            _ => format!(
                "{} {}, {}, {district}",
                HOUSES[n % HOUSES.len()],
                STREETS[n % STREETS.len()],
                bare(&o.c.name, &o.c.full_name)
            ),
        };
        cases.push(case("abbreviated", input, w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 14, |i| is_number(&w.old(i).c.name) && pair_unique(i)) {
        let input = match n % 4 {
            0 => format!("{} {}", glued(&o.c.unit_type, &o.c.name, 0), glued(&o.d.unit_type, &o.d.name, 0)),
            1 => format!("{}, {}", glued(&o.c.unit_type, &o.c.name, 1), dotted(&o.d.unit_type, &o.d.name, false)),
            2 => format!("{}, {}", o.c.full_name, o.d.full_name),
            _ => format!("{} - {}", dotted(&o.c.unit_type, &o.c.name, true), dotted(&o.d.unit_type, &o.d.name, true)),
        };
        cases.push(case("numbered_ward", input, w.successors(&o)));
    }
    check("class 2: no province", cases);
}

/// Class 2, ambiguous by nature: a commune and district named alike in several provinces. The right answer
/// must be among the candidates, and the first candidate must not have a certain answer's confidence.
#[test]
fn class_2_no_province_ambiguous() {
    let w = world();
    let (mut offered, mut unsure, mut all) = (0, 0, 0);
    let mut misses = Vec::new();
    let ambiguous = |i: usize| {
        let o = w.old(i);
        let meanings = w.meanings(&key(&o.c.name), Some(&o.c.unit_type), Some(&key(&o.d.name)), None);
        (2..=MAX_MEANINGS).contains(&meanings.len())
    };
    // Each such commune in three writings: official, abbreviated with dots, compact lower case.
    let writings = |o: &Old| {
        [
            format!("{}, {}", o.c.full_name, o.d.full_name),
            format!("{}, {}", dotted(&o.c.unit_type, &o.c.name, false), dotted(&o.d.unit_type, &o.d.name, false)),
            format!("{} {} {} {}", abbreviation(&o.c.unit_type), o.c.name, abbreviation(&o.d.unit_type), o.d.name)
                .to_lowercase(),
        ]
    };
    for (input, o) in sample(PER_VARIANT, 15, ambiguous).into_iter().flat_map(|(_, o)| writings(&o).map(|x| (x, o))) {
        let response = w.lookup.convert(&input, Lang::Vi);
        let accepted = w.successors(&o);
        all += 1;
        let is_offered = response.candidates.iter().any(|c| accepted.iter().any(|a| c.code == *a));
        let is_unsure = response.candidates.first().is_some_and(|c| c.confidence < w.certain);
        offered += usize::from(is_offered);
        unsure += usize::from(is_unsure);
        if !is_offered || !is_unsure {
            let first =
                response.candidates.first().map_or("nothing".to_owned(), |c| format!("{} {}", c.code, c.confidence));
            misses.push(format!(
                "{input:?} → {first} of {}; expected {}",
                response.candidates.len(),
                describe(w.index, &accepted)
            ));
        }
    }
    let mut report = format!(
        "\nclass 2: no province, ambiguous by nature (2–{MAX_MEANINGS} old communes of that name and type in districts of that name)\n  offered {}   first below certain ({:.3}) {}   cases {all}\n",
        pct_of(offered, all),
        w.certain,
        pct_of(unsure, all)
    );
    for miss in misses.iter().take(5) {
        report += &format!("  miss ambiguous: {miss}\n");
    }
    println!("{report}");
    assert!(all >= MIN_CASES, "only {all} ambiguous cases");
    assert!(pct(offered, all) >= FLOOR, "ambiguous: right answer offered {:.2} % < {FLOOR} %", pct(offered, all));
    assert!(pct(unsure, all) >= FLOOR, "ambiguous: first below certain {:.2} % < {FLOOR} %", pct(unsure, all));
}

/// Class 3: labels ("Phường: X - Quận: Y"), abbreviations glued to the name ("pBến Thành", "F7", "Q05"),
/// dashes or slashes instead of commas, no separators at all.
#[test]
fn class_3_labels_and_glue() {
    let w = world();
    let mut cases = Vec::new();
    for (n, o) in sample(PER_VARIANT, 21, |_| true) {
        let sep = [" - ", ", ", " / ", " "][n % 4];
        let input = format!(
            "{}: {}{sep}{}: {}{sep}{}: {}",
            o.c.unit_type, o.c.name, o.d.unit_type, o.d.name, o.p.unit_type, o.p.name
        );
        cases.push(case("labels", input, w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 22, |_| true) {
        let sep = [", ", " ", " - "][n % 3];
        let province = if n.is_multiple_of(2) { &o.p.name } else { &o.p.full_name };
        let input = format!(
            "{}{sep}{}{sep}{province}",
            glued(&o.c.unit_type, &o.c.name, n),
            glued(&o.d.unit_type, &o.d.name, n / 2)
        );
        cases.push(case("glued_abbreviation", input, w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 23, |i| is_number(&w.old(i).c.name)) {
        let sep = [" ", " -", " - ", ", "][n % 4];
        let district = if is_number(&o.d.name) {
            glued(&o.d.unit_type, &o.d.name, n / 4)
        } else {
            dotted(&o.d.unit_type, &o.d.name, false)
        };
        let province = if n.is_multiple_of(2) { &o.p.name } else { &o.p.full_name };
        let input = format!("{}{sep}{district}, {province}", glued(&o.c.unit_type, &o.c.name, n));
        cases.push(case("glued_number", input, w.successors(&o)));
    }
    for (_, o) in sample(PER_VARIANT, 24, |_| true) {
        let input = format!("{} - {} - {}", o.c.full_name, o.d.full_name, o.p.full_name);
        cases.push(case("dashes", input, w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 25, |_| true) {
        let sep = ["/", " / "][n % 2];
        let input = format!("{}{sep}{}{sep}{}", o.c.full_name, o.d.full_name, o.p.full_name);
        cases.push(case("slashes", input, w.successors(&o)));
    }
    for (_, o) in sample(PER_VARIANT, 26, |_| true) {
        let input = format!("{} {} {}", o.c.full_name, o.d.full_name, o.p.full_name);
        cases.push(case("no_separators", input, w.successors(&o)));
    }
    check("class 3: labels and glue", cases);
}

/// Class 4: notes and noise anywhere: a note in parentheses, after a dash or a slash, a unit below the
/// commune, a building, a postcode, a segment repeated; and a note that names another unit of the district.
#[test]
fn class_4_notes_and_noise() {
    let w = world();
    let mut cases = Vec::new();
    // Puts `note` at one of four places of the official address: before it, after the commune, after the
    // district, at the end.
    let place = |o: &Old, note: &str, at: usize, glue: &str| match at % 4 {
        0 => format!("{note}{glue}{}, {}, {}", o.c.full_name, o.d.full_name, o.p.full_name),
        1 => format!("{}{glue}{note}, {}, {}", o.c.full_name, o.d.full_name, o.p.full_name),
        2 => format!("{}, {}{glue}{note}, {}", o.c.full_name, o.d.full_name, o.p.full_name),
        _ => format!("{}, {}, {}{glue}{note}", o.c.full_name, o.d.full_name, o.p.full_name),
    };
    for (n, o) in sample(PER_VARIANT, 31, |_| true) {
        let note = format!("({} {})", RELATIONS[n % RELATIONS.len()], PLACES[n % PLACES.len()]);
        cases.push(case("note_in_parentheses", place(&o, &note, n, " "), w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 32, |_| true) {
        cases.push(case(
            "note_after_dash",
            place(&o, BUILDINGS[n % BUILDINGS.len()], 1 + n % 3, " - "),
            w.successors(&o),
        ));
    }
    for (n, o) in sample(PER_VARIANT, 33, |_| true) {
        let note = format!("Đối diện {}", PLACES[n % PLACES.len()]);
        cases.push(case("note_after_slash", place(&o, &note, 1 + n % 3, " / "), w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 34, |_| true) {
        let local = LOCAL_UNITS[n % LOCAL_UNITS.len()];
        let input = match n % 3 {
            0 => format!("{local}, {}, {}, {}", o.c.full_name, o.d.full_name, o.p.full_name),
            1 => format!(
                "{} {}, {local}, {}, {}, {}",
                HOUSES[n % HOUSES.len()],
                STREETS[n % STREETS.len()],
                o.c.full_name,
                o.d.full_name,
                o.p.full_name
            ),
            _ => format!("{local} {}, {}, {}", o.c.full_name, o.d.full_name, o.p.full_name),
        };
        cases.push(case("local_unit", input, w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 35, |_| true) {
        let building = BUILDINGS[n % BUILDINGS.len()];
        let input = format!(
            "{building}, {} {}, {}, {}, {}",
            HOUSES[n % HOUSES.len()],
            STREETS[n % STREETS.len()],
            o.c.full_name,
            o.d.full_name,
            o.p.full_name
        );
        cases.push(case("building", input, w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 36, |_| true) {
        let postcode = 100_000 + (n * 7919) % 900_000;
        let input = match n % 3 {
            0 => format!("{}, {}, {} {postcode}", o.c.full_name, o.d.full_name, o.p.full_name),
            1 => format!("{}, {}, {}, {postcode}, Việt Nam", o.c.full_name, o.d.full_name, o.p.full_name),
            _ => format!("{}, {}, {}, Việt Nam {postcode}", o.c.full_name, o.d.full_name, o.p.full_name),
        };
        cases.push(case("postcode", input, w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 37, |_| true) {
        let (c, d, p) = (&o.c.full_name, &o.d.full_name, &o.p.full_name);
        let input = match n % 4 {
            0 => format!("{c}, {d}, {p}, , {d}, {p}"),
            1 => format!("{c}, {c}, {d}, {p}"),
            2 => format!("{c}, {d}, {d}, {p}"),
            _ => format!("{c}, {d}, {p}, {p}"),
        };
        cases.push(case("segment_repeated", input, w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 38, |i| w.sibling(&w.old(i), 0).is_some()) {
        let other = w.sibling(&o, n).unwrap();
        let note = match n % 3 {
            0 => format!("(gần chợ {})", other.name),
            1 => format!("(cạnh trường tiểu học {})", other.name),
            _ => format!("(đối diện UBND {} {})", other.unit_type.to_lowercase(), other.name),
        };
        cases.push(case("note_names_another_unit", place(&o, &note, 1 + 2 * (n % 2), " "), w.successors(&o)));
    }
    check("class 4: notes and noise", cases);
}

/// Class 5: other orders: district or province first.
#[test]
fn class_5_other_orders() {
    let w = world();
    let mut cases = Vec::new();
    for (_, o) in sample(PER_VARIANT, 41, |_| true) {
        cases.push(case(
            "district_province_commune",
            format!("{}, {}, {}", o.d.full_name, o.p.full_name, o.c.full_name),
            w.successors(&o),
        ));
    }
    for (_, o) in sample(PER_VARIANT, 42, |_| true) {
        cases.push(case(
            "province_district_commune",
            format!("{}, {}, {}", o.p.full_name, o.d.full_name, o.c.full_name),
            w.successors(&o),
        ));
    }
    for (_, o) in sample(PER_VARIANT, 43, |_| true) {
        cases.push(case(
            "province_commune_district",
            format!("{}, {}, {}", o.p.full_name, o.c.full_name, o.d.full_name),
            w.successors(&o),
        ));
    }
    check("class 5: other orders", cases);
}

/// Class 6: a street named like a unit of the same district, before the commune with a comma or without.
#[test]
fn class_6_street_names_shared_with_units() {
    let w = world();
    let mut cases = Vec::new();
    // Bare names drop the commune's unit word: the name alone must name it in its district.
    let named = |i: usize| {
        let o = w.old(i);
        !is_number(&o.c.name) && w.alone(i, false, true, Some(&[&o.p.code]))
    };
    // With commas, bare names or official ones.
    let address = |o: &Old, n: usize| {
        if n.is_multiple_of(2) {
            format!("{}, {}, {}", o.c.name, bare(&o.d.name, &o.d.full_name), o.p.name)
        } else {
            format!("{}, {}, {}", o.c.full_name, o.d.full_name, o.p.full_name)
        }
    };
    for (n, o) in sample(PER_VARIANT, 51, named) {
        let input = format!("{} {}, {}", 2 + n % 150, o.c.name, address(&o, n));
        cases.push(case("street_named_like_the_commune", input, w.successors(&o)));
    }
    for (n, o) in sample(PER_VARIANT, 52, |i| named(i) && w.sibling(&w.old(i), 0).is_some()) {
        let other = w.sibling(&o, n).unwrap();
        let input = format!("{} {}, {}", 2 + n % 150, other.name, address(&o, n));
        cases.push(case("street_named_like_another_unit", input, w.successors(&o)));
    }
    // No comma between street and commune, lower case: "15 trần phú hoàng văn thụ tp thái nguyên ...".
    let run_on = |o: &Old, other: &OldCommune, province: bool| {
        let mut input = format!("{} {} {} {} {}", 15, other.name, o.c.name, abbreviation(&o.d.unit_type), o.d.name);
        if province {
            input += &format!(" {}", o.p.name);
        }
        input.to_lowercase()
    };
    let clear = |i: usize, province: bool| {
        let o = w.old(i);
        let Some(other) = w.sibling(&o, i) else { return false };
        let scope = [o.p.code.as_str()];
        // A commune named like its district or province ("quốc oai h quốc oai") could be read as that
        // name repeated, and the street before it as the commune.
        let own = key(&o.c.name);
        named(i)
            && !w.district_keys[w.district_at[o.d.code.as_str()]].contains(&own)
            && own != key(&o.p.name)
            && w.alone(i, false, true, province.then_some(&scope[..]))
            && !w.run_on_is_ambiguous(&other.name, &o.c.name, &key(&o.d.name), province.then_some(&scope[..]))
    };
    for (_, o) in sample(PER_VARIANT, 53, |i| clear(i, true)) {
        let other = w.sibling(&o, o.position).unwrap();
        cases.push(case("street_run_on", run_on(&o, other, true), w.successors(&o)));
    }
    for (_, o) in sample(PER_VARIANT, 54, |i| clear(i, false)) {
        let other = w.sibling(&o, o.position).unwrap();
        cases.push(case("street_run_on_no_province", run_on(&o, other, false), w.successors(&o)));
    }
    check("class 6: street names shared with units", cases);
}

/// Class 7: compact lower-case abbreviations without dots or commas: "p trần phú tp hà tĩnh hà tĩnh".
#[test]
fn class_7_compact_abbreviations() {
    let w = world();
    let compact = |o: &Old, province: bool| {
        let mut input =
            format!("{} {} {} {}", abbreviation(&o.c.unit_type), o.c.name, abbreviation(&o.d.unit_type), o.d.name);
        if province {
            input += &format!(" {}", o.p.name);
        }
        input.to_lowercase()
    };
    let mut cases = Vec::new();
    for (_, o) in sample(PER_VARIANT, 61, |_| true) {
        cases.push(case("compact", compact(&o, true), w.successors(&o)));
    }
    for (_, o) in sample(PER_VARIANT, 62, |_| true) {
        cases.push(case("compact_without_tone_marks", fold(&compact(&o, true)), w.successors(&o)));
    }
    let pair_unique = |i: usize| w.alone(i, true, true, None);
    for (_, o) in sample(PER_VARIANT, 63, pair_unique) {
        cases.push(case("compact_no_province", compact(&o, false), w.successors(&o)));
    }
    check("class 7: compact lower-case abbreviations", cases);
}

/// Class 8: a typo with neither district nor province (where the commune's name is unique nationwide
/// and no other unit's name is as close to what is typed), and a typo with the district but no province.
#[test]
fn class_8_typos_without_province() {
    let w = world();
    let mut cases = Vec::new();
    let alone = |i: usize| {
        let o = w.old(i);
        let Some(typed) = slip(&o.c.name, i) else { return false };
        let successors = w.successors(&o);
        !is_number(&o.c.name)
            && w.alone(i, false, false, None)
            && w.near_meanings(&key(&typed), None, None) == [i]
            && w.near_new(&key(&typed)).iter().all(|c| successors.iter().any(|s| c.code == *s))
    };
    for (n, o) in sample(PER_VARIANT, 71, alone) {
        let input = format!("{} {}", o.c.unit_type, slip(&o.c.name, o.position).unwrap());
        let input = if n.is_multiple_of(2) { input } else { fold(&input) };
        cases.push(case("typo_commune_alone", input, w.successors(&o)));
    }
    let with_district = |i: usize| {
        let o = w.old(i);
        let Some(typed) = slip(&o.c.name, i) else { return false };
        !is_number(&o.c.name) && w.near_meanings(&key(&typed), Some(&key(&o.d.name)), None) == [i]
    };
    for (n, o) in sample(PER_VARIANT, 72, with_district) {
        let input = format!("{} {}, {}", o.c.unit_type, slip(&o.c.name, o.position).unwrap(), o.d.full_name);
        let input = if n.is_multiple_of(2) { input } else { fold(&input) };
        cases.push(case("typo_commune_with_district", input, w.successors(&o)));
    }
    check("class 8: typos without province", cases);
}
