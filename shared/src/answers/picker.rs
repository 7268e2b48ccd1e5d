//! Old provinces → districts → communes, for the step-by-step picker, each list in the order people
//! look for a name ([`name_order`]).

use super::{Lookup, OldUnit, OldUnitsResponse, UnitRef};
use crate::engine::normalize::fold;
use crate::model::{OldDistrictCode, OldProvinceCode};

/// A piece of a name as [`name_order`] compares it: numbers before words.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum NamePart {
    Number(u64),
    Words(String),
}

/// How people look for a name in a list: numbers by their value ("Phường 2" before "Phường 10") and
/// before words, words alphabetically without tone marks or case ("Đống Đa" among the D's, "An Phú"
/// before "Anh Sơn"). Give the short name ("Ba Đình", not "Quận Ba Đình"): people look for that.
/// Sorting is stable, so names equal this way keep the order they came in (by code).
pub fn name_order(name: &str) -> Vec<NamePart> {
    let mut parts = Vec::new();
    let mut run = String::new();
    let end_run = |run: &mut String, parts: &mut Vec<NamePart>| {
        let text = run.trim();
        if text.starts_with(|c: char| c.is_ascii_digit()) {
            parts.push(NamePart::Number(text.parse().unwrap_or(u64::MAX)));
        } else if !text.is_empty() {
            parts.push(NamePart::Words(text.to_owned()));
        }
        run.clear();
    };
    for c in fold(name).chars() {
        if run.starts_with(|r: char| r.is_ascii_digit()) != c.is_ascii_digit() {
            end_run(&mut run, &mut parts);
        }
        run.push(c);
    }
    end_run(&mut run, &mut parts);
    parts
}

impl Lookup {
    /// `GET /api/v1/old/provinces`: the 63 provinces before 1 July 2025, by name ([`name_order`]).
    pub fn old_provinces(&self) -> OldUnitsResponse {
        let mut provinces: Vec<_> = self.index().dataset.old_provinces.iter().collect();
        provinces.sort_by_cached_key(|p| name_order(&p.name));
        let units = provinces
            .into_iter()
            .map(|p| OldUnit {
                code: p.code.to_string(),
                name: p.full_name.clone(),
                unit_type: p.unit_type.clone(),
                successors: vec![],
            })
            .collect();
        OldUnitsResponse { parent: None, units }
    }

    /// `GET /api/v1/old/provinces/{code}/districts`: an old province's districts, by name
    /// ([`name_order`]); an island district (no communes) lists the special zone it became. `None` for a
    /// code the dataset does not have.
    pub fn old_province_districts(&self, code: &OldProvinceCode) -> Option<OldUnitsResponse> {
        let index = self.index();
        let province = index.old_province(code)?;
        let mut districts = index.old_districts_of(code);
        districts.sort_by_cached_key(|d| name_order(&d.name));
        let units = districts
            .into_iter()
            .map(|d| OldUnit {
                code: d.code.to_string(),
                name: d.full_name.clone(),
                unit_type: d.unit_type.clone(),
                // Island districts had no communes: they became a special zone as a whole.
                successors: index
                    .district_successors(&d.code)
                    .into_iter()
                    .filter_map(|u| index.new_commune(&u.new_code))
                    .map(|c| UnitRef { code: c.code.to_string(), name: c.full_name.clone() })
                    .collect(),
            })
            .collect();
        Some(OldUnitsResponse {
            parent: Some(UnitRef { code: province.code.to_string(), name: province.full_name.clone() }),
            units,
        })
    }

    /// `GET /api/v1/old/districts/{code}/communes`: an old district's communes, by name ([`name_order`]);
    /// `None` for a code the dataset does not have.
    pub fn old_district_communes(&self, code: &OldDistrictCode) -> Option<OldUnitsResponse> {
        let index = self.index();
        let district = index.old_district(code)?;
        let mut communes = index.old_communes_of(code);
        communes.sort_by_cached_key(|c| name_order(&c.name));
        let units = communes
            .into_iter()
            .map(|c| OldUnit {
                code: c.code.to_string(),
                name: c.full_name.clone(),
                unit_type: c.unit_type.clone(),
                successors: vec![],
            })
            .collect();
        Some(OldUnitsResponse {
            parent: Some(UnitRef { code: district.code.to_string(), name: district.full_name.clone() }),
            units,
        })
    }
}

#[cfg(test)]
mod order_tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        names.sort_by_cached_key(|n| name_order(n));
        names
    }

    #[test]
    fn numbers_by_value_then_words_alphabetically_without_tone_marks() {
        // Quận 3's wards (Thành phố Hồ Chí Minh), as the dataset lists them.
        let wards = ["14", "12", "11", "Võ Thị Sáu", "9", "4", "5", "3", "2", "1"];
        assert_eq!(sorted(&wards), ["1", "2", "3", "4", "5", "9", "11", "12", "14", "Võ Thị Sáu"]);
        // Hà Nội's districts: tone marks and đ folded, word by word ("Hoàn" before "Hoàng").
        let districts = ["Hoàng Mai", "Đống Đa", "Ba Vì", "Hai Bà Trưng", "Bắc Từ Liêm", "Ba Đình", "Đông Anh"];
        let districts = [&districts[..], &["Hoàn Kiếm", "Hà Đông", "Cầu Giấy", "Chương Mỹ", "Đan Phượng"]].concat();
        assert_eq!(
            sorted(&districts),
            [
                "Ba Đình",
                "Ba Vì",
                "Bắc Từ Liêm",
                "Cầu Giấy",
                "Chương Mỹ",
                "Đan Phượng",
                "Đông Anh",
                "Đống Đa",
                "Hà Đông",
                "Hai Bà Trưng",
                "Hoàn Kiếm",
                "Hoàng Mai",
            ]
        );
        assert_eq!(name_order("Phường 10"), [NamePart::Words("phuong".into()), NamePart::Number(10)]);
        assert_eq!(name_order(" 02 "), [NamePart::Number(2)]);
    }
}

#[cfg(all(test, feature = "canonical"))]
mod tests {
    use crate::answers::lookup::tests::lookup;

    #[test]
    fn the_picker_lists_names_in_order() {
        let names = |units: Vec<super::OldUnit>| units.into_iter().map(|u| u.name).collect::<Vec<_>>();
        let wards = names(lookup().old_district_communes(&"770".parse().unwrap()).unwrap().units);
        assert_eq!(wards[..3], ["Phường 1", "Phường 2", "Phường 3"]);
        assert_eq!(wards.last().map(String::as_str), Some("Phường Võ Thị Sáu"));
        let provinces = names(lookup().old_provinces().units);
        assert_eq!(provinces[..2], ["Tỉnh An Giang", "Tỉnh Bà Rịa - Vũng Tàu"]);
        assert_eq!(provinces.last().map(String::as_str), Some("Tỉnh Yên Bái"));
        let districts = names(lookup().old_province_districts(&"01".parse().unwrap()).unwrap().units);
        assert_eq!(districts[..3], ["Quận Ba Đình", "Huyện Ba Vì", "Quận Bắc Từ Liêm"]);
    }

    #[test]
    fn the_picker_walks_province_district_commune() {
        let provinces = lookup().old_provinces();
        assert_eq!((provinces.parent, provinces.units.len()), (None, 63));
        let districts = lookup().old_province_districts(&"01".parse().unwrap()).unwrap();
        assert_eq!(districts.parent.unwrap().name, "Thành phố Hà Nội");
        assert!(districts.units.iter().any(|d| d.code == "001" && d.name == "Quận Ba Đình" && d.successors.is_empty()));
        let communes = lookup().old_district_communes(&"001".parse().unwrap()).unwrap();
        assert_eq!(communes.parent.unwrap().name, "Quận Ba Đình");
        assert!(communes.units.iter().any(|c| c.code == "00007" && c.name == "Phường Cống Vị"));
        assert!(lookup().old_province_districts(&"99".parse().unwrap()).is_none());
        assert!(lookup().old_district_communes(&"999".parse().unwrap()).is_none());
    }

    // The five island districts without communes became special zones (NSO table, "Sắp xếp toàn bộ huyện ...").

    #[test]
    fn island_districts_lead_to_their_special_zones() {
        for (province, district, zone, name) in [
            ("31", "318", "11948", "Đặc khu Bạch Long Vĩ"),
            ("45", "471", "19742", "Đặc khu Cồn Cỏ"),
            ("48", "498", "20333", "Đặc khu Hoàng Sa"),
            ("51", "536", "21548", "Đặc khu Lý Sơn"),
            ("77", "755", "26732", "Đặc khu Côn Đảo"),
        ] {
            let districts = lookup().old_province_districts(&province.parse().unwrap()).unwrap();
            let unit = districts.units.iter().find(|u| u.code == district).unwrap();
            assert_eq!((unit.successors[0].code.as_str(), unit.successors[0].name.as_str()), (zone, name));
            assert!(lookup().old_district_communes(&district.parse().unwrap()).unwrap().units.is_empty());
        }
    }
}
