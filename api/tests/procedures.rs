//! Procedures through the Router (`oneshot`, in process): the query string is the search the catalogue
//! answers, summaries have their documented shape, reads are cacheable, bad input is a JSON error. (What
//! the catalogue answers is tested with `shared::answers::Lookup`.)

use api::app;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use shared::engine::ProcedureQuery;
use shared::model::OnlineLevel;
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
async fn a_commune_lists_procedures_in_summary_form() {
    let body = ok("/api/v1/communes/00004").await;
    let birth = body["procedures"].as_array().unwrap().iter().find(|p| p["code"] == "1.001193").unwrap();
    assert_eq!(
        birth,
        &serde_json::json!({"code": "1.001193", "name": "Thủ tục đăng ký khai sinh", "field": "HỘ TỊCH",
            "level": "xa", "online": "unknown", "staff_fact": null})
    );
    assert!(body["province_portal"].is_null(), "no source gives a province portal yet");
    let province = &ok("/api/v1/provinces").await["provinces"][0];
    assert!(province.as_object().unwrap().contains_key("public_service_portal"));
    assert!(province["public_service_portal"].is_null());
}

#[tokio::test]
async fn the_query_string_is_the_search_the_catalogue_answers() {
    let lookup = &state().data.current().lookup;
    let query = |q, field, online| ProcedureQuery { q, field, online };
    for (uri, asked) in [
        ("q=khai%20sinh", query("khai sinh", None, None)),
        ("q=", query("", None, None)),
        ("field=ho%20tich", query("", Some("ho tich"), None)),
        ("online=in_person", query("", None, Some(OnlineLevel::InPerson))),
        (
            "q=tam%20tru&online=full&field=%C4%90%C4%83ng%20k%C3%BD,%20qu%E1%BA%A3n%20l%C3%BD%20c%C6%B0%20tr%C3%BA",
            query("tam tru", Some("Đăng ký, quản lý cư trú"), Some(OnlineLevel::Full)),
        ),
    ] {
        let body = ok(&format!("/api/v1/procedures?{uri}")).await;
        assert_eq!(body, serde_json::to_value(lookup.procedures(&asked)).unwrap(), "{uri}");
    }
    for online in ["full", "partial", "in_person", "unknown"] {
        let list = codes(&ok(&format!("/api/v1/procedures?online={online}")).await["procedures"]);
        assert!(list.iter().all(|code| ok_online(lookup, code, online)), "{online}");
    }
    let birth = ok("/api/v1/procedures/1.001193").await;
    assert_eq!(birth, serde_json::to_value(lookup.procedure("1.001193").unwrap()).unwrap());
}

/// Whether the procedure `code` has the online level written `online`.
fn ok_online(lookup: &shared::answers::Lookup, code: &str, online: &str) -> bool {
    let procedure = lookup.index().procedure(code).unwrap();
    serde_json::to_value(procedure.online).unwrap() == online
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
    let version = state().data.current().version().to_owned();
    for uri in ["/api/v1/procedures?q=khai%20sinh", "/api/v1/procedures/1.001193"] {
        let response = app(state()).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=60");
        assert_eq!(response.headers()[header::ETAG].to_str().unwrap(), format!("W/\"{version}\""));
        let request = Request::get(uri).header(header::IF_NONE_MATCH, format!("W/\"{version}\"")).body(Body::empty());
        let response = app(state()).oneshot(request.unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{uri}");
    }
    let response =
        app(state()).oneshot(Request::get("/api/v1/procedures/9.999999").body(Body::empty()).unwrap()).await.unwrap();
    assert!(response.headers().get(header::ETAG).is_none(), "errors are not cached");
}

/// The details of the national database (`data/procedure_details.jsonl`) as the route answers them.
fn detail(code: &str) -> shared::model::ProcedureDetail {
    state().data.current().lookup.index().dataset.procedure_details.iter().find(|d| d.code == code).cloned().unwrap()
}

#[tokio::test]
async fn a_procedure_answers_its_steps_documents_channels_and_sources() {
    for code in ["1.001193", "1.004222"] {
        let body = ok(&format!("/api/v1/procedures/{code}")).await;
        let record = detail(code);
        assert_eq!(body["steps"], serde_json::to_value(&record.steps).unwrap(), "{code}: the source's text");
        assert!(body["steps"][0].as_str().unwrap().contains('\n'), "{code}: line breaks kept");
        let documents = body["documents"].as_array().unwrap();
        assert!(!documents.is_empty() && documents.iter().all(|d| !d["name"].as_str().unwrap().is_empty()), "{code}");
        assert!(body["portal_url"].as_str().unwrap().starts_with("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/"));
        assert_eq!(body["links"][0]["kind"], "national_page");
        assert_eq!(body["at_commune"], true, "{code}: cấp xã");
        let details = &body["source"]["details"];
        assert_eq!(details["copy"], record.source.as_str());
        assert_eq!(details["publisher"], "Cổng Dịch vụ công quốc gia");
        assert!(details["fields"]["documents"].is_string());
    }
    // Permanent residence: each channel with its own time and fee.
    let residence = ok("/api/v1/procedures/1.004222").await;
    let channels = residence["channels"].as_array().unwrap();
    let kinds: Vec<&str> = channels.iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["online", "in_person"]);
    assert!(channels.iter().all(|c| c["processing_time"] == serde_json::json!(["7 ngày làm việc"])));
    assert!(channels[1]["fees"][0].as_str().unwrap().starts_with("Phí : 20.000 Đồng"));
    assert!(channels[0]["fees"][0].as_str().unwrap().starts_with("Phí : 10.000 Đồng"), "less online");
    assert_eq!(residence["source"]["details"]["copied_by"], "2026-07-17");
    // A text that names an abolished unit says so.
    let outdated = ok("/api/v1/procedures/1.000419").await;
    let agency = outdated["outdated"].as_array().unwrap().iter().find(|n| n["field"] == "agency").unwrap();
    assert_eq!(agency["words"], serde_json::json!(["thị trấn"]));
}

#[tokio::test]
async fn a_procedure_without_details_answers_without_those_fields() {
    let body = ok("/api/v1/procedures/1.000377").await;
    let object = body.as_object().unwrap();
    for absent in [
        "steps",
        "channels",
        "every_channel",
        "documents",
        "requirements",
        "result",
        "legal_basis",
        "decision",
        "outdated",
    ] {
        assert!(!object.contains_key(absent), "{absent}: absent, not empty");
    }
    assert!(!body["source"].as_object().unwrap().contains_key("details"));
    assert_eq!(body["portal_url"], "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=1.000377");
    assert_eq!(body["links"][0]["kind"], "national_search");
    assert!(!body["source"]["catalogue"].as_str().unwrap().is_empty());
}
