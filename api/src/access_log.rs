//! Request ids and the access log.
//!
//! A client's `X-Request-Id` is kept only when it is a short token ([`is_request_id`]); otherwise it is
//! dropped and tower-http's `SetRequestIdLayer` gives the request a new UUID. [`access_log`] writes one
//! line per request at info level: method, route template, status, duration and request id, and never
//! the path's parameters, the query or the body (a typed address or query is personal data).

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderMap, HeaderName};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Longest request id a client may choose.
pub const MAX_REQUEST_ID_BYTES: usize = 64;

/// 1–64 of `A–Z a–z 0–9 . _ -`: enough for a UUID or a trace id, too little for anything to hide in
/// the log or in a response header.
pub fn is_request_id(value: &[u8]) -> bool {
    (1..=MAX_REQUEST_ID_BYTES).contains(&value.len())
        && value.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Keeps the client's `X-Request-Id` only when it is one header that [`is_request_id`]; otherwise
/// removes it, so that the next layer makes a new one.
pub fn drop_untrusted_request_id(mut request: Request) -> Request {
    if !has_one_good_id(request.headers()) {
        request.headers_mut().remove(&X_REQUEST_ID);
    }
    request
}

fn has_one_good_id(headers: &HeaderMap) -> bool {
    let mut ids = headers.get_all(&X_REQUEST_ID).iter();
    match (ids.next(), ids.next()) {
        (Some(id), None) => is_request_id(id.as_bytes()),
        (None, _) => true,
        (Some(_), Some(_)) => false,
    }
}

/// What the log calls a request's route: the API's route template (`/api/v1/communes/{code}`), or a
/// fixed label for the app's files, so that no part of a path the client chose is written.
fn route(request: &Request) -> &str {
    match request.extensions().get::<MatchedPath>() {
        Some(matched) => matched.as_str(),
        None if request.uri().path().starts_with("/assets/") => "(app asset)",
        None => "(app page)",
    }
}

/// One line per request, after its answer (its headers; a streamed body may still be on its way):
/// `method=GET route=/api/v1/communes/{code} status=200 ms=0.42 id=…`. Log lines written while the
/// request is answered are in a `request` span with its id.
pub async fn access_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = route(&request).to_owned();
    // Set (and checked) by the layers before this one.
    let id = request.headers().get(&X_REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let response = next.run(request).instrument(tracing::info_span!("request", id = %id)).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let status = response.status().as_u16();
    tracing::info!(target: "access", %method, route = %route, status, ms = %format_args!("{ms:.2}"), id = %id);
    response
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::header;

    use super::*;

    #[test]
    fn short_tokens_are_request_ids_and_nothing_else_is() {
        for good in ["a", "client-chosen-42", "0f8fad5b-d9cb-469f-a165-70867728950e", "trace.id_1", &"x".repeat(64)] {
            assert!(is_request_id(good.as_bytes()), "{good}");
        }
        for bad in [
            "",
            &"x".repeat(65),
            "has space",
            "new\nline",
            "a=1",
            "quote\"",
            "<script>",
            "Phường Bến Nghé",
            "id,other",
            "%41",
        ] {
            assert!(!is_request_id(bad.as_bytes()), "{bad:?}");
        }
    }

    fn request(ids: &[&[u8]]) -> Request {
        let mut request = Request::get("/api/v1/health");
        for id in ids {
            request = request.header("x-request-id", header::HeaderValue::from_bytes(id).unwrap());
        }
        request.body(Body::empty()).unwrap()
    }

    fn kept(request: Request) -> Vec<Vec<u8>> {
        let request = drop_untrusted_request_id(request);
        request.headers().get_all("x-request-id").iter().map(|v| v.as_bytes().to_vec()).collect()
    }

    #[test]
    fn a_good_id_is_kept_and_a_bad_one_or_several_are_dropped() {
        assert_eq!(kept(request(&[b"client-chosen-42"])), [b"client-chosen-42".to_vec()]);
        assert!(kept(request(&[])).is_empty());
        assert!(kept(request(&["x".repeat(65).as_bytes()])).is_empty());
        assert!(kept(request(&[b"two words"])).is_empty());
        assert!(kept(request(&["Ph\u{1b0}\u{1edd}ng".as_bytes()])).is_empty(), "not ASCII");
        assert!(kept(request(&[b"one", b"two"])).is_empty(), "which one would be true?");
    }

    #[test]
    fn routes_are_templates_or_fixed_labels() {
        let mut api = Request::get("/api/v1/communes/26740?q=12%20L%C3%AA%20L%E1%BB%A3i").body(Body::empty()).unwrap();
        api.extensions_mut().insert(matched("/api/v1/communes/{code}"));
        assert_eq!(route(&api), "/api/v1/communes/{code}");
        let asset = Request::get("/assets/frontend-0123.wasm").body(Body::empty()).unwrap();
        assert_eq!(route(&asset), "(app asset)");
        let page = Request::get("/xa/26740?q=secret").body(Body::empty()).unwrap();
        assert_eq!(route(&page), "(app page)");
    }

    /// A `MatchedPath` as the Router sets it, taken from a real one.
    fn matched(template: &'static str) -> MatchedPath {
        use tower::ServiceExt;
        let (sender, receiver) = std::sync::mpsc::channel();
        let app = axum::Router::new().route(
            template,
            axum::routing::get(move |path: MatchedPath| async move {
                sender.send(path).unwrap();
            }),
        );
        let uri = template.replace("{code}", "1");
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(app.oneshot(Request::get(uri).body(Body::empty()).unwrap())).unwrap();
        receiver.recv().unwrap()
    }
}
