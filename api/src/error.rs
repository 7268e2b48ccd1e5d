//! The API's one error type: every 4xx/5xx body is `{"error":{"code","message"}}`, its message in the
//! reader's language.
//!
//! An [`ApiError`] holds a stable [`ErrorCode`] and a [`Message`] (what went wrong, with its parameters),
//! not a sentence. Its response carries it as an extension; [`json_errors`], which sees the request,
//! writes the body in the reader's language (`?lang=vi|en`, else the first of `Accept-Language` we
//! speak, else Vietnamese). Answers that no handler made (a timeout, a caught panic, a rejection that
//! came as plain text) get the same body there.

mod details;
mod messages;

use axum::body::Body;
use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use shared::answers::{ErrorBody, ErrorResponse, Lang};
use shared::model::CodeError;

pub use messages::Message;

/// Longest request target (path and query) answered; a longer one is a 414.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// The `code` of an error body: stable and machine-readable, for clients to act on (the message is for
/// people). The OpenAPI document lists them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    BadRequest,
    NotFound,
    MethodNotAllowed,
    Timeout,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unprocessable,
    Internal,
    /// One row of a batch has no address text.
    BadRow,
    /// A client error of another status, that no handler made.
    Other,
    UriTooLong,
    HeadersTooLarge,
    /// The client's rate limit is used up (429, with `Retry-After`).
    TooManyRequests,
    /// The service is busy (503, with `Retry-After`): nothing was done, the same request may be sent again.
    Unavailable,
    /// No staff session, or it expired (401).
    Unauthorized,
    /// Signed in, but this account may not do this (403), or a write without the CSRF header.
    Forbidden,
    /// The request contradicts the stored state (409): another change of the same record, a release
    /// another publish won, a change in the wrong state.
    Conflict,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 17] = [
        ErrorCode::BadRequest,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Timeout,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::Unprocessable,
        ErrorCode::Internal,
        ErrorCode::BadRow,
        ErrorCode::Other,
        ErrorCode::UriTooLong,
        ErrorCode::HeadersTooLarge,
        ErrorCode::TooManyRequests,
        ErrorCode::Unavailable,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::Conflict,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Timeout => "timeout",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::Unprocessable => "unprocessable",
            ErrorCode::Internal => "internal",
            ErrorCode::BadRow => "bad_row",
            ErrorCode::Other => "error",
            ErrorCode::UriTooLong => "uri_too_long",
            ErrorCode::HeadersTooLarge => "headers_too_large",
            ErrorCode::TooManyRequests => "too_many_requests",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Conflict => "conflict",
        }
    }
}

/// An error body: the code and the message in `lang` (also the `error` of a batch row).
pub fn error_body(code: ErrorCode, message: &Message, lang: Lang) -> ErrorBody {
    ErrorBody { code: code.as_str().to_owned(), message: message.text(lang) }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: Message,
    /// Seconds after which the same request may succeed (`Retry-After`), for 429 and 503.
    pub retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, code: ErrorCode, message: Message) -> Self {
        Self { status, code, message, retry_after: None }
    }

    pub fn uri_too_long() -> Self {
        Self::new(StatusCode::URI_TOO_LONG, ErrorCode::UriTooLong, Message::UriTooLong { max: MAX_URI_BYTES })
    }

    pub fn headers_too_large() -> Self {
        Self::new(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, ErrorCode::HeadersTooLarge, Message::HeadersTooLarge)
    }

    /// The client's rate limit is used up; it may try again in `retry_after` seconds.
    pub fn too_many_requests(retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyRequests, Message::RateLimited { retry_after })
        }
    }

    /// Busy: nothing was done; `message` says what is busy and carries the same `retry_after`.
    pub fn unavailable(message: Message, retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable, message)
        }
    }

    pub fn not_found(message: Message) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }

    pub fn unauthorized(message: Message) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, message)
    }

    pub fn forbidden(message: Message) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
    }

    pub fn conflict(message: Message) -> Self {
        Self::new(StatusCode::CONFLICT, ErrorCode::Conflict, message)
    }

    pub fn bad_request(message: Message) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, message)
    }

    /// The request is well formed but its content cannot be used (e.g. an address over 500 characters).
    pub fn unprocessable(message: Message) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Unprocessable, message)
    }

    pub fn method_not_allowed(message: Message) -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed, message)
    }

    pub fn unsupported_media_type(message: Message) -> Self {
        Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorCode::UnsupportedMediaType, message)
    }

    pub fn payload_too_large(message: Message) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge, message)
    }

    pub fn timeout() -> Self {
        Self::new(StatusCode::REQUEST_TIMEOUT, ErrorCode::Timeout, Message::Timeout)
    }

    /// A server fault: the details go to the log, never to the client.
    pub fn internal(details: impl std::fmt::Display) -> Self {
        tracing::error!(%details, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, Message::Internal)
    }

    /// An error status that a layer or axum answered without our body (a timeout, a plain-text rejection).
    pub fn from_status(status: StatusCode) -> Self {
        match status {
            StatusCode::REQUEST_TIMEOUT => Self::timeout(),
            StatusCode::BAD_REQUEST => Self::bad_request(Message::InvalidRequest),
            StatusCode::NOT_FOUND => Self::not_found(Message::NotFound),
            StatusCode::PAYLOAD_TOO_LARGE => Self::payload_too_large(Message::BodyTooLarge),
            status if status.is_server_error() => Self::internal(format!("unhandled {status}")),
            StatusCode::URI_TOO_LONG => Self::uri_too_long(),
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => Self::headers_too_large(),
            status => Self::new(status, ErrorCode::Other, Message::OtherStatus { status: status.as_u16() }),
        }
    }

    /// The body in `lang`.
    pub fn body(&self, lang: Lang) -> ErrorResponse {
        ErrorResponse { error: error_body(self.code, &self.message, lang) }
    }
}

/// A malformed code in a path: a 400 that says what such a code looks like.
impl From<CodeError> for ApiError {
    fn from(error: CodeError) -> Self {
        ApiError::bad_request(Message::MalformedCode { kind: error.kind, text: error.text })
    }
}

/// axum's own rejections (malformed JSON, missing content type, body too large, bad query) in the same
/// shape. Their explanations are in English: the English message shows them, the Vietnamese one says
/// the same in its words.
impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let details = details::without_type_names(&rejection.body_text());
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::payload_too_large(Message::BodyTooLarge),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::unsupported_media_type(Message::NotJson),
            StatusCode::UNPROCESSABLE_ENTITY => ApiError::unprocessable(Message::UnexpectedJson { details }),
            _ => ApiError::bad_request(Message::InvalidJson { details }),
        }
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::payload_too_large(Message::BodyTooLarge),
            _ => ApiError::bad_request(Message::UnreadableBody {
                details: details::without_type_names(&rejection.body_text()),
            }),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::bad_request(Message::InvalidQuery { details: details::without_type_names(&rejection.body_text()) })
    }
}

/// Writes the body of every `/api/...` error in the reader's language: an [`ApiError`] a handler or a
/// layer returned (found in the response's extensions), or one made here for an error status that came
/// without our JSON body (a timeout's 408, a plain-text rejection). Every other header is kept (the
/// request id, CORS); `Vary: Accept-Language` is added. The browser app's files are left as they are.
pub async fn json_errors(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if !crate::limits::is_api(request.uri().path()) {
        return next.run(request).await;
    }
    let lang = crate::routes::reader_lang(request.uri(), request.headers());
    let (mut parts, body) = next.run(request).await.into_parts();
    let is_json =
        parts.headers.get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let error = match parts.extensions.remove::<ApiError>() {
        Some(error) => error,
        None if is_json || !(parts.status.is_client_error() || parts.status.is_server_error()) => {
            return Response::from_parts(parts, body);
        }
        None => ApiError::from_status(parts.status),
    };
    let json = serde_json::to_vec(&error.body(lang)).expect("an error body serializes");
    parts.status = error.status;
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    parts.headers.append(header::VARY, HeaderValue::from_static("accept-language"));
    // The message is in the reader's language, which a CDN keyed on the URL would not tell apart.
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(json))
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

/// The status and a body in Vietnamese (the default language), with the error itself as an extension,
/// from which [`json_errors`] writes the body in the reader's language.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body(Lang::default()))).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(self);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::messages::tests::{assert_one_language, every_message};
    use super::*;

    #[test]
    fn each_constructor_sets_its_status_and_code() {
        let cases = [
            (ApiError::not_found(Message::NotFound), StatusCode::NOT_FOUND, "not_found"),
            (ApiError::bad_request(Message::InvalidRequest), StatusCode::BAD_REQUEST, "bad_request"),
            (ApiError::unprocessable(Message::TooManyFields), StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
            (ApiError::payload_too_large(Message::BodyTooLarge), StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            (ApiError::method_not_allowed(Message::NotFound), StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            (
                ApiError::unsupported_media_type(Message::NotJson),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
            ),
            (ApiError::timeout(), StatusCode::REQUEST_TIMEOUT, "timeout"),
            (ApiError::internal("secret detail"), StatusCode::INTERNAL_SERVER_ERROR, "internal"),
            (ApiError::from_status(StatusCode::IM_A_TEAPOT), StatusCode::IM_A_TEAPOT, "error"),
            (ApiError::from_status(StatusCode::BAD_GATEWAY), StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        ];
        for (error, status, code) in cases {
            assert_eq!(error.status, status);
            assert_eq!(error.code.as_str(), code);
            let response = error.clone().into_response();
            assert_eq!(response.status(), status);
            assert_eq!(response.extensions().get::<ApiError>(), Some(&error));
        }
    }

    #[test]
    fn codes_are_distinct_and_all_listed() {
        let codes: std::collections::BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(codes.len(), ErrorCode::ALL.len());
        // A match without a wildcard: a new code must be given a number here, and then be in `ALL`.
        let number = |code: ErrorCode| match code {
            ErrorCode::BadRequest => 0,
            ErrorCode::NotFound => 1,
            ErrorCode::MethodNotAllowed => 2,
            ErrorCode::Timeout => 3,
            ErrorCode::PayloadTooLarge => 4,
            ErrorCode::UnsupportedMediaType => 5,
            ErrorCode::Unprocessable => 6,
            ErrorCode::Internal => 7,
            ErrorCode::BadRow => 8,
            ErrorCode::Other => 9,
            ErrorCode::UriTooLong => 10,
            ErrorCode::HeadersTooLarge => 11,
            ErrorCode::TooManyRequests => 12,
            ErrorCode::Unavailable => 13,
            ErrorCode::Unauthorized => 14,
            ErrorCode::Forbidden => 15,
            ErrorCode::Conflict => 16,
        };
        let numbers: Vec<usize> = ErrorCode::ALL.into_iter().map(number).collect();
        assert_eq!(numbers, (0..ErrorCode::ALL.len()).collect::<Vec<_>>());
    }

    /// Every message each constructor can carry, rendered in both languages, is in one language only.
    #[test]
    fn every_error_body_is_in_one_language() {
        let made_here = [
            ApiError::from(shared::model::OldDistrictCode::parse("0001").unwrap_err()),
            ApiError::from_status(StatusCode::IM_A_TEAPOT),
            ApiError::from_status(StatusCode::BAD_REQUEST),
            ApiError::timeout(),
            ApiError::internal("secret"),
        ];
        for error in every_message().into_iter().map(ApiError::bad_request).chain(made_here) {
            let (vi, en) = (error.body(Lang::Vi).error, error.body(Lang::En).error);
            assert_eq!((vi.code.as_str(), en.code.as_str()), (error.code.as_str(), error.code.as_str()));
            assert_one_language(&vi.message, &en.message);
        }
    }

    async fn call(app: &axum::Router, uri: &str, accept: Option<&str>) -> (StatusCode, axum::http::HeaderMap, String) {
        use tower::ServiceExt;
        let mut request = axum::http::Request::get(uri);
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT_LANGUAGE, accept);
        }
        let response = app.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = axum::body::to_bytes(response.into_body(), 10_000).await.unwrap();
        (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn unshaped_api_errors_get_the_json_shape_in_the_readers_language() {
        use axum::Router;
        use axum::routing::get;

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
            .route("/api/teapot", get(|| async { (StatusCode::IM_A_TEAPOT, "short and stout") }))
            .route("/page", get(|| async { StatusCode::NOT_FOUND }))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_response))
            .layer(axum::middleware::from_fn(json_errors));
        let body = |error: ApiError, lang| serde_json::to_string(&error.body(lang)).unwrap();
        for (uri, status, error) in [
            ("/api/slow", StatusCode::REQUEST_TIMEOUT, ApiError::timeout()),
            ("/api/panics", StatusCode::INTERNAL_SERVER_ERROR, ApiError::internal("test")),
            ("/api/teapot", StatusCode::IM_A_TEAPOT, ApiError::from_status(StatusCode::IM_A_TEAPOT)),
        ] {
            for (query, accept, lang) in [
                ("", None, Lang::Vi),
                ("", Some("en-GB,en;q=0.9"), Lang::En),
                ("?lang=en", None, Lang::En),
                ("?lang=vi", Some("en"), Lang::Vi),
            ] {
                let (actual, headers, text) = call(&app, &format!("{uri}{query}"), accept).await;
                assert_eq!(actual, status, "{uri}{query}");
                assert_eq!(text, body(error.clone(), lang), "{uri}{query} {accept:?}");
                assert!(!text.contains("secret") && !text.contains("stout"), "{text}");
                assert_eq!(headers[header::CONTENT_TYPE], "application/json");
                assert_eq!(headers[header::VARY], "accept-language");
            }
        }
        let (status, _, text) = call(&app, "/page", Some("en")).await;
        assert_eq!((status, text.as_str()), (StatusCode::NOT_FOUND, ""));
    }

    #[tokio::test]
    async fn a_handlers_error_is_written_in_the_readers_language_keeping_its_headers() {
        use axum::Router;
        use axum::routing::get;

        let error = || ApiError::not_found(Message::UnknownProcedure { code: "9.999999".into() });
        let app = Router::new()
            .route("/api/missing", get(move || async move { ([("x-kept", "1")], error()) }))
            .layer(axum::middleware::from_fn(json_errors));
        let (status, headers, text) = call(&app, "/api/missing", Some("en")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            text,
            r#"{"error":{"code":"not_found","message":"No procedure with code 9.999999 in the catalogue."}}"#
        );
        assert_eq!(headers["x-kept"], "1");
        let (_, _, text) = call(&app, "/api/missing", None).await;
        assert!(text.contains("Không có thủ tục mã 9.999999 trong danh mục."), "{text}");
    }

    #[test]
    fn a_malformed_code_says_what_a_code_looks_like() {
        let error = ApiError::from(shared::model::OldDistrictCode::parse("0001").unwrap_err());
        assert_eq!((error.status, error.code), (StatusCode::BAD_REQUEST, ErrorCode::BadRequest));
        assert_eq!(error.message.text(Lang::Vi), "Mã huyện cũ gồm 3 chữ số: \"0001\"");
        assert_eq!(error.message.text(Lang::En), "The old district code has 3 digits: \"0001\"");
        let long = ApiError::from(shared::model::NewCommuneCode::parse(&"x".repeat(100)).unwrap_err());
        for lang in [Lang::Vi, Lang::En] {
            let text = long.message.text(lang);
            assert!(text.ends_with(&format!("{:?}", "x".repeat(20))), "{text}");
        }
    }

    #[test]
    fn internal_errors_do_not_leak_details() {
        let error = ApiError::internal("secret detail");
        for lang in [Lang::Vi, Lang::En] {
            assert!(!error.body(lang).error.message.contains("secret"));
        }
    }
}
