//! The API's one error type: every 4xx/5xx body is `{"error":{"code","message"}}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shared::api::{ErrorBody, ErrorResponse};

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

    #[test]
    fn internal_errors_do_not_leak_details() {
        assert!(!ApiError::internal("secret detail").message.contains("secret"));
    }
}
