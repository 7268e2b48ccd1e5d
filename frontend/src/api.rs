//! Calls to `/api/v1` on the same origin. A page names what it asks as a [`Call`]; the answer comes
//! back as the JSON text, which the page decodes ([`decode`]) into its type.
//!
//! Why text: every page's resource then has one type, `Result<String, FetchError>`, so that Leptos'
//! async machinery (the resource, its future, the `Transition`) is compiled once
//! (`components::fetched::Fetched`) rather than once per answer type, which cost about 1.5 KB of the
//! gzipped bundle per page (`docs/benchmarks.md`).

use serde::de::DeserializeOwned;
use shared::answers::{API_PREFIX, ConvertRequest, Lang};
use shared::staff::reports::NewReport;

/// Why a call to the API did not give an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No answer at all: offline, or the server is unreachable.
    Network,
    /// The server answered with an error status.
    Status(u16),
    /// The server answered something this version of the app cannot read.
    Decode,
    /// No such unit (the server answered 404).
    NotFound,
    /// An address longer than the API reads ([`shared::engine::MAX_INPUT_CHARS`]): checked before
    /// sending, and what a 422 from `/convert` means (the app always sends the right shape).
    TooLong,
    /// Too many requests from this address (429): try again after this many seconds (`Retry-After`).
    RateLimited(Option<u32>),
}

/// A request to the API: `GET url`, or `POST url` with a JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub url: String,
    pub body: Option<String>,
}

impl Call {
    fn get(path: String) -> Self {
        Self { url: format!("{API_PREFIX}{path}"), body: None }
    }
}

pub fn health() -> Call {
    Call::get("/health".to_owned())
}

/// Old and new communes matching what was typed (search as you type).
pub fn search(query: &str) -> Call {
    Call::get(format!("/search?q={}&limit=8", encode(query)))
}

/// Whether the API would certainly refuse `text` as too long; when unsure (decomposed text), the
/// API's 422 says so.
pub fn too_long(text: &str) -> bool {
    shared::engine::surely_too_long(text)
}

/// Converts an old address; the hint and the reasons come in `lang`. Check [`too_long`] first.
pub fn convert(address: &str, lang: Lang) -> Call {
    let body = serde_json::to_string(&ConvertRequest { address: address.to_owned() }).ok();
    Call { url: format!("{API_PREFIX}/convert?lang={}", lang.code()), body }
}

pub fn old_commune(code: &str) -> Call {
    Call::get(format!("/old-communes/{}", encode(code)))
}

pub fn commune(code: &str) -> Call {
    Call::get(format!("/communes/{}", encode(code)))
}

/// A commune's boundary, then its neighbours' ([`shared::answers::BoundaryCollection`]).
pub fn boundary(code: &str) -> Call {
    Call::get(format!("/communes/{}/boundary", encode(code)))
}

/// The commune holding a point ([`shared::answers::LocateResponse`]), asked at 5 decimals (about 1 m).
pub fn locate(lat: f64, lon: f64) -> Call {
    // `geo:LAT,LON` is written by integer arithmetic: no float formatting in the bundle.
    let point = crate::format::geo_link(lat, lon);
    let (lat, lon) = point["geo:".len()..].split_once(',').unwrap_or_default();
    Call::get(format!("/locate?lat={lat}&lon={lon}"))
}

pub fn province_communes(code: &str) -> Call {
    Call::get(format!("/provinces/{}/communes", encode(code)))
}

pub fn procedure(code: &str) -> Call {
    Call::get(format!("/procedures/{}", encode(code)))
}

/// Sends a citizen's report of an error (answered with a [`shared::staff::reports::ReportReceipt`]).
pub fn report(report: &NewReport) -> Call {
    Call { url: format!("{API_PREFIX}/reports"), body: serde_json::to_string(report).ok() }
}

/// Where a report stands ([`shared::staff::reports::ReportStatus`]).
pub fn report_status(ticket: &str) -> Call {
    Call::get(format!("/reports/{}", encode(ticket)))
}

/// The step-by-step picker: old provinces, then a province's districts, then a district's communes.
pub fn old_units(parent: &PickerLevel) -> Call {
    Call::get(match parent {
        PickerLevel::Provinces => "/old/provinces".to_owned(),
        PickerLevel::Districts(province) => format!("/old/provinces/{}/districts", encode(province)),
        PickerLevel::Communes(district) => format!("/old/districts/{}/communes", encode(district)),
    })
}

/// Which list the picker shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerLevel {
    Provinces,
    Districts(String),
    Communes(String),
}

/// Sends `call`; the answer's JSON text on success.
pub async fn send(call: Call) -> Result<String, FetchError> {
    let request = match call.body {
        None => gloo_net::http::Request::get(&call.url).build(),
        Some(body) => gloo_net::http::Request::post(&call.url).header("content-type", "application/json").body(body),
    };
    let response = request.map_err(|_| FetchError::Decode)?.send().await.map_err(|_| FetchError::Network)?;
    match response.status() {
        200..=299 => response.text().await.map_err(|_| FetchError::Network),
        status => Err(status_error(status, response.headers().get("retry-after").as_deref())),
    }
}

/// What an error status means to a reader. A malformed code and an unknown code are both "no such
/// unit"; the app always sends bodies of the right shape, so a 422 is text over the API's limit.
pub fn status_error(status: u16, retry_after: Option<&str>) -> FetchError {
    match status {
        400 | 404 => FetchError::NotFound,
        422 => FetchError::TooLong,
        429 => FetchError::RateLimited(retry_after.and_then(|s| s.trim().parse().ok())),
        status => FetchError::Status(status),
    }
}

/// An answer's JSON text as `T`.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, FetchError> {
    serde_json::from_str(text).map_err(|_| FetchError::Decode)
}

/// Text as a URL component (codes come from links, but a typed URL may hold anything).
pub fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_mean_what_the_reader_is_told() {
        assert_eq!(status_error(404, None), FetchError::NotFound);
        assert_eq!(status_error(400, None), FetchError::NotFound);
        assert_eq!(status_error(422, None), FetchError::TooLong);
        assert_eq!(status_error(429, Some(" 120 ")), FetchError::RateLimited(Some(120)));
        assert_eq!(status_error(429, Some("soon")), FetchError::RateLimited(None));
        assert_eq!(status_error(503, Some("5")), FetchError::Status(503));
    }

    #[test]
    fn a_point_is_asked_in_degrees_at_five_decimals() {
        // Phường Ba Đình's middle (data/new_communes.csv).
        assert_eq!(locate(21.0386, 105.838).url, format!("{API_PREFIX}/locate?lat=21.03860&lon=105.83800"));
    }
}
