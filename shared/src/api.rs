//! The JSON bodies of the public API, defined once for the server and the browser.

use serde::{Deserialize, Serialize};

/// Path prefix of every API route; the browser app calls the same origin.
pub const API_PREFIX: &str = "/api/v1";

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthResponse {
    /// `"ok"` when the service can answer.
    pub status: String,
    pub dataset: DatasetInfo,
}

/// Which dataset the service answers from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetInfo {
    /// Content hash of the data the service was built from; changes whenever the data does.
    pub version: String,
    /// Date (YYYY-MM-DD) of the newest source the data was built from.
    pub built_from: String,
}

/// Body of every 4xx/5xx response: `{"error":{"code","message"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorResponse {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable, machine-readable code such as `not_found`.
    pub code: String,
    /// A sentence for people; never internals.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_round_trips_through_json() {
        let health = HealthResponse {
            status: "ok".into(),
            dataset: DatasetInfo {
                version: "abc123".into(),
                built_from: "2026-07-25".into(),
            },
        };
        let json = serde_json::to_string(&health).unwrap();
        assert_eq!(
            json,
            r#"{"status":"ok","dataset":{"version":"abc123","built_from":"2026-07-25"}}"#
        );
        assert_eq!(
            serde_json::from_str::<HealthResponse>(&json).unwrap(),
            health
        );
    }

    #[test]
    fn error_body_has_the_documented_shape() {
        let body = ErrorResponse {
            error: ErrorBody {
                code: "not_found".into(),
                message: "No such route".into(),
            },
        };
        let value = serde_json::to_value(&body).unwrap();
        assert_eq!(value["error"]["code"], "not_found");
        assert_eq!(value["error"]["message"], "No such route");
    }
}
