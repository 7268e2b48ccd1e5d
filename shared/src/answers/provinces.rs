//! The 34 provinces and their communes.

use super::communes::history;
use super::{CommuneSummary, Lookup, ProvinceCommunesResponse, ProvinceSummary, ProvincesResponse, UnitRef, Verified};
use crate::model::{ChangeLevel, Index, NewProvince, ProvinceCode};

impl Lookup {
    /// `GET /api/v1/provinces`: every province, by code, with the old provinces it absorbed.
    pub fn provinces(&self) -> ProvincesResponse {
        let index = self.index();
        ProvincesResponse { provinces: index.dataset.new_provinces.iter().map(|p| summary(index, p)).collect() }
    }

    /// `GET /api/v1/provinces/{code}/communes`: a province and its communes, by code; `None` for a code
    /// the dataset does not have.
    pub fn province_communes(&self, code: &ProvinceCode) -> Option<ProvinceCommunesResponse> {
        let index = self.index();
        let province = index.new_province(code)?;
        let communes = index
            .new_communes_of(code)
            .into_iter()
            .map(|c| CommuneSummary { code: c.code.clone(), name: c.full_name.clone(), unit_type: c.unit_type.clone() })
            .collect();
        Some(ProvinceCommunesResponse { province: summary(index, province), communes })
    }
}

fn summary(index: &Index, province: &NewProvince) -> ProvinceSummary {
    ProvinceSummary {
        code: province.code.clone(),
        name: province.full_name.clone(),
        short_name: province.name.clone(),
        unit_type: province.unit_type.clone(),
        name_en: province.full_name_en.clone(),
        communes: index.new_commune_positions_of(&province.code).len(),
        absorbed: province
            .absorbed_codes()
            .filter_map(|code| index.old_province(&code))
            .map(|old| UnitRef { code: old.code.to_string(), name: old.full_name.clone() })
            .collect(),
        history: history(&index.changes(ChangeLevel::Province, &province.code)),
        public_service_portal: index.province_portal(&province.code).map(|p| p.url.clone()),
        public_service_portal_verified: index
            .province_portal(&province.code)
            .map(|p| Verified { source: p.source.clone(), verified_on: p.verified_on.clone() }),
    }
}

#[cfg(all(test, feature = "canonical"))]
mod tests {
    use crate::answers::ProvinceSummary;
    use crate::answers::lookup::tests::lookup;

    fn province(code: &str) -> ProvinceSummary {
        lookup().province_communes(&code.parse().unwrap()).unwrap_or_else(|| panic!("no province {code}")).province
    }

    /// Codes of a province's communes whose history holds one change from Xã to Phường on `until`.
    fn became_phuong(province: &str, until: &str) -> Vec<String> {
        let communes = lookup().province_communes(&province.parse().unwrap()).unwrap().communes;
        let mut changed = Vec::new();
        for commune in communes {
            let detail = lookup().commune(&commune.code.parse().unwrap()).unwrap();
            if let Some(entry) = detail.history.first() {
                assert_eq!((entry.unit_type.as_str(), detail.unit_type.as_str()), ("Xã", "Phường"), "{}", commune.code);
                assert_eq!(entry.until, until, "{}", commune.code);
                changed.push(commune.code.to_string());
            }
        }
        changed
    }

    #[test]
    fn counts_match_the_resolutions() {
        // 1656/NQ-UBTVQH15: "thành phố Hà Nội có 126 đơn vị hành chính cấp xã".
        let ha_noi = lookup().province_communes(&"01".parse().unwrap()).unwrap();
        assert_eq!((ha_noi.communes.len(), ha_noi.province.communes), (126, 126));
        let provinces = lookup().provinces().provinces;
        assert_eq!(provinces.len(), 34);
        assert_eq!(provinces.iter().map(|p| p.communes).sum::<usize>(), 3321);
        assert!(provinces.windows(2).all(|w| w[0].code < w[1].code), "by code");
        assert!(provinces.iter().all(|p| p.public_service_portal.is_none()), "no source gives a portal yet");
        assert!(lookup().province_communes(&"99".parse().unwrap()).is_none());
    }

    #[test]
    fn a_new_province_lists_the_old_provinces_it_absorbed() {
        let absorbed = |code: &str| -> Vec<String> { province(code).absorbed.into_iter().map(|p| p.code).collect() };
        // Bình Phước 70 and Đồng Nai 75 became Đồng Nai; Bắc Giang 24 and Bắc Ninh 27 became Bắc Ninh.
        assert_eq!(absorbed("75"), ["70", "75"]);
        assert_eq!(absorbed("24"), ["24", "27"]);
        assert_eq!(province("24").absorbed[1].name, "Tỉnh Bắc Ninh");
    }

    #[test]
    fn provinces_that_became_cities_keep_their_earlier_type() {
        // Đồng Nai (2026-04-30, 30/2026/QH16), Quảng Ninh (2026-09-01, 36/2026/QH16), Bắc Ninh (2026-09-20,
        // 39/2026/QH16).
        for (code, earlier, until, basis) in [
            ("75", "Tỉnh Đồng Nai", "2026-04-30", "30/2026/QH16"),
            ("22", "Tỉnh Quảng Ninh", "2026-09-01", "36/2026/QH16"),
            ("24", "Tỉnh Bắc Ninh", "2026-09-20", "39/2026/QH16"),
        ] {
            let p = province(code);
            assert_eq!(
                (p.unit_type.as_str(), p.name.strip_prefix("Thành phố ")),
                ("Thành phố", Some(p.short_name.as_str()))
            );
            let [entry] = p.history.as_slice() else { panic!("{code}: {:?}", p.history) };
            assert_eq!((entry.name.as_str(), entry.unit_type.as_str()), (earlier, "Tỉnh"), "{code}");
            assert_eq!((entry.valid_from.as_str(), entry.until.as_str()), ("2025-07-01", until), "{code}");
            assert!(entry.legal_basis.contains(basis), "{code}: {}", entry.legal_basis);
        }
        assert_eq!(province("22").name_en, "Quang Ninh City");
        assert_eq!(province("24").name_en, "Bac Ninh City");
        let changed = lookup().provinces().provinces.iter().filter(|p| !p.history.is_empty()).count();
        assert_eq!(changed, 3, "only Đồng Nai, Quảng Ninh and Bắc Ninh changed after 2025-07-01");
    }

    #[test]
    fn exactly_ten_dong_nai_and_twelve_bac_ninh_communes_became_phuong() {
        assert_eq!(became_phuong("75", "2026-04-30").len(), 10);
        let bac_ninh = [
            "07294", "07375", "07399", "07444", "07840", "09193", "09292", "09313", "09319", "09454", "09475", "09496",
        ];
        assert_eq!(became_phuong("24", "2026-09-20"), bac_ninh);
        assert!(became_phuong("22", "").is_empty(), "Quảng Ninh's communes did not change");
    }
}
