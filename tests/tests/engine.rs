//! The lookup engine's behaviour on the real dataset, asked through the dataset's `Lookup` as the API
//! asks it: conversion results, ambiguity, splits, search, and bad input (never a panic, always a
//! reason, written in Vietnamese here).

use proptest::prelude::*;
use shared::answers::{Lang, SearchResult};
use shared::engine::normalize::fold;
use shared::model::Relation;
use tests::lookup;

fn convert(input: &str) -> shared::answers::ConvertResponse {
    lookup().convert(input, Lang::Vi)
}

fn search(query: &str, limit: usize) -> Vec<SearchResult> {
    lookup().search(query, limit).results
}

#[test]
fn converts_an_address_and_keeps_the_street_part() {
    let response = convert("12 Lê Lợi, Phường Bến Nghé, Quận 1, TP.HCM");
    assert_eq!(response.parsed.street.as_deref(), Some("12 Lê Lợi"));
    assert_eq!(response.parsed.commune.as_deref(), Some("Phường Bến Nghé"));
    assert_eq!(response.parsed.district.as_deref(), Some("Quận 1"));
    assert_eq!(response.parsed.province.as_deref(), Some("TP.HCM"));
    let best = &response.candidates[0];
    assert_eq!((best.code.as_str(), best.relation, best.default), ("26740", Relation::Whole, true));
    assert_eq!(best.new_address, "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh");
    assert_eq!(best.old.as_ref().unwrap().code, "26740");
    assert!(best.confidence > 0.9, "{}", best.confidence);
    assert_eq!(response.hint, None);
}

#[test]
fn numbered_wards_and_districts_in_any_writing() {
    for input in ["P.01, Q.3, TP.HCM", "Phường 1 Quận 3 Hồ Chí Minh", "p1 q3 tphcm", "F1, Q3, Sài Gòn"] {
        let response = convert(input);
        let old = response.candidates[0].old.as_ref().unwrap_or_else(|| panic!("{input}: {response:?}"));
        assert_eq!((old.name.as_str(), old.district.as_str()), ("Phường 1", "Quận 3"), "{input}");
    }
}

#[test]
fn a_split_commune_returns_every_part_default_first() {
    let response = convert("phuong cong vi quan ba dinh ha noi");
    let codes: Vec<&str> = response.candidates.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["00008", "00025"]);
    assert!(response.candidates.iter().all(|c| c.relation == Relation::Partial));
    assert!(response.candidates[0].default && !response.candidates[1].default);
    assert!(response.candidates[0].confidence > response.candidates[1].confidence);
    assert!(response.hint.as_deref().is_some_and(|h| h.contains("chia")));
}

#[test]
fn ambiguity_gives_several_candidates_not_a_false_certainty() {
    let response = convert("Phường 1, TP.HCM");
    let olds: std::collections::BTreeSet<&str> =
        response.candidates.iter().filter_map(|c| c.old.as_ref()).map(|o| o.code.as_str()).collect();
    assert!(olds.len() >= 3, "{olds:?}");
    assert!(response.candidates[0].confidence < 0.5, "{}", response.candidates[0].confidence);
    assert!(response.hint.as_deref().is_some_and(|h| h.contains("quận/huyện")));
}

#[test]
fn tolerates_a_typo_and_says_so() {
    let response = convert("Xa Phuoc Dihn, Huyen Thuan Nam, Tinh Ninh Thuan");
    let best = &response.candidates[0];
    assert_eq!(best.old.as_ref().unwrap().name, "Xã Phước Dinh");
    // The correction is the candidate's reason, written out; the hint says the answer rests on a guess.
    assert!(best.reasons.iter().any(|r| matches!(r, shared::answers::Reason::SpellingCorrected { .. })), "{best:?}");
    assert!(best.reason_texts.iter().any(|t| t.contains("chính tả")), "{:?}", best.reason_texts);
    assert!(best.confidence < 1.0);
    assert!(response.hint.is_some());
}

#[test]
fn reads_a_new_address_as_new() {
    let response = convert("Phường Sài Gòn, Thành phố Hồ Chí Minh");
    assert_eq!(response.candidates[0].code, "26740");
    assert_eq!(response.candidates[0].old, None);
}

#[test]
fn island_special_zone_and_later_names() {
    assert_eq!(convert("Xã Thổ Châu, Huyện Phú Quốc, Tỉnh Kiên Giang").candidates[0].name, "Đặc khu Thổ Châu");
    // A xã of Đồng Nai that became a phường in 2026 is found by its 2025 name too.
    assert_eq!(convert("Xã Lộc Ninh, Đồng Nai").candidates[0].code, "25270");
}

#[test]
fn island_districts_without_communes_resolve_to_their_special_zone() {
    for (input, zone) in [
        ("Huyện Côn Đảo, Tỉnh Bà Rịa - Vũng Tàu", "26732"),
        ("huyen ly son quang ngai", "21548"),
        ("H. Bạch Long Vĩ, TP. Hải Phòng", "11948"),
        ("Huyện Cồn Cỏ, Quảng Trị", "19742"),
        ("Huyện Hoàng Sa, Đà Nẵng", "20333"),
    ] {
        let response = convert(input);
        let best = &response.candidates[0];
        assert_eq!(best.code, zone, "{input}: {response:?}");
        assert_eq!(best.relation, Relation::Whole);
        assert_eq!(best.old.as_ref().unwrap().code.len(), 3, "the old unit is the district");
    }
}

#[test]
fn older_names_from_earlier_reorganisations_resolve() {
    // Phường Trúc Bạch was formerly Phường Nguyễn Trung Trực (vietnamadminunits alias).
    let response = convert("Phường Nguyễn Trung Trực, Quận Ba Đình, Hà Nội");
    assert_eq!(response.candidates[0].old.as_ref().unwrap().code, "00004");
}

#[test]
fn bad_input_gets_no_candidates_and_a_reason() {
    let long = "a".repeat(10 * 1024);
    for input in [
        "",
        "   ",
        "\t\n",
        "12345",
        "😀😀",
        "北京市朝阳区",
        "\u{0}\u{7}\u{1b}[31m",
        long.as_str(),
        "!!!,,,...",
        "Việt Nam",
    ] {
        let response = convert(input);
        assert!(response.candidates.is_empty(), "{input:?}: {:?}", response.candidates);
        assert!(response.hint.as_deref().is_some_and(|h| !h.is_empty()), "{input:?}");
    }
}

#[test]
fn search_finds_old_and_new_names_as_you_type() {
    let results = search("ben ngh", 10);
    assert!(results.iter().any(|r| r.code == "26740" && r.kind == shared::answers::UnitKind::Old), "{results:?}");
    let results = search("Sài Gòn", 10);
    assert!(results.iter().any(|r| r.code == "26740" && r.kind == shared::answers::UnitKind::New), "{results:?}");
    // A typo when nothing starts with the text.
    let results = search("phuoc dihn", 10);
    assert!(results.iter().any(|r| r.name == "Xã Phước Dinh"), "{results:?}");
    let results = search("phuoc dnh", 10);
    assert!(results.iter().any(|r| r.name == "Xã Phước Dinh"), "a letter left out: {results:?}");
    assert!(search("", 10).is_empty());
    assert!(search("😀", 10).is_empty());
    assert_eq!(search("an", 1000).len(), shared::engine::MAX_SEARCH_LIMIT);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn conversion_never_panics(input in "\\PC{0,120}") {
        let response = convert(&input);
        prop_assert!(response.candidates.len() <= 10);
        prop_assert!(response.candidates.iter().all(|c| (0.0..=1.0).contains(&c.confidence)));
    }

    #[test]
    fn conversion_never_panics_on_address_like_text(
        parts in proptest::collection::vec("(Xã|Phường|P\\.|Q\\.|Huyện|Tỉnh|TP\\.|[A-Za-zÀ-ỹđĐ]{1,8}|[0-9]{1,3})", 0..12),
        separators in proptest::collection::vec("[ ,.;-]{1,2}", 12),
    ) {
        let input: String = parts.iter().zip(&separators).map(|(p, s)| format!("{p}{s}")).collect();
        let _ = convert(&input);
        let _ = search(&input, 10);
    }

    #[test]
    fn folding_is_idempotent(text in "\\PC{0,60}") {
        let once = fold(&text);
        prop_assert_eq!(fold(&once), once);
    }
}

#[test]
fn a_district_with_communes_is_not_an_island() {
    // Huyện Kim Sơn had communes; its uncoded coastal area went to Xã Kim Đông, the district did not.
    let response = convert("Huyện Kim Sơn, Ninh Bình");
    assert!(
        response.candidates.iter().all(|c| c.code != "14698" || c.old.as_ref().is_some_and(|o| o.code.len() == 5)),
        "{response:?}"
    );
}

#[test]
fn trailing_words_after_the_province_are_ignored() {
    for input in ["12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM 700000", "Phường Bến Nghé, Quận 1, TP.HCM (cũ)"] {
        assert_eq!(convert(input).candidates[0].old.as_ref().map(|o| o.code.as_str()), Some("26740"), "{input}");
    }
}

#[test]
fn new_addresses_are_as_certain_as_old_ones() {
    let confidence = convert("Phường Sài Gòn, Thành phố Hồ Chí Minh").candidates[0].confidence;
    assert!(confidence > 0.9, "{confidence}");
}

#[test]
fn numbered_aliases_from_earlier_names_match() {
    let index = lookup().index();
    let with_zero = index
        .dataset
        .aliases
        .iter()
        .find(|a| a.level == shared::model::AliasLevel::OldCommune && a.key.ends_with("08"));
    if let Some(alias) = with_zero {
        let commune = index.old_commune(&alias.code.parse().unwrap()).unwrap();
        let district = index.old_district(&commune.district_code).unwrap();
        let province = index.old_province(&commune.province_code).unwrap();
        let input = format!("{}, {}, {}", alias.key, district.full_name, province.full_name);
        let response = convert(&input);
        assert!(
            response.candidates.iter().any(|c| c.old.as_ref().is_some_and(|o| o.code == alias.code)),
            "{input}: {response:?}"
        );
    }
}
