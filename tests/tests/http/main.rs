//! The real release-built server over a socket: what a browser or a CDN sees.

mod batch;
mod connections;
mod headers;
mod limits;
mod maps;
mod qr;
mod staff_auth;
mod staff_changes;
mod staff_provinces;
mod staff_store;

use shared::answers::{ErrorResponse, HealthResponse};
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

/// A snapshot published as a file (as staff will publish new versions) is served instead of the
/// embedded one; a damaged file stops the server with a clear message instead of serving bad data.
#[tokio::test]
async fn published_snapshot_file_is_loaded_and_a_damaged_one_refused() {
    let server = Server::start().unwrap();
    let (status, _, snapshot) = http_get(&server.url("/api/v1/snapshot"), &[]).await.unwrap();
    assert_eq!(status, 307);
    let (_, _, body) = http_get(&server.url("/api/v1/health"), &[]).await.unwrap();
    let health: HealthResponse = serde_json::from_slice(&body).unwrap();
    let (status, _, snapshot_bytes) =
        http_get(&server.url(&format!("/api/v1/snapshot/{}", health.dataset.version)), &[]).await.unwrap();
    assert_eq!(status, 200);
    assert!(snapshot.is_empty());

    let dir = std::env::temp_dir().join(format!("xamoi-snapshot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.bin");
    std::fs::write(&good, &snapshot_bytes).unwrap();
    let from_file = Server::start_with(&[("SNAPSHOT_PATH", good.as_os_str())]).unwrap();
    let (_, _, body) = http_get(&from_file.url("/api/v1/health"), &[]).await.unwrap();
    let loaded: HealthResponse = serde_json::from_slice(&body).unwrap();
    assert_eq!(loaded.dataset, health.dataset);

    let mut damaged_bytes = snapshot_bytes.clone();
    let middle = damaged_bytes.len() / 2;
    damaged_bytes[middle] ^= 0xff;
    let damaged = dir.join("damaged.bin");
    std::fs::write(&damaged, &damaged_bytes).unwrap();
    let output = std::process::Command::new(tests::api_binary())
        .env("PORT", "0")
        .env("SNAPSHOT_PATH", &damaged)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("SNAPSHOT_PATH") && stderr.contains("does not match"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}
