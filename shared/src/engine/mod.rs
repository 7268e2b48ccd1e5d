//! The lookup engine: free-text old addresses → new communes, and search as you type. It reads an
//! [`Index`] and keeps only name keys and positions, so the API and the browser run the same code.

mod convert;
pub mod normalize;
mod procedures;

pub use convert::MAX_INPUT_CHARS;
pub use procedures::ProcedureQuery;
pub use search::MAX_LIMIT as MAX_SEARCH_LIMIT;
mod search;

use std::collections::HashMap;

use crate::model::Index;
use normalize::{key, toned_key};

/// Name keys of one level: key → positions of the units that have it (by name or alias).
#[derive(Debug, Default, Clone)]
struct Keys {
    by_key: HashMap<String, Vec<u32>>,
    /// Per unit (by position): its keys, for typo-tolerant comparison within a parent.
    of_unit: Vec<Vec<String>>,
    /// Per unit: its name with tone marks, to prefer an exact spelling.
    toned: Vec<String>,
}

impl Keys {
    fn new(count: usize) -> Self {
        Self { by_key: HashMap::new(), of_unit: vec![Vec::new(); count], toned: vec![String::new(); count] }
    }

    fn add(&mut self, position: usize, key: String) {
        if key.is_empty() || self.of_unit[position].contains(&key) {
            return;
        }
        self.by_key.entry(key.clone()).or_default().push(position as u32);
        self.of_unit[position].push(key);
    }

    fn get(&self, key: &str) -> &[u32] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }
}

/// Look-up structures over one dataset. Build once with [`Engine::new`]; then every call is read-only.
#[derive(Debug, Clone)]
pub struct Engine {
    old_provinces: Keys,
    old_districts: Keys,
    old_communes: Keys,
    new_provinces: Keys,
    new_communes: Keys,
    search: search::SearchIndex,
    procedures: procedures::ProcedureIndex,
}

impl Engine {
    pub fn new(index: &Index) -> Self {
        let d = &index.dataset;
        let mut old_provinces = Keys::new(d.old_provinces.len());
        for (i, p) in d.old_provinces.iter().enumerate() {
            old_provinces.add(i, key(&p.name));
            old_provinces.toned[i] = toned_key(&p.name);
        }
        let mut old_districts = Keys::new(d.old_districts.len());
        for (i, x) in d.old_districts.iter().enumerate() {
            old_districts.add(i, key(&x.name));
            old_districts.toned[i] = toned_key(&x.name);
        }
        let mut old_communes = Keys::new(d.old_communes.len());
        for (i, c) in d.old_communes.iter().enumerate() {
            old_communes.add(i, key(&c.name));
            old_communes.toned[i] = toned_key(&c.name);
        }
        let mut new_provinces = Keys::new(d.new_provinces.len());
        for (i, p) in d.new_provinces.iter().enumerate() {
            new_provinces.add(i, key(&p.name));
            new_provinces.toned[i] = toned_key(&p.name);
        }
        let mut new_communes = Keys::new(d.new_communes.len());
        for (i, c) in d.new_communes.iter().enumerate() {
            new_communes.add(i, key(&c.name));
            new_communes.toned[i] = toned_key(&c.name);
        }
        // Earlier names of new units (e.g. a xã that became a phường keeps its name).
        for change in &d.changes {
            let (keys, position) = match change.level.as_str() {
                "province" => (&mut new_provinces, d.new_provinces.binary_search_by(|p| p.code.cmp(&change.code))),
                _ => (&mut new_communes, d.new_communes.binary_search_by(|c| c.code.cmp(&change.code))),
            };
            if let Ok(position) = position {
                keys.add(position, key(&change.name_before));
            }
        }
        // Aliases are stored folded; the vietnamadminunits ones include the type word ("phuongx") and not.
        for alias in &d.aliases {
            let (keys, position) = match alias.level.as_str() {
                "old_province" => (&mut old_provinces, d.old_provinces.binary_search_by(|p| p.code.cmp(&alias.code))),
                "old_district" => (&mut old_districts, d.old_districts.binary_search_by(|x| x.code.cmp(&alias.code))),
                "old_commune" => (&mut old_communes, d.old_communes.binary_search_by(|c| c.code.cmp(&alias.code))),
                "new_province" => (&mut new_provinces, d.new_provinces.binary_search_by(|p| p.code.cmp(&alias.code))),
                _ => continue,
            };
            if let Ok(position) = position {
                // Stored folded; re-keyed so that numbers lose their leading zeros ("phuong08").
                let alias_key = key(&alias.key);
                keys.add(position, alias_key);
            }
        }
        let search = search::SearchIndex::new(index);
        let procedures = procedures::ProcedureIndex::new(index);
        Self { old_provinces, old_districts, old_communes, new_provinces, new_communes, search, procedures }
    }
}

/// How many edits a name of `len` folded letters may have and still match.
fn allowed_typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=8 => 1,
        _ => 2,
    }
}
