//! The engine on the real dataset (`data/*.csv`): each way of writing that issue 11 names, and the
//! promise never to be confidently wrong. Whole-dataset rewrites and accuracy figures are in
//! `tests/tests/robustness.rs` and `accuracy.rs`; these are the engine's own unit tests.

use std::sync::OnceLock;

use super::Engine;
use crate::answers::{ConvertResponse, Hint, Lang, Reason};
use crate::model::{DefaultBasis, Index, Relation};

fn engine() -> &'static (Index, Engine) {
    static ENGINE: OnceLock<(Index, Engine)> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        let dataset =
            crate::data::canonical::parse(|name| std::fs::read_to_string(data.join(name)).map_err(|e| e.to_string()))
                .expect("data/*.csv");
        let index = Index::new(dataset);
        let engine = Engine::new(&index);
        (index, engine)
    })
}

fn convert(input: &str) -> ConvertResponse {
    let (index, engine) = engine();
    engine.convert(index, input)
}

/// The first candidate's new commune, and the old commune it was read as.
fn first(input: &str) -> (String, String) {
    let response = convert(input);
    let best =
        response.candidates.first().unwrap_or_else(|| panic!("{input:?}: no candidate ({:?})", response.hint_code));
    (best.name.clone(), best.old.as_ref().map(|o| format!("{}, {}", o.name, o.district)).unwrap_or_default())
}

fn certain(input: &str) -> bool {
    convert(input).candidates.first().is_some_and(|c| c.confidence == 1.0 && c.reasons.is_empty())
}

#[test]
fn province_written_any_way_people_write_it() {
    for input in [
        "12 Lê Lợi, Phường Bến Nghé, Quận 1, Hồ Chí Minh",
        "12 Le Loi, Ben Nghe Ward, District 1, Ho Chi Minh City",
        "Phường Bến Nghé, Quận 1, TP.HCM",
        "Phường Bến Nghé, Quận 1, Sài Gòn",
        "Phường Bến Nghé, Quận 1, HCM, Việt Nam",
    ] {
        assert_eq!(first(input).1, "Phường Bến Nghé, Quận 1", "{input}");
    }
    assert_eq!(first("Phường Cống Vị, Ba Đình, Hanoi").1, "Phường Cống Vị, Quận Ba Đình");
}

#[test]
fn a_province_name_is_never_read_as_a_commune_of_the_same_name() {
    // Xã Chí Minh exists in several provinces; here the words are Hồ Chí Minh City, named twice.
    let response = convert("Quận 8, Hồ Chí Minh, , Quận 8, Hồ Chí Minh");
    assert!(response.candidates.is_empty(), "{:?}", response.candidates);
    assert!(matches!(response.hint_code, Some(Hint::CommuneMissing { .. })), "{:?}", response.hint_code);
    // With its unit word, the commune is read.
    assert!(first("Xã Chí Minh, Huyện Tràng Định, Tỉnh Lạng Sơn").1.starts_with("Xã Chí Minh"));
}

#[test]
fn no_province_a_district_that_names_one_decides() {
    assert_eq!(first("P7 Q5").1, "Phường 7, Quận 5");
    assert_eq!(first("F11 Q.Tân Bình").1, "Phường 11, Quận Tân Bình");
    assert_eq!(first("P.Cầu Kho, Q.1").1, "Phường Cầu Kho, Quận 1");
    let response = convert("18/2 Tô Ký, Tân Chánh Hiệp, Q12");
    assert_eq!(response.candidates[0].old.as_ref().unwrap().name, "Phường Tân Chánh Hiệp");
    assert_eq!(response.parsed.street.as_deref(), Some("18/2 Tô Ký"));
    // The province was not written: a guess, however safe, is said.
    assert!(response.candidates[0].reasons.contains(&Reason::ProvinceMissing));
}

#[test]
fn labels_glue_dashes_and_no_separators() {
    for input in ["Phường: Bến Thành - Quận: 1", "pBến Thành q1 TPHCM", "phuong ben thanh quan 1 ho chi minh"]
    {
        let response = convert(input);
        assert!(
            response.candidates.iter().any(|c| c.old.as_ref().is_some_and(|o| o.name == "Phường Bến Thành")),
            "{input}: {:?}",
            response.candidates
        );
    }
    assert_eq!(first("F7 -Q05").1, "Phường 7, Quận 5");
    assert_eq!(first("12 Nguyễn Trãi / P.2 / Q.5 / TP.HCM").1, "Phường 2, Quận 5");
    // Gò Vấp contradicts Bến Thành (Quận 1): never offered as certain.
    let response = convert("pBến Thành qGò Vấp");
    assert!(response.candidates.first().is_none_or(|c| c.confidence < 0.5), "{response:?}");
    assert!(response.hint_code.is_some());
}

#[test]
fn notes_and_noise_anywhere() {
    let response = convert("Hẻm 12 (gần chợ Bến Thành) P. Bến Nghé Q1");
    assert_eq!(response.candidates[0].old.as_ref().unwrap().name, "Phường Bến Nghé");
    // The note stays out of the new address.
    assert_eq!(response.candidates[0].new_address, "Hẻm 12, Phường Sài Gòn, Thành phố Hồ Chí Minh");
    assert_eq!(first("Phường 1, Quận 8, Hồ Chí Minh, , Quận 8, Hồ Chí Minh").1, "Phường Rạch Ông, Quận 8");
    assert_eq!(first("Số 1 Tòa nhà A2, Phường Bến Nghé, Quận 1, TP HCM 700000").1, "Phường Bến Nghé, Quận 1");
}

#[test]
fn other_orders() {
    assert_eq!(first("Huyện Tuy Phước, Tỉnh Bình Định, Xã Phước Lộc").1, "Xã Phước Lộc, Huyện Tuy Phước");
    assert!(certain("Huyện Tuy Phước, Tỉnh Bình Định, Xã Phước Lộc"));
}

#[test]
fn street_names_shared_with_units() {
    let response = convert("15 trần phú hoàng văn thụ tp thái nguyên");
    assert_eq!(response.candidates[0].old.as_ref().unwrap().name, "Phường Hoàng Văn Thụ");
    assert_eq!(response.parsed.street.as_deref(), Some("15 trần phú"));
    let response = convert("12 Lê Lợi, Lê Lợi, Quy Nhơn");
    assert_eq!(response.parsed.street.as_deref(), Some("12 Lê Lợi"));
}

#[test]
fn compact_lower_case_abbreviations() {
    assert_eq!(first("p Trần Phú tp Hà Tĩnh Hà Tĩnh").1, "Phường Trần Phú, Thành phố Hà Tĩnh");
    assert_eq!(first("x Phước Đồng tp Nha Trang").1, "Xã Phước Đồng, Thành phố Nha Trang");
    assert_eq!(first("tt. ai nghia, dai loc, quang nam").1, "Thị Trấn Ái Nghĩa, Huyện Đại Lộc");
}

#[test]
fn older_names_say_when_and_by_what_they_changed() {
    let response = convert("Xã Tân Lập, Huyện Đan Phượng, Hà Tây");
    let reasons = &response.candidates[0].reasons;
    let retired = reasons.iter().find_map(|r| match r {
        Reason::EarlierName { written, effective, legal_basis, .. } if written == "Hà Tây" => {
            Some((effective.clone(), legal_basis.clone()))
        }
        _ => None,
    });
    let (effective, basis) = retired.unwrap_or_else(|| panic!("{reasons:?}"));
    assert_eq!(effective.as_deref(), Some("2008-08-01"));
    assert!(basis.is_some_and(|b| b.contains("15/2008/QH12")));
    assert_eq!(first("Phường An Phú, Quận 2, TP.HCM").1, "Phường An Phú, Thành phố Thủ Đức");
    // A later change: the name before 2026-09-20 still resolves, and the answer uses today's name.
    let response = convert("Xã Bố Hạ, Huyện Yên Thế, Tỉnh Bắc Giang");
    assert_eq!(response.candidates[0].new_address, "Phường Bố Hạ, Thành phố Bắc Ninh");
}

#[test]
fn a_typo_with_no_district_or_province_is_found_and_said() {
    let response = convert("Phuong Khuong Trungg Thanh Xuan");
    let best = &response.candidates[0];
    assert_eq!(best.old.as_ref().unwrap().name, "Phường Khương Trung");
    assert!(best.confidence < 1.0);
    assert!(best.reasons.iter().any(|r| matches!(r, Reason::SpellingCorrected { .. })));
}

#[test]
fn the_new_address_is_written_from_the_dataset_only() {
    for input in [
        "Xã Cần Giờ, Huyện Cần Giờ",
        "Thị trấn Côn Đảo, Huyện Côn Đảo, Bà Rịa - Vũng Tàu",
        "Xã Bố Hạ, Bắc Ninh",
        "Phường 2, Quận 5, Tỉnh Hồ Chí Minh",
    ] {
        let response = convert(input);
        let address = &response.candidates[0].new_address;
        for leftover in ["Xã,", "Thị trấn", "Huyện", "Quận", "Tỉnh Hồ", "Bà Rịa", "Phường,"] {
            assert!(!address.contains(leftover), "{input} → {address}");
        }
    }
}

#[test]
fn guesses_are_never_offered_as_certain() {
    assert!(certain("Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh"));
    for input in [
        "Phường Bến Nghé, Quận 1",                  // no province
        "Phường Bến Nghé, Thành phố Hồ Chí Minh",   // no district
        "Phường Bến Nghee, Quận 1, TP HCM",         // typo
        "Phường Bến Nghé, Quận 1, TP HCM, gần chợ", // ignored words
        "Số 1 Đại Cồ Việt, Hai Bà Trưng, Hà Nội",   // a district read as the new ward of its name
        "Phường 1, TP HCM",                         // several old wards
        "96 Phan Chu Trinh, Quận 3, Hà Nội",        // the district written contradicts
    ] {
        let response = convert(input);
        if let Some(best) = response.candidates.first() {
            assert!(best.confidence < 1.0 && !best.reasons.is_empty(), "{input}: {best:?}");
            assert!(response.hint_code.is_some(), "{input}");
        }
    }
}

#[test]
fn a_split_commune_offers_every_part_default_first() {
    let response = convert("phuong cong vi quan ba dinh ha noi");
    let parts: Vec<(&str, Relation, bool)> =
        response.candidates.iter().map(|c| (c.code.as_str(), c.relation, c.default)).collect();
    assert_eq!(parts, [("00008", Relation::Partial, true), ("00025", Relation::Partial, false)]);
    assert_eq!(response.hint_code, Some(Hint::Split));
}

#[test]
fn a_split_communes_default_part_says_why_and_is_surer_where_the_residents_went() {
    let default_part = |input: &str| {
        let response = convert(input);
        let best = response.candidates.first().unwrap_or_else(|| panic!("{input}: no candidate")).clone();
        let split = best.reasons.iter().find(|r| matches!(r, Reason::Split { .. })).cloned();
        (best.code.to_string(), split, best.confidence)
    };
    // Cống Vị: the default is vietnamadminunits' alone; Ngọc Thụy: the NSO says all its people went to 00118.
    let (code, split, open_data) = default_part("Phường Cống Vị, Quận Ba Đình, Hà Nội");
    assert_eq!(code, "00008");
    let split = split.expect("a split reason");
    assert_eq!(split, Reason::Split { default: true, basis: Some(DefaultBasis::OpenData) });
    assert!(split.text(Lang::Vi).contains("không rõ căn cứ"), "{}", split.text(Lang::Vi));
    assert!(split.text(Lang::En).contains("without saying why"), "{}", split.text(Lang::En));
    let (code, split, whole_population) = default_part("Phường Ngọc Thụy, Quận Long Biên, Hà Nội");
    assert_eq!(code, "00118");
    assert_eq!(split, Some(Reason::Split { default: true, basis: Some(DefaultBasis::WholePopulation) }));
    assert!(whole_population > open_data, "{whole_population} vs {open_data}");
    // The other part has no basis, and the shares still add up to the reading's confidence.
    let response = convert("Phường Ngọc Thụy, Quận Long Biên, Hà Nội");
    assert_eq!(response.candidates[1].reasons.last(), Some(&Reason::Split { default: false, basis: None }));
    let total: f64 = response.candidates.iter().map(|c| c.confidence).sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
}

/// The limit counts characters as they read: 500 decomposed "ệ" (e, dot below, circumflex: 1,500 code
/// points) are 500 characters, not over the limit; 501 are.
#[test]
fn the_length_limit_counts_characters_after_nfc() {
    let decomposed = |n: usize| "e\u{0323}\u{0302}".repeat(n);
    assert_eq!(decomposed(1).chars().count(), 3);
    assert!(!super::too_long(&decomposed(super::MAX_INPUT_CHARS)));
    assert!(super::too_long(&decomposed(super::MAX_INPUT_CHARS + 1)));
    // A character that NFC writes as three (U+FB2C, three bytes): 167 of them are 501 characters.
    assert!(super::too_long(&"\u{FB2C}".repeat(167)));
    assert!(!super::too_long(&"\u{FB2C}".repeat(166)));
    // The browser's check leaves decomposed text to the server, and is sure of plain long text.
    assert!(!super::surely_too_long(&decomposed(super::MAX_INPUT_CHARS)));
    assert!(!super::surely_too_long(&decomposed(super::MAX_INPUT_CHARS + 1)));
    assert!(super::surely_too_long(&"ệ".repeat(super::MAX_INPUT_CHARS + 1)));
    assert!(!super::surely_too_long(&"ệ".repeat(super::MAX_INPUT_CHARS)));
    assert_ne!(convert(&format!("Phường Bến Nghé {}", decomposed(400))).hint_code, Some(Hint::TooLong { max: 500 }));
}

#[test]
fn bad_input_gets_a_hint_and_never_a_panic() {
    assert_eq!(convert("").hint_code, Some(Hint::NoName));
    assert_eq!(convert("   ,,, 12 / 3 ").hint_code, Some(Hint::NoName));
    assert_eq!(convert(&"x".repeat(501)).hint_code, Some(Hint::TooLong { max: super::MAX_INPUT_CHARS }));
    assert_eq!(convert("zzqx wvvk").hint_code, Some(Hint::NoMatch));
    for input in ["(((", "Phường", "Q.", "\u{0301}\u{0301}", "Việt Nam", "P.P.P.P.P", "𝔸𝔹ℂ 12"] {
        let response = convert(input);
        assert!(
            response.candidates.is_empty() || response.hint_code.is_some() || response.candidates[0].confidence <= 1.0
        );
    }
}

#[test]
fn search_reads_the_part_being_typed() {
    let (index, engine) = engine();
    let names = |query: &str| -> Vec<String> { engine.search(index, query, 5).into_iter().map(|r| r.name).collect() };
    assert!(names("12 Lê Lợi, P. Bến Ngh").iter().any(|n| n == "Phường Bến Nghé"));
    assert!(names("266 Đường").is_empty());
    assert!(!names("Phư").is_empty());
}
