//! Codes in paths are parsed once, in the handler, into the type of code the route takes: a malformed
//! code is a 400 that says what such a code looks like, an unknown one a 404, both with the error body;
//! old and new codes are different keys. (What the answers hold is tested with `shared::answers::Lookup`.)

use axum::http::StatusCode;

mod common;

use common::{get, ok};

#[tokio::test]
async fn malformed_codes_are_400_and_unknown_ones_404() {
    for (path, status) in [
        ("/api/v1/old-communes/abc", StatusCode::BAD_REQUEST),
        ("/api/v1/old-communes/123456", StatusCode::BAD_REQUEST),
        ("/api/v1/old-communes/16411", StatusCode::NOT_FOUND),
        ("/api/v1/communes/0007", StatusCode::BAD_REQUEST),
        ("/api/v1/communes/99999", StatusCode::NOT_FOUND),
        ("/api/v1/provinces/1/communes", StatusCode::BAD_REQUEST),
        ("/api/v1/provinces/99/communes", StatusCode::NOT_FOUND),
        ("/api/v1/old/provinces/079/districts", StatusCode::BAD_REQUEST),
        ("/api/v1/old/provinces/99/districts", StatusCode::NOT_FOUND),
        ("/api/v1/old/districts/9999/communes", StatusCode::BAD_REQUEST),
        ("/api/v1/old/districts/999/communes", StatusCode::NOT_FOUND),
    ] {
        let (actual, body) = get(path).await;
        assert_eq!(actual, status, "{path}");
        let code = if status == StatusCode::BAD_REQUEST { "bad_request" } else { "not_found" };
        assert_eq!(body["error"]["code"], code, "{path}: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{path}: {body}");
    }
}

/// In Vietnamese by default (every language is tested in `errors.rs`).
#[tokio::test]
async fn a_malformed_code_says_what_such_a_code_looks_like() {
    for (path, message) in [
        ("/api/v1/old-communes/abc", "Mã xã cũ gồm 5 chữ số: \"abc\""),
        ("/api/v1/communes/0007", "Mã xã mới gồm 5 chữ số: \"0007\""),
        ("/api/v1/provinces/1/communes", "Mã tỉnh gồm 2 chữ số: \"1\""),
        ("/api/v1/old/provinces/079/districts", "Mã tỉnh cũ gồm 2 chữ số: \"079\""),
        ("/api/v1/old/districts/9999/communes", "Mã huyện cũ gồm 3 chữ số: \"9999\""),
    ] {
        assert_eq!(get(path).await.1["error"]["message"], message, "{path}");
    }
    let long = format!("/api/v1/communes/{}", "7".repeat(40));
    let message = get(&long).await.1["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.ends_with(&format!("{:?}", "7".repeat(20))), "at most 20 characters are shown: {message}");
}

#[tokio::test]
async fn old_and_new_codes_are_different_keys() {
    assert_eq!(ok("/api/v1/old-communes/26740").await["name"], "Phường Bến Nghé");
    assert_eq!(ok("/api/v1/communes/26740").await["name"], "Phường Sài Gòn");
    assert_eq!(ok("/api/v1/old/provinces/24/districts").await["parent"]["name"], "Tỉnh Bắc Giang");
    assert_eq!(ok("/api/v1/provinces/24/communes").await["province"]["name"], "Thành phố Bắc Ninh");
}
