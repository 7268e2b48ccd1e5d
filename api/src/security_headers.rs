//! Headers on every response, whatever made it (a handler, the browser app's files, an error raised by
//! a layer): no MIME sniffing, no referrer, no framing, and a Content-Security-Policy for any response
//! that does not bring its own (the app's HTML brings the app's, see [`crate::spa`]).

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Nothing may be loaded or run: JSON, CSV, the snapshot, the app's files opened on their own (an SVG
/// opened directly is a document).
pub const NO_CONTENT_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// HTML the server writes itself (the API's reference page, `/api/docs`): its inline styles and
/// nothing else, no script at all. Its styles are inline by design and everything in it is escaped,
/// so `'unsafe-inline'` styles cost nothing here.
pub const PLAIN_HTML_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// `no-referrer`, rather than `strict-origin-when-cross-origin`: the app's URLs carry what people type
/// (`/?q=<address>` is a permalink), and even a same-origin `Referer` would write it into the CDN's logs.
/// Nothing here reads the header.
pub const REFERRER_POLICY: &str = "no-referrer";

/// The middleware (outermost, so that errors from every other layer get the headers too).
pub async fn add(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    set(response.headers_mut());
    response
}

fn set(headers: &mut HeaderMap) {
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static(REFERRER_POLICY));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let html = headers.get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = if html { PLAIN_HTML_POLICY } else { NO_CONTENT_POLICY };
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
    }
    if html {
        headers.insert(PERMISSIONS_POLICY, HeaderValue::from_static(shared::site::PERMISSIONS_POLICY));
    }
}

pub const PERMISSIONS_POLICY: HeaderName = HeaderName::from_static("permissions-policy");

#[cfg(test)]
mod tests {
    use super::*;

    fn headers_for(content_type: &str, policy: Option<&'static str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
        if let Some(policy) = policy {
            headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
        }
        set(&mut headers);
        headers
    }

    #[test]
    fn every_response_gets_the_common_headers_and_a_policy() {
        for content_type in ["application/json", "text/csv", "application/octet-stream", "text/html; charset=utf-8"] {
            let headers = headers_for(content_type, None);
            assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{content_type}");
            assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{content_type}");
            assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{content_type}");
            assert!(headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("frame-ancestors 'none'"));
        }
        assert_eq!(headers_for("application/json", None)[header::CONTENT_SECURITY_POLICY], NO_CONTENT_POLICY);
        assert!(!headers_for("application/json", None).contains_key(PERMISSIONS_POLICY));
        let html = headers_for("text/html; charset=utf-8", None);
        assert_eq!(html[header::CONTENT_SECURITY_POLICY], PLAIN_HTML_POLICY);
        assert_eq!(html[PERMISSIONS_POLICY], shared::site::PERMISSIONS_POLICY);
    }

    #[test]
    fn a_policy_of_its_own_is_kept() {
        let headers = headers_for("text/html", Some("default-src 'self'"));
        assert_eq!(headers[header::CONTENT_SECURITY_POLICY], "default-src 'self'");
    }
}
