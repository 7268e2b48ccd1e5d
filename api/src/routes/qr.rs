//! A commune's QR code for its printable poster (`/xa/{code}/in` in the browser app), as SVG: made
//! here rather than in the browser, where an encoder would not fit the app's first-load budget.

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Deserialize;
use shared::model::{CodeKind, NewCommuneCode};

use crate::error::Message;
use crate::{ApiError, AppState};

/// The longest `origin` read: a site's origin, not a place to put a message.
pub const MAX_ORIGIN_CHARS: usize = 100;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/communes/{code}/qr.svg", get(commune_qr))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct QrQuery {
    /// The site's origin, as the browser's `window.location.origin` writes it: `http(s)://`, a host name
    /// in lower case (or an IPv6 address in brackets) and an optional port; no path, query or user name.
    /// At most 100 characters.
    #[param(
        pattern = r"^https?://([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(:[0-9]{1,5})?$",
        max_length = 100
    )]
    origin: String,
}

#[utoipa::path(get, path = "/api/v1/communes/{code}/qr.svg", tag = "dataset",
    summary = "A QR code of a commune's page, for its printable poster",
    description = "An SVG QR code of `{origin}/xa/{code}`, the commune's page on the site at `origin` (the browser \
        app's poster, `/xa/{code}/in`, asks with its own origin), to print and put on a service centre's wall.",
    params(("code" = NewCommuneCode, Path, description = "5-digit code of the commune from 1 July 2025", example = "00097"), QrQuery),
    responses((status = 200, description = "The QR code", content_type = "image/svg+xml", body = String),
        (status = 400, description = "Malformed code, or `origin` missing or not an origin", body = shared::answers::ErrorResponse),
        (status = 404, description = "Unknown code", body = shared::answers::ErrorResponse)))]
pub(crate) async fn commune_qr(
    State(state): State<AppState>,
    Path(code): Path<String>,
    query: Result<Query<QrQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let code: NewCommuneCode = code.parse()?;
    let Query(QrQuery { origin }) = query?;
    if !is_origin(&origin) {
        return Err(ApiError::bad_request(Message::BadOrigin {
            text: origin.chars().take(MAX_ORIGIN_CHARS).collect(),
        }));
    }
    if state.data.load().lookup.index().new_commune(&code).is_none() {
        return Err(ApiError::not_found(Message::UnknownCode { kind: CodeKind::NewCommune, code: code.to_string() }));
    }
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], page_qr(&origin, &code)))
}

/// The SVG QR code of the commune's page on `origin` (medium error correction: a poster on a wall gets
/// scratched; the quiet zone scanners need around it).
pub fn page_qr(origin: &str, code: &NewCommuneCode) -> String {
    let url = format!("{origin}/xa/{code}");
    // A URL of at most 100 + 9 bytes fits a QR code many times over: encoding it cannot fail.
    let qr = QrCode::new(url.as_bytes()).expect("a short URL fits a QR code");
    qr.render::<svg::Color>().min_dimensions(256, 256).quiet_zone(true).build()
}

/// Whether `text` is an origin as the pattern of `origin` in the OpenAPI document ([`QrQuery`]) reads
/// it: scheme, host (lower-case labels of letters, digits and inner hyphens, or a bracketed IPv6
/// address), an optional port of 1 to 5 digits, and nothing else; at most [`MAX_ORIGIN_CHARS`]. Keep the
/// two the same (a test compares them): schemathesis sends texts of the pattern and expects them answered.
pub fn is_origin(text: &str) -> bool {
    if text.chars().count() > MAX_ORIGIN_CHARS {
        return false;
    }
    let Some(rest) = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://")) else {
        return false;
    };
    let port = if let Some(inner) = rest.strip_prefix('[') {
        let Some((address, port)) = inner.split_once(']') else { return false };
        let ipv6 = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b == b':' || b == b'.';
        if address.is_empty() || !address.bytes().all(ipv6) {
            return false;
        }
        port
    } else {
        let (host, port) = rest.split_at(rest.find(':').unwrap_or(rest.len()));
        if !host.split('.').all(is_label) {
            return false;
        }
        port
    };
    match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(digits) => (1..=5).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()),
    }
}

fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        for origin in [
            "https://example.org",
            "http://127.0.0.1:3000",
            "http://localhost:8080",
            "https://xa-moi.example.org",
            "http://[::1]:3000",
            "https://a",
            "https://x1.y2.z3:65535",
        ] {
            assert!(is_origin(origin), "{origin}");
        }
        let long = format!("https://{}.org", "a".repeat(MAX_ORIGIN_CHARS));
        for text in [
            "",
            "example.org",
            "ftp://example.org",
            "https://",
            "https://example.org/",
            "https://example.org/xa",
            "https://example.org?x=1",
            "https://example.org#top",
            "https://user@example.org",
            "https://user:pw@example.org",
            "https://Example.org",
            "HTTPS://example.org",
            "https://example..org",
            "https://.example.org",
            "https://example.org.",
            "https://-example.org",
            "https://example-.org",
            "https://exa mple.org",
            "https://example.org:",
            "https://example.org:123456",
            "https://example.org:80a",
            "https://example.org:80:80",
            "http://[]:3000",
            "http://[::1",
            "http://[::1]]",
            "http://[::g]",
            "https://example.org\n",
            "https://ví-dụ.vn",
            &long,
        ] {
            assert!(!is_origin(text), "{text:?}");
        }
    }

    /// The documented schema of `origin` (its pattern and length, read by JSON Schema's rules) accepts
    /// exactly what the handler accepts, over origins and texts one edit away from them.
    #[test]
    fn the_documented_pattern_is_the_handlers_rule() {
        use utoipa::OpenApi;
        let doc = serde_json::to_value(crate::openapi::ApiDoc::openapi()).unwrap();
        let parameters = doc["paths"]["/api/v1/communes/{code}/qr.svg"]["get"]["parameters"].as_array().unwrap();
        let schema = &parameters.iter().find(|p| p["name"] == "origin").unwrap()["schema"];
        assert_eq!(schema["maxLength"], MAX_ORIGIN_CHARS, "{schema}");
        let documented = jsonschema::validator_for(schema).unwrap();
        let origins = ["https://example.org", "http://127.0.0.1:3000", "http://[::1]:8080", "https://a-b.c1"];
        let mut texts: Vec<String> = origins.iter().map(|o| o.to_string()).collect();
        for origin in origins {
            for (at, _) in origin.char_indices().chain([(origin.len(), ' ')]) {
                for edit in ["", " ", "/", "?", "#", "@", ":", "A", "-", ".", "[", "]", "\n", "é", "%", "0"] {
                    texts.push(format!("{}{edit}{}", &origin[..at], &origin[at..]));
                    if at < origin.len() {
                        texts.push(format!("{}{edit}{}", &origin[..at], &origin[at + 1..]));
                    }
                }
            }
        }
        texts.push(format!("https://{}", "a".repeat(MAX_ORIGIN_CHARS - 8)));
        texts.push(format!("https://{}", "a".repeat(MAX_ORIGIN_CHARS - 7)));
        let mut accepted = 0;
        for text in &texts {
            let valid = documented.is_valid(&serde_json::json!(text));
            assert_eq!(valid, is_origin(text), "{text:?}: the document says {valid}");
            accepted += usize::from(valid);
        }
        assert!(accepted > 50 && accepted < texts.len() / 2, "{accepted} of {}", texts.len());
    }

    #[test]
    fn the_qr_code_is_an_svg_of_the_page() {
        let svg = page_qr("https://example.org", &"00097".parse().unwrap());
        assert!(svg.starts_with("<?xml") && svg.contains("<svg") && svg.ends_with("</svg>"), "{svg}");
        let of_the_page = QrCode::new(b"https://example.org/xa/00097").unwrap();
        assert_eq!(svg, of_the_page.render::<svg::Color>().min_dimensions(256, 256).quiet_zone(true).build());
    }
}
