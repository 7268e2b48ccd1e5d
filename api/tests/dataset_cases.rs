//! Hand-verified tricky cases of the dataset, asked through the read endpoints. Each expectation was
//! checked against the sources named in its comment (NSO table, resolution text, REVIEW.md).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

mod common;

use common::{get, ok, state};

/// The JSON answer of `POST /api/v1/convert` for one address, which must be 200.
async fn convert(address: &str) -> Value {
    let body = serde_json::json!({ "address": address }).to_string();
    let request = Request::post("/api/v1/convert")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    let response = api::app(state()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let json: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    assert_eq!(status, StatusCode::OK, "{address}: {json}");
    json
}

/// The first candidate's (code, new address) for an address.
async fn first_candidate(address: &str) -> (String, String) {
    let body = convert(address).await;
    let first = &body["candidates"][0];
    let pair = (first["code"].as_str(), first["new_address"].as_str());
    let (Some(code), Some(new_address)) = pair else { panic!("{address}: no candidate in {body}") };
    (code.to_owned(), new_address.to_owned())
}

/// (code, relation, default) of each successor, in the order the API gives them.
async fn successors(old_code: &str) -> Vec<(String, String, bool)> {
    let body = ok(&format!("/api/v1/old-communes/{old_code}")).await;
    body["successors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["code"].as_str().unwrap().to_owned(),
                s["relation"].as_str().unwrap().to_owned(),
                s["default"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn parts(list: &[(&str, bool)]) -> Vec<(String, String, bool)> {
    let relation = if list.len() > 1 { "partial" } else { "whole" };
    list.iter().map(|(code, default)| (code.to_string(), relation.to_owned(), *default)).collect()
}

// Splits. NSO table; the default is vietnamadminunits' converter_2025.json.

#[tokio::test]
async fn cong_vi_is_split_in_two_with_ngoc_ha_first() {
    assert_eq!(successors("00007").await, parts(&[("00008", true), ("00025", false)]));
}

#[tokio::test]
async fn ngoc_khanh_is_split_in_three() {
    assert_eq!(successors("00025").await, parts(&[("00025", true), ("00008", false), ("00199", false)]));
}

#[tokio::test]
async fn dien_bien_is_split_in_four() {
    assert_eq!(
        successors("00019").await,
        parts(&[("00004", true), ("00070", false), ("00190", false), ("00226", false)])
    );
}

#[tokio::test]
async fn dai_mo_is_split_in_five() {
    assert_eq!(
        successors("00634").await,
        parts(&[("00637", true), ("00622", false), ("00634", false), ("09556", false), ("09886", false)])
    );
}

// The five island districts without communes became special zones (NSO table, "Sắp xếp toàn bộ huyện ...").

#[tokio::test]
async fn island_districts_lead_to_their_special_zones() {
    let islands = [
        ("31", "318", "11948", "Đặc khu Bạch Long Vĩ"),
        ("45", "471", "19742", "Đặc khu Cồn Cỏ"),
        ("48", "498", "20333", "Đặc khu Hoàng Sa"),
        ("51", "536", "21548", "Đặc khu Lý Sơn"),
        ("77", "755", "26732", "Đặc khu Côn Đảo"),
    ];
    for (province, district, zone, name) in islands {
        let body = ok(&format!("/api/v1/old/provinces/{province}/districts")).await;
        let unit = body["units"].as_array().unwrap().iter().find(|u| u["code"] == district).unwrap();
        assert_eq!(unit["successors"][0]["code"], zone, "{district}");
        assert_eq!(unit["successors"][0]["name"], name, "{district}");
        let commune = ok(&format!("/api/v1/communes/{zone}")).await;
        assert_eq!(commune["type"], "Đặc khu");
        assert_eq!(commune["predecessors"][0]["district"]["code"], district);
        assert_eq!(commune["predecessors"][0]["code"], "");
    }
}

#[tokio::test]
async fn tho_chau_commune_became_a_special_zone_under_the_same_code() {
    let body = ok("/api/v1/old-communes/31105").await;
    assert_eq!(body["name"], "Xã Thổ Châu");
    assert_eq!(body["successors"][0]["name"], "Đặc khu Thổ Châu");
    assert_eq!(body["successors"][0]["relation"], "whole");
}

// Later changes: Đồng Nai became a centrally-run city on 2026-04-30 and 10 xã became phường.

#[tokio::test]
async fn dong_nai_wards_of_2026_keep_their_earlier_type() {
    let body = ok("/api/v1/communes/25270").await;
    assert_eq!(body["name"], "Phường Lộc Ninh");
    assert_eq!(body["type"], "Phường");
    let history = body["history"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["name"], "Xã Lộc Ninh");
    assert_eq!(history[0]["valid_from"], "2025-07-01");
    assert_eq!(history[0]["until"], "2026-04-30");
    assert!(history[0]["legal_basis"].as_str().unwrap().contains("237/NQ-UBTVQH16"));

    let communes = ok("/api/v1/provinces/75/communes").await;
    assert_eq!(communes["province"]["name"], "Thành phố Đồng Nai");
    assert_eq!(communes["province"]["history"][0]["name"], "Tỉnh Đồng Nai");
    let changed = ok("/api/v1/provinces").await["provinces"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p["history"].as_array().unwrap().is_empty())
        .count();
    // Đồng Nai (2026-04-30), Quảng Ninh (2026-09-01) and Bắc Ninh (2026-09-20).
    assert_eq!(changed, 3, "only Đồng Nai, Quảng Ninh and Bắc Ninh changed after 2025-07-01");
}

// Changes after 2026-07-25 (sources/thanglequoc/changes-after-2026-07-25.csv, later_changes.csv): Quảng Ninh
// became a centrally-run city on 2026-09-01 (36/2026/QH16); Bắc Ninh became one (39/2026/QH16) and 12 of its xã
// became phường (388/NQ-UBTVQH16) on 2026-09-20.

#[tokio::test]
async fn quang_ninh_is_a_city_since_1_september_2026() {
    let province = ok("/api/v1/provinces/22/communes").await["province"].clone();
    assert_eq!(province["name"], "Thành phố Quảng Ninh");
    assert_eq!(province["short_name"], "Quảng Ninh");
    assert_eq!(province["type"], "Thành phố");
    assert_eq!(province["name_en"], "Quang Ninh City");
    let history = province["history"].as_array().unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0]["name"], "Tỉnh Quảng Ninh");
    assert_eq!(history[0]["unit_type"], "Tỉnh");
    assert_eq!(history[0]["valid_from"], "2025-07-01");
    assert_eq!(history[0]["until"], "2026-09-01");
    assert!(history[0]["legal_basis"].as_str().unwrap().contains("36/2026/QH16"), "{history:?}");
    // Its communes did not change: 06970 Xã Ba Chẽ has no history.
    let ba_che = ok("/api/v1/communes/06970").await;
    assert_eq!(ba_che["province"]["name"], "Thành phố Quảng Ninh");
    assert!(ba_che["history"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn bac_ninh_is_a_city_since_20_september_2026() {
    let province = ok("/api/v1/provinces/24/communes").await["province"].clone();
    assert_eq!(province["name"], "Thành phố Bắc Ninh");
    assert_eq!(province["type"], "Thành phố");
    assert_eq!(province["name_en"], "Bac Ninh City");
    let history = province["history"].as_array().unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(
        (history[0]["name"].as_str(), history[0]["valid_from"].as_str(), history[0]["until"].as_str()),
        (Some("Tỉnh Bắc Ninh"), Some("2025-07-01"), Some("2026-09-20"))
    );
    assert!(history[0]["legal_basis"].as_str().unwrap().contains("39/2026/QH16"), "{history:?}");
    let absorbed: Vec<&str> =
        province["absorbed"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(absorbed, ["24", "27"], "old Bắc Giang and Bắc Ninh");
}

#[tokio::test]
async fn bo_ha_is_a_phuong_with_its_xa_in_history() {
    let body = ok("/api/v1/communes/07294").await;
    assert_eq!(body["name"], "Phường Bố Hạ");
    assert_eq!(body["type"], "Phường");
    assert_eq!(body["name_en"], "Bo Ha Ward");
    assert_eq!(body["province"]["name"], "Thành phố Bắc Ninh");
    let history = body["history"].as_array().unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0]["name"], "Xã Bố Hạ");
    assert_eq!(history[0]["unit_type"], "Xã");
    assert_eq!(history[0]["valid_from"], "2025-07-01");
    assert_eq!(history[0]["until"], "2026-09-20");
    assert_eq!(history[0]["legal_basis"], "Nghị quyết số 388/NQ-UBTVQH16 (12 xã của Bắc Ninh thành phường)");
    // Its predecessors (NSO table): Đông Sơn and Hương Vĩ and the township of Bố Hạ, Huyện Yên Thế, Bắc Giang.
    let predecessors: Vec<&str> =
        body["predecessors"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(predecessors.len(), 3, "{predecessors:?}");
    for code in ["07273", "07279", "07294"] {
        assert!(predecessors.contains(&code), "{code} in {predecessors:?}");
    }
    // The source spells 07840 "Hiệp Hoà"; the NSO spelling stays.
    let hiep_hoa = ok("/api/v1/communes/07840").await;
    assert_eq!(hiep_hoa["name"], "Phường Hiệp Hòa");
    assert_eq!(hiep_hoa["history"][0]["name"], "Xã Hiệp Hòa");
}

#[tokio::test]
async fn exactly_twelve_bac_ninh_communes_became_phuong() {
    let communes = ok("/api/v1/provinces/24/communes").await;
    let mut changed = Vec::new();
    for commune in communes["communes"].as_array().unwrap() {
        let code = commune["code"].as_str().unwrap();
        let detail = ok(&format!("/api/v1/communes/{code}")).await;
        if let Some(entry) = detail["history"].as_array().unwrap().first() {
            assert_eq!((entry["unit_type"].as_str(), detail["type"].as_str()), (Some("Xã"), Some("Phường")), "{code}");
            assert_eq!(entry["until"], "2026-09-20", "{code}");
            changed.push(code.to_owned());
        }
    }
    let expected =
        ["07294", "07375", "07399", "07444", "07840", "09193", "09292", "09313", "09319", "09454", "09475", "09496"];
    assert_eq!(changed, expected);
}

#[tokio::test]
async fn old_addresses_in_bac_ninh_convert_to_the_new_phuong_and_city() {
    // Old 07273 Xã Đông Sơn (Huyện Yên Thế, old Bắc Giang) went whole to 07294 (NSO table).
    let (code, new_address) = first_candidate("Xã Đông Sơn, Huyện Yên Thế, Tỉnh Bắc Giang").await;
    assert_eq!((code.as_str(), new_address.as_str()), ("07294", "Phường Bố Hạ, Thành phố Bắc Ninh"));
    // Old 09217 Xã Đông Tiến (Huyện Yên Phong, old Bắc Ninh) went whole to 09193 Phường Yên Phong.
    let (code, new_address) = first_candidate("Số 5, Xã Đông Tiến, Huyện Yên Phong, Tỉnh Bắc Ninh").await;
    assert_eq!((code.as_str(), new_address.as_str()), ("09193", "Số 5, Phường Yên Phong, Thành phố Bắc Ninh"));
    // Old 07294 Thị trấn Bố Hạ, written without tone marks.
    let (code, new_address) = first_candidate("thi tran bo ha, yen the, bac giang").await;
    assert_eq!((code.as_str(), new_address.as_str()), ("07294", "Phường Bố Hạ, Thành phố Bắc Ninh"));
}

#[tokio::test]
async fn earlier_names_written_by_users_still_resolve() {
    // "Tỉnh Bắc Ninh" and "Xã Bố Hạ": the names until 2026-09-20.
    let (code, new_address) = first_candidate("Xã Bố Hạ, Tỉnh Bắc Ninh").await;
    assert_eq!(code, "07294");
    // The whole new address: `an_earlier_type_word_is_not_left_in_the_new_address`.
    assert!(new_address.ends_with("Phường Bố Hạ, Thành phố Bắc Ninh"), "{new_address}");
    let (code, _) = first_candidate("Xã Lục Nam, Thành phố Bắc Ninh").await;
    assert_eq!(code, "07444");
    let (code, new_address) = first_candidate("Phường Bố Hạ, Tỉnh Bắc Ninh").await;
    assert_eq!((code.as_str(), new_address.as_str()), ("07294", "Phường Bố Hạ, Thành phố Bắc Ninh"));
    // "Tỉnh Quảng Ninh": its name until 2026-09-01.
    let (code, new_address) = first_candidate("Xã Ba Chẽ, Tỉnh Quảng Ninh").await;
    assert_eq!((code.as_str(), new_address.as_str()), ("06970", "Xã Ba Chẽ, Thành phố Quảng Ninh"));
}

/// A unit's earlier type word is not left in the street part (issue 11, section 3: the new address is
/// built from the dataset, not from leftover input). Ignored until the engine's fix lands: at 74b4b31
/// "Xã Bố Hạ, Tỉnh Bắc Ninh" answers "Xã, Phường Bố Hạ, Thành phố Bắc Ninh" (and Đồng Nai's likewise).
#[tokio::test]
#[ignore = "until the engine stops leaving the earlier type word in the new address (issue 11 §3)"]
async fn an_earlier_type_word_is_not_left_in_the_new_address() {
    for (address, expected) in [
        ("Xã Bố Hạ, Tỉnh Bắc Ninh", "Phường Bố Hạ, Thành phố Bắc Ninh"),
        ("Xã Bố Hạ", "Phường Bố Hạ, Thành phố Bắc Ninh"),
        ("Xã Lộc Ninh, Tỉnh Đồng Nai", "Phường Lộc Ninh, Thành phố Đồng Nai"),
    ] {
        assert_eq!(first_candidate(address).await.1, expected, "{address}");
    }
}

#[tokio::test]
async fn health_says_the_dataset_is_current_to_20_september_2026() {
    assert_eq!(ok("/api/v1/health").await["dataset"]["built_from"], "2026-09-20");
}

#[tokio::test]
async fn exactly_ten_dong_nai_communes_changed_type() {
    let communes = ok("/api/v1/provinces/75/communes").await;
    let mut changed = 0;
    for commune in communes["communes"].as_array().unwrap() {
        let detail = ok(&format!("/api/v1/communes/{}", commune["code"].as_str().unwrap())).await;
        if let Some(entry) = detail["history"].as_array().unwrap().first() {
            assert_eq!((entry["unit_type"].as_str(), detail["type"].as_str()), (Some("Xã"), Some("Phường")));
            changed += 1;
        }
    }
    assert_eq!(changed, 10);
}

// Renamed and retyped units (NSO notes "Đổi tên", "Đổi loại hình").

#[tokio::test]
async fn renamed_and_retyped_units() {
    let renamed = ok("/api/v1/old-communes/24235").await;
    assert_eq!(
        (renamed["name"].as_str(), renamed["successors"][0]["name"].as_str()),
        (Some("Xã Krông Na"), Some("Xã Buôn Đôn"))
    );
    assert_eq!(renamed["successors"][0]["note"], "Đổi tên");
    let retyped = ok("/api/v1/old-communes/14845").await;
    assert_eq!(retyped["name"], "Thị trấn Mường Lát");
    assert_eq!(retyped["successors"][0]["name"], "Xã Mường Lát");
    assert_eq!(retyped["successors"][0]["note"], "Đổi loại hình");
    let both = ok("/api/v1/old-communes/25822").await;
    assert_eq!(both["successors"][0]["name"], "Xã Bàu Bàng");
    assert_eq!(both["successors"][0]["note"], "Đổi tên, đổi loại hình từ một phần thị trấn Lai Uyên");
}

// Old and new codes are different keys.

#[tokio::test]
async fn reused_code_26740_is_ben_nghe_old_and_sai_gon_new() {
    let old = ok("/api/v1/old-communes/26740").await;
    assert_eq!(old["name"], "Phường Bến Nghé");
    assert_eq!(old["district"]["name"], "Quận 1");
    let new = ok("/api/v1/communes/26740").await;
    assert_eq!(new["name"], "Phường Sài Gòn");
    let predecessors: Vec<&str> =
        new["predecessors"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert!(predecessors.contains(&"26740") && predecessors.contains(&"26737"), "{predecessors:?}");
}

// Units of two old provinces in one new province (Bình Phước 70 and Đồng Nai 75 became Đồng Nai).

#[tokio::test]
async fn new_province_absorbs_two_old_provinces() {
    let body = ok("/api/v1/provinces/75/communes").await;
    let absorbed: Vec<&str> =
        body["province"]["absorbed"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(absorbed, ["70", "75"]);
    let loc_ninh = ok("/api/v1/communes/25270").await;
    assert_eq!(loc_ninh["province"]["code"], "75");
    assert_eq!(loc_ninh["predecessors"][0]["province"]["name"], "Tỉnh Bình Phước");
}

// Reviewed decisions (data/REVIEW.md, data/overrides.csv, data/earlier_mergers.csv).

#[tokio::test]
async fn co_bi_follows_the_resolution_not_the_nso_typo() {
    assert_eq!(successors("00553").await, parts(&[("00136", true), ("00541", false), ("00565", false)]));
}

#[tokio::test]
async fn my_hung_missing_from_nso_resolves_by_the_resolution() {
    assert_eq!(successors("01651").await, parts(&[("01648", true)]));
}

#[tokio::test]
async fn ward_renumbered_before_2025_resolves_through_its_new_code() {
    // 26935 Phường 14 was renumbered 26929 before 2025-07-01; 26929 went whole to its successor.
    assert_eq!(successors("26935").await, successors("26929").await);
    // 27067 Phường 15 became 27076, which was split.
    let split = successors("27067").await;
    assert_eq!(split.iter().map(|s| s.0.as_str()).collect::<Vec<_>>().len(), 2);
    assert_eq!(split, successors("27076").await);
}

#[tokio::test]
async fn retired_code_without_a_verified_destination_is_unknown() {
    let (status, body) = get("/api/v1/old-communes/16411").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn ba_che_keeps_the_nso_code() {
    // The 2026 data calls it 06978; NSO and the NSO code list of 1027/CTK-CSCL say 06970.
    assert_eq!(ok("/api/v1/communes/06970").await["name"], "Xã Ba Chẽ");
    assert_eq!(get("/api/v1/communes/06978").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn malformed_nso_names_are_repaired_and_official_spellings_kept() {
    assert_eq!(ok("/api/v1/communes/24496").await["name"], "Xã Ea Kly");
    assert_eq!(ok("/api/v1/communes/24829").await["name"], "Phường B’Lao");
    assert_eq!(ok("/api/v1/communes/09988").await["name"], "Xã Hòa Lạc");
}

#[tokio::test]
async fn commune_created_after_the_2025_list_is_known() {
    let body = ok("/api/v1/old-communes/03980").await;
    assert_eq!(body["district"]["code"].as_str().unwrap().len(), 3);
    assert!(!body["successors"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn coastal_area_without_a_code_is_a_predecessor() {
    let body = ok("/api/v1/communes/14698").await;
    let names: Vec<&str> =
        body["predecessors"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Khu vực bãi bồi ven biển do huyện Kim Sơn quản lý"), "{names:?}");
}

// Legal basis (dvhcvn resolutions/1656_NQ-UBTVQH15.md).

#[tokio::test]
async fn hoan_kiem_cites_resolution_1656_article_1_clause_1() {
    let body = ok("/api/v1/communes/00070").await;
    assert_eq!(body["legal_basis"]["resolution"], "1656/NQ-UBTVQH15");
    assert_eq!(body["legal_basis"]["date"], "2025-06-16");
    assert_eq!(body["legal_basis"]["article"], "Điều 1, khoản 1");
    assert!(
        body["legal_basis"]["text"].as_str().unwrap().ends_with("thành phường mới có tên gọi là phường Hoàn Kiếm.")
    );
}

#[tokio::test]
async fn counts_match_the_resolutions() {
    // 1656/NQ-UBTVQH15: "thành phố Hà Nội có 126 đơn vị hành chính cấp xã".
    assert_eq!(ok("/api/v1/provinces/01/communes").await["communes"].as_array().unwrap().len(), 126);
    let provinces = ok("/api/v1/provinces").await;
    let total: u64 = provinces["provinces"].as_array().unwrap().iter().map(|p| p["communes"].as_u64().unwrap()).sum();
    assert_eq!(total, 3321);
    let old = ok("/api/v1/old/provinces").await;
    assert_eq!(old["units"].as_array().unwrap().len(), 63);
}

#[tokio::test]
async fn picker_walks_province_district_commune() {
    let districts = ok("/api/v1/old/provinces/01/districts").await;
    assert!(districts["units"].as_array().unwrap().iter().any(|d| d["code"] == "001" && d["name"] == "Quận Ba Đình"));
    let communes = ok("/api/v1/old/districts/001/communes").await;
    assert_eq!(communes["parent"]["name"], "Quận Ba Đình");
    assert!(
        communes["units"].as_array().unwrap().iter().any(|c| c["code"] == "00007" && c["name"] == "Phường Cống Vị")
    );
}

#[tokio::test]
async fn bad_and_unknown_codes() {
    for (path, status) in [
        ("/api/v1/old-communes/abc", StatusCode::BAD_REQUEST),
        ("/api/v1/old-communes/123456", StatusCode::BAD_REQUEST),
        ("/api/v1/communes/0007", StatusCode::BAD_REQUEST),
        ("/api/v1/communes/99999", StatusCode::NOT_FOUND),
        ("/api/v1/provinces/1/communes", StatusCode::BAD_REQUEST),
        ("/api/v1/provinces/99/communes", StatusCode::NOT_FOUND),
        ("/api/v1/old/provinces/99/districts", StatusCode::NOT_FOUND),
        ("/api/v1/old/districts/9999/communes", StatusCode::BAD_REQUEST),
        ("/api/v1/old/districts/999/communes", StatusCode::NOT_FOUND),
    ] {
        let (actual, body) = get(path).await;
        assert_eq!(actual, status, "{path}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{path}: {body}");
    }
}

#[tokio::test]
async fn the_part_that_took_the_whole_population_is_the_default() {
    // NSO: 00118 Phường Ngọc Thụy → 00118 "Nhập một phần diện tích, toàn bộ dân số", → 00097 part of the area.
    assert_eq!(successors("00118").await, parts(&[("00118", true), ("00097", false)]));
}
