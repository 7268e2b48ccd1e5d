//! The Router in-process, for the test files that read JSON answers from it.

use std::sync::{Arc, OnceLock};

use api::{AppState, Data, app};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// The embedded dataset, decoded once per test binary.
pub fn state() -> AppState {
    static DATA: OnceLock<Arc<Data>> = OnceLock::new();
    let data = DATA.get_or_init(|| Arc::new(Data::embedded())).clone();
    AppState::new(data, std::env::temp_dir().join("xamoi-no-spa"))
}

/// The status and JSON body of a GET (`Null` when the body is not JSON).
pub async fn get(path: &str) -> (StatusCode, Value) {
    let response = app(state()).oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

/// The JSON body of a GET that must answer 200.
pub async fn ok(path: &str) -> Value {
    let (status, body) = get(path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}
