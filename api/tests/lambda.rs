//! The Router as an AWS Lambda function: API Gateway HTTP API (payload 2.0), REST API (1.0) and ALB
//! events are turned into requests by `lambda_http`, answered by the same Router, and turned back into
//! the Lambda response the way `lambda_http::run` does. (REST API events are in `lambda_rest_api.rs`,
//! which needs its own process for an environment variable.)

use std::sync::{Arc, OnceLock};

use api::{AppState, Data, app};
use lambda_http::{Body, IntoResponse, request::from_str};
use serde_json::Value;
use tower::ServiceExt;

fn state() -> AppState {
    static DATA: OnceLock<Arc<Data>> = OnceLock::new();
    AppState::new(DATA.get_or_init(|| Arc::new(Data::embedded())).clone(), std::env::temp_dir())
}

/// Feeds a Lambda event through the Router; returns the status, the headers and the body as Lambda sees it.
async fn invoke(event: &str) -> (u16, lambda_http::http::HeaderMap, Body) {
    let request = from_str(event).expect("a valid Lambda HTTP event");
    let response = app(state()).oneshot(request).await.unwrap();
    let response = response.into_response().await;
    let (parts, body) = response.into_parts();
    (parts.status.as_u16(), parts.headers, body)
}

fn json(body: &Body) -> Value {
    match body {
        Body::Text(text) => serde_json::from_str(text).unwrap(),
        Body::Binary(bytes) => serde_json::from_slice(bytes).unwrap(),
        Body::Empty => Value::Null,
        _ => panic!("unexpected body"),
    }
}

#[tokio::test]
async fn http_api_v2_post_converts_an_address() {
    let (status, headers, body) = invoke(include_str!("fixtures/apigw_v2_convert.json")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/json");
    assert!(headers.contains_key("x-request-id"));
    let body = json(&body);
    assert_eq!(body["candidates"][0]["new_address"], "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh");
}

#[tokio::test]
async fn alb_search_with_query_parameters() {
    let (status, _, body) = invoke(include_str!("fixtures/alb_search.json")).await;
    assert_eq!(status, 200);
    let body = json(&body);
    let results = body["results"].as_array().unwrap();
    assert!(!results.is_empty() && results.len() <= 3, "{body}");
    assert_eq!(results[0]["code"], "26740");
}

#[tokio::test]
async fn alb_unknown_route_is_a_json_404() {
    let (status, _, body) = invoke(include_str!("fixtures/alb_unknown_route.json")).await;
    assert_eq!(status, 404);
    assert_eq!(json(&body)["error"]["code"], "not_found");
}

/// A compressed answer leaves Lambda as binary (base64 in the event response), and unzips to the JSON.
#[tokio::test]
async fn compressed_response_is_binary_and_decodes() {
    let (status, headers, body) = invoke(include_str!("fixtures/apigw_v2_snapshot_gzip.json")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-encoding"], "gzip");
    let Body::Binary(bytes) = body else { panic!("a compressed body must be binary, got {body:?}") };
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(bytes.as_slice()), &mut text).unwrap();
    let provinces: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(provinces["provinces"].as_array().unwrap().len(), 34);
}
