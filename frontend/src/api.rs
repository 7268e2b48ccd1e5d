//! Calls to `/api/v1` on the same origin. Each returns `Result` so that pages can show an error and retry.

use serde::de::DeserializeOwned;
use shared::answers::{
    API_PREFIX, CommuneResponse, ConvertRequest, ConvertResponse, HealthResponse, Lang, OldCommuneResponse,
    OldUnitsResponse, ProcedureResponse, ProvinceCommunesResponse, SearchResult,
};

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
}

pub async fn health() -> Result<HealthResponse, FetchError> {
    get_json(&format!("{API_PREFIX}/health")).await
}

/// Old and new communes matching what was typed (search as you type).
pub async fn search(query: &str) -> Result<Vec<SearchResult>, FetchError> {
    let request = gloo_net::http::Request::get(&format!("{API_PREFIX}/search")).query([("q", query), ("limit", "8")]);
    read_json::<shared::answers::SearchResponse>(request.send().await.map_err(|_| FetchError::Network)?)
        .await
        .map(|r| r.results)
}

/// Whether the API would certainly refuse `text` as too long; when unsure (decomposed text), the
/// API's 422 says so.
pub fn too_long(text: &str) -> bool {
    shared::engine::surely_too_long(text)
}

/// Converts an old address; the hint and the reasons come in `lang`.
pub async fn convert(address: &str, lang: Lang) -> Result<ConvertResponse, FetchError> {
    if too_long(address) {
        return Err(FetchError::TooLong);
    }
    let request = gloo_net::http::Request::post(&format!("{API_PREFIX}/convert"))
        .query([("lang", lang.code())])
        .json(&ConvertRequest { address: address.to_owned() })
        .map_err(|_| FetchError::Decode)?;
    match read_json(request.send().await.map_err(|_| FetchError::Network)?).await {
        Err(FetchError::Status(422)) => Err(FetchError::TooLong),
        answer => answer,
    }
}

pub async fn old_commune(code: &str) -> Result<OldCommuneResponse, FetchError> {
    get_json(&format!("{API_PREFIX}/old-communes/{}", encode(code))).await
}

pub async fn commune(code: &str) -> Result<CommuneResponse, FetchError> {
    get_json(&format!("{API_PREFIX}/communes/{}", encode(code))).await
}

pub async fn province_communes(code: &str) -> Result<ProvinceCommunesResponse, FetchError> {
    get_json(&format!("{API_PREFIX}/provinces/{}/communes", encode(code))).await
}

pub async fn procedure(code: &str) -> Result<ProcedureResponse, FetchError> {
    get_json(&format!("{API_PREFIX}/procedures/{}", encode(code))).await
}

/// The step-by-step picker: old provinces, then a province's districts, then a district's communes.
pub async fn old_units(parent: &PickerLevel) -> Result<OldUnitsResponse, FetchError> {
    let url = match parent {
        PickerLevel::Provinces => format!("{API_PREFIX}/old/provinces"),
        PickerLevel::Districts(province) => format!("{API_PREFIX}/old/provinces/{}/districts", encode(province)),
        PickerLevel::Communes(district) => format!("{API_PREFIX}/old/districts/{}/communes", encode(district)),
    };
    get_json(&url).await
}

/// Which list the picker shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerLevel {
    Provinces,
    Districts(String),
    Communes(String),
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, FetchError> {
    read_json(gloo_net::http::Request::get(url).send().await.map_err(|_| FetchError::Network)?).await
}

async fn read_json<T: DeserializeOwned>(response: gloo_net::http::Response) -> Result<T, FetchError> {
    match response.status() {
        200..=299 => response.json::<T>().await.map_err(|_| FetchError::Decode),
        // A malformed code and an unknown code are both "no such unit" to a reader.
        400 | 404 => Err(FetchError::NotFound),
        status => Err(FetchError::Status(status)),
    }
}

/// Text as a URL component (codes come from links, but a typed URL may hold anything).
pub fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}
