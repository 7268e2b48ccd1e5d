//! `GET /api/v1/locate` and `GET /api/v1/communes/{code}/boundary` on the real server: the commune holding
//! a point (or a clear "no commune"), and a commune's boundary with its neighbours as GeoJSON.

use shared::answers::{BoundaryCollection, BoundaryRole, ErrorResponse, LocateResponse, LocateStatus};
use tests::{Server, http_get};

/// Phường Ba Đình, Hà Nội (data/new_communes.csv).
const BA_DINH: &str = "00004";

async fn get_json<T: serde::de::DeserializeOwned>(server: &Server, path: &str) -> (u16, http::HeaderMap, T) {
    let (status, headers, body) = http_get(&server.url(path), &[]).await.unwrap();
    let value =
        serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{path}: {e}: {}", String::from_utf8_lossy(&body)));
    (status, headers, value)
}

#[tokio::test]
async fn a_point_in_a_commune_is_located_with_its_province_and_border_distance() {
    let server = Server::start().unwrap();
    // A point inside Ba Đình's boundary, found by the library over the same file, not chosen by hand.
    let boundaries = tests::commune_boundaries();
    let (lon, lat) = boundaries.interior_point(BA_DINH).unwrap();
    let (status, headers, answer): (_, _, LocateResponse) =
        get_json(&server, &format!("/api/v1/locate?lat={lat}&lon={lon}")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["cache-control"], "public, max-age=60");
    assert_eq!(answer.status, LocateStatus::Inside);
    let commune = answer.commune.unwrap();
    assert_eq!((commune.code.as_str(), commune.name.as_str()), (BA_DINH, "Phường Ba Đình"));
    assert_eq!(answer.province.unwrap().code, "01");
    assert!(answer.distance_m.unwrap() > 0);
    assert_eq!((answer.lat, answer.lon), (lat, lon));

    // At sea between the coast and the Trường Sa islands, and in Paris: no commune, and said why.
    let (_, _, sea): (_, _, LocateResponse) = get_json(&server, "/api/v1/locate?lat=12&lon=111").await;
    assert_eq!((sea.status, sea.commune, sea.in_viet_nam_box), (LocateStatus::NoCommune, None, true));
    let (_, _, abroad): (_, _, LocateResponse) = get_json(&server, "/api/v1/locate?lat=48.85&lon=2.35").await;
    assert_eq!((abroad.status, abroad.in_viet_nam_box), (LocateStatus::NoCommune, false));
}

#[tokio::test]
async fn a_point_that_is_not_one_is_refused_in_the_readers_language() {
    let server = Server::start().unwrap();
    for query in
        ["", "lat=21", "lat=abc&lon=105", "lat=91&lon=105", "lat=21&lon=-181", "lat=NaN&lon=105", "lat=21&lon=inf"]
    {
        let (status, _, error): (_, _, ErrorResponse) = get_json(&server, &format!("/api/v1/locate?{query}")).await;
        assert_eq!((status, error.error.code.as_str()), (400, "bad_request"), "{query}");
    }
    let (_, _, error): (_, _, ErrorResponse) = get_json(&server, "/api/v1/locate?lat=91&lon=105&lang=en").await;
    assert!(error.error.message.starts_with("The latitude must be between -90 and 90"), "{}", error.error.message);
    let (_, _, error): (_, _, ErrorResponse) = get_json(&server, "/api/v1/locate?lat=91&lon=105").await;
    assert!(error.error.message.starts_with("Vĩ độ phải từ -90 đến 90"), "{}", error.error.message);
}

#[tokio::test]
async fn a_boundary_is_geojson_with_the_commune_first_then_its_neighbours() {
    let server = Server::start().unwrap();
    let (status, headers, body) =
        http_get(&server.url(&format!("/api/v1/communes/{BA_DINH}/boundary")), &[]).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/geo+json");
    assert_eq!(headers["cache-control"], "public, max-age=86400, stale-while-revalidate=604800");
    assert!(headers.contains_key("etag"));
    // Asked again with its ETag: a 304 that keeps as long as the 200 it stands for.
    let etag = headers["etag"].to_str().unwrap();
    let (status, again, empty) =
        http_get(&server.url(&format!("/api/v1/communes/{BA_DINH}/boundary")), &[("if-none-match", etag)])
            .await
            .unwrap();
    assert_eq!((status, empty.len()), (304, 0));
    assert_eq!(again["cache-control"], headers["cache-control"]);
    assert_eq!(again["etag"], headers["etag"]);
    // GeoJSON a general reader takes, and the typed answer the app reads.
    let general: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(general["type"], "FeatureCollection");
    assert_eq!(general["features"][0]["geometry"]["type"], "MultiPolygon");
    let map: BoundaryCollection = serde_json::from_slice(&body).unwrap();
    let first = &map.features[0].properties;
    assert_eq!(
        (first.code.as_str(), first.name.as_str(), first.role),
        (BA_DINH, "Phường Ba Đình", BoundaryRole::Commune)
    );
    let neighbours = &map.features[1..];
    assert!(neighbours.len() >= 3, "{}", neighbours.len());
    assert!(neighbours.iter().all(|n| n.properties.role == BoundaryRole::Neighbour && !n.properties.name.is_empty()));
    // Every ring closed, in [lon, lat] around Hà Nội.
    for ring in map.features.iter().flat_map(|f| f.geometry.coordinates.iter().flatten()) {
        assert_eq!(ring.first(), ring.last());
        assert!(ring.iter().all(|[lon, lat]| (105.0..107.0).contains(lon) && (20.0..22.0).contains(lat)));
    }

    // Xã Ba Chẽ, whose code the boundary file spells differently (06978), has its boundary.
    let (status, _, _) = http_get(&server.url("/api/v1/communes/06970/boundary"), &[]).await.unwrap();
    assert_eq!(status, 200);
    let (status, _, error): (_, _, ErrorResponse) = get_json(&server, "/api/v1/communes/99999/boundary").await;
    assert_eq!((status, error.error.code.as_str()), (404, "not_found"));
    let (status, _, _): (_, _, ErrorResponse) = get_json(&server, "/api/v1/communes/abc/boundary").await;
    assert_eq!(status, 400);
}
