//! A later change of a unit (after 2025-07-01): a rename or a change of type (xã → phường, tỉnh →
//! thành phố), with its legal basis and effective date. One set of rules for both ways such a change
//! enters the dataset: the importer applies the sources' changes after their snapshot with it, and staff
//! enter one as an edit ([`crate::staff::edit::Edit::LaterChange`]).
//!
//! Also here, because both need them: the unit-type words of each level, and how names are compared
//! and split into type and name.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::data::check::REORGANISATION_DATE;
use crate::model::{Change, ChangeLevel, Dataset, ProvinceCode};

/// The type words of communes (old and new), old districts and provinces, as full names begin with them.
pub const COMMUNE_TYPES: [&str; 4] = ["Thị trấn", "Đặc khu", "Phường", "Xã"];
pub const DISTRICT_TYPES: [&str; 4] = ["Thành phố", "Thị xã", "Quận", "Huyện"];
pub const PROVINCE_TYPES: [&str; 2] = ["Thành phố", "Tỉnh"];

/// The English type words the sources use in English full names.
pub const ENGLISH_TYPES: [(&str, &str); 5] = [
    ("Thành phố", "City"),
    ("Tỉnh", "Province"),
    ("Xã", "Commune"),
    ("Phường", "Ward"),
    ("Đặc khu", "Special administrative region"),
];

/// The same letters and the same tone marks in each word, wherever the mark is placed ("Hòa" and
/// "Hoà" are one spelling; "Thành" and "Thạnh" are two names). Case is ignored.
pub fn same_spelling(a: &str, b: &str) -> bool {
    fn words(text: &str) -> Vec<(String, Vec<char>)> {
        text.split_whitespace()
            .map(|word| {
                // Typographic and straight apostrophes are the same letter ("B’Lao", "B'Lao").
                let decomposed: String = word.to_lowercase().replace('’', "'").nfd().collect();
                let letters =
                    decomposed.chars().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect();
                let mut marks: Vec<char> =
                    decomposed.chars().filter(|c| unicode_normalization::char::is_combining_mark(*c)).collect();
                marks.sort_unstable();
                (letters, marks)
            })
            .collect()
    }
    words(a) == words(b)
}

/// "Phường Phúc Xá" → ("Phường", "Phúc Xá"), accepting a type word in any case.
pub fn split_type(full_name: &str, types: &[&str]) -> Result<(String, String), String> {
    for unit_type in types {
        if let Some(prefix) = full_name.get(..unit_type.len())
            && prefix.to_lowercase() == unit_type.to_lowercase()
            && full_name[unit_type.len()..].starts_with(' ')
        {
            return Ok(((*unit_type).to_owned(), full_name[unit_type.len() + 1..].trim().to_owned()));
        }
    }
    Err(format!("{full_name:?} does not start with one of {types:?}"))
}

/// The English type word of a Vietnamese one.
fn english_type(unit_type: &str) -> Result<&'static str, String> {
    ENGLISH_TYPES
        .iter()
        .find(|(vietnamese, _)| *vietnamese == unit_type)
        .map(|(_, english)| *english)
        .ok_or_else(|| format!("no English type word for {unit_type:?}"))
}

/// The names of a new province or commune that a later change can see and change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub name: String,
    pub full_name: String,
    pub unit_type: String,
    pub name_en: String,
    pub full_name_en: String,
}

/// The current names of the unit `code` of `level` in `dataset`, with its province (its own code for a
/// province); `None` for an unknown unit.
pub fn unit_names(dataset: &Dataset, level: ChangeLevel, code: &str) -> Option<(ProvinceCode, Names)> {
    match level {
        ChangeLevel::Province => {
            let p = &dataset.new_provinces[position(&dataset.new_provinces, code, |p| p.code.as_str())?];
            let names = Names {
                name: p.name.clone(),
                full_name: p.full_name.clone(),
                unit_type: p.unit_type.clone(),
                name_en: p.name_en.clone(),
                full_name_en: p.full_name_en.clone(),
            };
            Some((p.code.clone(), names))
        }
        ChangeLevel::Commune => {
            let c = &dataset.new_communes[position(&dataset.new_communes, code, |c| c.code.as_str())?];
            let names = Names {
                name: c.name.clone(),
                full_name: c.full_name.clone(),
                unit_type: c.unit_type.clone(),
                name_en: c.name_en.clone(),
                full_name_en: c.full_name_en.clone(),
            };
            Some((c.province_code.clone(), names))
        }
    }
}

/// Where the record of `code` is in a list sorted by code.
fn position<T>(items: &[T], code: &str, key: impl Fn(&T) -> &str) -> Option<usize> {
    items.binary_search_by(|item| key(item).cmp(code)).ok()
}

/// "Bo Ha Commune" as a Phường is "Bo Ha Ward" ("Ward Mong Cai 1" for the numbered ones, whose type word
/// comes first): the sources' English names put the English type word before or after the name.
pub fn english_retyped(before: &Names, unit_type: &str) -> Result<String, String> {
    let (old, new) = (english_type(&before.unit_type)?, english_type(unit_type)?);
    let name = &before.name_en;
    if before.full_name_en == format!("{name} {old}") {
        Ok(format!("{name} {new}"))
    } else if before.full_name_en == format!("{old} {name}") {
        Ok(format!("{new} {name}"))
    } else {
        Err(format!("English name {:?} is not {name:?} with the type word {old:?}", before.full_name_en))
    }
}

/// The English name inside an English full name of type `unit_type` ("Bo Ha Ward" → "Bo Ha").
fn english_name(full_name_en: &str, unit_type: &str) -> Result<String, String> {
    let word = english_type(unit_type)?;
    full_name_en
        .strip_suffix(&format!(" {word}"))
        .or_else(|| full_name_en.strip_prefix(&format!("{word} ")))
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .ok_or_else(|| format!("{full_name_en:?} is not a name with the English type word {word:?}"))
}

/// A later change of one unit on one day: its new full name (type word and name, e.g. "Phường Bố Hạ"),
/// its new English full name, or both; the other stays as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaterChange {
    pub level: ChangeLevel,
    /// A [`ProvinceCode`] or a new commune's code, as `level` says.
    pub code: String,
    /// The day it took effect, YYYY-MM-DD.
    pub effective: String,
    pub full_name: Option<String>,
    pub full_name_en: Option<String>,
    /// The act that made it, in the dataset's citation style ("Nghị quyết số 36/2026/QH16 (…)").
    pub legal_basis: String,
}

/// What a [`LaterChange`] does to a dataset, before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The unit's province: its own code for a province.
    pub province_code: ProvinceCode,
    pub before: Names,
    pub after: Names,
    /// The history entry it adds (the state before), where the name or the type changes; a new English
    /// name alone leaves none.
    pub change: Option<Change>,
}

/// Problems with a change, each with its field (empty when it is about the whole change).
pub type Problems = Vec<(&'static str, String)>;

impl LaterChange {
    /// What it would do to `dataset`, or every rule it breaks there.
    pub fn outcome(&self, dataset: &Dataset) -> Result<Outcome, Problems> {
        let Some((province_code, before)) = unit_names(dataset, self.level, &self.code) else {
            let what = match self.level {
                ChangeLevel::Province => "province",
                ChangeLevel::Commune => "new commune",
            };
            return Err(vec![("code", format!("unknown {what} {}", self.code))]);
        };
        let mut problems = Vec::new();
        if let Err(message) = crate::data::centre::check_date(&self.effective) {
            problems.push(("effective", message));
        } else if self.effective.as_str() <= REORGANISATION_DATE {
            problems.push(("effective", format!("not after the reorganisation of {REORGANISATION_DATE}")));
        } else if let Some(last) = dataset
            .changes
            .iter()
            .filter(|c| c.level == self.level && c.code == self.code)
            .map(|c| &c.effective)
            .max()
            .filter(|last| last.as_str() >= self.effective.as_str())
        {
            problems.push(("effective", format!("not after the unit's last recorded change, on {last}")));
        }
        if self.legal_basis.trim().is_empty() {
            problems.push(("legal_basis", "required: the act that made the change".to_owned()));
        }

        let mut after = before.clone();
        if let Some(full_name) = &self.full_name {
            let types: &[&str] = match self.level {
                ChangeLevel::Province => &PROVINCE_TYPES,
                ChangeLevel::Commune => &COMMUNE_TYPES,
            };
            match split_type(full_name, types) {
                Ok((_, name)) if name.is_empty() => {
                    problems.push(("full_name", format!("{full_name:?} has no name after its type word")))
                }
                Ok((unit_type, name)) => {
                    // Spelled as the dataset spells it ("Hiệp Hòa", the NSO's, for a source's "Hiệp Hoà").
                    after.name = if same_spelling(&name, &before.name) { before.name.clone() } else { name };
                    after.full_name = format!("{unit_type} {}", after.name);
                    after.unit_type = unit_type;
                }
                Err(message) => problems.push(("full_name", message)),
            }
        }
        let renamed = after.name != before.name;
        match &self.full_name_en {
            Some(full_name_en) if full_name_en.trim().is_empty() => {
                problems.push(("full_name_en", "empty: leave it out to keep the English name".to_owned()))
            }
            Some(full_name_en) => {
                after.full_name_en = full_name_en.clone();
                if renamed {
                    match english_name(full_name_en, &after.unit_type) {
                        Ok(name_en) => after.name_en = name_en,
                        Err(message) => problems.push(("full_name_en", message)),
                    }
                }
            }
            None if renamed => problems.push((
                "full_name_en",
                format!("required: {:?} is a new name, so its English name changes too", after.full_name),
            )),
            // A new type without a new English name: the English type word follows the type.
            None if after.unit_type != before.unit_type => match english_retyped(&before, &after.unit_type) {
                Ok(full_name_en) => after.full_name_en = full_name_en,
                Err(message) => problems.push(("full_name_en", message)),
            },
            None => {}
        }
        if problems.is_empty() && after == before {
            problems.push(("", format!("changes nothing: {} {} is already so", self.level, self.code)));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // History is of names and types: a new English name alone is applied but leaves no record.
        let change =
            (renamed || after.full_name != before.full_name || after.unit_type != before.unit_type).then(|| Change {
                level: self.level,
                code: self.code.clone(),
                effective: self.effective.clone(),
                name_before: before.name.clone(),
                full_name_before: before.full_name.clone(),
                unit_type_before: before.unit_type.clone(),
                legal_basis: self.legal_basis.clone(),
            });
        Ok(Outcome { province_code, before, after, change })
    }

    /// Applies it to `dataset`: the unit's new names, and its history entry where it has one, in the
    /// order of `changes` (level, code, date). On any problem nothing is changed.
    pub fn apply(&self, dataset: &mut Dataset) -> Result<(), Problems> {
        let Outcome { after, change, .. } = self.outcome(dataset)?;
        let Names { name, full_name, unit_type, name_en, full_name_en } = after;
        match self.level {
            ChangeLevel::Province => {
                let at = position(&dataset.new_provinces, &self.code, |p| p.code.as_str()).expect("found above");
                let p = &mut dataset.new_provinces[at];
                (p.name, p.full_name, p.unit_type, p.name_en, p.full_name_en) =
                    (name, full_name, unit_type, name_en, full_name_en);
            }
            ChangeLevel::Commune => {
                let at = position(&dataset.new_communes, &self.code, |c| c.code.as_str()).expect("found above");
                let c = &mut dataset.new_communes[at];
                (c.name, c.full_name, c.unit_type, c.name_en, c.full_name_en) =
                    (name, full_name, unit_type, name_en, full_name_en);
            }
        }
        if let Some(change) = change {
            let key = (change.level, change.code.as_str(), change.effective.as_str());
            let at = dataset.changes.partition_point(|c| (c.level, c.code.as_str(), c.effective.as_str()) < key);
            dataset.changes.insert(at, change);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NewCommune, NewProvince};

    #[test]
    fn splits_type_words_in_any_case() {
        assert_eq!(split_type("Phường Phúc Xá", &COMMUNE_TYPES).unwrap(), ("Phường".into(), "Phúc Xá".into()));
        assert_eq!(split_type("xã Bắc Sơn", &COMMUNE_TYPES).unwrap(), ("Xã".into(), "Bắc Sơn".into()));
        assert_eq!(split_type("Thị trấn Ba Chẽ", &COMMUNE_TYPES).unwrap(), ("Thị trấn".into(), "Ba Chẽ".into()));
        assert!(split_type("Xa Ea Kly", &COMMUNE_TYPES).is_err());
        assert!(split_type("Xã", &COMMUNE_TYPES).is_err());
    }

    #[test]
    fn spelling_ignores_tone_placement_but_not_tones() {
        assert!(same_spelling("Hòa Lạc", "Hoà Lạc"));
        assert!(same_spelling("Thụy Hùng", "Thuỵ Hùng"));
        assert!(!same_spelling("Lộc Thành", "Lộc Thạnh"));
        assert!(!same_spelling("Lộc Ninh", "Lộc Ninh Mới"));
        assert!(same_spelling("B’Lao", "B'Lao"));
    }

    fn names(name_en: &str, full_name_en: &str, unit_type: &str) -> Names {
        Names {
            name: String::new(),
            full_name: String::new(),
            unit_type: unit_type.into(),
            name_en: name_en.into(),
            full_name_en: full_name_en.into(),
        }
    }

    #[test]
    fn english_type_word_follows_the_type() {
        assert_eq!(english_retyped(&names("Bo Ha", "Bo Ha Commune", "Xã"), "Phường").unwrap(), "Bo Ha Ward");
        assert_eq!(
            english_retyped(&names("Son Kim 1", "Commune Son Kim 1", "Xã"), "Phường").unwrap(),
            "Ward Son Kim 1"
        );
        assert_eq!(
            english_retyped(&names("Bac Ninh", "Bac Ninh Province", "Tỉnh"), "Thành phố").unwrap(),
            "Bac Ninh City"
        );
        assert!(english_retyped(&names("Bo Ha", "Bo Ha Ward", "Xã"), "Phường").is_err());
        assert_eq!(english_name("Ward Mong Cai 1", "Phường").unwrap(), "Mong Cai 1");
        assert!(english_name("Ward", "Phường").is_err());
    }

    /// Two provinces and two communes, Bắc Ninh's Xã Hiệp Hòa with a change already recorded.
    fn dataset() -> Dataset {
        let province = |code: &str, name: &str, name_en: &str| NewProvince {
            code: code.parse().unwrap(),
            name: name.into(),
            full_name: format!("Tỉnh {name}"),
            unit_type: "Tỉnh".into(),
            name_en: name_en.into(),
            full_name_en: format!("{name_en} Province"),
            absorbed: String::new(),
        };
        let commune = |code: &str, name: &str, name_en: &str| NewCommune {
            code: code.parse().unwrap(),
            province_code: "24".parse().unwrap(),
            name: name.into(),
            full_name: format!("Xã {name}"),
            unit_type: "Xã".into(),
            name_en: name_en.into(),
            full_name_en: format!("{name_en} Commune"),
            lat: None,
            lon: None,
            area_km2: None,
            resolution: String::new(),
            resolution_date: String::new(),
            article: String::new(),
        };
        Dataset {
            new_provinces: vec![province("22", "Quảng Ninh", "Quang Ninh"), province("24", "Bắc Ninh", "Bac Ninh")],
            new_communes: vec![commune("07294", "Bố Hạ", "Bo Ha"), commune("07840", "Hiệp Hòa", "Hiep Hoa")],
            changes: vec![Change {
                level: ChangeLevel::Commune,
                code: "07840".into(),
                effective: "2026-04-30".into(),
                name_before: "Hiệp Hòa Cũ".into(),
                full_name_before: "Xã Hiệp Hòa Cũ".into(),
                unit_type_before: "Xã".into(),
                legal_basis: "test".into(),
            }],
            ..Dataset::default()
        }
    }

    fn change(level: ChangeLevel, code: &str, full_name: Option<&str>, full_name_en: Option<&str>) -> LaterChange {
        LaterChange {
            level,
            code: code.into(),
            effective: "2026-09-20".into(),
            full_name: full_name.map(str::to_owned),
            full_name_en: full_name_en.map(str::to_owned),
            legal_basis: "Nghị quyết số 388/NQ-UBTVQH16 (test)".into(),
        }
    }

    #[test]
    fn a_new_type_keeps_the_datasets_spelling_retypes_the_english_name_and_records_the_state_before() {
        let mut d = dataset();
        // The source writes "Hiệp Hoà"; the dataset keeps "Hiệp Hòa".
        let edit = change(ChangeLevel::Commune, "07840", Some("Phường Hiệp Hoà"), None);
        let outcome = edit.outcome(&d).unwrap();
        assert_eq!(outcome.province_code.as_str(), "24");
        edit.apply(&mut d).unwrap();
        let c = &d.new_communes[1];
        assert_eq!(
            (c.name.as_str(), c.full_name.as_str(), c.unit_type.as_str(), c.name_en.as_str(), c.full_name_en.as_str()),
            ("Hiệp Hòa", "Phường Hiệp Hòa", "Phường", "Hiep Hoa", "Hiep Hoa Ward")
        );
        // After the change already recorded for it, in (level, code, date) order.
        let states: Vec<(&str, &str)> =
            d.changes.iter().map(|c| (c.effective.as_str(), c.full_name_before.as_str())).collect();
        assert_eq!(states, [("2026-04-30", "Xã Hiệp Hòa Cũ"), ("2026-09-20", "Xã Hiệp Hòa")]);

        // A province before the communes' changes (Commune < Province), a commune between.
        change(ChangeLevel::Province, "24", Some("Thành phố Bắc Ninh"), None).apply(&mut d).unwrap();
        change(ChangeLevel::Commune, "07294", Some("Phường Bố Hạ"), None).apply(&mut d).unwrap();
        let order: Vec<(ChangeLevel, &str)> = d.changes.iter().map(|c| (c.level, c.code.as_str())).collect();
        assert_eq!(
            order,
            [
                (ChangeLevel::Commune, "07294"),
                (ChangeLevel::Commune, "07840"),
                (ChangeLevel::Commune, "07840"),
                (ChangeLevel::Province, "24")
            ]
        );
        assert_eq!(d.new_provinces[1].full_name_en, "Bac Ninh City");
    }

    #[test]
    fn a_rename_takes_its_english_name_and_a_new_english_name_alone_leaves_no_history() {
        let mut d = dataset();
        let rename = change(ChangeLevel::Province, "22", Some("Tỉnh Hạ Long"), None);
        let problems = rename.apply(&mut d).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "full_name_en");
        assert!(problems[0].1.contains("new name"), "{problems:?}");
        assert_eq!(d, dataset());

        let rename = change(ChangeLevel::Province, "22", Some("Tỉnh Hạ Long"), Some("Ha Long Province"));
        rename.apply(&mut d).unwrap();
        let p = &d.new_provinces[0];
        assert_eq!(
            (p.name.as_str(), p.name_en.as_str(), p.full_name_en.as_str()),
            ("Hạ Long", "Ha Long", "Ha Long Province")
        );
        assert_eq!(d.changes.last().unwrap().full_name_before, "Tỉnh Quảng Ninh");

        let mut d = dataset();
        change(ChangeLevel::Province, "22", None, Some("Quang Ninh Province (new)")).apply(&mut d).unwrap();
        assert_eq!(d.new_provinces[0].full_name_en, "Quang Ninh Province (new)");
        assert_eq!(d.changes, dataset().changes);
    }

    #[test]
    fn a_change_that_breaks_a_rule_says_which_field_and_changes_nothing() {
        let field_of = |edit: LaterChange| {
            let mut d = dataset();
            let problems = edit.apply(&mut d).unwrap_err();
            assert_eq!(d, dataset(), "{problems:?}");
            problems.into_iter().map(|(field, _)| field).collect::<Vec<_>>()
        };
        let commune = |full_name: &str| change(ChangeLevel::Commune, "07294", Some(full_name), None);
        assert_eq!(field_of(change(ChangeLevel::Province, "99", Some("Thành phố X"), None)), ["code"]);
        assert_eq!(field_of(change(ChangeLevel::Commune, "22", Some("Phường X"), None)), ["code"]);
        assert_eq!(field_of(commune("Quận Bố Hạ")), ["full_name"]);
        assert_eq!(field_of(commune("Phường ")), ["full_name"]);
        assert_eq!(field_of(commune("Xã Bố Hạ")), [""], "the same state");
        assert_eq!(field_of(commune("Xã Bô Hạ")), ["full_name_en"], "a rename with no English name");
        assert_eq!(field_of(change(ChangeLevel::Commune, "07294", None, Some(" "))), ["full_name_en"]);
        assert_eq!(field_of(change(ChangeLevel::Commune, "07294", None, None)), [""]);
        let mut dated = commune("Phường Bố Hạ");
        for date in ["2026-13-01", "2025-07-01", "20 September 2026"] {
            dated.effective = date.into();
            assert_eq!(field_of(dated.clone()), ["effective"], "{date}");
        }
        // Not after the change of 2026-04-30 already recorded for Hiệp Hòa.
        let mut early = change(ChangeLevel::Commune, "07840", Some("Phường Hiệp Hòa"), None);
        early.effective = "2026-04-30".into();
        assert_eq!(field_of(early), ["effective"]);
        let mut unfounded = commune("Phường Bố Hạ");
        unfounded.legal_basis = " ".into();
        unfounded.effective = "2025-06-30".into();
        assert_eq!(field_of(unfounded), ["effective", "legal_basis"]);
        // No English type word for a thị trấn.
        assert_eq!(field_of(commune("Thị trấn Bố Hạ")), ["full_name_en"]);
    }

    #[test]
    fn it_is_read_as_json_with_optional_names_and_no_unknown_fields() {
        let json = r#"{"level":"commune","code":"07294","effective":"2026-09-20","full_name":"Phường Bố Hạ","full_name_en":null,"legal_basis":"x"}"#;
        let change: LaterChange = serde_json::from_str(json).unwrap();
        assert_eq!(change.level, ChangeLevel::Commune);
        assert_eq!(serde_json::to_string(&change).unwrap(), json);
        assert!(
            serde_json::from_str::<LaterChange>(&json.replace("\"legal_basis\"", "\"name\":\"x\",\"legal_basis\""))
                .is_err()
        );
        assert!(serde_json::from_str::<LaterChange>(&json.replace("commune", "district")).is_err());
    }
}
