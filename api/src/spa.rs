//! Serves the built browser apps: hashed assets cached for a year, and `index.html` for the citizen app's
//! pages (the paths of [`shared::site::Page`]), never cached itself. Any other path is an unknown page: the
//! same HTML, whose router shows its not-found page, with a 404 status. The staff pages
//! (`quan-tri/index.html`) answer every path under [`shared::site::STAFF_ROOT`].
//!
//! `index.html` is read once, when the service is built, and its Content-Security-Policy computed from
//! it, so the policy allows exactly the inline script the served file has.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, Response, StatusCode, header};
use axum::response::IntoResponse;
use sha2::{Digest, Sha256};
use shared::site::Page;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::LiveData;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";
const HTML: &str = "text/html; charset=utf-8";

/// `dir/index.html`, ready to serve.
struct Index {
    html: Bytes,
    etag: HeaderValue,
    policy: HeaderValue,
}

impl Index {
    fn load(dir: &Path) -> Result<Self, String> {
        let path = dir.join("index.html");
        let html = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let policy = shared::site::app_policy(&html);
        let digest = Sha256::digest(html.as_bytes());
        let etag = format!("\"{}\"", digest[..8].iter().map(|b| format!("{b:02x}")).collect::<String>());
        Ok(Self {
            policy: HeaderValue::from_str(&policy).map_err(|e| format!("{}: its policy: {e}", path.display()))?,
            etag: HeaderValue::from_str(&etag).expect("hex in quotes is a header value"),
            html: Bytes::from(html),
        })
    }
}

/// Whether `dir` holds a built app (checked at start-up, see [`crate::AppState::from_vars`]).
pub(crate) fn check(dir: &Path) -> Result<(), String> {
    Index::load(dir).map(drop)
}

struct Pages {
    /// `None` where no app is installed (the Lambda function, tests of the API alone).
    index: Option<Index>,
    /// `dir/quan-tri/index.html`: the staff pages, where they are built.
    staff_index: Option<Index>,
    data: Arc<LiveData>,
}

/// `dir/assets/*` as immutable files (precompressed `.br`/`.gz` siblings are used when present; each
/// answer says it varies with `Accept-Encoding`, so a cache never gives Brotli to a client that did not
/// ask for it); the app's pages answer `dir/index.html`, anything else that page with a 404.
pub fn service(dir: &Path, data: Arc<LiveData>) -> Router {
    let assets = ServeDir::new(dir.join("assets")).precompressed_br().precompressed_gzip();
    let index = Index::load(dir).map_err(|error| tracing::debug!(%error, "no browser app")).ok();
    let staff_index =
        Index::load(&dir.join("quan-tri")).map_err(|error| tracing::debug!(%error, "no staff pages")).ok();
    let pages = Arc::new(Pages { index, staff_index, data });
    Router::new()
        .nest_service(
            "/assets",
            tower::ServiceBuilder::new()
                // A missing asset (say, during a deploy) must not be cached for a year.
                .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, |response: &Response<_>| {
                    Some(HeaderValue::from_static(if response.status().is_success() { IMMUTABLE } else { NO_CACHE }))
                }))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::VARY,
                    HeaderValue::from_static("accept-encoding"),
                ))
                .service(assets),
        )
        .fallback(move |request: Request| {
            let pages = pages.clone();
            async move { pages.answer(request.method(), request.uri().path(), request.headers()) }
        })
}

impl Pages {
    fn answer(&self, method: &Method, path: &str, headers: &HeaderMap) -> axum::response::Response {
        if method != Method::GET && method != Method::HEAD {
            return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")]).into_response();
        }
        let (index, known) = if shared::site::is_staff_path(path) {
            (&self.staff_index, true)
        } else {
            (&self.index, Page::parse(path).is_some_and(|page| page.exists_in(self.data.load().lookup.index())))
        };
        let Some(index) = index else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let status = if known { StatusCode::OK } else { StatusCode::NOT_FOUND };
        let mut response = if known && matches(headers, &index.etag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            (status, index.html.clone()).into_response()
        };
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(HTML));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
        headers.insert(header::CONTENT_SECURITY_POLICY, index.policy.clone());
        if known {
            headers.insert(header::ETAG, index.etag.clone());
        }
        response
    }
}

/// Whether `If-None-Match` names `etag` (or `*`); weak and strong tags compare alike here.
fn matches(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let etag = etag.to_str().unwrap_or_default();
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |tag| {
            let tag = tag.trim();
            tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_lists_are_read() {
        let etag = HeaderValue::from_static("\"0123456789abcdef\"");
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static(value));
            headers
        };
        assert!(matches(&with("\"0123456789abcdef\""), &etag));
        assert!(matches(&with("\"x\", W/\"0123456789abcdef\""), &etag));
        assert!(matches(&with("*"), &etag));
        assert!(!matches(&with("\"0123456789abcdee\""), &etag));
        assert!(!matches(&HeaderMap::new(), &etag));
    }
}
