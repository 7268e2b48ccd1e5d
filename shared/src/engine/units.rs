//! What the engine knows of each unit, by position in the dataset's lists: its parents, its type, and
//! every name it is known by, keyed the way input is folded ([`super::normalize::key`]).
//!
//! Built once per dataset, so built lean: names live in a few long strings (arenas) rather than in one
//! allocation each.

use rustc_hash::FxHashMap;

use super::normalize::{Levels, key, toned_key};
use crate::model::{Dataset, EarlierNameLevel, Index, UnitType, UnitTypes};

/// The lists a name can point into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Level {
    OldCommune,
    OldDistrict,
    OldProvince,
    NewCommune,
    NewProvince,
}

impl Level {
    const ALL: [Level; 5] =
        [Level::OldCommune, Level::OldDistrict, Level::OldProvince, Level::NewCommune, Level::NewProvince];

    /// The level a unit word must name to stand before a name of this list.
    pub(super) fn levels(self) -> Levels {
        match self {
            Level::OldCommune | Level::NewCommune => Levels::COMMUNE,
            Level::OldDistrict => Levels::DISTRICT,
            Level::OldProvince | Level::NewProvince => Levels::PROVINCE,
        }
    }

    pub(super) fn is_province(self) -> bool {
        matches!(self, Level::OldProvince | Level::NewProvince)
    }
}

/// Which of a unit's names a key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum NameKind {
    /// Its name in the dataset (or a new province's English name).
    Current,
    /// Its name before a later change (position in `dataset.changes`): "Xã Bố Hạ" before it became a phường.
    Before(u32),
    /// A name retired before 2025 that it took in, with its legal basis (position in
    /// `dataset.earlier_names`): "Quận 2", "Tỉnh Hà Tây".
    Retired(u32),
    /// A common nickname ("HCM", "Sài Gòn"), from `province_nicknames.csv`.
    Nickname,
    /// A name of an earlier reorganisation (2020–2025) that the unit absorbed, from vietnamadminunits.
    Earlier,
}

/// One name of one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NameRef {
    pub level: Level,
    pub position: u32,
    pub kind: NameKind,
    /// The types the unit had under this name (all, where the source does not say).
    pub types: UnitTypes,
}

/// A name's key as a range of [`Units::arena`], with the set of letters in it (a cheap filter before
/// comparing with typos: names with many other letters cannot be a few edits away).
#[derive(Debug, Clone, Copy)]
struct UnitKey {
    start: u32,
    len: u16,
    letters: u64,
    name: NameRef,
}

/// Old commune: its district and province (positions).
#[derive(Debug, Clone, Copy)]
pub(super) struct OldCommuneUnit {
    pub district: u32,
    pub province: u32,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct OldDistrictUnit {
    pub province: u32,
    /// An island district without communes, which became a special zone as a whole.
    pub island: bool,
}

#[derive(Debug, Clone)]
pub(super) struct NewCommuneUnit {
    pub province: u32,
    /// The old districts its predecessors were in, for addresses that mix a new commune with its old
    /// district ("Xã Cần Giờ, Huyện Cần Giờ").
    pub old_districts: Box<[u32]>,
}

/// A unit's current name: with its tone marks (to prefer an exact spelling) and as folded words (to
/// match abbreviations such as "NTB" or "Đ.Đa"), as ranges of [`Units::arena`].
#[derive(Debug, Clone, Copy)]
pub(super) struct CurrentName {
    pub name: NameRef,
    toned: (u32, u32),
    words: (u32, u32),
}

/// Every unit's parents and names.
#[derive(Debug, Clone)]
pub(super) struct Units {
    pub old_communes: Vec<OldCommuneUnit>,
    pub old_districts: Vec<OldDistrictUnit>,
    /// Old province → the new province it became part of.
    pub old_province_to_new: Vec<u32>,
    pub new_communes: Vec<NewCommuneUnit>,
    /// Positions of the old communes of each old province, for typo look-ups without a district.
    pub old_communes_of_province: Vec<Vec<u32>>,
    /// Where each old commune went: a range of `successors`, the default part first.
    successor_ranges: Vec<(u32, u32)>,
    /// (new commune, transition) positions.
    successors: Vec<(u32, u32)>,
    /// Key → range of `refs`.
    by_key: FxHashMap<Box<str>, (u32, u32)>,
    refs: Vec<NameRef>,
    /// Every unit's keys, grouped by unit: `key_ranges[level][position]` is a range of `keys`.
    keys: Vec<UnitKey>,
    key_ranges: [Vec<(u32, u32)>; 5],
    current: [Vec<CurrentName>; 5],
    /// Keys of old and new communes by their length in bytes: a typo look-up across the country
    /// compares a run of words only with names about as long.
    commune_keys_by_length: Vec<Vec<u32>>,
    /// The text of keys and names, end to end.
    arena: String,
}

const ALL_TYPES: UnitTypes = UnitTypes(u16::MAX);

fn types_of(unit_type: &str) -> UnitTypes {
    UnitType::parse(unit_type).map_or(ALL_TYPES, |t| UnitTypes::of(&[t]))
}

/// "Quận 2" → (Quận, "2"); a name without a known type word stays whole.
fn split_unit_type(full_name: &str) -> (Option<UnitType>, &str) {
    UnitType::ALL
        .into_iter()
        .find_map(|t| {
            full_name.strip_prefix(t.name()).and_then(|rest| rest.strip_prefix(' ')).map(|rest| (Some(t), rest))
        })
        .unwrap_or((None, full_name))
}

/// The letters (a–z) and digits a key contains, as bits.
pub(super) fn letters(key: &str) -> u64 {
    key.bytes().fold(0, |bits, b| match b {
        b'a'..=b'z' => bits | 1 << (b - b'a'),
        b'0'..=b'9' => bits | 1 << (26 + b - b'0'),
        _ => bits | 1 << 63,
    })
}

impl Units {
    pub(super) fn new(index: &Index) -> Self {
        let d: &Dataset = &index.dataset;
        let position = |found: Result<usize, usize>| found.ok().map(|p| p as u32);
        let old_province_of = |code: &str| position(d.old_provinces.binary_search_by(|p| p.code.as_str().cmp(code)));
        let old_district_of = |code: &str| position(d.old_districts.binary_search_by(|x| x.code.as_str().cmp(code)));
        let new_province_of = |code: &str| position(d.new_provinces.binary_search_by(|p| p.code.as_str().cmp(code)));

        let old_communes: Vec<OldCommuneUnit> = d
            .old_communes
            .iter()
            .map(|c| OldCommuneUnit {
                district: old_district_of(&c.district_code).unwrap_or(u32::MAX),
                province: old_province_of(&c.province_code).unwrap_or(u32::MAX),
            })
            .collect();
        let old_districts = d
            .old_districts
            .iter()
            .map(|x| OldDistrictUnit {
                province: old_province_of(&x.province_code).unwrap_or(u32::MAX),
                island: index.old_commune_positions_of(&x.code).is_empty()
                    && d.uncoded_predecessors.iter().any(|u| u.old_district_code == x.code),
            })
            .collect();
        let old_province_to_new =
            d.old_provinces.iter().map(|p| new_province_of(&p.new_province_code).unwrap_or(u32::MAX)).collect();
        // The old districts of each new commune's predecessors, from the transitions in one pass.
        let mut districts_of_new: Vec<Vec<u32>> = vec![Vec::new(); d.new_communes.len()];
        let new_commune_of = |code: &str| position(d.new_communes.binary_search_by(|c| c.code.as_str().cmp(code)));
        let old_commune_of = |code: &str| position(d.old_communes.binary_search_by(|c| c.code.as_str().cmp(code)));
        for t in &d.transitions {
            if let (Some(new), Some(old)) = (new_commune_of(&t.new_code), old_commune_of(&t.old_code)) {
                districts_of_new[new as usize].push(old_communes[old as usize].district);
            }
        }
        for u in &d.uncoded_predecessors {
            if let (Some(new), Some(district)) = (new_commune_of(&u.new_code), old_district_of(&u.old_district_code)) {
                districts_of_new[new as usize].push(district);
            }
        }
        let new_communes = d
            .new_communes
            .iter()
            .zip(districts_of_new)
            .map(|(c, mut districts)| {
                districts.sort_unstable();
                districts.dedup();
                NewCommuneUnit {
                    province: new_province_of(&c.province_code).unwrap_or(u32::MAX),
                    old_districts: districts.into_boxed_slice(),
                }
            })
            .collect();
        // Successors by position, as `Index::successors` orders them (default first, then by code).
        let mut successors: Vec<(u32, u32)> = Vec::with_capacity(d.transitions.len());
        let mut successor_ranges = vec![(0u32, 0u32); d.old_communes.len()];
        let mut t = 0;
        while t < d.transitions.len() {
            let old_code = &d.transitions[t].old_code;
            let start = successors.len();
            while t < d.transitions.len() && d.transitions[t].old_code == *old_code {
                if let Some(new) = new_commune_of(d.transitions[t].new_code.as_str()) {
                    successors.push((new, t as u32));
                }
                t += 1;
            }
            successors[start..].sort_by_key(|&(new, t)| (!d.transitions[t as usize].default, new));
            if let Some(old) = old_commune_of(old_code.as_str()) {
                successor_ranges[old as usize] = (start as u32, successors.len() as u32);
            }
        }
        let mut old_communes_of_province = vec![Vec::new(); d.old_provinces.len()];
        for (i, c) in old_communes.iter().enumerate() {
            if let Some(list) = old_communes_of_province.get_mut(c.province as usize) {
                list.push(i as u32);
            }
        }

        // Every (key, name) pair.
        let mut names: Vec<(String, NameRef)> = Vec::with_capacity(d.aliases.len() + 2 * d.old_communes.len());
        let mut add = |key: String, level, position: usize, kind, types| {
            if !key.is_empty() {
                names.push((key, NameRef { level, position: position as u32, kind, types }));
            }
        };
        for (i, p) in d.old_provinces.iter().enumerate() {
            add(key(&p.name), Level::OldProvince, i, NameKind::Current, types_of(&p.unit_type));
        }
        for (i, x) in d.old_districts.iter().enumerate() {
            add(key(&x.name), Level::OldDistrict, i, NameKind::Current, types_of(&x.unit_type));
        }
        for (i, c) in d.old_communes.iter().enumerate() {
            add(key(&c.name), Level::OldCommune, i, NameKind::Current, types_of(&c.unit_type));
        }
        for (i, p) in d.new_provinces.iter().enumerate() {
            add(key(&p.name), Level::NewProvince, i, NameKind::Current, types_of(&p.unit_type));
            add(key(&p.name_en), Level::NewProvince, i, NameKind::Current, types_of(&p.unit_type));
        }
        for (i, c) in d.new_communes.iter().enumerate() {
            add(key(&c.name), Level::NewCommune, i, NameKind::Current, types_of(&c.unit_type));
        }
        for (i, change) in d.changes.iter().enumerate() {
            let (level, found) = match change.level.as_str() {
                "province" => (Level::NewProvince, new_province_of(&change.code)),
                _ => (Level::NewCommune, new_commune_of(&change.code)),
            };
            if let Some(p) = found {
                let types = types_of(&change.unit_type_before);
                add(key(&change.name_before), level, p as usize, NameKind::Before(i as u32), types);
            }
        }
        for (i, earlier) in d.earlier_names.iter().enumerate() {
            let (unit_type, name) = split_unit_type(&earlier.name);
            let types = unit_type.map_or(ALL_TYPES, |t| UnitTypes::of(&[t]));
            for code in earlier.code_list() {
                let (level, found) = match earlier.level {
                    EarlierNameLevel::OldProvince => (Level::OldProvince, old_province_of(code)),
                    EarlierNameLevel::OldDistrict => (Level::OldDistrict, old_district_of(code)),
                    EarlierNameLevel::OldCommune => (Level::OldCommune, old_commune_of(code)),
                };
                if let Some(p) = found {
                    add(key(name), level, p as usize, NameKind::Retired(i as u32), types);
                }
            }
        }
        for alias in &d.aliases {
            let (level, found) = match alias.level.as_str() {
                "old_province" => (Level::OldProvince, old_province_of(&alias.code)),
                "old_district" => (Level::OldDistrict, old_district_of(&alias.code)),
                "old_commune" => (Level::OldCommune, old_commune_of(&alias.code)),
                "new_province" => (Level::NewProvince, new_province_of(&alias.code)),
                _ => continue,
            };
            let kind = if alias.source == "vietnamadminunits" { NameKind::Earlier } else { NameKind::Nickname };
            if let Some(p) = found {
                // Stored folded; re-keyed so that numbers lose their leading zeros ("phuong08").
                add(key(&alias.key), level, p as usize, kind, ALL_TYPES);
            }
        }
        // Grouped by key, one entry per (key, unit): the most direct name wins (current, then later
        // change, ...). Hashing rather than sorting keeps the build short.
        let mut group_of: FxHashMap<String, u32> = FxHashMap::default();
        group_of.reserve(names.len());
        let mut groups: Vec<(String, Vec<NameRef>)> = Vec::with_capacity(names.len());
        for (key, name) in names {
            let group = match group_of.get(&key) {
                Some(&group) => group as usize,
                None => {
                    group_of.insert(key.clone(), groups.len() as u32);
                    groups.push((key, Vec::with_capacity(1)));
                    groups.len() - 1
                }
            };
            let refs = &mut groups[group].1;
            match refs.iter_mut().find(|r| r.level == name.level && r.position == name.position) {
                Some(existing) if name.kind < existing.kind => *existing = name,
                Some(_) => {}
                None => refs.push(name),
            }
        }
        drop(group_of);

        let count: usize = groups.iter().map(|(_, refs)| refs.len()).sum();
        let mut arena = String::with_capacity(groups.iter().map(|(k, _)| k.len()).sum::<usize>() * 2);
        let mut by_key: FxHashMap<Box<str>, (u32, u32)> = FxHashMap::default();
        by_key.reserve(groups.len());
        let mut refs = Vec::with_capacity(count);
        let mut unit_keys: Vec<UnitKey> = Vec::with_capacity(count);
        for (key, mut group) in groups {
            group.sort_unstable_by_key(|r| (r.level, r.position));
            let start = refs.len() as u32;
            let key_start = arena.len() as u32;
            arena.push_str(&key);
            let key_letters = letters(&key);
            for name in group {
                refs.push(name);
                unit_keys.push(UnitKey { start: key_start, len: key.len() as u16, letters: key_letters, name });
            }
            by_key.insert(key.into_boxed_str(), (start, refs.len() as u32));
        }
        // Group the keys by unit.
        unit_keys.sort_unstable_by_key(|k| (k.name.level, k.name.position));
        let lens = Level::ALL.map(|level| match level {
            Level::OldCommune => d.old_communes.len(),
            Level::OldDistrict => d.old_districts.len(),
            Level::OldProvince => d.old_provinces.len(),
            Level::NewCommune => d.new_communes.len(),
            Level::NewProvince => d.new_provinces.len(),
        });
        let mut key_ranges: [Vec<(u32, u32)>; 5] = lens.map(|len| vec![(0, 0); len]);
        let mut i = 0;
        while i < unit_keys.len() {
            let (level, position) = (unit_keys[i].name.level, unit_keys[i].name.position);
            let start = i;
            while i < unit_keys.len() && (unit_keys[i].name.level, unit_keys[i].name.position) == (level, position) {
                i += 1;
            }
            key_ranges[level as usize][position as usize] = (start as u32, i as u32);
        }

        let push = |arena: &mut String, text: &str| {
            let start = arena.len() as u32;
            arena.push_str(text);
            (start, arena.len() as u32)
        };
        let current_name = |arena: &mut String, level, position: usize, name: &str, unit_type: &str| {
            let toned = push(arena, &toned_key(name));
            let words_start = arena.len() as u32;
            for (i, word) in name.split_whitespace().map(key).filter(|w| !w.is_empty()).enumerate() {
                if i > 0 {
                    arena.push(' ');
                }
                arena.push_str(&word);
            }
            CurrentName {
                name: NameRef { level, position: position as u32, kind: NameKind::Current, types: types_of(unit_type) },
                toned,
                words: (words_start, arena.len() as u32),
            }
        };
        let current = [
            d.old_communes
                .iter()
                .enumerate()
                .map(|(i, c)| current_name(&mut arena, Level::OldCommune, i, &c.name, &c.unit_type))
                .collect(),
            d.old_districts
                .iter()
                .enumerate()
                .map(|(i, x)| current_name(&mut arena, Level::OldDistrict, i, &x.name, &x.unit_type))
                .collect(),
            d.old_provinces
                .iter()
                .enumerate()
                .map(|(i, p)| current_name(&mut arena, Level::OldProvince, i, &p.name, &p.unit_type))
                .collect(),
            d.new_communes
                .iter()
                .enumerate()
                .map(|(i, c)| current_name(&mut arena, Level::NewCommune, i, &c.name, &c.unit_type))
                .collect(),
            d.new_provinces
                .iter()
                .enumerate()
                .map(|(i, p)| current_name(&mut arena, Level::NewProvince, i, &p.name, &p.unit_type))
                .collect(),
        ];
        let mut commune_keys_by_length: Vec<Vec<u32>> = Vec::new();
        for (i, k) in unit_keys.iter().enumerate() {
            if matches!(k.name.level, Level::OldCommune | Level::NewCommune) {
                let len = k.len as usize;
                if commune_keys_by_length.len() <= len {
                    commune_keys_by_length.resize(len + 1, Vec::new());
                }
                commune_keys_by_length[len].push(i as u32);
            }
        }
        arena.shrink_to_fit();
        Self {
            old_communes,
            old_districts,
            old_province_to_new,
            new_communes,
            old_communes_of_province,
            successor_ranges,
            successors,
            by_key,
            refs,
            keys: unit_keys,
            key_ranges,
            current,
            commune_keys_by_length,
            arena,
        }
    }

    /// Where an old commune (by position) went: (new commune, transition) positions, default first.
    pub(super) fn successors_of(&self, old_commune: u32) -> &[(u32, u32)] {
        let (start, end) = self.successor_ranges[old_commune as usize];
        &self.successors[start as usize..end as usize]
    }

    /// Commune names (key, letters, name) whose key is `len` bytes long.
    pub(super) fn commune_names_of_length(&self, len: usize) -> impl Iterator<Item = (&str, u64, NameRef)> + '_ {
        self.commune_keys_by_length.get(len).into_iter().flatten().map(|&i| {
            let k = &self.keys[i as usize];
            (&self.arena[k.start as usize..k.start as usize + k.len as usize], k.letters, k.name)
        })
    }

    /// Every unit with this name key.
    pub(super) fn named(&self, key: &str) -> &[NameRef] {
        match self.by_key.get(key) {
            Some(&(start, end)) => &self.refs[start as usize..end as usize],
            None => &[],
        }
    }

    /// The names of one unit with their keys and letters (for typo look-ups within a parent).
    pub(super) fn names_of(&self, level: Level, position: u32) -> impl Iterator<Item = (&str, u64, NameRef)> + '_ {
        let (start, end) = self.key_ranges[level as usize][position as usize];
        self.keys[start as usize..end as usize].iter().map(|k| {
            let text = &self.arena[k.start as usize..k.start as usize + k.len as usize];
            (text, k.letters, k.name)
        })
    }

    pub(super) fn current(&self, level: Level, position: u32) -> CurrentName {
        self.current[level as usize][position as usize]
    }

    /// The current name's key with tone marks.
    pub(super) fn toned(&self, name: &CurrentName) -> &str {
        &self.arena[name.toned.0 as usize..name.toned.1 as usize]
    }

    /// The current name's folded words, separated by spaces.
    pub(super) fn words(&self, name: &CurrentName) -> &str {
        &self.arena[name.words.0 as usize..name.words.1 as usize]
    }

    /// Number of units of a level.
    pub(super) fn count(&self, level: Level) -> usize {
        self.current[level as usize].len()
    }
}
