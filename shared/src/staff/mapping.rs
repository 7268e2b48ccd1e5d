//! Two kinds of staff edit about how old names lead to new units: a correction of an old commune's
//! successors ([`MappingCorrection`]) and another name people still write for a unit ([`NewAlias`]).
//! Both rest on the change's citation (a legal text for a mapping); the whole dataset's invariants
//! (every old commune has successors, one default of a split, the right province) are checked when the
//! edit is checked and again when it is published.

use serde::{Deserialize, Serialize};

use crate::engine::normalize::fold_key;
use crate::model::{
    Alias, AliasLevel, AliasSource, Dataset, DefaultBasis, Index, NewCommuneCode, OldCommuneCode, OldDistrictCode,
    OldProvinceCode, ProvinceCode, Relation, Transition, TransitionSource,
};
use crate::staff::diff::FieldChange;

/// One successor of an old commune, as a row of `data/transitions.csv` says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Successor {
    pub new_code: NewCommuneCode,
    pub relation: Relation,
    /// For a split commune: its default part, where the legal text names one.
    pub default: bool,
    /// As the legal text puts it ("Nhập toàn bộ", "Nhập một phần"); may be empty.
    #[serde(default)]
    pub note: String,
}

/// An old commune's successors, replacing those the dataset has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingCorrection {
    pub old_code: OldCommuneCode,
    pub successors: Vec<Successor>,
}

/// Another name of a unit that people still write (an older name, a common short form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAlias {
    pub level: AliasLevel,
    /// A code of the kind `level` says.
    pub code: String,
    /// As people write it, e.g. "Phường 2" or "Xã Hòa Bình cũ".
    pub name: String,
}

/// At most this many characters in an alias: a name, not a sentence.
const MAX_ALIAS_CHARS: usize = 100;

impl MappingCorrection {
    pub fn record(&self) -> String {
        format!("transitions/{}", self.old_code)
    }

    /// The new province of its successors (one province: a mapping across two is not a staff edit).
    pub fn check(&self, index: &Index) -> Result<ProvinceCode, Vec<(&'static str, String)>> {
        let mut problems = Vec::new();
        if index.old_commune(&self.old_code).is_none() {
            problems.push(("old_code", format!("{} is not an old commune", self.old_code)));
        }
        if self.successors.is_empty() {
            problems.push(("successors", "an old commune has at least one successor".to_owned()));
        }
        let mut provinces = Vec::new();
        for successor in &self.successors {
            match index.new_commune(&successor.new_code) {
                Some(commune) => provinces.push(commune.province_code.clone()),
                None => problems.push(("successors", format!("{} is not a new commune", successor.new_code))),
            }
        }
        provinces.dedup();
        if provinces.len() > 1 {
            problems.push(("successors", "successors in more than one province".to_owned()));
        }
        let mut codes: Vec<&NewCommuneCode> = self.successors.iter().map(|s| &s.new_code).collect();
        codes.sort();
        if codes.windows(2).any(|w| w[0] == w[1]) {
            problems.push(("successors", "a new commune is given twice".to_owned()));
        }
        if problems.is_empty() {
            let mut after = index.dataset.clone();
            self.apply(&mut after);
            problems.extend(crate::data::check::check(&after).into_iter().map(|message| ("successors", message)));
        }
        match provinces.pop() {
            Some(province) if problems.is_empty() => Ok(province),
            _ => Err(problems),
        }
    }

    pub fn diff(&self, index: &Index) -> Vec<FieldChange> {
        let text = |rows: Vec<(String, Relation, bool)>| {
            rows.iter()
                .map(|(code, relation, default)| {
                    let relation = match relation {
                        Relation::Whole => "whole",
                        Relation::Partial => "partial",
                    };
                    format!("{code} {relation}{}", if *default { " default" } else { "" })
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let before: Vec<_> = index
            .successors(&self.old_code)
            .into_iter()
            .map(|t| (t.new_code.to_string(), t.relation, t.default))
            .collect();
        let after = self.successors.iter().map(|s| (s.new_code.to_string(), s.relation, s.default)).collect();
        let (before, after) = (text(before), text(after));
        if before == after {
            return Vec::new();
        }
        vec![FieldChange {
            field: "successors".to_owned(),
            before: (!before.is_empty()).then_some(before),
            after: Some(after),
        }]
    }

    /// Replaces the old commune's transitions, keeping the file's order (old code, new code).
    pub fn apply(&self, dataset: &mut Dataset) {
        dataset.transitions.retain(|t| t.old_code != self.old_code);
        let split = self.successors.len() > 1;
        for successor in &self.successors {
            let row = Transition {
                old_code: self.old_code.clone(),
                new_code: successor.new_code.clone(),
                relation: successor.relation,
                default: successor.default,
                note: successor.note.trim().to_owned(),
                source: TransitionSource::Staff,
                // Staff chose the default of a split on the legal text the change cites.
                default_basis: (split && successor.default).then_some(DefaultBasis::Review),
            };
            let at =
                dataset.transitions.partition_point(|t| (&t.old_code, &t.new_code) < (&row.old_code, &row.new_code));
            dataset.transitions.insert(at, row);
        }
    }
}

impl NewAlias {
    fn key(&self) -> String {
        fold_key(&self.name)
    }

    pub fn record(&self) -> String {
        format!("alias/{}/{}/{}", self.level, self.code, self.key())
    }

    /// The new province whose staff keep it: the unit's own, or the one its old province became.
    pub fn check(&self, index: &Index) -> Result<ProvinceCode, Vec<(&'static str, String)>> {
        let mut problems = Vec::new();
        let name = self.name.trim();
        if name.is_empty() || self.key().is_empty() {
            problems.push(("name", "an alias needs a name".to_owned()));
        } else if name.chars().count() > MAX_ALIAS_CHARS {
            problems.push(("name", format!("an alias has at most {MAX_ALIAS_CHARS} characters")));
        }
        let province = self.province(index);
        if province.is_none() {
            problems.push(("code", format!("{} is not a unit of level {}", self.code, self.level)));
        }
        if index.dataset.aliases.iter().any(|a| (a.level, &a.code, &a.key) == (self.level, &self.code, &self.key())) {
            problems.push(("name", "the unit has this alias already".to_owned()));
        }
        match province {
            Some(province) if problems.is_empty() => Ok(province),
            _ => Err(problems),
        }
    }

    fn province(&self, index: &Index) -> Option<ProvinceCode> {
        let old_province = |code: &OldProvinceCode| index.old_province(code).map(|p| p.new_province_code.clone());
        match self.level {
            AliasLevel::NewProvince => {
                let code: ProvinceCode = self.code.parse().ok()?;
                index.new_province(&code).map(|p| p.code.clone())
            }
            AliasLevel::OldProvince => old_province(&self.code.parse().ok()?),
            AliasLevel::OldDistrict => {
                let code: OldDistrictCode = self.code.parse().ok()?;
                old_province(&index.old_district(&code)?.province_code)
            }
            AliasLevel::OldCommune => {
                let code: OldCommuneCode = self.code.parse().ok()?;
                old_province(&index.old_commune(&code)?.province_code)
            }
        }
    }

    pub fn diff(&self) -> Vec<FieldChange> {
        vec![FieldChange { field: "alias".to_owned(), before: None, after: Some(self.name.trim().to_owned()) }]
    }

    /// Adds it, keeping the file's order (level, code, key, source).
    pub fn apply(&self, dataset: &mut Dataset) {
        let row = Alias { level: self.level, code: self.code.clone(), key: self.key(), source: AliasSource::Staff };
        let order = |a: &Alias| (a.level, a.code.clone(), a.key.clone(), a.source);
        let at = dataset.aliases.partition_point(|a| order(a) < order(&row));
        if dataset.aliases.get(at) != Some(&row) {
            dataset.aliases.insert(at, row);
        }
    }
}

#[cfg(all(test, feature = "canonical"))]
mod tests {
    use super::*;

    fn index() -> &'static Index {
        crate::answers::lookup::tests::lookup().index()
    }

    /// An old commune that went whole into one new commune, and another new commune of that province.
    fn whole_and_neighbour() -> (OldCommuneCode, NewCommuneCode, NewCommuneCode) {
        let index = index();
        let transition = index
            .dataset
            .transitions
            .iter()
            .find(|t| t.relation == Relation::Whole && index.successors(&t.old_code).len() == 1)
            .unwrap();
        let province = &index.new_commune(&transition.new_code).unwrap().province_code;
        let other = index.new_communes_of(province).into_iter().find(|c| c.code != transition.new_code).unwrap();
        (transition.old_code.clone(), transition.new_code.clone(), other.code.clone())
    }

    #[test]
    fn a_split_with_one_default_is_a_valid_correction_and_applies_in_order() {
        let (old, first, second) = whole_and_neighbour();
        let correction = MappingCorrection {
            old_code: old.clone(),
            successors: vec![
                Successor { new_code: first.clone(), relation: Relation::Partial, default: true, note: String::new() },
                Successor { new_code: second, relation: Relation::Partial, default: false, note: String::new() },
            ],
        };
        let province = index().new_commune(&first).unwrap().province_code.clone();
        assert_eq!(correction.check(index()), Ok(province));
        assert_eq!(correction.record(), format!("transitions/{old}"));
        let diff = correction.diff(index());
        assert_eq!(diff.len(), 1);
        assert!(diff[0].before.as_deref().unwrap().contains("whole"), "{diff:?}");
        let mut after = index().dataset.clone();
        correction.apply(&mut after);
        assert!(crate::data::check::check(&after).is_empty());
        let rows: Vec<_> = after.transitions.iter().filter(|t| t.old_code == old).collect();
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|t| t.source == TransitionSource::Staff));
        // The default part says why it is the default; the other part has no basis.
        assert!(rows.iter().all(|t| t.default_basis == t.default.then_some(DefaultBasis::Review)), "{rows:?}");
    }

    #[test]
    fn corrections_that_break_the_invariants_are_refused() {
        let (old, first, second) = whole_and_neighbour();
        let successor = |code: &NewCommuneCode, relation, default| Successor {
            new_code: code.clone(),
            relation,
            default,
            note: String::new(),
        };
        // A split may have no default (when no text names one), never two.
        let two_defaults = MappingCorrection {
            old_code: old.clone(),
            successors: vec![successor(&first, Relation::Partial, true), successor(&second, Relation::Partial, true)],
        };
        assert!(two_defaults.check(index()).is_err());
        let alone_not_default =
            MappingCorrection { old_code: old.clone(), successors: vec![successor(&first, Relation::Whole, false)] };
        assert!(alone_not_default.check(index()).is_err());
        let empty = MappingCorrection { old_code: old.clone(), successors: Vec::new() };
        assert!(empty.check(index()).is_err());
        let twice = MappingCorrection {
            old_code: old,
            successors: vec![successor(&first, Relation::Whole, false), successor(&first, Relation::Whole, false)],
        };
        assert!(twice.check(index()).is_err());
    }

    #[test]
    fn an_alias_belongs_to_its_units_province_once() {
        let index = index();
        let commune = &index.dataset.old_communes[0];
        let alias =
            NewAlias { level: AliasLevel::OldCommune, code: commune.code.to_string(), name: "Tên cũ thử".into() };
        let province = index.old_province(&commune.province_code).unwrap().new_province_code.clone();
        assert_eq!(alias.check(index), Ok(province));
        let mut after = index.dataset.clone();
        alias.apply(&mut after);
        assert_eq!(after.aliases.len(), index.dataset.aliases.len() + 1);
        assert!(crate::data::check::check(&after).is_empty());
        let existing = &index.dataset.aliases[0];
        let again = NewAlias { level: existing.level, code: existing.code.clone(), name: existing.key.clone() };
        assert!(again.check(index).is_err());
        let unknown = NewAlias { level: AliasLevel::OldCommune, code: "99999".into(), name: "x".into() };
        assert!(unknown.check(index).is_err());
        let blank = NewAlias { level: AliasLevel::OldCommune, code: commune.code.to_string(), name: " ".into() };
        assert!(blank.check(index).is_err());
    }
}
