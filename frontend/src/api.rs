//! Calls to `/api/v1` on the same origin. Each returns `Result` so that pages can show an error and retry.

use std::fmt;

use serde::de::DeserializeOwned;
use shared::api::{API_PREFIX, HealthResponse};

/// Why a call to the API did not give an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No answer at all: offline, or the server is unreachable.
    Network,
    /// The server answered with an error status.
    Status(u16),
    /// The server answered something this version of the app cannot read.
    Decode,
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Network => {
                f.write_str("Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại. / Cannot reach the server. Check your connection and try again.")
            }
            FetchError::Status(code) => write!(f, "Máy chủ trả lỗi {code}. / The server answered with error {code}."),
            FetchError::Decode => f.write_str("Không đọc được câu trả lời của máy chủ. / Could not read the server's answer."),
        }
    }
}

pub async fn health() -> Result<HealthResponse, FetchError> {
    get_json(&format!("{API_PREFIX}/health")).await
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, FetchError> {
    let response = gloo_net::http::Request::get(url).send().await.map_err(|_| FetchError::Network)?;
    if !response.ok() {
        return Err(FetchError::Status(response.status()));
    }
    response.json::<T>().await.map_err(|_| FetchError::Decode)
}
