//! The OpenAPI document covers every endpoint, and real responses match the schemas it declares
//! (validated with the jsonschema crate against the document's own components).

use std::sync::{Arc, OnceLock};

use api::{AppState, Data, app};
use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use utoipa::OpenApi;

fn state() -> AppState {
    static DATA: OnceLock<Arc<Data>> = OnceLock::new();
    AppState { data: DATA.get_or_init(|| Arc::new(Data::embedded())).clone(), spa_dir: std::env::temp_dir() }
}

fn document() -> Value {
    serde_json::to_value(api::openapi::ApiDoc::openapi()).unwrap()
}

/// (method, documented path, real URI, JSON body)
fn calls() -> Vec<(&'static str, &'static str, String, Option<Value>)> {
    let version = state().data.version().to_owned();
    vec![
        ("get", "/api/v1/health", "/api/v1/health".into(), None),
        ("post", "/api/v1/convert", "/api/v1/convert".into(), Some(json!({"address": "P. Bến Nghé, Q.1, TP.HCM"}))),
        ("post", "/api/v1/convert", "/api/v1/convert".into(), Some(json!({"address": ""}))),
        ("post", "/api/v1/convert", "/api/v1/convert".into(), Some(json!({"address": "a".repeat(501)}))),
        ("post", "/api/v1/convert", "/api/v1/convert".into(), Some(json!({"adres": "x"}))),
        (
            "post",
            "/api/v1/convert/batch",
            "/api/v1/convert/batch".into(),
            Some(json!(["Phường Cống Vị, Ba Đình, Hà Nội", 7])),
        ),
        ("post", "/api/v1/convert/batch", "/api/v1/convert/batch".into(), Some(json!({"not": "an array"}))),
        ("get", "/api/v1/search", "/api/v1/search?q=phuoc%20dinh&limit=3".into(), None),
        ("get", "/api/v1/search", "/api/v1/search?q=an&limit=0".into(), None),
        ("get", "/api/v1/old-communes/{code}", "/api/v1/old-communes/00007".into(), None),
        ("get", "/api/v1/old-communes/{code}", "/api/v1/old-communes/0007x".into(), None),
        ("get", "/api/v1/old-communes/{code}", "/api/v1/old-communes/99999".into(), None),
        ("get", "/api/v1/communes/{code}", "/api/v1/communes/25270".into(), None),
        ("get", "/api/v1/communes/{code}", "/api/v1/communes/11948".into(), None),
        ("get", "/api/v1/provinces", "/api/v1/provinces".into(), None),
        ("get", "/api/v1/provinces/{code}/communes", "/api/v1/provinces/75/communes".into(), None),
        ("get", "/api/v1/old/provinces", "/api/v1/old/provinces".into(), None),
        ("get", "/api/v1/old/provinces/{code}/districts", "/api/v1/old/provinces/48/districts".into(), None),
        ("get", "/api/v1/old/districts/{code}/communes", "/api/v1/old/districts/001/communes".into(), None),
        ("get", "/api/v1/old/districts/{code}/communes", "/api/v1/old/districts/999/communes".into(), None),
        ("get", "/api/v1/procedures", "/api/v1/procedures?q=khia%20sinh".into(), None),
        ("get", "/api/v1/procedures", "/api/v1/procedures?online=full&field=H%E1%BB%98%20T%E1%BB%8ACH".into(), None),
        ("get", "/api/v1/procedures", "/api/v1/procedures".into(), None),
        ("get", "/api/v1/procedures", "/api/v1/procedures?online=sometimes".into(), None),
        ("get", "/api/v1/procedures", format!("/api/v1/procedures?q={}", "a".repeat(501)), None),
        ("get", "/api/v1/procedures/{code}", "/api/v1/procedures/1.004222".into(), None),
        ("get", "/api/v1/procedures/{code}", "/api/v1/procedures/2.000986".into(), None),
        ("get", "/api/v1/procedures/{code}", "/api/v1/procedures/2.001009".into(), None),
        ("get", "/api/v1/procedures/{code}", "/api/v1/procedures/1001193".into(), None),
        ("get", "/api/v1/procedures/{code}", "/api/v1/procedures/9.999999".into(), None),
        ("get", "/api/v1/snapshot", "/api/v1/snapshot".into(), None),
        ("get", "/api/v1/snapshot/{version}", format!("/api/v1/snapshot/{version}"), None),
        ("get", "/api/v1/snapshot/{version}", "/api/v1/snapshot/0000000000000000".into(), None),
    ]
}

#[tokio::test]
async fn every_endpoint_is_documented_and_answers_as_documented() {
    let doc = document();
    let paths = doc["paths"].as_object().unwrap();
    let calls = calls();
    // Every documented operation is exercised, and every exercised one is documented.
    let documented: std::collections::BTreeSet<(String, String)> = paths
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |method| (method.clone(), path.clone())))
        .collect();
    let called: std::collections::BTreeSet<(String, String)> =
        calls.iter().map(|(method, path, _, _)| (method.to_string(), path.to_string())).collect();
    assert_eq!(documented, called);

    for (method, path, uri, body) in calls {
        let request = match &body {
            Some(body) => Request::builder()
                .method("POST")
                .uri(&uri)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
            None => Request::builder().method(method.to_uppercase().as_str()).uri(&uri).body(Body::empty()).unwrap(),
        };
        let response = app(state()).oneshot(request).await.unwrap();
        let status = response.status().as_u16().to_string();
        let content_type = response.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_owned());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let declared = &paths[path][method]["responses"][&status];
        assert!(declared.is_object(), "{method} {uri}: status {status} is not documented");
        let Some(content_type) = content_type.filter(|t| t.starts_with("application/json")) else { continue };
        let schema = declared["content"]["application/json"]["schema"].clone();
        assert!(schema.is_object(), "{method} {uri}: no JSON schema documented for {status}");
        let mut schema = schema;
        schema["components"] = doc["components"].clone();
        let validator =
            jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{method} {path}: bad schema: {e}"));
        let instance: Value = serde_json::from_slice(&bytes).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{method} {uri} ({status}, {content_type}) does not match its schema: {errors:?}");
    }
}

/// Every `$ref` of the document (parameters included) names one of its components.
#[test]
fn every_reference_resolves() {
    fn references<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    found.push(target);
                }
                map.values().for_each(|v| references(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| references(v, found)),
            _ => {}
        }
    }
    let doc = document();
    let mut found = Vec::new();
    references(&doc, &mut found);
    assert!(found.contains(&"#/components/schemas/OldCommuneCode"), "path codes are typed: {found:?}");
    for target in found {
        let name = target.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("{target}"));
        assert!(doc["components"]["schemas"][name].is_object(), "{target} is not in the document");
    }
    let code = &doc["components"]["schemas"]["OldDistrictCode"];
    assert_eq!((code["type"].as_str(), code["pattern"].as_str()), (Some("string"), Some("^[0-9]{3}$")));
}

/// The check above is not vacuous: a body of the wrong shape fails the same validation.
#[test]
fn schemas_reject_wrong_bodies() {
    let doc = document();
    let mut schema =
        doc["paths"]["/api/v1/health"]["get"]["responses"]["200"]["content"]["application/json"]["schema"].clone();
    schema["components"] = doc["components"].clone();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(!validator.is_valid(&json!({"status": 1})));
    assert!(!validator.is_valid(&json!({"status": "ok", "dataset": {"version": "x"}})));
    assert!(validator.is_valid(&json!({"status": "ok", "dataset": {"version": "x", "built_from": "2026-07-25",
        "provinces": 34, "new_communes": 3321, "old_communes": 10059}})));
}

#[tokio::test]
async fn the_document_and_reference_page_are_served() {
    let response =
        app(state()).oneshot(Request::get("/api/v1/openapi.json").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), 200);
    let served: Value = serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(served, document());
    assert!(served["openapi"].as_str().unwrap().starts_with("3."));

    let response = app(state()).oneshot(Request::get("/api/docs").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), 200);
    let html = String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    for path in document()["paths"].as_object().unwrap().keys() {
        assert!(html.contains(&format!("<code>{path}</code>")), "the reference page lacks {path}");
    }
    assert!(!html.contains("http://") && !html.contains("https://"), "the page needs nothing from the internet");
}

/// Error codes are a closed list, and the document says in which language messages are written.
#[test]
fn error_codes_and_the_readers_language_are_documented() {
    let doc = document();
    let codes = doc["components"]["schemas"]["ErrorBody"]["properties"]["code"]["enum"].as_array().unwrap();
    let codes: Vec<&str> = codes.iter().map(|c| c.as_str().unwrap()).collect();
    let all: Vec<&str> = api::ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, all);
    assert!(codes.contains(&"not_found") && codes.contains(&"bad_row"), "{codes:?}");
    let description = doc["info"]["description"].as_str().unwrap();
    assert!(description.contains("`lang=vi`") && description.contains("Accept-Language"), "{description}");
    // A code outside the list fails the schema (so every error answered above used a listed code).
    let mut schema = doc["components"]["schemas"]["ErrorResponse"].clone();
    schema["components"] = doc["components"].clone();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&json!({"error": {"code": "not_found", "message": "Không tìm thấy."}})));
    assert!(!validator.is_valid(&json!({"error": {"code": "oops", "message": "x"}})));
}
