//! A new commune and what it took in; an old commune and where it went.

use super::procedures::{active, summary_in_province};
use super::{
    Centroid, CommuneResponse, HistoryEntry, LegalBasis, Lookup, OldCommuneResponse, Predecessor, Successor, UnitRef,
    Verified,
};
use crate::data::check::REORGANISATION_DATE;
use crate::model::{Change, ChangeLevel, Index, NewCommune, NewCommuneCode, OldCommuneCode, Relation};

impl Lookup {
    /// `GET /api/v1/old-communes/{code}`: an old commune and its successors, the default first, each with
    /// its legal basis; `None` for a code the dataset does not have.
    pub fn old_commune(&self, code: &OldCommuneCode) -> Option<OldCommuneResponse> {
        let index = self.index();
        let commune = index.old_commune(code)?;
        let district = index.old_district(&commune.district_code)?;
        let province = index.old_province(&commune.province_code)?;
        let successors = index
            .successors(code)
            .into_iter()
            .filter_map(|t| {
                let new = index.new_commune(&t.new_code)?;
                let province = index.new_province(&new.province_code)?;
                Some(Successor {
                    code: new.code.clone(),
                    name: new.full_name.clone(),
                    province_code: province.code.clone(),
                    province_name: province.full_name.clone(),
                    relation: t.relation,
                    default: t.default,
                    default_basis: t.default_basis,
                    note: t.note.clone(),
                    legal_basis: legal_basis(index, new),
                })
            })
            .collect();
        Some(OldCommuneResponse {
            code: commune.code.clone(),
            name: commune.full_name.clone(),
            short_name: commune.name.clone(),
            unit_type: commune.unit_type.clone(),
            district: UnitRef { code: district.code.to_string(), name: district.full_name.clone() },
            province: UnitRef { code: province.code.to_string(), name: province.full_name.clone() },
            successors,
        })
    }

    /// `GET /api/v1/communes/{code}`: a new commune with its predecessors (coded, then uncoded areas),
    /// legal basis, history, service centre (always present) and the active procedures; `None` for a
    /// code the dataset does not have.
    pub fn commune(&self, code: &NewCommuneCode) -> Option<CommuneResponse> {
        let index = self.index();
        let commune = index.new_commune(code)?;
        let province = index.new_province(&commune.province_code)?;
        let mut predecessors: Vec<Predecessor> = index
            .predecessors(code)
            .into_iter()
            .filter_map(|t| {
                let old = index.old_commune(&t.old_code)?;
                let district = index.old_district(&old.district_code)?;
                let old_province = index.old_province(&old.province_code)?;
                Some(Predecessor {
                    code: old.code.to_string(),
                    name: old.full_name.clone(),
                    district: UnitRef { code: district.code.to_string(), name: district.full_name.clone() },
                    province: UnitRef { code: old_province.code.to_string(), name: old_province.full_name.clone() },
                    relation: t.relation,
                    note: t.note.clone(),
                })
            })
            .collect();
        for uncoded in index.uncoded_predecessors(code) {
            let Some(district) = index.old_district(&uncoded.old_district_code) else {
                continue;
            };
            let Some(old_province) = index.old_province(&district.province_code) else {
                continue;
            };
            predecessors.push(Predecessor {
                code: String::new(),
                name: uncoded.description.clone(),
                district: UnitRef { code: district.code.to_string(), name: district.full_name.clone() },
                province: UnitRef { code: old_province.code.to_string(), name: old_province.full_name.clone() },
                relation: Relation::Whole,
                note: uncoded.note.clone(),
            });
        }
        Some(CommuneResponse {
            code: commune.code.clone(),
            name: commune.full_name.clone(),
            short_name: commune.name.clone(),
            unit_type: commune.unit_type.clone(),
            name_en: commune.full_name_en.clone(),
            province: UnitRef { code: province.code.to_string(), name: province.full_name.clone() },
            predecessors,
            legal_basis: legal_basis(index, commune),
            centroid: commune.lat.zip(commune.lon).map(|(lat, lon)| Centroid { lat, lon }),
            area_km2: commune.area_km2,
            history: history(&index.changes(ChangeLevel::Commune, code)),
            service_centre: crate::data::centre::service_centre(commune, index.service_centre(code)),
            // National procedures: stored once, offered by every commune; with its province's staff facts.
            procedures: active(index)
                .map(|p| summary_in_province(p, index.procedure_fact(&province.code, &p.code)))
                .collect(),
            province_portal: index.province_portal(&province.code).map(|p| p.url.clone()),
            province_portal_verified: index
                .province_portal(&province.code)
                .map(|p| Verified { source: p.source.clone(), verified_on: p.verified_on.clone() }),
        })
    }
}

/// The resolution that established a new commune, with the text of its clause where known.
fn legal_basis(index: &Index, commune: &NewCommune) -> LegalBasis {
    LegalBasis {
        resolution: commune.resolution.clone(),
        date: commune.resolution_date.clone(),
        article: commune.article.clone(),
        text: index.legal_text(&commune.resolution, &commune.article).map(|t| t.text.clone()).unwrap_or_default(),
    }
}

/// Earlier states, oldest first: each lasted from the previous change (or the reorganisation) until its own.
pub(super) fn history(changes: &[&Change]) -> Vec<HistoryEntry> {
    let mut valid_from = REORGANISATION_DATE.to_owned();
    changes
        .iter()
        .map(|change| {
            let entry = HistoryEntry {
                name: change.full_name_before.clone(),
                unit_type: change.unit_type_before.clone(),
                valid_from: valid_from.clone(),
                until: change.effective.clone(),
                legal_basis: change.legal_basis.clone(),
            };
            valid_from = change.effective.clone();
            entry
        })
        .collect()
}

/// Hand-verified cases of the dataset; each expectation was checked against the sources named in its
/// comment (NSO table, resolution text, `data/REVIEW.md`).
#[cfg(all(test, feature = "canonical"))]
mod tests {
    use crate::answers::lookup::tests::lookup;
    use crate::answers::{CentreStatus, CommuneResponse, OldCommuneResponse};
    use crate::model::{ProcedureStatus, Relation};

    fn old(code: &str) -> OldCommuneResponse {
        lookup().old_commune(&code.parse().unwrap()).unwrap_or_else(|| panic!("no old commune {code}"))
    }

    fn new(code: &str) -> CommuneResponse {
        lookup().commune(&code.parse().unwrap()).unwrap_or_else(|| panic!("no new commune {code}"))
    }

    /// (code, relation, default) of each successor, in the order of the answer.
    fn successors(old_code: &str) -> Vec<(String, Relation, bool)> {
        old(old_code).successors.into_iter().map(|s| (s.code.to_string(), s.relation, s.default)).collect()
    }

    /// The parts of a split (or the one successor), the default first.
    fn parts(list: &[(&str, bool)]) -> Vec<(String, Relation, bool)> {
        let relation = if list.len() > 1 { Relation::Partial } else { Relation::Whole };
        list.iter().map(|(code, default)| (code.to_string(), relation, *default)).collect()
    }

    // Splits. NSO table; the default is vietnamadminunits' converter_2025.json.

    #[test]
    fn split_communes_list_every_part_the_default_first() {
        assert_eq!(successors("00007"), parts(&[("00008", true), ("00025", false)]), "Cống Vị");
        assert_eq!(successors("00025"), parts(&[("00025", true), ("00008", false), ("00199", false)]), "Ngọc Khánh");
        assert_eq!(
            successors("00019"),
            parts(&[("00004", true), ("00070", false), ("00190", false), ("00226", false)]),
            "Điện Biên"
        );
        assert_eq!(
            successors("00634"),
            parts(&[("00637", true), ("00622", false), ("00634", false), ("09556", false), ("09886", false)]),
            "Đại Mỗ"
        );
        // NSO: 00118 Phường Ngọc Thụy → 00118 "Nhập một phần diện tích, toàn bộ dân số", → 00097 part of the area.
        assert_eq!(successors("00118"), parts(&[("00118", true), ("00097", false)]), "the part that took the people");
    }

    #[test]
    fn successors_carry_their_province_and_legal_basis() {
        let cong_vi = old("00007");
        assert_eq!((cong_vi.name.as_str(), cong_vi.short_name.as_str()), ("Phường Cống Vị", "Cống Vị"));
        assert_eq!((cong_vi.district.code.as_str(), cong_vi.district.name.as_str()), ("001", "Quận Ba Đình"));
        assert_eq!(cong_vi.province.name, "Thành phố Hà Nội");
        let ngoc_ha = &cong_vi.successors[0];
        assert_eq!((ngoc_ha.name.as_str(), ngoc_ha.province_code.as_str()), ("Phường Ngọc Hà", "01"));
        assert_eq!(ngoc_ha.legal_basis.resolution, "1656/NQ-UBTVQH15");
        assert!(!ngoc_ha.legal_basis.text.is_empty());
    }

    #[test]
    fn tho_chau_commune_became_a_special_zone_under_the_same_code() {
        let body = old("31105");
        assert_eq!(body.name, "Xã Thổ Châu");
        assert_eq!(
            (body.successors[0].name.as_str(), body.successors[0].relation),
            ("Đặc khu Thổ Châu", Relation::Whole)
        );
    }

    // Renamed and retyped units (NSO notes "Đổi tên", "Đổi loại hình").

    #[test]
    fn renamed_and_retyped_units() {
        let renamed = old("24235");
        assert_eq!((renamed.name.as_str(), renamed.successors[0].name.as_str()), ("Xã Krông Na", "Xã Buôn Đôn"));
        assert_eq!(renamed.successors[0].note, "Đổi tên");
        let retyped = old("14845");
        assert_eq!(
            (retyped.name.as_str(), retyped.successors[0].name.as_str()),
            ("Thị trấn Mường Lát", "Xã Mường Lát")
        );
        assert_eq!(retyped.successors[0].note, "Đổi loại hình");
        let both = old("25822");
        assert_eq!(both.successors[0].name, "Xã Bàu Bàng");
        assert_eq!(both.successors[0].note, "Đổi tên, đổi loại hình từ một phần thị trấn Lai Uyên");
    }

    // Old and new codes are different keys.

    #[test]
    fn reused_code_26740_is_ben_nghe_old_and_sai_gon_new() {
        let old = old("26740");
        assert_eq!((old.name.as_str(), old.district.name.as_str()), ("Phường Bến Nghé", "Quận 1"));
        let new = new("26740");
        assert_eq!(new.name, "Phường Sài Gòn");
        let predecessors: Vec<&str> = new.predecessors.iter().map(|p| p.code.as_str()).collect();
        assert!(predecessors.contains(&"26740") && predecessors.contains(&"26737"), "{predecessors:?}");
    }

    #[test]
    fn a_splits_default_part_says_what_it_rests_on() {
        use crate::model::DefaultBasis;
        let bases = |code: &str| -> Vec<(String, Option<DefaultBasis>)> {
            old(code).successors.into_iter().map(|s| (s.code.to_string(), s.default_basis)).collect()
        };
        let none = |code: &str| (code.to_owned(), None);
        // vietnamadminunits' isDefaultNewWard, no other source.
        assert_eq!(bases("00007"), [("00008".to_owned(), Some(DefaultBasis::OpenData)), none("00025")], "Cống Vị");
        // NSO: 00118 → 00118 "Nhập một phần diện tích, toàn bộ dân số".
        assert_eq!(
            bases("00118"),
            [("00118".to_owned(), Some(DefaultBasis::WholePopulation)), none("00097")],
            "Ngọc Thụy"
        );
        // overrides.csv names the default (REVIEW.md: Cổ Bi).
        assert_eq!(
            bases("00553"),
            [("00136".to_owned(), Some(DefaultBasis::Review)), none("00541"), none("00565")],
            "Cổ Bi"
        );
        // An only successor is the default without a basis.
        assert_eq!(bases("00001"), [none("00097")]);
    }

    // Reviewed decisions (data/REVIEW.md, data/overrides.csv, data/earlier_mergers.csv).

    #[test]
    fn reviewed_decisions_replace_the_nso_table() {
        // Cổ Bi follows the resolution, not the NSO's typo.
        assert_eq!(successors("00553"), parts(&[("00136", true), ("00541", false), ("00565", false)]));
        // Mỹ Hưng, missing from the NSO table, by the resolution.
        assert_eq!(successors("01651"), parts(&[("01648", true)]));
        // 26935 Phường 14 was renumbered 26929 before 2025-07-01; 26929 went whole to its successor.
        assert_eq!(successors("26935"), successors("26929"));
        // 27067 Phường 15 became 27076, which was split.
        assert_eq!(successors("27067").len(), 2);
        assert_eq!(successors("27067"), successors("27076"));
        // Retired without a verified destination: unknown.
        assert!(lookup().old_commune(&"16411".parse().unwrap()).is_none());
    }

    #[test]
    fn commune_created_after_the_2025_list_is_known() {
        let body = old("03980");
        assert_eq!(body.district.code.len(), 3);
        assert!(!body.successors.is_empty());
    }

    #[test]
    fn codes_and_names_follow_the_nso() {
        // The 2026 data calls it 06978; NSO and the NSO code list of 1027/CTK-CSCL say 06970.
        assert_eq!(new("06970").name, "Xã Ba Chẽ");
        assert!(lookup().commune(&"06978".parse().unwrap()).is_none());
        // Malformed NSO names are repaired, official spellings kept.
        assert_eq!(new("24496").name, "Xã Ea Kly");
        assert_eq!(new("24829").name, "Phường B’Lao");
        assert_eq!(new("09988").name, "Xã Hòa Lạc");
    }

    // The five island districts without communes became special zones (NSO table, "Sắp xếp toàn bộ huyện ...").

    #[test]
    fn special_zones_of_island_districts_have_the_district_as_predecessor() {
        for (district, zone) in
            [("318", "11948"), ("471", "19742"), ("498", "20333"), ("536", "21548"), ("755", "26732")]
        {
            let commune = new(zone);
            assert_eq!(commune.unit_type, "Đặc khu", "{zone}");
            assert_eq!(commune.predecessors[0].district.code, district, "{zone}");
            assert_eq!(commune.predecessors[0].code, "", "an uncoded predecessor: {zone}");
            assert_eq!(commune.predecessors[0].relation, Relation::Whole);
        }
    }

    #[test]
    fn coastal_area_without_a_code_is_a_predecessor() {
        let names: Vec<String> = new("14698").predecessors.into_iter().map(|p| p.name).collect();
        assert!(names.iter().any(|n| n == "Khu vực bãi bồi ven biển do huyện Kim Sơn quản lý"), "{names:?}");
    }

    #[test]
    fn a_new_commune_names_the_old_provinces_of_its_predecessors() {
        // Units of two old provinces in one new province (Bình Phước 70 and Đồng Nai 75 became Đồng Nai).
        let loc_ninh = new("25270");
        assert_eq!(loc_ninh.province.code, "75");
        assert_eq!(loc_ninh.predecessors[0].province.name, "Tỉnh Bình Phước");
    }

    // Legal basis (dvhcvn resolutions/1656_NQ-UBTVQH15.md).

    #[test]
    fn hoan_kiem_cites_resolution_1656_article_1_clause_1() {
        let basis = new("00070").legal_basis;
        assert_eq!((basis.resolution.as_str(), basis.date.as_str()), ("1656/NQ-UBTVQH15", "2025-06-16"));
        assert_eq!(basis.article, "Điều 1, khoản 1");
        assert!(basis.text.ends_with("thành phường mới có tên gọi là phường Hoàn Kiếm."), "{}", basis.text);
    }

    // Later changes: Đồng Nai became a centrally-run city on 2026-04-30 and 10 xã became phường; Bắc Ninh
    // one on 2026-09-20 and 12 of its xã phường (388/NQ-UBTVQH16); Quảng Ninh one on 2026-09-01, its
    // communes unchanged.

    #[test]
    fn a_commune_that_changed_type_keeps_its_earlier_type_in_its_history() {
        let loc_ninh = new("25270");
        assert_eq!((loc_ninh.name.as_str(), loc_ninh.unit_type.as_str()), ("Phường Lộc Ninh", "Phường"));
        let [entry] = loc_ninh.history.as_slice() else { panic!("{:?}", loc_ninh.history) };
        assert_eq!(entry.name, "Xã Lộc Ninh");
        assert_eq!((entry.valid_from.as_str(), entry.until.as_str()), ("2025-07-01", "2026-04-30"));
        assert!(entry.legal_basis.contains("237/NQ-UBTVQH16"), "{}", entry.legal_basis);

        let bo_ha = new("07294");
        assert_eq!((bo_ha.name.as_str(), bo_ha.name_en.as_str()), ("Phường Bố Hạ", "Bo Ha Ward"));
        assert_eq!(bo_ha.province.name, "Thành phố Bắc Ninh");
        let [entry] = bo_ha.history.as_slice() else { panic!("{:?}", bo_ha.history) };
        assert_eq!((entry.name.as_str(), entry.unit_type.as_str()), ("Xã Bố Hạ", "Xã"));
        assert_eq!((entry.valid_from.as_str(), entry.until.as_str()), ("2025-07-01", "2026-09-20"));
        assert_eq!(entry.legal_basis, "Nghị quyết số 388/NQ-UBTVQH16 (12 xã của Bắc Ninh thành phường)");
        // Its predecessors (NSO table): Đông Sơn and Hương Vĩ and the township of Bố Hạ, Huyện Yên Thế, Bắc Giang.
        let mut predecessors: Vec<&str> = bo_ha.predecessors.iter().map(|p| p.code.as_str()).collect();
        predecessors.sort_unstable();
        assert_eq!(predecessors, ["07273", "07279", "07294"]);
        // The source spells 07840 "Hiệp Hoà"; the NSO spelling stays.
        let hiep_hoa = new("07840");
        assert_eq!((hiep_hoa.name.as_str(), hiep_hoa.history[0].name.as_str()), ("Phường Hiệp Hòa", "Xã Hiệp Hòa"));

        let ba_che = new("06970");
        assert_eq!(ba_che.province.name, "Thành phố Quảng Ninh");
        assert!(ba_che.history.is_empty());
    }

    #[test]
    fn every_commune_has_a_service_centre_and_the_active_procedures_of_the_catalogue() {
        let d = &lookup().index().dataset;
        let active: Vec<&str> =
            d.procedures.iter().filter(|p| p.status == ProcedureStatus::Active).map(|p| p.code.as_str()).collect();
        assert_eq!(active.len(), 140);
        assert_eq!(d.new_communes.len(), 3321);
        for commune in &d.new_communes {
            let body = new(&commune.code);
            let centre = &body.service_centre;
            assert_eq!(centre.commune_code, commune.code);
            match lookup().index().service_centre(&commune.code.parse().unwrap()) {
                // No staff row yet: every fact unknown, the centroid as an approximate location.
                None => {
                    assert_eq!(centre.status, CentreStatus::Unverified, "{}", commune.code);
                    assert!(centre.location_approximate);
                    let coordinates = centre.coordinates.unwrap();
                    assert_eq!((Some(coordinates.lat), Some(coordinates.lon)), (commune.lat, commune.lon));
                    let facts = [&centre.name, &centre.address, &centre.phone, &centre.phone_uri, &centre.email];
                    assert!(facts.iter().all(|f| f.is_none()), "{}", commune.code);
                    let more = [&centre.opening_hours, &centre.source, &centre.verified_on];
                    assert!(more.iter().all(|f| f.is_none()), "{}", commune.code);
                }
                Some(_) => assert_eq!(centre.status, CentreStatus::Verified),
            }
            // The same national list everywhere, and nothing outside the catalogue.
            let codes: Vec<&str> = body.procedures.iter().map(|p| p.code.as_str()).collect();
            assert_eq!(codes, active, "{}", commune.code);
            assert_eq!(body.province_portal, None, "no source gives a province portal yet");
        }
    }

    #[test]
    fn a_provinces_staff_facts_show_in_its_communes_procedures_with_their_source() {
        use crate::answers::Lookup;
        use crate::model::{OnlineLevel, ProcedureFact};
        let mut dataset = lookup().index().dataset.clone();
        // Synthetic facts (an example.org link), for Hà Nội (01) only.
        dataset.procedure_facts = vec![ProcedureFact {
            province_code: "01".parse().unwrap(),
            procedure_code: "1.001193".into(),
            online: Some(OnlineLevel::Full),
            portal_url: Some("https://example.org/khai-sinh".into()),
            agency: Some("UBND phường (test)".into()),
            replaced_by: None,
            source: "test".into(),
            verified_on: "2026-11-30".into(),
        }];
        assert!(crate::data::check::check(&dataset).is_empty());
        let with_facts = Lookup::new("test", dataset);
        let birth = |commune: &str| {
            let body = with_facts.commune(&commune.parse().unwrap()).unwrap();
            body.procedures.into_iter().find(|p| p.code == "1.001193").unwrap()
        };
        let hanoi = birth("00004");
        assert_eq!(hanoi.online, OnlineLevel::Full, "the province's level");
        let fact = hanoi.staff_fact.unwrap();
        assert_eq!((fact.source.as_str(), fact.verified_on.as_str()), ("test", "2026-11-30"));
        assert_eq!(fact.portal_url.as_deref(), Some("https://example.org/khai-sinh"));
        assert_eq!(fact.agency.as_deref(), Some("UBND phường (test)"));
        // Another province keeps the catalogue's facts; so does the national list.
        let saigon = birth("26740");
        assert_eq!((saigon.online, saigon.staff_fact), (OnlineLevel::Unknown, None));
        let national = with_facts.procedure("1.001193").unwrap();
        assert_eq!(national.online, OnlineLevel::Unknown);
    }
}
