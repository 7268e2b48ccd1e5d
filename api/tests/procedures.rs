//! Service centres and procedures through the Router (`oneshot`, in process): every commune answers with
//! a centre and the catalogue; procedures are searched like addresses; repealed codes lead to their
//! replacement; bad input is a JSON error.

use std::collections::BTreeSet;

use api::app;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use shared::model::ProcedureStatus;
use tower::ServiceExt;

mod common;

use common::{get, ok, state};

/// Codes of a list of procedures, in order.
fn codes(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap().to_owned()).collect()
}

async fn search(query: &str) -> Vec<String> {
    codes(&ok(&format!("/api/v1/procedures?{query}")).await["procedures"])
}

#[tokio::test]
async fn every_commune_has_a_service_centre_and_only_catalogued_active_procedures() {
    let data = state().data;
    let d = &data.index.dataset;
    let active: Vec<&str> =
        d.procedures.iter().filter(|p| p.status == ProcedureStatus::Active).map(|p| p.code.as_str()).collect();
    assert_eq!(active.len(), 140);
    assert_eq!(d.new_communes.len(), 3321);
    for commune in &d.new_communes {
        let body = ok(&format!("/api/v1/communes/{}", commune.code)).await;
        let centre = &body["service_centre"];
        assert_eq!(centre["commune_code"], commune.code.as_str());
        match data.index.service_centre(&commune.code.parse().unwrap()) {
            // No staff row yet: every fact unknown, the centroid as an approximate location.
            None => {
                assert_eq!(centre["status"], "unverified", "{}", commune.code);
                assert_eq!(centre["location_approximate"], true);
                assert_eq!(centre["coordinates"]["lat"], commune.lat.unwrap());
                assert_eq!(centre["coordinates"]["lon"], commune.lon.unwrap());
                for fact in ["name", "address", "phone", "phone_uri", "email", "opening_hours", "source", "verified_on"]
                {
                    assert!(centre[fact].is_null(), "{}: {fact} is {}", commune.code, centre[fact]);
                }
            }
            Some(_) => assert_eq!(centre["status"], "verified"),
        }
        // The same national list everywhere, and nothing outside the catalogue.
        assert_eq!(codes(&body["procedures"]), active, "{}", commune.code);
    }
}

#[tokio::test]
async fn the_commune_page_lists_procedures_in_summary_form() {
    let body = ok("/api/v1/communes/00004").await;
    let birth = body["procedures"].as_array().unwrap().iter().find(|p| p["code"] == "1.001193").unwrap();
    assert_eq!(
        birth,
        &serde_json::json!({"code": "1.001193", "name": "Thủ tục đăng ký khai sinh", "field": "HỘ TỊCH",
            "level": "xa", "online": "unknown"})
    );
    assert!(body["province_portal"].is_null(), "no source gives a province portal yet");
    let province = &ok("/api/v1/provinces").await["provinces"][0];
    assert!(province.as_object().unwrap().contains_key("public_service_portal"));
    assert!(province["public_service_portal"].is_null());
}

#[tokio::test]
async fn procedures_are_found_without_tone_marks_with_a_typo_and_while_typing() {
    for q in ["khai%20sinh", "KHAI%20SINH", "%C4%91%C4%83ng%20k%C3%BD%20khai%20sinh", "dang%20ky%20khai%20sinh"] {
        assert_eq!(search(&format!("q={q}")).await.first().map(String::as_str), Some("1.001193"), "q={q}");
    }
    // One typo in a word ("khia" for "khai"), and an unfinished last word.
    assert_eq!(search("q=khia%20sinh").await.first().map(String::as_str), Some("1.001193"));
    assert_eq!(search("q=dang%20ky%20khai%20si").await.first().map(String::as_str), Some("1.001193"));
    assert!(search("q=khai%20sinh").await.contains(&"1.004884".to_owned()), "đăng ký lại khai sinh");
    // "khai tu": registering a death first; "tu" also starts "tục", so births come after.
    let death = search("q=khai%20tu").await;
    assert_eq!(death[0], "1.000656", "{death:?}");
    let position = |code: &str| death.iter().position(|c| c == code).unwrap();
    assert!(position("1.005461") < position("1.001193"), "{death:?}");
    assert!(!search("q=khai%20tu%20luu").await.contains(&"1.001193".to_owned()), "every word must match");
    // Codes by their start; a repealed code is not offered.
    assert_eq!(search("q=1.00119").await, ["1.001193"]);
    assert_eq!(search("q=2.000986").await, Vec::<String>::new());
    assert_eq!(search("q=xyzxyz").await, Vec::<String>::new());
}

#[tokio::test]
async fn procedures_are_filtered_by_field_and_online_level() {
    let all = ok("/api/v1/procedures").await;
    assert_eq!(all["procedures"].as_array().unwrap().len(), 140, "a blank q lists every active procedure");
    let fields: Vec<&str> = all["fields"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert!(fields.contains(&"HỘ TỊCH") && fields.contains(&"Đăng ký, quản lý cư trú"), "{fields:?}");
    assert_eq!(fields.iter().collect::<BTreeSet<_>>().len(), fields.len(), "fields are distinct");

    let by_field = ok("/api/v1/procedures?field=H%E1%BB%98%20T%E1%BB%8ACH").await;
    let list = by_field["procedures"].as_array().unwrap();
    assert!(!list.is_empty() && list.iter().all(|p| p["field"] == "HỘ TỊCH"));
    assert_eq!(search("field=ho%20tich").await, codes(&by_field["procedures"]), "the field without tone marks");
    assert_eq!(search("field=no%20such%20field").await, Vec::<String>::new());

    let full = ok("/api/v1/procedures?online=full").await;
    let list = full["procedures"].as_array().unwrap();
    assert_eq!(list.len(), 20);
    assert!(list.iter().all(|p| p["online"] == "full"));
    assert_eq!(search("online=in_person").await, Vec::<String>::new(), "no source says in person");
    let both = ok("/api/v1/procedures?q=tam%20tru&online=full&field=%C4%90%C4%83ng%20k%C3%BD,%20qu%E1%BA%A3n%20l%C3%BD%20c%C6%B0%20tr%C3%BA").await;
    let names: Vec<&str> = both["procedures"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Xóa đăng ký tạm trú"), "{names:?}");
    assert!(!names.contains(&"Đăng ký tạm trú"), "partial, filtered out: {names:?}");
}

#[tokio::test]
async fn a_procedure_has_portal_links_and_its_provenance() {
    let birth = ok("/api/v1/procedures/1.001193").await;
    assert_eq!(birth["status"], "active");
    assert!(birth["agency"].is_null() && birth["replaced_by"].is_null() && birth["replacement"].is_null());
    assert_eq!(
        birth["links"],
        serde_json::json!([{"kind": "national_search", "label": "Cổng Dịch vụ công quốc gia (tìm theo mã)",
            "url": "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=1.001193"}])
    );
    assert!(birth["source"].as_str().unwrap().starts_with("hongdienvbhp/BangNiemYetVinhBao"));

    let residence = ok("/api/v1/procedures/1.004222").await;
    assert_eq!((residence["level"].as_str(), residence["online"].as_str()), (Some("cong_an_xa"), Some("partial")));
    assert_eq!(residence["links"][1]["kind"], "public_security");
    assert_eq!(residence["links"][1]["url"], "https://dichvucong.bocongan.gov.vn/bocongan/bothutuc/tthc?matt=26360");
}

#[tokio::test]
async fn repealed_codes_answer_with_their_replacement() {
    for old in ["2.000986", "2.001023", "2.002621"] {
        let body = ok(&format!("/api/v1/procedures/{old}")).await;
        assert_eq!((body["status"].as_str(), body["replaced_by"].as_str()), (Some("repealed"), Some("3.000722")));
        assert_eq!(body["replacement"]["code"], "3.000722");
        assert!(body["replacement"]["name"].as_str().unwrap().starts_with("Liên thông điện tử: đăng ký khai sinh"));
    }
    let death = ok("/api/v1/procedures/2.002622").await;
    assert_eq!(
        (death["replaced_by"].as_str(), death["replacement"]["code"].as_str()),
        (Some("2.002913"), Some("2.002913"))
    );
    // Repealed in Hải Phòng with no replacement in the catalogue.
    let estate = ok("/api/v1/procedures/2.001009").await;
    assert_eq!(estate["status"], "repealed");
    assert!(estate["replaced_by"].is_null() && estate["replacement"].is_null());
    assert_eq!(ok("/api/v1/procedures/3.000722").await["status"], "active");
}

#[tokio::test]
async fn bad_input_is_a_json_error() {
    let long = format!("/api/v1/procedures?q={}", "a".repeat(501));
    let long_field = format!("/api/v1/procedures?field={}", "a".repeat(501));
    let cases = [
        ("/api/v1/procedures/1001193", StatusCode::BAD_REQUEST, "bad_request"),
        ("/api/v1/procedures/1.00119", StatusCode::BAD_REQUEST, "bad_request"),
        ("/api/v1/procedures/x.001193", StatusCode::BAD_REQUEST, "bad_request"),
        ("/api/v1/procedures/9.999999", StatusCode::NOT_FOUND, "not_found"),
        ("/api/v1/procedures?online=online", StatusCode::BAD_REQUEST, "bad_request"),
        ("/api/v1/procedures?online=FULL", StatusCode::BAD_REQUEST, "bad_request"),
        ("/api/v1/procedures?online=", StatusCode::BAD_REQUEST, "bad_request"),
        (long.as_str(), StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
        (long_field.as_str(), StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
    ];
    for (uri, status, code) in cases {
        let (actual, body) = get(uri).await;
        assert_eq!((actual, body["error"]["code"].as_str()), (status, Some(code)), "{uri}: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{uri}");
    }
    // A blank query is not an error: it lists the catalogue (as /search answers a blank q with nothing to find).
    assert_eq!(search("q=").await.len(), 140);
    assert_eq!(search("q=%20%20").await.len(), 140);
}

#[tokio::test]
async fn procedure_reads_are_cacheable_like_the_other_reads() {
    let version = state().data.version.clone();
    for uri in ["/api/v1/procedures?q=khai%20sinh", "/api/v1/procedures/1.001193"] {
        let response = app(state()).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=3600");
        assert_eq!(response.headers()[header::ETAG].to_str().unwrap(), format!("W/\"{version}\""));
        let request = Request::get(uri).header(header::IF_NONE_MATCH, format!("W/\"{version}\"")).body(Body::empty());
        let response = app(state()).oneshot(request.unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{uri}");
    }
    let response =
        app(state()).oneshot(Request::get("/api/v1/procedures/9.999999").body(Body::empty()).unwrap()).await.unwrap();
    assert!(response.headers().get(header::ETAG).is_none(), "errors are not cached");
}
