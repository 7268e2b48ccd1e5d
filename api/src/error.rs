//! The API's one error type: every 4xx/5xx body is `{"error":{"code","message"}}`.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use shared::answers::{ErrorBody, ErrorResponse};
use shared::model::{CodeError, CodeKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn not_found(message: impl Into<String>) -> Self {
        Self { status: StatusCode::NOT_FOUND, code: "not_found", message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, code: "bad_request", message: message.into() }
    }

    /// The request is well formed but its content cannot be used (e.g. an address over 500 characters).
    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self { status: StatusCode::UNPROCESSABLE_ENTITY, code: "unprocessable", message: message.into() }
    }

    pub fn method_not_allowed(message: impl Into<String>) -> Self {
        Self { status: StatusCode::METHOD_NOT_ALLOWED, code: "method_not_allowed", message: message.into() }
    }

    pub fn unsupported_media_type(message: impl Into<String>) -> Self {
        Self { status: StatusCode::UNSUPPORTED_MEDIA_TYPE, code: "unsupported_media_type", message: message.into() }
    }

    pub fn payload_too_large(message: impl Into<String>) -> Self {
        Self { status: StatusCode::PAYLOAD_TOO_LARGE, code: "payload_too_large", message: message.into() }
    }

    /// A server fault: the details go to the log, never to the client.
    pub fn internal(details: impl std::fmt::Display) -> Self {
        tracing::error!(%details, "internal error");
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "Lỗi máy chủ; vui lòng thử lại sau. / Server error; please try again later.".into(),
        }
    }
}

/// A malformed code in a path: a 400 that says what such a code looks like, in both languages.
impl From<CodeError> for ApiError {
    fn from(error: CodeError) -> Self {
        let vi = match error.kind {
            CodeKind::OldCommune => "xã cũ",
            CodeKind::NewCommune => "xã",
            CodeKind::OldDistrict => "huyện cũ",
            CodeKind::OldProvince => "tỉnh cũ",
            CodeKind::Province => "tỉnh",
        };
        let (en, digits) = (error.kind.name(), error.kind.digits());
        ApiError::bad_request(format!(
            "Mã {vi} gồm {digits} chữ số / The {en} code has {digits} digits: {:?}",
            error.text
        ))
    }
}

/// axum's own rejections (malformed JSON, missing content type, body too large, bad query) in the same shape.
impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::JsonRejection) -> Self {
        from_status(rejection.status(), rejection.body_text())
    }
}

impl From<axum::extract::rejection::BytesRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::BytesRejection) -> Self {
        from_status(rejection.status(), rejection.body_text())
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        from_status(StatusCode::BAD_REQUEST, rejection.body_text())
    }
}

fn from_status(status: StatusCode, details: String) -> ApiError {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::payload_too_large("Nội dung gửi lên quá lớn. / The request body is too large.")
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError {
            status,
            code: "unsupported_media_type",
            message:
                "Hãy gửi JSON với Content-Type: application/json. / Send JSON with Content-Type: application/json."
                    .into(),
        },
        StatusCode::UNPROCESSABLE_ENTITY => {
            ApiError::unprocessable(format!("JSON không đúng dạng yêu cầu / Unexpected JSON: {details}"))
        }
        _ => ApiError::bad_request(format!("Yêu cầu không hợp lệ / Invalid request: {details}")),
    }
}

/// Keeps the error shape for answers that no handler made: a timeout (408), a panic caught by the
/// service (500). Only `/api/...` answers are touched; the browser app's files are left as they are.
pub async fn json_errors(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let is_api = request.uri().path().starts_with("/api");
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    let status = response.status();
    if !is_api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let error = match status {
        StatusCode::REQUEST_TIMEOUT => ApiError {
            status,
            code: "timeout",
            message: "Máy chủ trả lời quá lâu; vui lòng thử lại. / The server took too long; please try again.".into(),
        },
        status if status.is_server_error() => ApiError::internal(format!("unhandled {status}")),
        status => ApiError { status, code: "error", message: status.canonical_reason().unwrap_or("Error").to_owned() },
    };
    let mut replaced = error.into_response();
    // Keep the request id and other headers the layers set.
    for (name, value) in response.headers() {
        let body_header = [header::CONTENT_TYPE, header::CONTENT_LENGTH, header::CONTENT_ENCODING].contains(name);
        if !body_header {
            replaced.headers_mut().insert(name.clone(), value.clone());
        }
    }
    replaced
}

/// A panic in a handler answers 500 with the usual body; the details go to the log only.
pub fn panic_response(details: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let details = details
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| details.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default();
    ApiError::internal(format!("panic: {details}")).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorResponse { error: ErrorBody { code: self.code.to_owned(), message: self.message } };
        (self.status, Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_constructor_sets_its_status_and_code() {
        let cases = [
            (ApiError::not_found("x"), StatusCode::NOT_FOUND, "not_found"),
            (ApiError::bad_request("x"), StatusCode::BAD_REQUEST, "bad_request"),
            (ApiError::unprocessable("x"), StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
            (ApiError::payload_too_large("x"), StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            (ApiError::method_not_allowed("x"), StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            (ApiError::internal("secret detail"), StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        ];
        for (error, status, code) in cases {
            assert_eq!(error.status, status);
            assert_eq!(error.code, code);
            assert_eq!(error.clone().into_response().status(), status);
        }
    }

    #[tokio::test]
    async fn unshaped_api_errors_get_the_json_shape() {
        use axum::Router;
        use axum::body::Body;
        use axum::http::Request;
        use axum::routing::get;
        use tower::ServiceExt;

        let app = Router::new()
            .route("/api/slow", get(|| async { StatusCode::REQUEST_TIMEOUT }))
            .route(
                "/api/panics",
                get(|| async {
                    if true {
                        panic!("secret detail");
                    }
                    StatusCode::OK
                }),
            )
            .route("/page", get(|| async { StatusCode::NOT_FOUND }))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_response))
            .layer(axum::middleware::from_fn(json_errors));
        let call = |uri: &'static str| {
            let app = app.clone();
            async move {
                let response = app.oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
                let status = response.status();
                let bytes = axum::body::to_bytes(response.into_body(), 10_000).await.unwrap();
                (status, String::from_utf8(bytes.to_vec()).unwrap())
            }
        };
        let (status, body) = call("/api/slow").await;
        assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
        assert!(body.contains(r#""code":"timeout""#), "{body}");
        let (status, body) = call("/api/panics").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body.contains(r#""code":"internal""#) && !body.contains("secret"), "{body}");
        let (status, body) = call("/page").await;
        assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, ""));
    }

    #[test]
    fn a_malformed_code_says_what_a_code_looks_like() {
        let error = ApiError::from(shared::model::OldDistrictCode::parse("0001").unwrap_err());
        assert_eq!((error.status, error.code), (StatusCode::BAD_REQUEST, "bad_request"));
        assert_eq!(error.message, "Mã huyện cũ gồm 3 chữ số / The old district code has 3 digits: \"0001\"");
        let long = ApiError::from(shared::model::NewCommuneCode::parse(&"x".repeat(100)).unwrap_err());
        assert!(long.message.ends_with(&format!("{:?}", "x".repeat(20))), "{}", long.message);
    }

    #[test]
    fn internal_errors_do_not_leak_details() {
        assert!(!ApiError::internal("secret detail").message.contains("secret"));
    }
}
