//! Serves the built browser apps: hashed assets cached for a year, and `index.html` for the citizen app's
//! pages (the paths of [`shared::site::Page`]), never cached itself. Any other path is an unknown page: the
//! same HTML, whose router shows its not-found page, with a 404 status. The staff pages
//! (`quan-tri/index.html`) answer every path under [`shared::site::STAFF_ROOT`].
//!
//! `index.html` is read once, when the service is built, and its Content-Security-Policy computed from
//! it, so the policy allows exactly the inline script the served file has. The service worker,
//! `sw.js`, is read once too and served at [`shared::site::SERVICE_WORKER_PATH`], never cached without
//! a check, with its own policy; where the app was built without one, that path is a plain 404.

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
const JAVASCRIPT: &str = "text/javascript; charset=utf-8";

/// A strong ETag for `bytes`: the first 8 bytes of their SHA-256, in hex.
fn etag_of(bytes: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(bytes);
    let etag = format!("\"{}\"", digest[..8].iter().map(|b| format!("{b:02x}")).collect::<String>());
    HeaderValue::from_str(&etag).expect("hex in quotes is a header value")
}

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
        Ok(Self {
            policy: HeaderValue::from_str(&policy).map_err(|e| format!("{}: its policy: {e}", path.display()))?,
            etag: etag_of(html.as_bytes()),
            html: Bytes::from(html),
        })
    }
}

/// `dir/sw.js`, the citizen app's service worker, ready to serve.
struct Worker {
    script: Bytes,
    etag: HeaderValue,
}

impl Worker {
    /// `None` where the app was built without a worker (or the file cannot be read: said in the log, and
    /// the app still works, online only).
    fn load(dir: &Path) -> Option<Self> {
        let path = dir.join(shared::site::SERVICE_WORKER_PATH.trim_start_matches('/'));
        match std::fs::read(&path) {
            Ok(script) => Some(Self { etag: etag_of(&script), script: Bytes::from(script) }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                tracing::debug!(path = %path.display(), "no service worker");
                None
            }
            Err(error) => {
                tracing::warn!(path = %path.display(), %error, "the service worker cannot be read: not served");
                None
            }
        }
    }

    /// The script (or 304), `no-cache`: a browser checks the worker's URL on each visit (and at most a day
    /// apart anyway), so that a new release's worker is found at once.
    fn answer(&self, headers: &HeaderMap) -> axum::response::Response {
        let mut response = if matches(headers, &self.etag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            self.script.clone().into_response()
        };
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(JAVASCRIPT));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(shared::site::SERVICE_WORKER_POLICY));
        headers.insert(header::ETAG, self.etag.clone());
        response
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
    /// `dir/sw.js`, where the app has one.
    worker: Option<Worker>,
    data: Arc<LiveData>,
}

/// `dir/assets/*` as immutable files (precompressed `.br`/`.gz` siblings are used when present; each
/// answer says it varies with `Accept-Encoding`, so a cache never gives Brotli to a client that did not
/// ask for it, and `.webmanifest` is `application/manifest+json`); `/sw.js` answers `dir/sw.js`; the
/// app's pages answer `dir/index.html`, anything else that page with a 404.
pub fn service(dir: &Path, data: Arc<LiveData>) -> Router {
    let assets = ServeDir::new(dir.join("assets")).precompressed_br().precompressed_gzip();
    let index = Index::load(dir).map_err(|error| tracing::debug!(%error, "no browser app")).ok();
    let staff_index =
        Index::load(&dir.join("quan-tri")).map_err(|error| tracing::debug!(%error, "no staff pages")).ok();
    let worker = Worker::load(dir);
    let pages = Arc::new(Pages { index, staff_index, worker, data });
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
        if path == shared::site::SERVICE_WORKER_PATH {
            // Never the app's HTML: a browser would try to run it as the worker.
            return self.worker.as_ref().map_or_else(|| StatusCode::NOT_FOUND.into_response(), |w| w.answer(headers));
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

    /// A built app in a directory of its own under the temporary directory (removed when dropped), and the
    /// service for it.
    struct Built(std::path::PathBuf, Router);

    impl Built {
        /// `files`: (path under the directory, content).
        fn with(name: &str, files: &[(&str, &str)]) -> Self {
            let dir = std::env::temp_dir().join(format!("xamoi-spa-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            for (path, content) in files {
                let path = dir.join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, content).unwrap();
            }
            let service = service(&dir, Arc::new(LiveData::new(Arc::new(crate::Data::embedded()))));
            Self(dir, service)
        }

        async fn get(&self, method: Method, uri: &str, headers: &[(header::HeaderName, &str)]) -> Response<Bytes> {
            use tower::ServiceExt;
            let mut request = Request::builder().method(method).uri(uri);
            for (name, value) in headers {
                request = request.header(name, *value);
            }
            let response = self.1.clone().oneshot(request.body(axum::body::Body::empty()).unwrap()).await.unwrap();
            let (parts, body) = response.into_parts();
            Response::from_parts(parts, axum::body::to_bytes(body, 1 << 20).await.unwrap())
        }
    }

    impl Drop for Built {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const INDEX: &str = "<!doctype html><title>Xã Mới</title><script type=module>import '/assets/app.js'</script>";
    const WORKER: &str = "import '/assets/offline-0123456789abcdef.js';\n";

    #[tokio::test]
    async fn the_service_worker_is_served_with_its_policy_and_revalidated() {
        let app = Built::with("worker", &[("index.html", INDEX), ("sw.js", WORKER)]);
        let response = app.get(Method::GET, "/sw.js", &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.body(), WORKER.as_bytes());
        let headers = response.headers();
        assert_eq!(headers[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
        assert_eq!(headers[header::CONTENT_SECURITY_POLICY], shared::site::SERVICE_WORKER_POLICY);
        let etag = headers[header::ETAG].to_str().unwrap().to_owned();
        assert_eq!(HeaderValue::from_str(&etag).unwrap(), etag_of(WORKER.as_bytes()));

        let response = app.get(Method::GET, "/sw.js", &[(header::IF_NONE_MATCH, &etag)]).await;
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
        assert!(response.body().is_empty());
        assert_eq!(response.headers()[header::ETAG], etag.as_str());
        assert_eq!(response.headers()[header::CONTENT_SECURITY_POLICY], shared::site::SERVICE_WORKER_POLICY);

        // An older worker's tag gets the new script.
        let response = app.get(Method::GET, "/sw.js", &[(header::IF_NONE_MATCH, "\"0000000000000000\"")]).await;
        assert_eq!((response.status(), response.body().as_ref()), (StatusCode::OK, WORKER.as_bytes()));

        let response = app.get(Method::HEAD, "/sw.js", &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
        let response = app.get(Method::POST, "/sw.js", &[]).await;
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);

        // Only that path: the page around it is still the app's.
        for path in ["/sw.js/", "/SW.JS", "/assets/sw.js"] {
            let response = app.get(Method::GET, path, &[]).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            assert_ne!(response.headers().get(header::CONTENT_TYPE).map(|v| v.as_bytes()), Some(JAVASCRIPT.as_bytes()));
        }
    }

    #[tokio::test]
    async fn without_a_service_worker_its_path_is_a_plain_404() {
        let app = Built::with("no-worker", &[("index.html", INDEX)]);
        let response = app.get(Method::GET, "/sw.js", &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(response.body().is_empty(), "{:?}", response.body());
        assert!(response.headers().get(header::CONTENT_TYPE).is_none());
        // Any other unknown path is still the app's not-found page.
        let response = app.get(Method::GET, "/nope", &[]).await;
        assert_eq!((response.status(), response.body().as_ref()), (StatusCode::NOT_FOUND, INDEX.as_bytes()));
    }

    #[tokio::test]
    async fn the_web_app_manifest_has_its_content_type() {
        let manifest = r##"{"name":"Xã Mới","start_url":"/","display":"standalone","theme_color":"#0b5cad"}"##;
        let app = Built::with(
            "manifest",
            &[("index.html", INDEX), ("assets/manifest-0123456789abcdef.webmanifest", manifest)],
        );
        let response = app.get(Method::GET, "/assets/manifest-0123456789abcdef.webmanifest", &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/manifest+json");
        assert_eq!(response.headers()[header::CACHE_CONTROL], IMMUTABLE);
        assert_eq!(response.body(), manifest.as_bytes());
    }
}
