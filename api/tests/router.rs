//! The Router called directly with `oneshot`: no socket, no browser.

use std::path::PathBuf;
use std::sync::Arc;

use api::{AppState, Data, app};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use shared::answers::batch::{ANSWER_COLUMNS, CONFIDENCE_COLUMN, ERROR_COLUMN};
use shared::answers::{ErrorResponse, HealthResponse};
use tower::ServiceExt;

/// A tiny built app in a new temporary folder, as `cargo xtask dist` lays it out. Each call has its own
/// folder: tests that run at once and share a name must not remove each other's files.
fn spa_dir(test: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("xamoi-api-test-{}-{test}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Xã Mới</title>").unwrap();
    std::fs::write(dir.join("assets/frontend_bg-0123456789abcdef.wasm"), b"\0asm\x01\0\0\0").unwrap();
    dir
}

fn state(test: &str) -> AppState {
    AppState::new(data(), spa_dir(test))
}

/// The embedded dataset, decoded once for all tests of this file.
fn data() -> Arc<Data> {
    static DATA: std::sync::OnceLock<Arc<Data>> = std::sync::OnceLock::new();
    DATA.get_or_init(|| Arc::new(Data::embedded())).clone()
}

async fn get(state: AppState, uri: &str) -> axum::response::Response {
    app(state).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap()
}

async fn body_bytes(response: axum::response::Response) -> Vec<u8> {
    response.into_body().collect().await.unwrap().to_bytes().to_vec()
}

#[tokio::test]
async fn health_reports_the_embedded_dataset() {
    let response = get(state("health"), "/api/v1/health").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let health: HealthResponse = serde_json::from_slice(&body_bytes(response).await).unwrap();
    assert_eq!(health.status, "ok");
    assert_eq!(health.dataset, data().lookup.dataset_info());
    assert_eq!(health.dataset.version.len(), 16);
    assert_eq!(health.dataset.provinces, 34);
    assert_eq!(health.dataset.new_communes, 3321);
    assert_eq!(health.dataset.built_from, "2026-09-20");
    assert!(health.dataset.version.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[tokio::test]
async fn unknown_api_paths_answer_json_not_found() {
    for uri in ["/api", "/api/v1/nothing-here", "/api/v2/health", "/api/v1/health/extra"] {
        let response = get(state("unknown"), uri).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
        let error: ErrorResponse = serde_json::from_slice(&body_bytes(response).await).unwrap();
        assert_eq!(error.error.code, "not_found", "{uri}");
        assert!(error.error.message.contains(uri), "{uri}: {}", error.error.message);
    }
}

#[tokio::test]
async fn client_side_routes_load_the_app_without_caching() {
    // Pages of the app answer 200; any other path the same HTML (the app's not-found page) with 404.
    for (uri, status) in [
        ("/", StatusCode::OK),
        ("/xa/00097", StatusCode::OK),
        ("/tinh/01", StatusCode::OK),
        ("/some/unknown/page", StatusCode::NOT_FOUND),
        ("/xa/99999", StatusCode::NOT_FOUND),
    ] {
        let response = get(state("routes"), uri).await;
        assert_eq!(response.status(), status, "{uri}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache", "{uri}");
        assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
        assert!(String::from_utf8(body_bytes(response).await).unwrap().contains("Xã Mới"));
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_with_their_content_type() {
    let response = get(state("assets"), "/assets/frontend_bg-0123456789abcdef.wasm").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
}

#[tokio::test]
async fn missing_assets_are_not_answered_with_the_app() {
    let response = get(state("missing"), "/assets/nope-0000000000000000.js").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn api_responses_are_compressed_when_asked() {
    for encoding in ["br", "gzip"] {
        let request =
            Request::get("/api/v1/health").header(header::ACCEPT_ENCODING, encoding).body(Body::empty()).unwrap();
        let response = app(state("compress")).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], encoding);
    }
}

#[tokio::test]
async fn snapshot_is_served_at_its_versioned_url() {
    let response = get(state("snapshot"), "/api/v1/snapshot").await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    let location = response.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert_eq!(location, format!("/api/v1/snapshot/{}", data().version()));

    let response = get(state("snapshot"), &location).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    let bytes = body_bytes(response).await;
    let snapshot = shared::data::snapshot::decode(&bytes).unwrap();
    assert_eq!(snapshot.version, data().version());
    assert_eq!(snapshot.dataset.new_communes.len(), 3321);

    let response = get(state("snapshot"), "/api/v1/snapshot/0000000000000000").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // The compact form a phone keeps: a snapshot of its own, of the same communes, under half the size.
    let response = get(state("snapshot"), &format!("{location}/compact")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    let compact_bytes = body_bytes(response).await;
    let compact = shared::data::snapshot::decode(&compact_bytes).unwrap();
    assert_eq!(compact.dataset, shared::data::offline::compact(&snapshot.dataset));
    assert!(compact_bytes.len() * 2 < bytes.len(), "{} of {} B", compact_bytes.len(), bytes.len());
    let response = get(state("snapshot"), "/api/v1/snapshot/0000000000000000/compact").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

async fn post_json(uri: &str, body: impl Into<Body>, content_type: Option<&str>) -> (StatusCode, serde_json::Value) {
    let mut request = Request::post(uri);
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    let response = app(state("post")).oneshot(request.body(body.into()).unwrap()).await.unwrap();
    let status = response.status();
    (status, serde_json::from_slice(&body_bytes(response).await).unwrap_or(serde_json::Value::Null))
}

#[tokio::test]
async fn convert_answers_the_new_address() {
    let (status, body) =
        post_json("/api/v1/convert", r#"{"address":"12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM"}"#, Some("application/json"))
            .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["input"], "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM");
    assert_eq!(body["parsed"]["street"], "12 Lê Lợi");
    assert_eq!(body["candidates"][0]["code"], "26740");
    assert_eq!(body["candidates"][0]["relation"], "whole");
    assert_eq!(body["candidates"][0]["new_address"], "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh");
    assert_eq!(body["hint"], serde_json::Value::Null);
}

#[tokio::test]
async fn convert_without_a_match_is_200_with_a_hint() {
    let (status, body) = post_json("/api/v1/convert", r#"{"address":"   "}"#, Some("application/json")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["candidates"], serde_json::json!([]));
    assert!(body["hint"].as_str().is_some_and(|h| !h.is_empty()));
}

#[tokio::test]
async fn convert_writes_its_texts_in_the_language_asked() {
    use shared::answers::{Hint, Lang};
    let hint = |uri: &'static str, accept: Option<&'static str>| async move {
        let mut request = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT_LANGUAGE, accept);
        }
        let response =
            app(state("lang")).oneshot(request.body(Body::from(r#"{"address":"   "}"#)).unwrap()).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body_bytes(response).await).unwrap();
        assert_eq!(body["hint_code"]["code"], "no_name");
        body["hint"].as_str().unwrap().to_owned()
    };
    let (vi, en) = (Hint::NoName.text(Lang::Vi), Hint::NoName.text(Lang::En));
    assert_eq!(hint("/api/v1/convert", None).await, vi, "Vietnamese by default");
    assert_eq!(hint("/api/v1/convert?lang=en", None).await, en);
    assert_eq!(hint("/api/v1/convert", Some("en-US,en;q=0.9")).await, en);
    assert_eq!(hint("/api/v1/convert?lang=vi", Some("en-US")).await, vi, "lang= first");
    assert_eq!(hint("/api/v1/convert?lang=fr", Some("fr, en;q=0.5")).await, en, "then Accept-Language");
    assert_eq!(hint("/api/v1/convert", Some("de")).await, vi);
}

#[tokio::test]
async fn convert_rejects_bad_requests_with_json_errors() {
    let long = serde_json::json!({ "address": "a".repeat(501) }).to_string();
    let huge = serde_json::json!({ "address": "a".repeat(70 * 1024) }).to_string();
    let cases: Vec<(String, Option<&str>, StatusCode, &str)> = vec![
        ("{not json".into(), Some("application/json"), StatusCode::BAD_REQUEST, "bad_request"),
        (r#"{"addr":"x"}"#.into(), Some("application/json"), StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
        (r#"{"address":"x"}"#.into(), None, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
        (long, Some("application/json"), StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
        (huge, Some("application/json"), StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
    ];
    for (body, content_type, status, code) in cases {
        let (actual, json) = post_json("/api/v1/convert", body, content_type).await;
        assert_eq!((actual, json["error"]["code"].as_str()), (status, Some(code)), "{json}");
        assert!(json["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn search_lists_old_and_new_units() {
    let response = get(state("search"), "/api/v1/search?q=ben%20nghe&limit=5").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = serde_json::from_slice(&body_bytes(response).await).unwrap();
    let first = &body["results"][0];
    assert_eq!((first["kind"].as_str(), first["code"].as_str()), (Some("old"), Some("26740")));
    assert_eq!(first["path"], "Quận 1, Thành phố Hồ Chí Minh");
    assert!(body["results"].as_array().unwrap().len() <= 5);

    let response = get(state("search"), "/api/v1/search?q=").await;
    let body: serde_json::Value = serde_json::from_slice(&body_bytes(response).await).unwrap();
    assert_eq!(body["results"], serde_json::json!([]));
}

#[tokio::test]
async fn search_rejects_bad_parameters() {
    let long = format!("/api/v1/search?q={}", "a".repeat(501));
    for (uri, status) in [
        ("/api/v1/search?q=an&limit=0", StatusCode::BAD_REQUEST),
        ("/api/v1/search?q=an&limit=51", StatusCode::BAD_REQUEST),
        ("/api/v1/search?q=an&limit=many", StatusCode::BAD_REQUEST),
        (long.as_str(), StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let response = get(state("search"), uri).await;
        assert_eq!(response.status(), status, "{uri}");
        let body: serde_json::Value = serde_json::from_slice(&body_bytes(response).await).unwrap();
        assert!(body["error"]["code"].is_string(), "{uri}: {body}");
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let response = get(state("id"), "/api/v1/health").await;
    let id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let request =
        Request::get("/api/v1/nothing").header("x-request-id", "client-chosen-42").body(Body::empty()).unwrap();
    let response = app(state("id")).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()["x-request-id"], "client-chosen-42");
}

#[tokio::test]
async fn read_endpoints_are_cacheable_and_revalidated_by_dataset_version() {
    let response = get(state("etag"), "/api/v1/communes/00070").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=60");
    let etag = response.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert_eq!(etag, format!("W/\"{}\"", data().version()));

    let request =
        Request::get("/api/v1/communes/00070").header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap();
    let response = app(state("etag")).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert!(body_bytes(response).await.is_empty());

    let request =
        Request::get("/api/v1/communes/00070").header(header::IF_NONE_MATCH, "W/\"0000\"").body(Body::empty()).unwrap();
    assert_eq!(app(state("etag")).oneshot(request).await.unwrap().status(), StatusCode::OK);

    // Errors and health are not cached.
    assert!(get(state("etag"), "/api/v1/communes/99999").await.headers().get(header::ETAG).is_none());
    assert_eq!(get(state("etag"), "/api/v1/health").await.headers()[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn cors_allows_any_origin_for_the_public_api() {
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri("/api/v1/convert")
        .header(header::ORIGIN, "https://bank.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .body(Body::empty())
        .unwrap();
    let response = app(state("cors")).oneshot(preflight).await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(response.headers()[header::ACCESS_CONTROL_ALLOW_METHODS].to_str().unwrap().contains("POST"));

    let request =
        Request::get("/api/v1/provinces").header(header::ORIGIN, "https://shop.example").body(Body::empty()).unwrap();
    let response = app(state("cors")).oneshot(request).await.unwrap();
    assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
}

#[tokio::test]
async fn wrong_method_is_a_json_405() {
    let response =
        app(state("405")).oneshot(Request::delete("/api/v1/health").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let error: ErrorResponse = serde_json::from_slice(&body_bytes(response).await).unwrap();
    assert_eq!(error.error.code, "method_not_allowed");
    let response =
        app(state("405")).oneshot(Request::get("/api/v1/convert").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn batch_of_json_addresses_reports_bad_rows_separately() {
    let body = serde_json::json!([
        "P. Bến Nghé, Q.1, TP.HCM",
        42,
        "a".repeat(501),
        "",
        "xa phuoc dinh huyen thuan nam ninh thuan"
    ]);
    let (status, json) = post_json("/api/v1/convert/batch", body.to_string(), Some("application/json")).await;
    assert_eq!(status, StatusCode::OK);
    let rows = json["results"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0]["result"]["candidates"][0]["code"], "26740");
    assert_eq!(rows[1]["error"]["code"], "bad_row");
    assert_eq!(rows[2]["error"]["code"], "unprocessable");
    assert_eq!(rows[3]["result"]["candidates"], serde_json::json!([]));
    assert_eq!(rows[4]["result"]["candidates"][0]["old"]["name"], "Xã Phước Dinh");
    assert_eq!(rows[4]["row"], 4);
}

async fn post_csv(body: impl Into<Body>) -> (StatusCode, String) {
    let request =
        Request::post("/api/v1/convert/batch").header(header::CONTENT_TYPE, "text/csv").body(body.into()).unwrap();
    let response = app(state("csv")).oneshot(request).await.unwrap();
    let status = response.status();
    (status, String::from_utf8(body_bytes(response).await).unwrap())
}

#[tokio::test]
async fn batch_csv_keeps_columns_and_appends_the_answer() {
    let csv = "customer,address,phone\n7,\"12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM\",0900\n8,,0901\n9,\"Phường Cống Vị, Ba Đình, Hà Nội\"\n";
    let (status, out) = post_csv(csv).await;
    assert_eq!(status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        headers,
        [
            "customer",
            "address",
            "phone",
            "new_address",
            "new_commune_code",
            "new_province_code",
            "relation",
            "confidence",
            "error",
            "reason"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // The answer's cells, after the upload's three columns, in ANSWER_COLUMNS' order (the header above).
    let answer = |row: &csv::StringRecord| row.iter().skip(3).map(str::to_owned).collect::<Vec<_>>();
    let reason = ANSWER_COLUMNS.iter().position(|column| *column == "reason").unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][0], "7");
    let certain = answer(&rows[0]);
    assert_eq!(certain[..4], ["12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh", "26740", "79", "whole"]);
    assert_eq!(certain[CONFIDENCE_COLUMN], "1.000");
    assert_eq!((certain[ERROR_COLUMN].as_str(), certain[reason].as_str()), ("", ""), "a certain answer has no reason");
    let empty = answer(&rows[1]);
    assert!(!empty[ERROR_COLUMN].is_empty(), "an empty address gets an error");
    assert!(empty.iter().enumerate().all(|(i, cell)| i == ERROR_COLUMN || cell.is_empty()), "{empty:?}");
    // A short row is padded; a split commune reports its default part as partial, and why.
    let split = answer(&rows[2]);
    assert_eq!((split[1].as_str(), split[3].as_str(), split[ERROR_COLUMN].as_str()), ("00008", "partial", ""));
    assert!(split[reason].starts_with("Xã/phường cũ đã bị chia; "), "{split:?}");

    // An unquoted address with commas spills into other columns: that row says so, the others go on.
    let (status, out) =
        post_csv("customer,address\n1,12 Lê Lợi, P. Bến Nghé, Q.1\n2,Phường Cống Vị Ba Đình Hà Nội\n").await;
    assert_eq!(status, StatusCode::OK);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.as_bytes()).records().map(Result::unwrap).collect();
    assert!(rows[0][2 + ERROR_COLUMN].contains("ngoặc kép"), "in Vietnamese by default: {:?}", rows[0]);
    assert_eq!(&rows[1][3], "00008");
}

#[tokio::test]
async fn batch_rejects_unusable_uploads() {
    let (status, body) = post_csv("name,street\nAn,Lê Lợi\n").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("address"), "{body}");

    let many: String =
        std::iter::once("address\n".to_owned()).chain((0..10_001).map(|i| format!("Xã {i}\n"))).collect();
    assert_eq!(post_csv(many).await.0, StatusCode::PAYLOAD_TOO_LARGE);

    let (status, json) = post_json("/api/v1/convert/batch", "{\"address\":1}", Some("application/json")).await;
    assert_eq!((status, json["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_request")));

    let (status, json) = post_json("/api/v1/convert/batch", "address\nx\n", Some("text/plain")).await;
    assert_eq!(
        (status, json["error"]["code"].as_str()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, Some("unsupported_media_type"))
    );

    let huge = vec![b'a'; 11 * 1024 * 1024];
    let (status, json) = post_json("/api/v1/convert/batch", huge, Some("text/csv")).await;
    assert_eq!((status, json["error"]["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large")));
}
