//! Look-ups over a [`Dataset`] by code and by parent, shared by the API and the browser.
//!
//! The dataset's lists are sorted by code, so look-ups by code are binary searches; the few look-ups by
//! parent use small sorted position lists built once. Building takes a few milliseconds.

use crate::model::*;

/// A dataset with its look-ups. Immutable once built.
#[derive(Debug, Clone)]
pub struct Index {
    pub dataset: Dataset,
    /// Positions in `dataset.transitions`, sorted by (new code, old code).
    transitions_by_new: Vec<u32>,
    /// Positions in `dataset.old_communes`, sorted by (district code, code).
    old_communes_by_district: Vec<u32>,
    /// Positions in `dataset.old_districts`, sorted by (province code, code).
    old_districts_by_province: Vec<u32>,
    /// Positions in `dataset.new_communes`, sorted by (province code, code).
    new_communes_by_province: Vec<u32>,
}

impl Index {
    pub fn new(dataset: Dataset) -> Self {
        let positions = |len: usize| (0..len as u32).collect::<Vec<u32>>();
        let mut transitions_by_new = positions(dataset.transitions.len());
        transitions_by_new.sort_by(|&a, &b| {
            let (a, b) = (&dataset.transitions[a as usize], &dataset.transitions[b as usize]);
            (&a.new_code, &a.old_code).cmp(&(&b.new_code, &b.old_code))
        });
        let mut old_communes_by_district = positions(dataset.old_communes.len());
        old_communes_by_district.sort_by_key(|&i| &dataset.old_communes[i as usize].district_code);
        let mut old_districts_by_province = positions(dataset.old_districts.len());
        old_districts_by_province.sort_by_key(|&i| &dataset.old_districts[i as usize].province_code);
        let mut new_communes_by_province = positions(dataset.new_communes.len());
        new_communes_by_province.sort_by_key(|&i| &dataset.new_communes[i as usize].province_code);
        Self {
            dataset,
            transitions_by_new,
            old_communes_by_district,
            old_districts_by_province,
            new_communes_by_province,
        }
    }

    pub fn old_province(&self, code: &str) -> Option<&OldProvince> {
        by_code(&self.dataset.old_provinces, code, |p| &p.code)
    }

    pub fn old_district(&self, code: &str) -> Option<&OldDistrict> {
        by_code(&self.dataset.old_districts, code, |d| &d.code)
    }

    pub fn old_commune(&self, code: &str) -> Option<&OldCommune> {
        by_code(&self.dataset.old_communes, code, |c| &c.code)
    }

    pub fn new_province(&self, code: &str) -> Option<&NewProvince> {
        by_code(&self.dataset.new_provinces, code, |p| &p.code)
    }

    pub fn new_commune(&self, code: &str) -> Option<&NewCommune> {
        by_code(&self.dataset.new_communes, code, |c| &c.code)
    }

    /// Where an old commune went: the default successor first, then by code.
    pub fn successors(&self, old_code: &str) -> Vec<&Transition> {
        let transitions = &self.dataset.transitions;
        let start = transitions.partition_point(|t| t.old_code.as_str() < old_code);
        let mut found: Vec<&Transition> = transitions[start..].iter().take_while(|t| t.old_code == old_code).collect();
        found.sort_by_key(|t| (!t.default, t.new_code.as_str()));
        found
    }

    /// The old communes a new commune took in, by old code.
    pub fn predecessors(&self, new_code: &str) -> Vec<&Transition> {
        let transitions = &self.dataset.transitions;
        slice_by(&self.transitions_by_new, new_code, |i| &transitions[i].new_code)
            .iter()
            .map(|&i| &transitions[i as usize])
            .collect()
    }

    /// Predecessors without a commune code (island districts, managed areas).
    pub fn uncoded_predecessors(&self, new_code: &str) -> Vec<&UncodedPredecessor> {
        self.dataset.uncoded_predecessors.iter().filter(|u| u.new_code == new_code).collect()
    }

    /// What a district without communes (the island districts) became as a whole; empty for every
    /// district that had communes (an uncoded area of such a district is not the district).
    pub fn district_successors(&self, district_code: &str) -> Vec<&UncodedPredecessor> {
        if !self.old_commune_positions_of(district_code).is_empty() {
            return vec![];
        }
        self.dataset.uncoded_predecessors.iter().filter(|u| u.old_district_code == district_code).collect()
    }

    /// Positions (in `dataset.old_districts`) of a province's districts.
    pub fn old_district_positions_of(&self, province_code: &str) -> &[u32] {
        let districts = &self.dataset.old_districts;
        slice_by(&self.old_districts_by_province, province_code, |i| &districts[i].province_code)
    }

    /// Positions (in `dataset.old_communes`) of a district's communes.
    pub fn old_commune_positions_of(&self, district_code: &str) -> &[u32] {
        let communes = &self.dataset.old_communes;
        slice_by(&self.old_communes_by_district, district_code, |i| &communes[i].district_code)
    }

    /// Positions (in `dataset.new_communes`) of a province's communes.
    pub fn new_commune_positions_of(&self, province_code: &str) -> &[u32] {
        let communes = &self.dataset.new_communes;
        slice_by(&self.new_communes_by_province, province_code, |i| &communes[i].province_code)
    }

    pub fn old_districts_of(&self, province_code: &str) -> Vec<&OldDistrict> {
        let districts = &self.dataset.old_districts;
        slice_by(&self.old_districts_by_province, province_code, |i| &districts[i].province_code)
            .iter()
            .map(|&i| &districts[i as usize])
            .collect()
    }

    pub fn old_communes_of(&self, district_code: &str) -> Vec<&OldCommune> {
        let communes = &self.dataset.old_communes;
        slice_by(&self.old_communes_by_district, district_code, |i| &communes[i].district_code)
            .iter()
            .map(|&i| &communes[i as usize])
            .collect()
    }

    pub fn new_communes_of(&self, province_code: &str) -> Vec<&NewCommune> {
        let communes = &self.dataset.new_communes;
        slice_by(&self.new_communes_by_province, province_code, |i| &communes[i].province_code)
            .iter()
            .map(|&i| &communes[i as usize])
            .collect()
    }

    /// Later changes of a unit ("province" or "commune"), oldest first.
    pub fn changes(&self, level: &str, code: &str) -> Vec<&Change> {
        self.dataset.changes.iter().filter(|c| c.level == level && c.code == code).collect()
    }

    pub fn procedure(&self, code: &str) -> Option<&Procedure> {
        by_code(&self.dataset.procedures, code, |p| &p.code)
    }

    /// The centre staff verified for a new commune, if any.
    pub fn service_centre(&self, commune_code: &str) -> Option<&ServiceCentreRow> {
        by_code(&self.dataset.service_centres, commune_code, |c| &c.commune_code)
    }

    pub fn province_portal(&self, province_code: &str) -> Option<&ProvincePortal> {
        by_code(&self.dataset.province_portals, province_code, |p| &p.province_code)
    }

    pub fn legal_text(&self, resolution: &str, article: &str) -> Option<&LegalText> {
        let texts = &self.dataset.legal_texts;
        texts
            .binary_search_by(|t| (t.resolution.as_str(), t.article.as_str()).cmp(&(resolution, article)))
            .ok()
            .map(|i| &texts[i])
    }
}

fn by_code<'a, T>(items: &'a [T], code: &str, key: impl Fn(&T) -> &String) -> Option<&'a T> {
    items.binary_search_by(|item| key(item).as_str().cmp(code)).ok().map(|i| &items[i])
}

/// The run of `positions` whose key equals `wanted` (positions are sorted by that key).
fn slice_by<'a>(positions: &'a [u32], wanted: &str, key: impl Fn(usize) -> &'a String) -> &'a [u32] {
    let start = positions.partition_point(|&i| key(i as usize).as_str() < wanted);
    let end = positions.partition_point(|&i| key(i as usize).as_str() <= wanted);
    &positions[start..end]
}
