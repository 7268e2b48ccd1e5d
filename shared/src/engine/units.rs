//! What the engine knows of each unit, by position in the dataset's lists: its parents, its type, and
//! every name it is known by, keyed the way input is folded ([`super::normalize::key`]).

use std::collections::HashMap;

use super::normalize::{Levels, key, toned_key};
use crate::model::{Dataset, Index, UnitType, UnitTypes};

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
/// match abbreviations such as "NTB" or "Đ.Đa").
#[derive(Debug, Clone)]
pub(super) struct CurrentName {
    pub name: NameRef,
    pub toned: Box<str>,
    /// Folded words separated by spaces: "nguyen thai binh".
    pub words: Box<str>,
}

/// Every unit's parents and names.
#[derive(Debug, Clone)]
pub(super) struct Units {
    pub old_communes: Vec<OldCommuneUnit>,
    pub old_districts: Vec<OldDistrictUnit>,
    /// Old province → the new province it became part of.
    pub old_province_to_new: Vec<u32>,
    pub new_communes: Vec<NewCommuneUnit>,
    /// Key → range of `refs`.
    by_key: HashMap<Box<str>, (u32, u32)>,
    refs: Vec<NameRef>,
    /// Per level and position: the unit's keys, for comparing with typos.
    keys_of: [Vec<Vec<Box<str>>>; 5],
    /// Per level and position: the current name, written two ways.
    current: [Vec<CurrentName>; 5],
    /// Positions of the old communes of each old province, for typo look-ups without a district.
    pub old_communes_of_province: Vec<Vec<u32>>,
}

const ALL_TYPES: UnitTypes = UnitTypes(u16::MAX);

fn types_of(unit_type: &str) -> UnitTypes {
    UnitType::parse(unit_type).map_or(ALL_TYPES, |t| UnitTypes::of(&[t]))
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
                island: !index.district_successors(&x.code).is_empty(),
            })
            .collect();
        let old_province_to_new =
            d.old_provinces.iter().map(|p| new_province_of(&p.new_province_code).unwrap_or(u32::MAX)).collect();
        let new_communes = d
            .new_communes
            .iter()
            .map(|c| {
                let mut districts: Vec<u32> = index
                    .predecessors(&c.code)
                    .iter()
                    .filter_map(|t| index.old_commune(&t.old_code))
                    .filter_map(|old| old_district_of(&old.district_code))
                    .chain(
                        index
                            .uncoded_predecessors(&c.code)
                            .iter()
                            .filter_map(|u| old_district_of(&u.old_district_code)),
                    )
                    .collect();
                districts.sort_unstable();
                districts.dedup();
                NewCommuneUnit {
                    province: new_province_of(&c.province_code).unwrap_or(u32::MAX),
                    old_districts: districts.into_boxed_slice(),
                }
            })
            .collect();
        let mut old_communes_of_province = vec![Vec::new(); d.old_provinces.len()];
        for (i, c) in old_communes.iter().enumerate() {
            if let Some(list) = old_communes_of_province.get_mut(c.province as usize) {
                list.push(i as u32);
            }
        }

        // Every (key, name) pair, then grouped by key.
        let mut names: Vec<(String, NameRef)> = Vec::new();
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
                _ => (Level::NewCommune, position(d.new_communes.binary_search_by(|c| c.code.cmp(&change.code)))),
            };
            if let Some(p) = found {
                add(
                    key(&change.name_before),
                    level,
                    p as usize,
                    NameKind::Before(i as u32),
                    types_of(&change.unit_type_before),
                );
            }
        }
        for alias in &d.aliases {
            let (level, found) = match alias.level.as_str() {
                "old_province" => (Level::OldProvince, old_province_of(&alias.code)),
                "old_district" => (Level::OldDistrict, old_district_of(&alias.code)),
                "old_commune" => {
                    (Level::OldCommune, position(d.old_communes.binary_search_by(|c| c.code.as_str().cmp(&alias.code))))
                }
                "new_province" => (Level::NewProvince, new_province_of(&alias.code)),
                _ => continue,
            };
            let kind = if alias.source == "vietnamadminunits" { NameKind::Earlier } else { NameKind::Nickname };
            if let Some(p) = found {
                // Stored folded; re-keyed so that numbers lose their leading zeros ("phuong08").
                add(key(&alias.key), level, p as usize, kind, ALL_TYPES);
            }
        }
        // One entry per (key, unit): the most direct name wins (current, then later change, ...).
        names.sort_by(|(ka, a), (kb, b)| (ka, a.level, a.position, a.kind).cmp(&(kb, b.level, b.position, b.kind)));
        names.dedup_by(|(kb, b), (ka, a)| ka == kb && a.level == b.level && a.position == b.position);

        let lens = [
            d.old_communes.len(),
            d.old_districts.len(),
            d.old_provinces.len(),
            d.new_communes.len(),
            d.new_provinces.len(),
        ];
        let mut keys_of: [Vec<Vec<Box<str>>>; 5] = lens.map(|len| vec![Vec::new(); len]);
        let mut by_key: HashMap<Box<str>, (u32, u32)> = HashMap::with_capacity(names.len());
        let mut refs = Vec::with_capacity(names.len());
        let mut at = 0;
        while at < names.len() {
            let key = names[at].0.clone();
            let start = refs.len() as u32;
            while at < names.len() && names[at].0 == key {
                let name = names[at].1;
                refs.push(name);
                keys_of[name.level as usize][name.position as usize].push(key.clone().into_boxed_str());
                at += 1;
            }
            by_key.insert(key.into_boxed_str(), (start, refs.len() as u32));
        }
        let current_name = |level, position: usize, name: &str, unit_type: &str| CurrentName {
            name: NameRef { level, position: position as u32, kind: NameKind::Current, types: types_of(unit_type) },
            toned: toned_key(name).into_boxed_str(),
            words: name.split_whitespace().map(key).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ").into_boxed_str(),
        };
        let current = [
            d.old_communes.iter().enumerate().map(|(i, c)| current_name(Level::OldCommune, i, &c.name, &c.unit_type)).collect(),
            d.old_districts.iter().enumerate().map(|(i, x)| current_name(Level::OldDistrict, i, &x.name, &x.unit_type)).collect(),
            d.old_provinces.iter().enumerate().map(|(i, p)| current_name(Level::OldProvince, i, &p.name, &p.unit_type)).collect(),
            d.new_communes.iter().enumerate().map(|(i, c)| current_name(Level::NewCommune, i, &c.name, &c.unit_type)).collect(),
            d.new_provinces.iter().enumerate().map(|(i, p)| current_name(Level::NewProvince, i, &p.name, &p.unit_type)).collect(),
        ];
        Self {
            old_communes,
            old_districts,
            old_province_to_new,
            new_communes,
            by_key,
            refs,
            keys_of,
            current,
            old_communes_of_province,
        }
    }

    /// Every unit with this name key.
    pub(super) fn named(&self, key: &str) -> &[NameRef] {
        match self.by_key.get(key) {
            Some(&(start, end)) => &self.refs[start as usize..end as usize],
            None => &[],
        }
    }

    /// The keys of one unit (its name, earlier names, nicknames).
    pub(super) fn keys_of(&self, level: Level, position: u32) -> &[Box<str>] {
        &self.keys_of[level as usize][position as usize]
    }

    /// The names of one unit, as [`NameRef`]s with their keys (for typo look-ups within a parent).
    pub(super) fn names_of(&self, level: Level, position: u32) -> impl Iterator<Item = (&str, NameRef)> + '_ {
        self.keys_of(level, position).iter().filter_map(move |key| {
            self.named(key).iter().find(|r| r.level == level && r.position == position).map(|r| (&**key, *r))
        })
    }

    pub(super) fn current(&self, level: Level, position: u32) -> &CurrentName {
        &self.current[level as usize][position as usize]
    }

    /// Number of units of a level.
    pub(super) fn count(&self, level: Level) -> usize {
        self.current[level as usize].len()
    }
}
