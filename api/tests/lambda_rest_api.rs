//! An API Gateway REST API (payload 1.0) event through the Router. REST APIs put the stage name in the
//! path ("/prod/api/v1/..."); the function is deployed with `AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH=true`
//! (see `deploy/`), so that lambda_http leaves it out. This file is one test, alone in its process,
//! because it sets that variable.

use std::sync::Arc;

use api::{AppState, Data, app};
use lambda_http::{Body, IntoResponse, request::from_str};
use tower::ServiceExt;

#[tokio::test]
async fn rest_api_v1_reads_an_old_commune() {
    // SAFETY: the only test of this process, on a single-threaded runtime: nothing reads the environment
    // concurrently.
    unsafe { std::env::set_var("AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH", "true") };
    let state = AppState::new(Arc::new(Data::embedded()), std::env::temp_dir());
    let request = from_str(include_str!("fixtures/apigw_v1_old_commune.json")).expect("a valid REST API event");
    assert_eq!(request.uri().path(), "/api/v1/old-communes/26740");
    let response = app(state).oneshot(request).await.unwrap().into_response().await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("etag"));
    let Body::Text(text) = response.body() else { panic!("expected a text body, got {:?}", response.body()) };
    let body: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(body["successors"][0]["name"], "Phường Sài Gòn");
}
