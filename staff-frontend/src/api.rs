//! Calls to the staff API (`/api/v1/staff/...`) on the same origin: the session cookie goes with them
//! (it is HttpOnly: the pages never read it), every write carries the CSRF header, and every call asks
//! for answers in the reader's language, so that the server's error sentences can be shown as they are.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::answers::Lang;
use shared::staff::edit::Problem;
use shared::staff::wire::{CSRF_HEADER, CSRF_VALUE};

/// Why a call did not give its answer.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    /// No answer at all: offline, or the server is unreachable.
    Network,
    /// 401: no session, or it expired. The pages go to sign-in (keeping what was typed).
    SignedOut,
    /// 422: what was sent breaks rules, each problem with its field.
    Invalid { message: String, problems: Vec<Problem> },
    /// 429: too many attempts; try again after this many seconds, if the server said.
    TooMany { message: String, retry_after: Option<u64> },
    /// Any other error status, with the server's sentence (in the reader's language).
    Status { status: u16, message: String },
    /// The server answered something this version of the pages cannot read.
    Decode,
}

impl CallError {
    /// The server's sentence, if it gave one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::Invalid { message, .. } | Self::TooMany { message, .. } | Self::Status { message, .. } => {
                Some(message)
            }
            _ => None,
        }
    }
}

/// The body of every 4xx/5xx answer (`api/src/error.rs`).
#[derive(serde::Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
    #[serde(default)]
    problems: Vec<Problem>,
}

#[derive(serde::Deserialize)]
struct ErrorDetail {
    message: String,
}

fn with_language(request: RequestBuilder, lang: Lang) -> RequestBuilder {
    request.header("Accept-Language", lang.code())
}

fn write(request: RequestBuilder, lang: Lang) -> RequestBuilder {
    with_language(request, lang).header(CSRF_HEADER, CSRF_VALUE)
}

/// A GET that neither uses nor fills the browser's cache: staff must see the data as it is now (public
/// reads may be cached for a minute), and their visits must not leave a stale copy for the citizens' pages
/// of the same browser.
fn fresh(path: &str, lang: Lang) -> RequestBuilder {
    with_language(Request::get(path), lang).cache(web_sys::RequestCache::NoStore)
}

pub async fn get<T: DeserializeOwned>(path: &str, lang: Lang) -> Result<T, CallError> {
    let response = fresh(path, lang).send().await.map_err(|_| CallError::Network)?;
    read_json(response).await
}

/// GET of a text body (GeoJSON, CSV).
pub async fn get_text(path: &str, lang: Lang) -> Result<String, CallError> {
    let response = fresh(path, lang).send().await.map_err(|_| CallError::Network)?;
    match response.status() {
        200..=299 => response.text().await.map_err(|_| CallError::Decode),
        _ => Err(error_of(response).await),
    }
}

/// POST with a JSON body, reading a JSON answer.
pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B, lang: Lang) -> Result<T, CallError> {
    let request = write(Request::post(path), lang).json(body).map_err(|_| CallError::Decode)?;
    read_json(request.send().await.map_err(|_| CallError::Network)?).await
}

/// PUT with a JSON body, reading a JSON answer.
pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B, lang: Lang) -> Result<T, CallError> {
    let request = write(Request::put(path), lang).json(body).map_err(|_| CallError::Decode)?;
    read_json(request.send().await.map_err(|_| CallError::Network)?).await
}

/// PATCH with a JSON body, reading a JSON answer.
pub async fn patch<B: Serialize, T: DeserializeOwned>(path: &str, body: &B, lang: Lang) -> Result<T, CallError> {
    let request = write(Request::patch(path), lang).json(body).map_err(|_| CallError::Decode)?;
    read_json(request.send().await.map_err(|_| CallError::Network)?).await
}

/// POST without a body whose answer is not needed (sign-out, 204s).
pub async fn post_empty(path: &str, lang: Lang) -> Result<(), CallError> {
    let response = write(Request::post(path), lang).send().await.map_err(|_| CallError::Network)?;
    match response.status() {
        200..=299 => Ok(()),
        _ => Err(error_of(response).await),
    }
}

/// POST with a JSON body whose answer is not needed.
pub async fn post_ignoring_answer<B: Serialize>(path: &str, body: &B, lang: Lang) -> Result<(), CallError> {
    let request = write(Request::post(path), lang).json(body).map_err(|_| CallError::Decode)?;
    let response = request.send().await.map_err(|_| CallError::Network)?;
    match response.status() {
        200..=299 => Ok(()),
        _ => Err(error_of(response).await),
    }
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, CallError> {
    match response.status() {
        200..=299 => response.json::<T>().await.map_err(|_| CallError::Decode),
        _ => Err(error_of(response).await),
    }
}

async fn error_of(response: Response) -> CallError {
    let status = response.status();
    let retry_after = response.headers().get("retry-after").and_then(|v| v.trim().parse().ok());
    let body = response.json::<ErrorBody>().await.ok();
    let message = body.as_ref().map(|b| b.error.message.clone()).unwrap_or_default();
    match status {
        401 => CallError::SignedOut,
        422 => CallError::Invalid { message, problems: body.map(|b| b.problems).unwrap_or_default() },
        429 => CallError::TooMany { message, retry_after },
        _ => CallError::Status { status, message },
    }
}

/// POST with a JSON body, reading a JSON answer; a 409 whose body also reads as `C` (a rebase's
/// `conflicts`) gives that body besides the error.
pub async fn post_or_conflict<B: Serialize, T: DeserializeOwned, C: DeserializeOwned>(
    path: &str,
    body: &B,
    lang: Lang,
) -> Result<T, (CallError, Option<C>)> {
    let request = write(Request::post(path), lang).json(body).map_err(|_| (CallError::Decode, None))?;
    let response = request.send().await.map_err(|_| (CallError::Network, None))?;
    if response.status() != 409 {
        return read_json(response).await.map_err(|error| (error, None));
    }
    let text = response.text().await.unwrap_or_default();
    let message = serde_json::from_str::<ErrorBody>(&text).map(|b| b.error.message).unwrap_or_default();
    Err((CallError::Status { status: 409, message }, serde_json::from_str(&text).ok()))
}

/// Text as a URL component.
pub fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}
