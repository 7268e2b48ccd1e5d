//! The API described from its code (utoipa): `GET /api/v1/openapi.json`, and `GET /api/docs`, a
//! reference page rendered on the server from the same document, needing nothing from the internet.

use axum::Router;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use utoipa::openapi::header::Header;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{Content, Ref, RefOr, Required};
use utoipa::{Modify, OpenApi};

use crate::routes::{batch, communes, conversion, health, maps, old_units, procedures, provinces, qr, snapshot};
use crate::{AppState, ErrorCode};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Xã Mới API",
        version = "1",
        description = "Old Vietnamese addresses (before 1 July 2025) → the new communes, wards and special zones. \
            Old and new codes are different keys. Every error is {\"error\":{\"code\",\"message\"}}: `code` is \
            stable and machine-readable (one of those listed in ErrorBody), `message` is a sentence in the \
            reader's language, Vietnamese or English, never both. The reader's language, for error messages on \
            every route and for the texts of conversions: `lang=vi` or `lang=en` in the query, else the first \
            of `Accept-Language` that is one of them, else Vietnamese. \
            Read endpoints carry an ETag (the dataset version) and may be cached for an hour.",
        license(name = "MIT")
    ),
    paths(
        health::health,
        conversion::convert,
        batch::batch,
        conversion::search,
        communes::old_commune,
        communes::commune,
        qr::commune_qr,
        maps::commune_boundary,
        maps::locate,
        provinces::provinces,
        provinces::province_communes,
        old_units::provinces,
        old_units::districts,
        old_units::communes,
        procedures::procedures,
        procedures::procedure,
        snapshot::current,
        snapshot::snapshot,
        snapshot::compact,
    ),
    modifiers(&ErrorCodes, &EveryOperation),
    // The codes of path parameters (those of bodies are collected with the bodies).
    components(schemas(
        shared::model::OldCommuneCode,
        shared::model::NewCommuneCode,
        shared::model::OldDistrictCode,
        shared::model::OldProvinceCode,
        shared::model::ProvinceCode,
    )),
    tags(
        (name = "conversion", description = "Free-text addresses to new communes"),
        (name = "dataset", description = "Old and new units, by code"),
        (name = "picker", description = "Old units step by step"),
        (name = "procedures", description = "The national catalogue of administrative procedures"),
        (name = "service", description = "Status"),
    )
)]
pub struct ApiDoc;

/// Lists every [`ErrorCode`] as the values of `ErrorBody.code`, so that clients may match on them (and
/// the tests check every error answered against the list).
struct ErrorCodes;

impl Modify for ErrorCodes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let body = openapi.components.as_mut().and_then(|c| c.schemas.get_mut("ErrorBody"));
        let Some(RefOr::T(Schema::Object(body))) = body else { panic!("ErrorBody is an object schema") };
        let Some(RefOr::T(Schema::Object(code))) = body.properties.get_mut("code") else {
            panic!("ErrorBody.code is a string schema")
        };
        code.enum_values = Some(ErrorCode::ALL.iter().map(|c| c.as_str().into()).collect());
    }
}

/// Answers that any operation may give whatever its handler does, added to every operation: a URI or
/// headers refused before routing (414, 431), a request out of time (408), the per-client rate limit
/// (429) and load shedding (503), the last two saying when to try again.
struct EveryOperation;

/// (status, description, whether it carries `Retry-After`)
const EVERY_OPERATION: [(u16, &str, bool); 5] = [
    (408, "The request took over 10 seconds", false),
    (414, "URI over 8 KiB", false),
    (429, "Too many requests from this client: try again after `Retry-After` seconds", true),
    (431, "Request headers too large", false),
    (503, "The service is busy: try again after `Retry-After` seconds", true),
];

impl Modify for EveryOperation {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut retry_after = Header::new(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)));
        retry_after.description = Some("Seconds to wait before trying again".to_owned());
        for item in openapi.paths.paths.values_mut() {
            let operations = [&mut item.get, &mut item.post, &mut item.put, &mut item.delete, &mut item.patch];
            for operation in operations.into_iter().flatten() {
                for (status, description, retry) in EVERY_OPERATION {
                    let mut response = ResponseBuilder::new().description(description).content(
                        "application/json",
                        Content::new(Some(RefOr::Ref(Ref::from_schema_name("ErrorResponse")))),
                    );
                    if retry {
                        response = response.header("Retry-After", retry_after.clone());
                    }
                    operation.responses.responses.entry(status.to_string()).or_insert_with(|| response.build().into());
                }
            }
        }
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(document)).route("/api/docs", get(reference_page))
}

async fn document() -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "public, max-age=3600")], axum::Json(ApiDoc::openapi()))
}

async fn reference_page() -> Html<String> {
    Html(render(&ApiDoc::openapi()))
}

/// A plain HTML reference of every operation and schema.
pub fn render(doc: &utoipa::openapi::OpenApi) -> String {
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Xã Mới API</title><style>\
         body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1a1a1a}\
         code,pre{background:#f4f6f9;border-radius:4px}pre{padding:.5rem;overflow:auto}\
         .op{border:1px solid #d5dae1;border-radius:8px;padding:.75rem 1rem;margin:1rem 0}\
         .m{font-weight:700;color:#0b5cad;margin-right:.5rem}table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left;vertical-align:top}\
         </style></head><body>",
    );
    html += &format!(
        "<h1>{}</h1><p>{}</p>",
        escape(&doc.info.title),
        escape(doc.info.description.as_deref().unwrap_or(""))
    );
    html += "<p>Machine-readable: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a> (OpenAPI 3.1).</p><h2>Operations</h2>";
    for (path, item) in &doc.paths.paths {
        let operations = [("GET", &item.get), ("POST", &item.post), ("PUT", &item.put), ("DELETE", &item.delete)];
        for (method, operation) in operations {
            if let Some(operation) = operation {
                html += &render_operation(method, path, operation);
            }
        }
    }
    html += "<h2>Schemas</h2>";
    if let Some(components) = &doc.components {
        for (name, schema) in &components.schemas {
            let json = serde_json::to_string_pretty(schema).unwrap_or_default();
            html += &format!("<h3 id=\"schema-{0}\">{0}</h3><pre>{1}</pre>", escape(name), escape(&json));
        }
    }
    html + "</body></html>"
}

fn render_operation(method: &str, path: &str, operation: &Operation) -> String {
    let mut html = format!("<div class=\"op\"><p><span class=\"m\">{method}</span><code>{}</code></p>", escape(path));
    if let Some(summary) = &operation.summary {
        html += &format!("<p><strong>{}</strong></p>", escape(summary));
    }
    if let Some(description) = &operation.description {
        html += &format!("<p>{}</p>", escape(description));
    }
    if let Some(parameters) = operation.parameters.as_ref().filter(|p| !p.is_empty()) {
        html += "<table><tr><th>parameter</th><th>in</th><th></th><th>description</th></tr>";
        for parameter in parameters {
            let place = match parameter.parameter_in {
                ParameterIn::Path => "path",
                ParameterIn::Query => "query",
                ParameterIn::Header => "header",
                ParameterIn::Cookie => "cookie",
            };
            let required = if matches!(parameter.required, Required::True) { "required" } else { "optional" };
            html += &format!(
                "<tr><td><code>{}</code></td><td>{place}</td><td>{required}</td><td>{}</td></tr>",
                escape(&parameter.name),
                escape(parameter.description.as_deref().unwrap_or(""))
            );
        }
        html += "</table>";
    }
    if let Some(body) = &operation.request_body {
        let types: Vec<String> =
            body.content.iter().map(|(mime, content)| format!("{mime}{}", schema_link(&content.schema))).collect();
        html += &format!("<p>Request body: {}</p>", types.join("; "));
    }
    html += "<ul>";
    for (status, response) in &operation.responses.responses {
        let (description, types) = match response {
            RefOr::T(response) => (
                response.description.clone(),
                response
                    .content
                    .iter()
                    .map(|(mime, content)| format!("{mime}{}", schema_link(&content.schema)))
                    .collect::<Vec<_>>(),
            ),
            RefOr::Ref(reference) => (reference.ref_location.clone(), vec![]),
        };
        html += &format!("<li><code>{status}</code> {} {}</li>", escape(&description), types.join("; "));
    }
    html + "</ul></div>"
}

fn schema_link(schema: &Option<RefOr<utoipa::openapi::schema::Schema>>) -> String {
    match schema {
        Some(RefOr::Ref(reference)) => {
            let name = reference.ref_location.rsplit('/').next().unwrap_or_default();
            format!(" → <a href=\"#schema-{0}\">{0}</a>", escape(name))
        }
        _ => String::new(),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
