//! Old provinces → districts → communes, for the step-by-step picker.

use super::{Lookup, OldUnit, OldUnitsResponse, UnitRef};
use crate::model::{OldDistrictCode, OldProvinceCode};

impl Lookup {
    /// `GET /api/v1/old/provinces`: the 63 provinces before 1 July 2025, by code.
    pub fn old_provinces(&self) -> OldUnitsResponse {
        let units = self
            .index()
            .dataset
            .old_provinces
            .iter()
            .map(|p| OldUnit {
                code: p.code.to_string(),
                name: p.full_name.clone(),
                unit_type: p.unit_type.clone(),
                successors: vec![],
            })
            .collect();
        OldUnitsResponse { parent: None, units }
    }

    /// `GET /api/v1/old/provinces/{code}/districts`: an old province's districts, by code; an island
    /// district (no communes) lists the special zone it became. `None` for a code the dataset does not have.
    pub fn old_province_districts(&self, code: &OldProvinceCode) -> Option<OldUnitsResponse> {
        let index = self.index();
        let province = index.old_province(code)?;
        let units = index
            .old_districts_of(code)
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

    /// `GET /api/v1/old/districts/{code}/communes`: an old district's communes, by code; `None` for a
    /// code the dataset does not have.
    pub fn old_district_communes(&self, code: &OldDistrictCode) -> Option<OldUnitsResponse> {
        let index = self.index();
        let district = index.old_district(code)?;
        let units = index
            .old_communes_of(code)
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

#[cfg(all(test, feature = "canonical"))]
mod tests {
    use crate::answers::lookup::tests::lookup;

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
