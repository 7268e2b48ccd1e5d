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
    AppState::new(DATA.get_or_init(|| Arc::new(Data::embedded())).clone(), std::env::temp_dir())
}

fn document() -> Value {
    serde_json::to_value(api::openapi::ApiDoc::openapi()).unwrap()
}

/// (method, documented path, real URI, JSON body)
fn calls() -> Vec<(&'static str, &'static str, String, Option<Value>)> {
    let version = state().data.current().version().to_owned();
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
        (
            "get",
            "/api/v1/communes/{code}/qr.svg",
            "/api/v1/communes/00097/qr.svg?origin=https://example.org".into(),
            None,
        ),
        (
            "get",
            "/api/v1/communes/{code}/qr.svg",
            "/api/v1/communes/00097/qr.svg?origin=https://example.org/x".into(),
            None,
        ),
        ("get", "/api/v1/communes/{code}/qr.svg", "/api/v1/communes/00097/qr.svg".into(), None),
        (
            "get",
            "/api/v1/communes/{code}/qr.svg",
            "/api/v1/communes/99999/qr.svg?origin=http://[::1]:3000".into(),
            None,
        ),
        (
            "get",
            "/api/v1/communes/{code}/qr.svg",
            "/api/v1/communes/0009/qr.svg?origin=https://example.org".into(),
            None,
        ),
        ("get", "/api/v1/communes/{code}/boundary", "/api/v1/communes/00004/boundary".into(), None),
        ("get", "/api/v1/communes/{code}/boundary", "/api/v1/communes/99999/boundary".into(), None),
        ("get", "/api/v1/communes/{code}/boundary", "/api/v1/communes/0004/boundary".into(), None),
        ("get", "/api/v1/locate", "/api/v1/locate?lat=21.0356&lon=105.8342".into(), None),
        ("get", "/api/v1/locate", "/api/v1/locate?lat=12&lon=111".into(), None),
        ("get", "/api/v1/locate", "/api/v1/locate?lat=91&lon=105".into(), None),
        ("get", "/api/v1/locate", "/api/v1/locate?lat=21".into(), None),
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
        ("get", "/api/v1/snapshot/{version}/compact", format!("/api/v1/snapshot/{version}/compact"), None),
        ("get", "/api/v1/snapshot/{version}/compact", "/api/v1/snapshot/0000000000000000/compact".into(), None),
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
        // JSON, and GeoJSON (a boundary), are checked against their schema.
        let json_type = ["application/json", "application/geo+json"]
            .into_iter()
            .find(|json| content_type.as_deref().is_some_and(|t| t.starts_with(json)));
        let (Some(json_type), Some(content_type)) = (json_type, content_type) else { continue };
        let schema = declared["content"][json_type]["schema"].clone();
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

/// A parameter's schema with the document's components beside it, so that its `$ref`s resolve.
fn parameter_validator(doc: &Value, parameter: &Value) -> jsonschema::Validator {
    let mut schema = parameter["schema"].clone();
    schema["components"] = doc["components"].clone();
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{}: bad schema: {e}", parameter["name"]))
}

/// The schema of `name` among the parameters of `method path`, with `$ref`s resolved once.
fn parameter_schema(doc: &Value, method: &str, path: &str, name: &str) -> Value {
    let parameters = doc["paths"][path][method]["parameters"].as_array().unwrap();
    let parameter = parameters.iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("{path}: no {name}"));
    match parameter["schema"]["$ref"].as_str() {
        Some(target) => doc["components"]["schemas"][target.rsplit('/').next().unwrap()].clone(),
        None => parameter["schema"].clone(),
    }
}

async fn status_of(uri: &str) -> u16 {
    let response = app(state()).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    response.status().as_u16()
}

/// Texts near a code's shape: every length from 1 to 9 in digits, then letters, signs, spaces, dots,
/// non-ASCII digits and line ends in place of one digit (all safe in a URL path once encoded).
fn code_like_texts() -> Vec<String> {
    let mut texts: Vec<String> = (1..=9).map(|n| "1234567890"[..n].to_owned()).collect();
    for base in ["00007", "001", "79", "1.001193"] {
        for (i, _) in base.char_indices() {
            for replacement in ["x", "-", " ", ".", "٣", "７", "\n", "0", "%"] {
                texts.push(format!("{}{replacement}{}", &base[..i], &base[i + 1..]));
            }
        }
        texts.push(format!("{base}\n"));
        texts.push(format!("+{base}"));
    }
    texts
}

fn encode_path_segment(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'.' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// Every path parameter that is a code carries a pattern, and the pattern is the server's rule: over
/// texts near a code's shape, the server answers 400 exactly when the documented schema rejects the
/// text (else 200 or 404). A new route with a code must be added here, so that its rule is checked too.
#[tokio::test]
async fn every_code_parameter_states_the_servers_rule() {
    let doc = document();
    // (documented path, a real URI with {code} in it): each of these parses its code and answers 400.
    let coded = [
        ("/api/v1/old-communes/{code}", "/api/v1/old-communes/{code}"),
        ("/api/v1/communes/{code}", "/api/v1/communes/{code}"),
        ("/api/v1/provinces/{code}/communes", "/api/v1/provinces/{code}/communes"),
        ("/api/v1/old/provinces/{code}/districts", "/api/v1/old/provinces/{code}/districts"),
        ("/api/v1/old/districts/{code}/communes", "/api/v1/old/districts/{code}/communes"),
        ("/api/v1/procedures/{code}", "/api/v1/procedures/{code}"),
        ("/api/v1/communes/{code}/qr.svg", "/api/v1/communes/{code}/qr.svg?origin=https://example.org"),
        ("/api/v1/communes/{code}/boundary", "/api/v1/communes/{code}/boundary"),
    ];
    // Not codes: the snapshot's version names a file; any other text is simply not found (404).
    let not_codes = [("/api/v1/snapshot/{version}", "version"), ("/api/v1/snapshot/{version}/compact", "version")];
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                if parameter["in"] != "path" {
                    continue;
                }
                let name = parameter["name"].as_str().unwrap();
                if not_codes.contains(&(path.as_str(), name)) {
                    continue;
                }
                assert!(coded.iter().any(|(p, _)| p == path), "{method} {path}: is {{{name}}} a code? list it above");
                let schema = parameter_schema(&doc, method, path, name);
                assert!(schema["pattern"].is_string(), "{method} {path}: {{{name}}} has no pattern: {schema}");
            }
        }
    }
    let texts = code_like_texts();
    for (path, uri) in coded {
        let parameters = doc["paths"][path]["get"]["parameters"].as_array().unwrap();
        let parameter = parameters.iter().find(|p| p["in"] == "path").unwrap();
        let validator = parameter_validator(&doc, parameter);
        let mut accepted = 0;
        for text in &texts {
            let documented = validator.is_valid(&json!(text));
            let status = status_of(&uri.replace("{code}", &encode_path_segment(text))).await;
            assert_eq!(status != 400, documented, "{path} with {text:?}: the server answered {status}");
            accepted += usize::from(documented);
        }
        assert!(accepted > 0, "{path}: no well-formed code among the samples");
    }
}

/// `limit`'s bounds are the engine's, the texts' lengths the server's, `online` the levels it reads;
/// each checked against the document and against what the server answers at and beyond the bound.
#[tokio::test]
async fn query_and_body_constraints_are_the_servers() {
    use shared::engine::{MAX_INPUT_CHARS, MAX_SEARCH_LIMIT};
    let doc = document();
    let limit = parameter_schema(&doc, "get", "/api/v1/search", "limit");
    assert_eq!((limit["minimum"].as_u64(), limit["maximum"].as_u64()), (Some(1), Some(MAX_SEARCH_LIMIT as u64)));
    for (limit, status) in [(0, 400), (1, 200), (MAX_SEARCH_LIMIT, 200), (MAX_SEARCH_LIMIT + 1, 400)] {
        assert_eq!(status_of(&format!("/api/v1/search?q=an&limit={limit}")).await, status, "limit={limit}");
    }

    let texts = [("/api/v1/search", "q"), ("/api/v1/procedures", "q"), ("/api/v1/procedures", "field")];
    // 500 letters written decomposed (a letter and its mark) are 1,000 code points, and still read.
    let decomposed = "e%CC%81".repeat(MAX_INPUT_CHARS);
    for (path, name) in texts {
        let schema = parameter_schema(&doc, "get", path, name);
        assert_eq!(schema["maxLength"].as_u64(), Some(MAX_INPUT_CHARS as u64), "{path} {name}");
        let parameters = doc["paths"][path]["get"]["parameters"].as_array().unwrap();
        let parameter = parameters.iter().find(|p| p["name"] == name).unwrap();
        assert!(parameter["description"].as_str().unwrap().contains("NFC"), "{path} {name}: say how it is counted");
        let at = |n: usize| format!("{path}?{name}={}", "a".repeat(n));
        assert_eq!(status_of(&at(MAX_INPUT_CHARS)).await, 200, "{path} {name}");
        assert_eq!(status_of(&at(MAX_INPUT_CHARS + 1)).await, 422, "{path} {name}");
        assert_eq!(status_of(&format!("{path}?{name}={decomposed}")).await, 200, "{path} {name} decomposed");
    }
    let address = &doc["components"]["schemas"]["ConvertRequest"]["properties"]["address"];
    assert_eq!(address["maxLength"].as_u64(), Some(MAX_INPUT_CHARS as u64));
    assert!(address["description"].as_str().unwrap().contains("NFC"), "{address}");

    let online = parameter_schema(&doc, "get", "/api/v1/procedures", "online");
    let levels: Vec<&str> = online["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(levels, ["full", "partial", "in_person", "unknown"]);
    for level in levels {
        assert_eq!(status_of(&format!("/api/v1/procedures?online={level}")).await, 200, "{level}");
    }
    for other in ["", "Full", "online", "in-person"] {
        assert_eq!(status_of(&format!("/api/v1/procedures?online={other}")).await, 400, "{other:?}");
    }
}

/// The answers the layers give before or around any handler are on every operation, with the error
/// body, and the two that ask the client to come back later say when.
#[test]
fn every_operation_documents_the_answers_of_the_layers() {
    let doc = document();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for status in ["408", "414", "429", "431", "503"] {
                let response = &operation["responses"][status];
                let schema = &response["content"]["application/json"]["schema"]["$ref"];
                assert_eq!(schema, "#/components/schemas/ErrorResponse", "{method} {path} {status}");
                let retry_after = &response["headers"]["Retry-After"]["schema"]["type"];
                assert_eq!(retry_after == "integer", matches!(status, "429" | "503"), "{method} {path} {status}");
            }
        }
    }
}

/// An Excel batch answers as documented: the workbook's media type in and out, `column` a documented
/// parameter, and an unreadable upload a documented 400 with the error body.
#[tokio::test]
async fn an_excel_batch_answers_as_documented() {
    const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let doc = document();
    let operation = &doc["paths"]["/api/v1/convert/batch"]["post"];
    assert!(operation["requestBody"]["content"][XLSX]["schema"].is_object(), "{}", operation["requestBody"]);
    assert!(operation["responses"]["200"]["content"][XLSX].is_object(), "{}", operation["responses"]["200"]);
    assert_eq!(parameter_schema(&doc, "post", "/api/v1/convert/batch", "column")["type"], "string");

    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Địa chỉ").unwrap();
    // An address of the development set (shared/eval/dev-addresses.jsonl).
    sheet.write_string(1, 0, "Phường Cầu Diễn, Quận Nam Từ Liêm, Thành phố Hà Nội").unwrap();
    let upload = workbook.save_to_buffer().unwrap();
    for (uri, body, status, content_type) in [
        ("/api/v1/convert/batch?column=%C4%91%E1%BB%8Ba%20ch%E1%BB%89", upload.clone(), 200, XLSX),
        ("/api/v1/convert/batch", upload, 400, "application/json"),
        ("/api/v1/convert/batch", b"address\nx\n".to_vec(), 400, "application/json"),
    ] {
        let request = Request::post(uri).header(header::CONTENT_TYPE, XLSX).body(Body::from(body)).unwrap();
        let response = app(state()).oneshot(request).await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{uri}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], content_type, "{uri}");
        let declared = &operation["responses"][status.to_string()];
        assert!(declared["content"][content_type].is_object(), "{status} {content_type} is not documented");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        if status == 200 {
            assert!(bytes.starts_with(b"PK\x03\x04"), "a zip");
            continue;
        }
        let mut schema = declared["content"][content_type]["schema"].clone();
        schema["components"] = doc["components"].clone();
        let instance: Value = serde_json::from_slice(&bytes).unwrap();
        assert!(jsonschema::validator_for(&schema).unwrap().is_valid(&instance), "{instance}");
    }
}
