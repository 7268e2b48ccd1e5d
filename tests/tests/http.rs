//! The real release-built server over a socket: what a browser or a CDN sees.

use shared::api::{ErrorResponse, HealthResponse};
use tests::{Server, http_get};

#[tokio::test]
async fn health_answers_over_http() {
    let server = Server::start().unwrap();
    let (status, headers, body) = http_get(&server.url("/api/v1/health"), &[]).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/json");
    let health: HealthResponse = serde_json::from_slice(&body).unwrap();
    assert_eq!(health.status, "ok");
    assert_eq!(health.dataset.version.len(), 16);
}

#[tokio::test]
async fn unknown_api_route_is_a_json_404() {
    let server = Server::start().unwrap();
    let (status, _, body) = http_get(&server.url("/api/v1/does-not-exist"), &[]).await.unwrap();
    assert_eq!(status, 404);
    let error: ErrorResponse = serde_json::from_slice(&body).unwrap();
    assert_eq!(error.error.code, "not_found");
}

/// The built index.html references hashed assets; each is served with its content type,
/// cached for a year, and precompressed when the client accepts it.
#[tokio::test]
async fn built_app_and_its_assets_are_served() {
    let server = Server::start().unwrap();
    let (status, headers, body) = http_get(&server.url("/xa/00097"), &[]).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(headers["cache-control"], "no-cache");
    let index = String::from_utf8(body).unwrap();

    let assets: Vec<&str> = index.split('"').filter(|part| part.starts_with("/assets/")).collect();
    for (extension, content_type) in [(".js", "text/javascript"), (".wasm", "application/wasm"), (".css", "text/css")] {
        let asset = assets
            .iter()
            .find(|asset| asset.ends_with(extension))
            .unwrap_or_else(|| panic!("index.html references no {extension} asset: {index}"));
        let (status, headers, _) = http_get(&server.url(asset), &[("accept-encoding", "br, gzip")]).await.unwrap();
        assert_eq!(status, 200, "{asset}");
        assert!(
            headers["content-type"].to_str().unwrap().starts_with(content_type),
            "{asset}: {:?}",
            headers["content-type"]
        );
        assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable", "{asset}");
        assert_eq!(headers["content-encoding"], "br", "{asset}");

        let (_, headers, _) = http_get(&server.url(asset), &[("accept-encoding", "gzip")]).await.unwrap();
        assert_eq!(headers["content-encoding"], "gzip", "{asset}");
    }
}
