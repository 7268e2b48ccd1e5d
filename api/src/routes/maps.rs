//! Where a point is, and a commune's boundary to draw: the commune boundaries of
//! `data/sources/boundaries/wards.geojson`, embedded in the binary (7.1 MB) so that a Lambda function
//! needs no file, read in the background at start-up or on first use, whichever comes first (about
//! 0.15 s, `docs/benchmarks.md`).

use std::sync::OnceLock;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use shared::answers::{
    BoundaryCollection, BoundaryFeature, BoundaryProperties, BoundaryRole, LocateResponse, LocateStatus,
    MultiPolygonGeometry, UnitRef,
};
use shared::data::commune_boundaries::{CommuneBoundaries, Located};
use shared::model::{CodeKind, Index, NewCommuneCode};

use crate::error::Message;
use crate::{ApiError, AppState};

static WARDS_GEOJSON: &str = include_str!("../../../data/sources/boundaries/wards.geojson");

/// The boundary route, by its path pattern: [`crate::cache`] gives its answers (200 and 304 alike)
/// [`BOUNDARY_CACHE_CONTROL`].
pub(crate) const BOUNDARY_ROUTE: &str = "/api/v1/communes/{code}/boundary";

/// Boundaries change only with a new boundary file (a new build), not with a release: a day in caches,
/// and a week more while revalidating. Neighbours' names come from the dataset and may be a day old.
pub(crate) const BOUNDARY_CACHE_CONTROL: &str = "public, max-age=86400, stale-while-revalidate=604800";

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/locate", get(locate)).route(BOUNDARY_ROUTE, get(commune_boundary))
}

static BOUNDARIES: OnceLock<CommuneBoundaries> = OnceLock::new();

/// The boundaries, matched to the codes of the dataset served when they are first asked for. Blocks
/// while they are read (0.15 s), or while another thread reads them: not for an async worker
/// ([`boundaries_ready`]).
pub(crate) fn boundaries(index: &Index) -> &'static CommuneBoundaries {
    BOUNDARIES.get_or_init(|| read_boundaries(index))
}

fn read_boundaries(index: &Index) -> CommuneBoundaries {
    CommuneBoundaries::parse(WARDS_GEOJSON, &index.dataset.new_communes)
        .expect("the embedded wards.geojson is read by the tests of shared::data::commune_boundaries")
}

/// [`boundaries`] for a handler: a request that comes before the warm-up has read them reads them, or
/// waits for them, on a blocking thread, so that the async workers go on answering.
async fn boundaries_ready(state: &AppState) -> Result<&'static CommuneBoundaries, ApiError> {
    let data = state.data.current();
    off_the_workers(&BOUNDARIES, move || read_boundaries(data.lookup.index())).await
}

/// `cell`'s value, made by `init` on a blocking thread if nobody has made it yet.
async fn off_the_workers<T: Send + Sync>(
    cell: &'static OnceLock<T>,
    init: impl FnOnce() -> T + Send + 'static,
) -> Result<&'static T, ApiError> {
    if let Some(ready) = cell.get() {
        return Ok(ready);
    }
    tokio::task::spawn_blocking(move || cell.get_or_init(init))
        .await
        .map_err(|e| ApiError::internal(format!("reading the commune boundaries: {e}")))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct LocateQuery {
    /// Latitude, degrees north (WGS 84, as a phone's GPS gives it).
    #[param(minimum = -90.0, maximum = 90.0, example = 21.0356)]
    lat: f64,
    /// Longitude, degrees east.
    #[param(minimum = -180.0, maximum = 180.0, example = 105.8342)]
    lon: f64,
}

#[utoipa::path(get, path = "/api/v1/locate", tag = "dataset",
    summary = "The commune holding a point (GPS)",
    description = "`inside`: the commune whose boundary holds the point, with the distance to its nearest border and, \
        within 150 m of it, the commune across it (the boundaries are simplified: borders are tens of metres off, at \
        worst a few hundred). `nearest`: the point is in no commune but within 1 km of one (off the coast, on a \
        river): an approximate answer. `no_commune`: at sea or outside Viet Nam.",
    params(LocateQuery),
    responses((status = 200, description = "Where the point is", body = LocateResponse),
        (status = 400, description = "`lat` or `lon` missing, not a number, or out of range", body = shared::answers::ErrorResponse)))]
pub(crate) async fn locate(
    State(state): State<AppState>,
    query: Result<Query<LocateQuery>, QueryRejection>,
) -> Result<Json<LocateResponse>, ApiError> {
    let Query(LocateQuery { lat, lon }) = query?;
    if !(lat.is_finite() && lon.is_finite() && (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)) {
        return Err(ApiError::bad_request(Message::BadPoint { lat: lat.to_string(), lon: lon.to_string() }));
    }
    let boundaries = boundaries_ready(&state).await?;
    let data = state.data.load();
    let index = data.lookup.index();
    let found = boundaries.locate(lon, lat);
    let unit = |code: &str| commune_ref(index, code);
    let province = |code: &str| {
        let name = code.parse().ok().and_then(|code| index.new_province(&code)).map(|p| p.full_name.clone());
        UnitRef { code: code.to_owned(), name: name.unwrap_or_default() }
    };
    let metres = |m: f64| Some(m.round() as u32);
    let answer = |status, commune: Option<UnitRef>, province: Option<UnitRef>| LocateResponse {
        lat,
        lon,
        status,
        commune,
        province,
        distance_m: None,
        across_border: None,
        in_viet_nam_box: false,
    };
    Ok(Json(match found {
        Located::Inside { code, province: p, border_m, across_border } => LocateResponse {
            distance_m: metres(border_m),
            across_border: across_border.map(unit),
            ..answer(LocateStatus::Inside, Some(unit(code)), Some(province(p)))
        },
        Located::Nearest { code, province: p, distance_m } => LocateResponse {
            distance_m: metres(distance_m),
            ..answer(LocateStatus::Nearest, Some(unit(code)), Some(province(p)))
        },
        Located::NoCommune { in_viet_nam_box } => {
            LocateResponse { in_viet_nam_box, ..answer(LocateStatus::NoCommune, None, None) }
        }
    }))
}

/// A commune by code, named as the dataset served names it (the file's codes were matched to it).
fn commune_ref(index: &Index, code: &str) -> UnitRef {
    let name = code.parse().ok().and_then(|code| index.new_commune(&code)).map(|c| c.full_name.clone());
    UnitRef { code: code.to_owned(), name: name.unwrap_or_default() }
}

#[utoipa::path(get, path = "/api/v1/communes/{code}/boundary", tag = "dataset",
    summary = "A commune's boundary and its neighbours', as GeoJSON",
    description = "A GeoJSON FeatureCollection (RFC 7946, [lon, lat]): first the commune (`role` `commune`), then each \
        commune sharing a border with it (`role` `neighbour`), each a simplified MultiPolygon (about 130 m of \
        simplification; source and processing in `data/sources/boundaries/README.md`). Cached for a day.",
    params(("code" = NewCommuneCode, Path, description = "5-digit code of the commune from 1 July 2025", example = "00004")),
    responses((status = 200, description = "The boundaries", content_type = "application/geo+json", body = BoundaryCollection),
        (status = 400, description = "Malformed code", body = shared::answers::ErrorResponse),
        (status = 404, description = "Unknown code, or a commune whose boundary no source gives", body = shared::answers::ErrorResponse)))]
pub(crate) async fn commune_boundary(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let code: NewCommuneCode = code.parse()?;
    let boundaries = boundaries_ready(&state).await?;
    let data = state.data.load();
    let index = data.lookup.index();
    if index.new_commune(&code).is_none() {
        return Err(ApiError::not_found(Message::UnknownCode { kind: CodeKind::NewCommune, code: code.to_string() }));
    }
    let Some(shapes) = boundaries.with_neighbours(code.as_str()) else {
        return Err(ApiError::not_found(Message::NoBoundary { code: code.to_string() }));
    };
    let features = shapes
        .into_iter()
        .enumerate()
        .filter_map(|(i, shape)| {
            // A neighbour that a later release removed from the dataset is left out.
            let commune = index.new_commune(&shape.code.parse().ok()?)?;
            let coordinates = shape
                .polygons
                .iter()
                .map(|polygon| {
                    std::iter::once(polygon.exterior())
                        .chain(polygon.interiors())
                        .map(|ring| ring.coords().map(|c| [c.x, c.y]).collect())
                        .collect()
                })
                .collect();
            Some(BoundaryFeature {
                kind: Default::default(),
                properties: BoundaryProperties {
                    code: commune.code.clone(),
                    name: commune.full_name.clone(),
                    role: if i == 0 { BoundaryRole::Commune } else { BoundaryRole::Neighbour },
                },
                geometry: MultiPolygonGeometry { kind: Default::default(), coordinates },
            })
        })
        .collect();
    // Cache-Control: BOUNDARY_CACHE_CONTROL, from crate::cache (which gives a 304 the same).
    let mut response = Json(BoundaryCollection { kind: Default::default(), features }).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/geo+json"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_slow_first_read_leaves_the_async_worker_free() {
        // The test's runtime has one worker: a read made on it would hold the tick back until it is done.
        static CELL: OnceLock<u32> = OnceLock::new();
        static ORDER: Mutex<Vec<&str>> = Mutex::new(Vec::new());
        let read = off_the_workers(&CELL, || {
            std::thread::sleep(Duration::from_millis(300));
            ORDER.lock().unwrap().push("read");
            7
        });
        let tick = async {
            tokio::time::sleep(Duration::from_millis(10)).await;
            ORDER.lock().unwrap().push("tick");
        };
        let (value, ()) = tokio::join!(read, tick);
        assert_eq!(*value.unwrap(), 7);
        assert_eq!(*ORDER.lock().unwrap(), ["tick", "read"]);
        // Once read, the value is there without a thread.
        assert_eq!(*off_the_workers(&CELL, || unreachable!()).await.unwrap(), 7);
    }
}
