//! Every error answers in one language, the reader's: `?lang=vi|en`, else the first of `Accept-Language`
//! that is Vietnamese or English, else Vietnamese. The body keeps its shape and its code in every
//! language. (Timeouts and panics, which no real route makes on demand, are tested in `api::error`.)

use std::sync::{Arc, OnceLock};

use api::{AppState, Data, app};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use shared::answers::batch::ERROR_COLUMN;
use shared::answers::{Hint, Lang};
use tower::ServiceExt;

fn state() -> AppState {
    static DATA: OnceLock<Arc<Data>> = OnceLock::new();
    AppState::new(DATA.get_or_init(|| Arc::new(Data::embedded())).clone(), std::env::temp_dir())
}

/// A request as a case gives it.
struct Call {
    method: &'static str,
    uri: String,
    content_type: Option<&'static str>,
    body: Vec<u8>,
}

fn get(uri: impl Into<String>) -> Call {
    Call { method: "GET", uri: uri.into(), content_type: None, body: vec![] }
}

fn post(uri: &str, content_type: Option<&'static str>, body: impl Into<Vec<u8>>) -> Call {
    Call { method: "POST", uri: uri.into(), content_type, body: body.into() }
}

/// `?lang=…` added to the query, or `Accept-Language`.
async fn send(call: &Call, lang_query: Option<&str>, accept: Option<&str>) -> (StatusCode, Vec<String>, Value) {
    let uri = match lang_query {
        Some(lang) if call.uri.contains('?') => format!("{}&lang={lang}", call.uri),
        Some(lang) => format!("{}?lang={lang}", call.uri),
        None => call.uri.clone(),
    };
    let mut request = Request::builder().method(call.method).uri(&uri);
    if let Some(content_type) = call.content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT_LANGUAGE, accept);
    }
    let response = app(state()).oneshot(request.body(Body::from(call.body.clone())).unwrap()).await.unwrap();
    let status = response.status();
    let mut vary: Vec<String> =
        response.headers().get_all(header::VARY).iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    // Not to be kept by a CDN keyed on the URL: the message depends on the reader's language.
    if response.headers().get(header::CACHE_CONTROL).is_some_and(|v| v == "no-store") {
        vary.push("no-store".into());
    }
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("{uri}: not JSON: {bytes:?}"));
    (status, vary, body)
}

fn is_vietnamese(c: char) -> bool {
    "ãạảấầẩậắằẳặẹẻẽếềểễệỉịọỏốồổộớờởợụủứừửữựỳỵỷỹđơưôêâăáàéèíìóòúùý".contains(c)
}

/// A Vietnamese sentence and an English one, neither with the other's letters or a " / " between two.
fn assert_one_language(vi: &str, en: &str) {
    assert!(vi.chars().any(is_vietnamese), "not Vietnamese: {vi}");
    assert!(!en.is_empty() && !en.chars().any(is_vietnamese), "not English: {en}");
    assert!(!vi.contains(" / ") && !en.contains(" / "), "{vi} | {en}");
}

#[tokio::test]
async fn every_status_answers_in_the_readers_language() {
    let version = state().data.current().version().to_owned();
    let many_rows: String =
        std::iter::once("address\n".to_owned()).chain((0..10_001).map(|i| format!("Xã {i}\n"))).collect();
    let json = Some("application/json");
    let cases: Vec<(Call, StatusCode, &str, String, String)> = vec![
        (
            get("/api/v1/old-communes/abc"),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Mã xã cũ gồm 5 chữ số: \"abc\"".into(),
            "The old commune code has 5 digits: \"abc\"".into(),
        ),
        (
            get("/api/v1/search?q=an&limit=0"),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Giá trị của \"limit\" phải từ 1 đến 50.".into(),
            "The value of \"limit\" must be between 1 and 50.".into(),
        ),
        (
            get("/api/v1/search?q=an&limit=many"),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Tham số trên đường dẫn không hợp lệ.".into(),
            "Failed to deserialize query string: limit: invalid digit found in string".into(),
        ),
        (
            get("/api/v1/procedures/1001193"),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Mã thủ tục gồm một chữ số, dấu chấm và sáu chữ số (vd. 1.001193): \"1001193\"".into(),
            "A procedure code is a digit, a dot and six digits (e.g. 1.001193): \"1001193\"".into(),
        ),
        (
            get("/api/v1/procedures?online=sometimes"),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Giá trị của \"online\" phải là full, partial, in_person hoặc unknown: \"sometimes\"".into(),
            "The value of \"online\" must be full, partial, in_person or unknown: \"sometimes\"".into(),
        ),
        (
            post("/api/v1/convert", json, "{not json"),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Nội dung gửi lên không phải JSON hợp lệ (dòng 1, cột 2).".into(),
            "Failed to parse the request body as JSON: key must be a string at line 1 column 2".into(),
        ),
        (
            post("/api/v1/convert/batch", json, r#"{"not":"an array"}"#),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Cần một mảng JSON các địa chỉ (dòng 1, cột 0).".into(),
            "Expected a JSON array of addresses: invalid type: map, expected a sequence at line 1 column 0".into(),
        ),
        (
            post("/api/v1/convert/batch", Some("text/csv"), "name,street\nAn,Lê Lợi\n"),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "CSV cần một cột tên \"address\".".into(),
            "The CSV needs a column named \"address\".".into(),
        ),
        (
            // A path that is not UTF-8: axum's plain-text rejection, given the error body by the middleware.
            get("/api/v1/communes/%FF"),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Yêu cầu không hợp lệ.".into(),
            "Invalid request.".into(),
        ),
        (
            get("/api/v1/communes/99999"),
            StatusCode::NOT_FOUND,
            "not_found",
            "Không có xã mới mã 99999.".into(),
            "No new commune with code 99999.".into(),
        ),
        (
            get("/api/v1/old-communes/16411"),
            StatusCode::NOT_FOUND,
            "not_found",
            "Không có xã cũ mã 16411.".into(),
            "No old commune with code 16411.".into(),
        ),
        (
            get("/api/v1/provinces/99/communes"),
            StatusCode::NOT_FOUND,
            "not_found",
            "Không có tỉnh mã 99.".into(),
            "No province with code 99.".into(),
        ),
        (
            get("/api/v1/old/provinces/99/districts"),
            StatusCode::NOT_FOUND,
            "not_found",
            "Không có tỉnh cũ mã 99.".into(),
            "No old province with code 99.".into(),
        ),
        (
            get("/api/v1/old/districts/999/communes"),
            StatusCode::NOT_FOUND,
            "not_found",
            "Không có huyện cũ mã 999.".into(),
            "No old district with code 999.".into(),
        ),
        (
            get("/api/v1/procedures/9.999999"),
            StatusCode::NOT_FOUND,
            "not_found",
            "Không có thủ tục mã 9.999999 trong danh mục.".into(),
            "No procedure with code 9.999999 in the catalogue.".into(),
        ),
        (
            get("/api/v1/snapshot/0000000000000000"),
            StatusCode::NOT_FOUND,
            "not_found",
            format!("Không có bản dữ liệu này; bản hiện tại là {version}."),
            format!("No such snapshot; the current one is {version}."),
        ),
        (
            get("/api/v1/nothing-here"),
            StatusCode::NOT_FOUND,
            "not_found",
            "Không có đường dẫn API này: /api/v1/nothing-here".into(),
            "No such API route: /api/v1/nothing-here".into(),
        ),
        (
            Call { method: "DELETE", uri: "/api/v1/health".into(), content_type: None, body: vec![] },
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "Không dùng được DELETE ở /api/v1/health.".into(),
            "DELETE is not allowed on /api/v1/health.".into(),
        ),
        (
            post("/api/v1/convert", json, serde_json::json!({ "address": "a".repeat(70 * 1024) }).to_string()),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "Nội dung gửi lên quá lớn.".into(),
            "The request body is too large.".into(),
        ),
        (
            post("/api/v1/convert/batch", Some("text/csv"), vec![b'a'; 11 * 1024 * 1024]),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "Nội dung gửi lên quá lớn.".into(),
            "The request body is too large.".into(),
        ),
        (
            post("/api/v1/convert/batch", Some("text/csv"), many_rows),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "Tối đa 10000 dòng mỗi lần.".into(),
            "At most 10000 rows per batch.".into(),
        ),
        (
            post("/api/v1/convert", None, r#"{"address":"x"}"#),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Hãy gửi JSON với Content-Type: application/json.".into(),
            "Send JSON with Content-Type: application/json.".into(),
        ),
        (
            post("/api/v1/convert/batch", Some("text/plain"), "address\nx\n"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Hãy gửi JSON (application/json), CSV (text/csv) hoặc tệp Excel .xlsx \
                (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)."
                .into(),
            "Send JSON (application/json), CSV (text/csv) or an Excel workbook \
                (.xlsx, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)."
                .into(),
        ),
        (
            post("/api/v1/convert", json, r#"{"addr":"x"}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
            "JSON không đúng dạng yêu cầu (dòng 1, cột 12).".into(),
            "Failed to deserialize the JSON body into the target type: missing field `address` at line 1 column 12"
                .into(),
        ),
        (
            post("/api/v1/convert", json, serde_json::json!({ "address": "a".repeat(501) }).to_string()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
            "Giá trị của \"address\" dài quá 500 ký tự.".into(),
            "The value of \"address\" is longer than 500 characters.".into(),
        ),
        (
            get(format!("/api/v1/search?q={}", "a".repeat(501))),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
            "Giá trị của \"q\" dài quá 500 ký tự.".into(),
            "The value of \"q\" is longer than 500 characters.".into(),
        ),
    ];
    let mut statuses = std::collections::BTreeSet::new();
    for (call, status, code, vi, en) in &cases {
        assert_one_language(vi, en);
        statuses.insert(status.as_u16());
        // (`lang=` in the query, Accept-Language) → the language answered.
        for (query, accept, expected) in [
            (None, None, vi),
            (None, Some("en"), en),
            (Some("en"), None, en),
            (None, Some("fr-FR, en-GB;q=0.8, vi;q=0.5"), en),
            (None, Some("de"), vi),
            (Some("vi"), Some("en-US"), vi),
            (Some("xx"), Some("en-US"), en),
        ] {
            let (actual, vary, body) = send(call, query, accept).await;
            let context = format!("{} {} lang={query:?} Accept-Language={accept:?}", call.method, call.uri);
            assert_eq!(actual, *status, "{context}: {body}");
            assert_eq!(body["error"]["code"], *code, "{context}: {body}");
            assert_eq!(body["error"]["message"], expected.as_str(), "{context}");
            assert_eq!(body.as_object().unwrap().len(), 1, "{context}: {body}");
            assert_eq!(body["error"].as_object().unwrap().len(), 2, "{context}: {body}");
            assert!(vary.iter().any(|v| v == "accept-language"), "{context}: Vary {vary:?}");
            assert!(vary.iter().any(|v| v == "no-store"), "{context}: not Cache-Control: no-store");
        }
    }
    assert_eq!(statuses.into_iter().collect::<Vec<_>>(), [400, 404, 405, 413, 415, 422]);
}

#[tokio::test]
async fn batch_rows_say_why_in_the_readers_language() {
    let rows = serde_json::json!([42, "a".repeat(501), "   "]).to_string();
    for (query, accept, vi) in [(None, None, true), (Some("en"), None, false), (None, Some("en-US"), false)] {
        let (status, _, body) =
            send(&post("/api/v1/convert/batch", Some("application/json"), rows.clone()), query, accept).await;
        assert_eq!(status, StatusCode::OK);
        let (no_text, too_long) = (&body["results"][0]["error"], &body["results"][1]["error"]);
        assert_eq!((no_text["code"].as_str(), too_long["code"].as_str()), (Some("bad_row"), Some("unprocessable")));
        let hint = body["results"][2]["result"]["hint"].as_str().unwrap();
        let texts = [no_text["message"].as_str().unwrap(), too_long["message"].as_str().unwrap(), hint];
        let expected = if vi {
            ["Dòng này không có địa chỉ dạng chữ.", "Địa chỉ dài quá 500 ký tự."]
        } else {
            ["This row has no address text.", "The address is longer than 500 characters."]
        };
        assert_eq!(texts[..2], expected, "{query:?} {accept:?}");
        assert_eq!(texts[2].chars().any(is_vietnamese), vi, "{hint}");
    }
}

#[tokio::test]
async fn batch_csv_cells_are_in_the_readers_language() {
    let csv = "id,address\n1,\n2,\"   \"\n3,12 Lê Lợi, P. Bến Nghé\n4,\"P. Bến Nghé, Q.1, TP.HCM\"\n";
    let call = post("/api/v1/convert/batch", Some("text/csv"), csv);
    let errors = |out: &str| -> Vec<String> {
        // The error cell, after the upload's two columns.
        csv::Reader::from_reader(out.as_bytes()).records().map(|r| r.unwrap()[2 + ERROR_COLUMN].to_owned()).collect()
    };
    for (query, accept, vi) in [(None, None, true), (Some("en"), None, false), (None, Some("en"), false)] {
        let uri = match query {
            Some(lang) => format!("{}?lang={lang}", call.uri),
            None => call.uri.clone(),
        };
        let mut request = Request::post(uri).header(header::CONTENT_TYPE, "text/csv");
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT_LANGUAGE, accept);
        }
        let response = app(state()).oneshot(request.body(Body::from(call.body.clone())).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let out = String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
        let errors = errors(&out);
        assert_eq!(errors.len(), 4);
        // An empty address and a blank one get the hint, an unquoted one with commas says so; the last converts.
        let lang = if vi { Lang::Vi } else { Lang::En };
        let no_name = Hint::NoName.text(lang);
        let spilled = if vi {
            "Dòng có nhiều cột hơn tiêu đề; hãy đặt địa chỉ trong ngoặc kép."
        } else {
            "More fields than columns; quote the address."
        };
        assert_eq!(errors, [no_name.as_str(), no_name.as_str(), spilled, ""], "{query:?} {accept:?}");
        for text in &errors[..3] {
            assert_eq!(text.chars().any(is_vietnamese), vi, "{query:?} {accept:?}: {text}");
        }
    }
}
