//! `/api/...`: small route groups, each next to its handlers, merged here.

mod communes;
mod health;
mod lookup;
mod old_units;
mod provinces;
mod snapshot;

use axum::Router;
use axum::routing::any;

use crate::{ApiError, AppState};

pub fn api() -> Router<AppState> {
    Router::new()
        .merge(health::routes())
        .merge(communes::routes())
        .merge(provinces::routes())
        .merge(old_units::routes())
        .merge(snapshot::routes())
        .merge(lookup::routes())
        // Unknown API paths answer JSON, never the browser app.
        .route("/api", any(unknown_route))
        .route("/api/{*rest}", any(unknown_route))
}

async fn unknown_route(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("Không có đường dẫn API này / No such API route: {}", uri.path()))
}

/// A code of `digits` digits, or a 400 that says what a code looks like.
/// `what` names the unit in Vietnamese and English, e.g. `("xã cũ", "old commune")`.
fn valid_code<'a>(code: &'a str, digits: usize, what: (&str, &str)) -> Result<&'a str, ApiError> {
    if code.len() == digits && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code)
    } else {
        let (vi, en) = what;
        Err(ApiError::bad_request(format!(
            "Mã {vi} gồm {digits} chữ số / The {en} code has {digits} digits: {:?}",
            code.chars().take(20).collect::<String>()
        )))
    }
}
