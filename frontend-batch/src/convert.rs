//! Where a file's addresses are converted, and the cells each row gains.
//!
//! On the phone when it keeps the offline package: the service worker (`frontend/sw.js`) holds the API's
//! own engine over the kept data, and answers a `{convert: [address…], lang}` message on a
//! MessageChannel with `{built_from, answers}` (each answer the JSON `POST /api/v1/convert` would give,
//! or `null` for an address longer than the engine reads) or `{unavailable: true}`. Nothing leaves the
//! phone. Otherwise through `POST /api/v1/convert/batch`, in a few requests (the route's rate limit lets
//! a client send 5 at once), waiting when told to.

use js_sys::{Array, Promise, Reflect};
#[cfg(test)]
use shared::answers::batch::ERROR_COLUMN;
use shared::answers::batch::answer_cells;
use shared::answers::{API_PREFIX, BatchResponse, ConvertResponse, ErrorBody, Lang};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use frontend::api::{Call, FetchError, send};

use crate::texts::texts;

/// Where the addresses go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The service worker's engine, over the data of this snapshot version, up to date as of
    /// `built_from` (YYYY-MM-DD).
    Phone {
        version: String,
        built_from: String,
    },
    Server,
}

/// Why a conversion stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Server(FetchError),
    /// The phone's data or engine could not be used any more (the worker was replaced, the cache cleared,
    /// a newer release's data came in mid-file).
    Phone,
    /// The answer's files could not be made.
    Write,
}

/// Addresses per message to the worker: small enough for the progress bar to move.
const PHONE_CHUNK: usize = 200;
/// Requests a file is split into at most for the batch API, and the fewest rows in one.
const SERVER_REQUESTS: usize = 4;
const SERVER_CHUNK_MIN: usize = 500;
/// How long the worker may take to get the data ready (its download on a slow connection included).
const WORKER_WAIT_MS: i32 = 60_000;
/// How often a busy or rate-limited batch API is asked again.
const SERVER_TRIES: usize = 4;

/// Rows per request to the batch API for a file of `rows` rows.
pub fn server_chunk(rows: usize) -> usize {
    rows.div_ceil(SERVER_REQUESTS).max(SERVER_CHUNK_MIN)
}

/// Asks the service worker whether it can convert here (it first keeps the data, when online and not yet
/// kept); `Server` when there is no worker, or it cannot.
pub async fn find_source(lang: Lang) -> Source {
    match ask_worker(&[], lang).await {
        Some(Reply { version, built_from, .. }) => Source::Phone { version, built_from },
        None => Source::Server,
    }
}

/// Calls `then` once when a service worker takes control of the page (a first visit's worker, installed
/// after the page opened): the page may then convert on the phone after all.
pub fn when_a_worker_controls(then: impl FnOnce() + 'static) {
    let navigator = web_sys::window().map(|window| window.navigator());
    let container = navigator.and_then(|navigator| Reflect::get(&navigator, &"serviceWorker".into()).ok());
    if let Some(container) = container.and_then(|c| c.dyn_into::<web_sys::ServiceWorkerContainer>().ok()) {
        let listener = Closure::once_into_js(then);
        container.set_oncontrollerchange(Some(listener.unchecked_ref()));
    }
}

/// The cells each row gains: `addresses[i]` is row `i`'s address (`None`: no address); `done` is told
/// how many rows are done as they are.
pub async fn convert(
    addresses: &[Option<String>],
    source: &Source,
    lang: Lang,
    done: impl Fn(usize),
) -> Result<Vec<Vec<String>>, Failure> {
    let t = texts(lang);
    let wanted: Vec<(usize, &str)> =
        addresses.iter().enumerate().filter_map(|(i, address)| Some((i, address.as_deref()?))).collect();
    let mut cells: Vec<Option<Vec<String>>> = vec![None; addresses.len()];
    for (i, address) in addresses.iter().enumerate() {
        if address.is_none() {
            cells[i] = Some(row_error("no_address", t.row_empty.to_owned()));
        }
    }
    let chunk = match source {
        Source::Phone { .. } => PHONE_CHUNK,
        Source::Server => server_chunk(wanted.len()),
    };
    let mut converted = addresses.len() - wanted.len();
    done(converted);
    for part in wanted.chunks(chunk.max(1)) {
        let texts: Vec<&str> = part.iter().map(|(_, address)| *address).collect();
        let answers = match source {
            Source::Phone { version, .. } => {
                let reply = ask_worker(&texts, lang).await.ok_or(Failure::Phone)?;
                // The worker's data was replaced by a newer release mid-file: the rows would not agree.
                if reply.version != *version {
                    return Err(Failure::Phone);
                }
                let answers = reply.answers;
                answers.iter().map(|answer| phone_cells(answer.as_deref(), lang)).collect::<Vec<_>>()
            }
            Source::Server => ask_server(&texts, lang).await.map_err(Failure::Server)?,
        };
        if answers.len() != part.len() {
            return Err(Failure::Phone);
        }
        for ((i, _), answer) in part.iter().zip(answers) {
            cells[*i] = Some(answer);
        }
        converted += part.len();
        done(converted);
    }
    Ok(cells.into_iter().map(Option::unwrap_or_default).collect())
}

/// A row's cells from the worker's answer: its JSON, or `None` for an address too long.
pub fn phone_cells(answer: Option<&str>, lang: Lang) -> Vec<String> {
    let t = texts(lang);
    let max = shared::engine::MAX_INPUT_CHARS.to_string();
    match answer.map(serde_json::from_str::<ConvertResponse>) {
        None => row_error("too_long", frontend::format::fill(t.row_too_long, &[&max])),
        Some(Ok(answer)) => answer_cells(Ok(answer)),
        Some(Err(_)) => row_error("unreadable", t.row_unreadable.to_owned()),
    }
}

fn row_error(code: &str, message: String) -> Vec<String> {
    answer_cells(Err(ErrorBody { code: code.to_owned(), message }))
}

/// How many rows of `cells` have a new address, how many of those are not certain, how many have none.
pub fn summary(cells: &[Vec<String>]) -> (usize, usize, usize) {
    let confidence = shared::answers::batch::CONFIDENCE_COLUMN;
    let converted = cells.iter().filter(|row| row.first().is_some_and(|cell| !cell.is_empty()));
    let unsure = converted.clone().filter(|row| row.get(confidence).and_then(|c| c.parse::<f64>().ok()) < Some(1.0));
    let converted = converted.count();
    (converted, unsure.count(), cells.len() - converted)
}

/// `POST /api/v1/convert/batch` with `addresses`: each row's cells. The rows the server had no time for
/// (its row error `timeout`, when it is busy) are sent once more.
async fn ask_server(addresses: &[&str], lang: Lang) -> Result<Vec<Vec<String>>, FetchError> {
    let mut results = ask_server_once(addresses, lang).await?;
    let late: Vec<usize> = (0..results.len()).filter(|&i| is_timeout(&results[i])).collect();
    if !late.is_empty() {
        let again: Vec<&str> = late.iter().map(|&i| addresses[i]).collect();
        for (i, result) in late.into_iter().zip(ask_server_once(&again, lang).await?) {
            results[i] = result;
        }
    }
    Ok(results.into_iter().map(answer_cells).collect())
}

fn is_timeout(result: &Result<ConvertResponse, ErrorBody>) -> bool {
    result.as_ref().is_err_and(|error| error.code == "timeout")
}

/// One request of [`ask_server`], waiting and asking again when the server is busy or the client's
/// batches are used up.
async fn ask_server_once(
    addresses: &[&str],
    lang: Lang,
) -> Result<Vec<Result<ConvertResponse, ErrorBody>>, FetchError> {
    let body = serde_json::to_string(addresses).map_err(|_| FetchError::Decode)?;
    let call = Call { url: format!("{API_PREFIX}/convert/batch?lang={}", lang.code()), body: Some(body) };
    let mut tries = 0;
    let text = loop {
        tries += 1;
        match send(call.clone()).await {
            Ok(text) => break text,
            Err(FetchError::RateLimited(after)) if tries < SERVER_TRIES => sleep(after.unwrap_or(12).min(60)).await,
            Err(FetchError::Status(503)) if tries < SERVER_TRIES => sleep(2).await,
            Err(error) => return Err(error),
        }
    };
    let answer: BatchResponse = serde_json::from_str(&text).map_err(|_| FetchError::Decode)?;
    let mut cells = vec![None; addresses.len()];
    for row in answer.results {
        let result = match (row.result, row.error) {
            (Some(result), _) => Ok(result),
            (None, Some(error)) => Err(error),
            (None, None) => continue,
        };
        if let Some(cell) = cells.get_mut(row.row) {
            *cell = Some(result);
        }
    }
    // Every row in has its row out; one missing is an answer this app cannot read.
    cells.into_iter().collect::<Option<Vec<_>>>().ok_or(FetchError::Decode)
}

async fn sleep(seconds: u32) {
    let wait = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let ms = i32::try_from(seconds.saturating_mul(1000)).unwrap_or(i32::MAX);
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(wait).await;
}

/// What the worker answered.
struct Reply {
    version: String,
    built_from: String,
    /// Each address's answer (JSON), or `None` for one too long.
    answers: Vec<Option<String>>,
}

/// Sends `addresses` to the service worker that controls the page: its data's version and date and its
/// answers, or `None` (no worker, no data kept, no answer within [`WORKER_WAIT_MS`]).
async fn ask_worker(addresses: &[&str], lang: Lang) -> Option<Reply> {
    // Read by name: a browser without service workers (Firefox's private windows) has no `serviceWorker`.
    let navigator = web_sys::window()?.navigator();
    let container: web_sys::ServiceWorkerContainer =
        Reflect::get(&navigator, &"serviceWorker".into()).ok()?.dyn_into().ok()?;
    let worker = container.controller()?;
    let channel = web_sys::MessageChannel::new().ok()?;
    let message = js_sys::Object::new();
    Reflect::set(&message, &"convert".into(), &addresses.iter().map(|a| JsValue::from_str(a)).collect::<Array>())
        .ok()?;
    Reflect::set(&message, &"lang".into(), &lang.code().into()).ok()?;
    let port = channel.port1();
    let window = web_sys::window()?;
    let mut timer = None;
    let answer = Promise::new(&mut |resolve, _| {
        let answered = resolve.clone();
        let on_message = Closure::once_into_js(move |event: web_sys::MessageEvent| {
            let _ = answered.call1(&JsValue::NULL, &event.data());
        });
        port.set_onmessage(Some(on_message.unchecked_ref()));
        timer = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, WORKER_WAIT_MS).ok();
    });
    worker.post_message_with_transferable(&message, &Array::of1(&channel.port2())).ok()?;
    let reply = JsFuture::from(answer).await.ok()?;
    timer.into_iter().for_each(|timer| window.clear_timeout_with_handle(timer));
    port.set_onmessage(None);
    port.close();
    let text = |name: &str| Reflect::get(&reply, &name.into()).ok()?.as_string();
    let (version, built_from) = (text("version")?, text("built_from")?);
    let answers: Array = Reflect::get(&reply, &"answers".into()).ok()?.dyn_into().ok()?;
    Some(Reply { version, built_from, answers: answers.iter().map(|answer| answer.as_string()).collect() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::answers::batch::ANSWER_COLUMNS;

    #[test]
    fn a_file_goes_to_the_server_in_a_few_requests() {
        assert_eq!(server_chunk(1), SERVER_CHUNK_MIN);
        assert_eq!(server_chunk(10_000), 2_500);
        assert!(10_000_usize.div_ceil(server_chunk(10_000)) <= SERVER_REQUESTS);
        assert_eq!(server_chunk(0), SERVER_CHUNK_MIN);
    }

    #[test]
    fn the_workers_answers_become_cells_and_a_too_long_one_an_error() {
        let too_long = phone_cells(None, Lang::Vi);
        assert_eq!(too_long.len(), ANSWER_COLUMNS.len());
        assert!(too_long[ERROR_COLUMN].contains(&shared::engine::MAX_INPUT_CHARS.to_string()));
        let unreadable = phone_cells(Some("{"), Lang::En);
        assert_eq!(unreadable[ERROR_COLUMN], texts(Lang::En).row_unreadable);
    }

    #[test]
    fn the_summary_counts_certain_unsure_and_failed_rows() {
        let row = |address: &str, confidence: &str| {
            let mut cells = vec![String::new(); ANSWER_COLUMNS.len()];
            (cells[0], cells[4]) = (address.to_owned(), confidence.to_owned());
            cells
        };
        let rows = [row("a", "1.000"), row("b", "0.600"), row("", ""), row("c", "0.950")];
        assert_eq!(summary(&rows), (3, 2, 1));
    }
}
