//! Look-ups over a [`Dataset`] by code and by parent, shared by the API and the browser.
//!
//! The dataset's lists are sorted by code, so look-ups by code are binary searches; the few look-ups by
//! parent use small sorted position lists built once. Building takes a few milliseconds.
//!
//! Each look-up takes the typed code of the kind it looks for, so that an old commune's code cannot be
//! looked up as a new commune's.

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

    pub fn old_province(&self, code: &OldProvinceCode) -> Option<&OldProvince> {
        by_code(&self.dataset.old_provinces, code, |p| &p.code)
    }

    pub fn old_district(&self, code: &OldDistrictCode) -> Option<&OldDistrict> {
        by_code(&self.dataset.old_districts, code, |d| &d.code)
    }

    pub fn old_commune(&self, code: &OldCommuneCode) -> Option<&OldCommune> {
        by_code(&self.dataset.old_communes, code, |c| &c.code)
    }

    pub fn new_province(&self, code: &ProvinceCode) -> Option<&NewProvince> {
        by_code(&self.dataset.new_provinces, code, |p| &p.code)
    }

    pub fn new_commune(&self, code: &NewCommuneCode) -> Option<&NewCommune> {
        by_code(&self.dataset.new_communes, code, |c| &c.code)
    }

    /// Where an old commune went: the default successor first, then by code.
    pub fn successors(&self, old_code: &OldCommuneCode) -> Vec<&Transition> {
        let transitions = &self.dataset.transitions;
        let start = transitions.partition_point(|t| t.old_code < *old_code);
        let mut found: Vec<&Transition> = transitions[start..].iter().take_while(|t| t.old_code == *old_code).collect();
        found.sort_by_key(|t| (!t.default, t.new_code.as_str()));
        found
    }

    /// The old communes a new commune took in, by old code.
    pub fn predecessors(&self, new_code: &NewCommuneCode) -> Vec<&Transition> {
        let transitions = &self.dataset.transitions;
        slice_by(&self.transitions_by_new, new_code, |i| &transitions[i].new_code)
            .iter()
            .map(|&i| &transitions[i as usize])
            .collect()
    }

    /// Predecessors without a commune code (island districts, managed areas).
    pub fn uncoded_predecessors(&self, new_code: &NewCommuneCode) -> Vec<&UncodedPredecessor> {
        self.dataset.uncoded_predecessors.iter().filter(|u| u.new_code == *new_code).collect()
    }

    /// What a district without communes (the island districts) became as a whole; empty for every
    /// district that had communes (an uncoded area of such a district is not the district).
    pub fn district_successors(&self, district_code: &OldDistrictCode) -> Vec<&UncodedPredecessor> {
        if !self.old_commune_positions_of(district_code).is_empty() {
            return vec![];
        }
        self.dataset.uncoded_predecessors.iter().filter(|u| u.old_district_code == *district_code).collect()
    }

    /// Positions (in `dataset.old_districts`) of a province's districts.
    pub fn old_district_positions_of(&self, province_code: &OldProvinceCode) -> &[u32] {
        let districts = &self.dataset.old_districts;
        slice_by(&self.old_districts_by_province, province_code, |i| &districts[i].province_code)
    }

    /// Positions (in `dataset.old_communes`) of a district's communes.
    pub fn old_commune_positions_of(&self, district_code: &OldDistrictCode) -> &[u32] {
        let communes = &self.dataset.old_communes;
        slice_by(&self.old_communes_by_district, district_code, |i| &communes[i].district_code)
    }

    /// Positions (in `dataset.new_communes`) of a province's communes.
    pub fn new_commune_positions_of(&self, province_code: &ProvinceCode) -> &[u32] {
        let communes = &self.dataset.new_communes;
        slice_by(&self.new_communes_by_province, province_code, |i| &communes[i].province_code)
    }

    pub fn old_districts_of(&self, province_code: &OldProvinceCode) -> Vec<&OldDistrict> {
        let districts = &self.dataset.old_districts;
        self.old_district_positions_of(province_code).iter().map(|&i| &districts[i as usize]).collect()
    }

    pub fn old_communes_of(&self, district_code: &OldDistrictCode) -> Vec<&OldCommune> {
        let communes = &self.dataset.old_communes;
        self.old_commune_positions_of(district_code).iter().map(|&i| &communes[i as usize]).collect()
    }

    pub fn new_communes_of(&self, province_code: &ProvinceCode) -> Vec<&NewCommune> {
        let communes = &self.dataset.new_communes;
        self.new_commune_positions_of(province_code).iter().map(|&i| &communes[i as usize]).collect()
    }

    /// Later changes of a new province or commune (`code` of the kind `level` says), oldest first.
    pub fn changes(&self, level: ChangeLevel, code: &str) -> Vec<&Change> {
        self.dataset.changes.iter().filter(|c| c.level == level && c.code == code).collect()
    }

    pub fn procedure(&self, code: &str) -> Option<&Procedure> {
        by_code(&self.dataset.procedures, code, |p| &p.code)
    }

    /// The centre staff verified for a new commune, if any.
    pub fn service_centre(&self, commune_code: &NewCommuneCode) -> Option<&ServiceCentreRow> {
        by_code(&self.dataset.service_centres, commune_code, |c| &c.commune_code)
    }

    pub fn province_portal(&self, province_code: &ProvinceCode) -> Option<&ProvincePortal> {
        by_code(&self.dataset.province_portals, province_code, |p| &p.province_code)
    }

    /// What staff of a province verified about the catalogue's procedures there, by procedure code.
    pub fn procedure_facts_of(&self, province_code: &ProvinceCode) -> &[ProcedureFact] {
        let facts = &self.dataset.procedure_facts;
        let start = facts.partition_point(|f| f.province_code < *province_code);
        let end = start + facts[start..].partition_point(|f| f.province_code == *province_code);
        &facts[start..end]
    }

    /// What staff of a province verified about one procedure there, if anything.
    pub fn procedure_fact(&self, province_code: &ProvinceCode, procedure_code: &str) -> Option<&ProcedureFact> {
        let facts = self.procedure_facts_of(province_code);
        facts.binary_search_by(|f| f.procedure_code.as_str().cmp(procedure_code)).ok().map(|i| &facts[i])
    }

    pub fn legal_text(&self, resolution: &str, article: &str) -> Option<&LegalText> {
        let texts = &self.dataset.legal_texts;
        texts
            .binary_search_by(|t| (t.resolution.as_str(), t.article.as_str()).cmp(&(resolution, article)))
            .ok()
            .map(|i| &texts[i])
    }
}

/// The item whose key is `code`, in a list sorted by key (a typed code or its text).
fn by_code<'a, T, K: AsRef<str> + ?Sized>(items: &'a [T], code: &str, key: impl Fn(&T) -> &K) -> Option<&'a T> {
    items.binary_search_by(|item| key(item).as_ref().cmp(code)).ok().map(|i| &items[i])
}

/// The run of `positions` whose key equals `wanted` (positions are sorted by that key).
fn slice_by<'a, K: AsRef<str> + ?Sized + 'a>(
    positions: &'a [u32],
    wanted: &str,
    key: impl Fn(usize) -> &'a K,
) -> &'a [u32] {
    let start = positions.partition_point(|&i| key(i as usize).as_ref() < wanted);
    let end = positions.partition_point(|&i| key(i as usize).as_ref() <= wanted);
    &positions[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code<C: std::str::FromStr>(text: &str) -> C
    where
        C::Err: std::fmt::Debug,
    {
        text.parse().unwrap()
    }

    /// A dataset of one old province, district and commune, split between two new communes; the old and
    /// the new commune share a number, as old and new 26740 do.
    fn tiny() -> Index {
        let old_commune = OldCommune {
            code: code("26740"),
            district_code: code("760"),
            province_code: code("79"),
            name: "Bến Nghé".into(),
            full_name: "Phường Bến Nghé".into(),
            unit_type: "Phường".into(),
            lat: None,
            lon: None,
        };
        let new_commune = |number: &str, name: &str| NewCommune {
            code: code(number),
            province_code: code("79"),
            name: name.into(),
            full_name: format!("Phường {name}"),
            unit_type: "Phường".into(),
            name_en: name.into(),
            full_name_en: format!("{name} Ward"),
            lat: None,
            lon: None,
            area_km2: None,
            resolution: "1685/NQ-UBTVQH15".into(),
            resolution_date: "2025-06-16".into(),
            article: String::new(),
        };
        let transition = |new: &str, default: bool| Transition {
            old_code: code("26740"),
            new_code: code(new),
            relation: Relation::Partial,
            default,
            note: String::new(),
            source: TransitionSource::Nso,
            default_basis: default.then_some(DefaultBasis::OpenData),
        };
        Index::new(Dataset {
            old_communes: vec![old_commune],
            new_communes: vec![new_commune("26734", "Tân Định"), new_commune("26740", "Sài Gòn")],
            transitions: vec![transition("26734", false), transition("26740", true)],
            ..Dataset::default()
        })
    }

    #[test]
    fn old_and_new_codes_are_different_keys() {
        let index = tiny();
        let old: OldCommuneCode = code("26740");
        let new: NewCommuneCode = code("26740");
        assert_eq!(index.old_commune(&old).unwrap().full_name, "Phường Bến Nghé");
        assert_eq!(index.new_commune(&new).unwrap().full_name, "Phường Sài Gòn");
        assert!(index.old_commune(&code("26734")).is_none());
        let successors: Vec<&str> = index.successors(&old).iter().map(|t| t.new_code.as_str()).collect();
        assert_eq!(successors, ["26740", "26734"], "the default first");
        assert_eq!(index.predecessors(&code("26734")).len(), 1);
        assert_eq!(index.old_communes_of(&code("760")).len(), 1);
        assert_eq!(index.new_communes_of(&code("79")).len(), 2);
        assert!(index.new_communes_of(&code("01")).is_empty());
    }
}
