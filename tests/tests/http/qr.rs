//! The poster's QR code (`GET /api/v1/communes/{code}/qr.svg?origin=`): an SVG of the commune's page on
//! the origin asked for, cacheable like every public read; anything but an origin is refused.

use shared::answers::ErrorResponse;
use tests::{Server, http_get};

/// Phường Hồng Hà, Hà Nội (data/new_communes.csv).
const COMMUNE: &str = "00097";

#[tokio::test]
async fn the_qr_code_is_an_svg_cached_like_the_other_reads() {
    let server = Server::start().unwrap();
    let origin = server.base_url.clone();
    let url = server.url(&format!("/api/v1/communes/{COMMUNE}/qr.svg?origin={origin}"));
    let (status, headers, body) = http_get(&url, &[]).await.unwrap();
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(headers["content-type"], "image/svg+xml");
    assert_eq!(headers["cache-control"], "public, max-age=60");
    let svg = String::from_utf8(body).unwrap();
    assert!(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.ends_with("</svg>"), "{svg}");
    assert!(svg.contains("<path"), "dark modules are drawn: {svg}");

    // The same code for the same page, and another for another origin.
    let (_, _, again) = http_get(&url, &[]).await.unwrap();
    assert_eq!(String::from_utf8(again).unwrap(), svg);
    let elsewhere = server.url(&format!("/api/v1/communes/{COMMUNE}/qr.svg?origin=https://example.org"));
    let (status, _, other) = http_get(&elsewhere, &[]).await.unwrap();
    assert_eq!(status, 200);
    assert_ne!(String::from_utf8(other).unwrap(), svg);

    let etag = headers["etag"].to_str().unwrap();
    let (status, _, body) = http_get(&url, &[("if-none-match", etag)]).await.unwrap();
    assert_eq!(status, 304);
    assert!(body.is_empty());
}

#[tokio::test]
async fn anything_but_an_origin_is_refused_and_an_unknown_commune_is_not_found() {
    let server = Server::start().unwrap();
    let long = format!("https://{}.org", "a".repeat(100));
    let bad_origins = [
        "",
        "example.org",
        "javascript:alert(1)",
        "https://example.org/xa/00097",
        "https://example.org%3Fx%3D1",
        "https://user@example.org",
        "https://example.org%0A",
        &long,
    ];
    for origin in bad_origins {
        let (status, headers, body) =
            http_get(&server.url(&format!("/api/v1/communes/{COMMUNE}/qr.svg?origin={origin}")), &[]).await.unwrap();
        assert_eq!(status, 400, "{origin}");
        assert!(headers["content-type"].to_str().unwrap().starts_with("application/json"), "{origin}");
        let error: ErrorResponse = serde_json::from_slice(&body).unwrap();
        assert_eq!(error.error.code, "bad_request", "{origin}");
        assert!(error.error.message.contains("\"origin\""), "{origin}: {}", error.error.message);
    }
    let (status, _, body) =
        http_get(&server.url(&format!("/api/v1/communes/{COMMUNE}/qr.svg?lang=en")), &[]).await.unwrap();
    assert_eq!(status, 400, "no origin: {}", String::from_utf8_lossy(&body));

    let (status, headers, body) =
        http_get(&server.url("/api/v1/communes/99999/qr.svg?origin=https://example.org"), &[]).await.unwrap();
    assert_eq!(status, 404);
    let error: ErrorResponse = serde_json::from_slice(&body).unwrap();
    assert_eq!(error.error.code, "not_found");
    assert!(headers.get("etag").is_none(), "errors are not cached");
    let (status, _, _) =
        http_get(&server.url("/api/v1/communes/0009x/qr.svg?origin=https://example.org"), &[]).await.unwrap();
    assert_eq!(status, 400, "a malformed code");
}
