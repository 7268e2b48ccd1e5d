//! Per-client rate limits, load shedding, request ids, the access log and errors raised before routing.
//!
//! Load shedding (the global in-flight limit) cannot be reached over HTTP without a flaky race; its
//! test is in `api/src/limits.rs`, with a handler that holds every slot on a barrier.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use shared::answers::ErrorResponse;
use tests::{Server, http_get};

/// A request with a method, headers and a body; the status, headers and body of the answer.
async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> anyhow::Result<(u16, http::HeaderMap, Vec<u8>)> {
    use http_body_util::BodyExt;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Full<bytes::Bytes>>();
    let mut request = http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = client.request(request.body(http_body_util::Full::from(body.to_owned()))?).await?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    Ok((status, headers, response.into_body().collect().await?.to_bytes().to_vec()))
}

async fn post_json(url: &str, body: &str) -> (u16, http::HeaderMap, Vec<u8>) {
    send("POST", url, &[("content-type", "application/json")], body).await.unwrap()
}

fn error_of(body: &[u8]) -> ErrorResponse {
    serde_json::from_slice(body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)))
}

const BATCH: &str = r#"["12 Lê Lợi, Phường Bến Nghé, Quận 1, TP.HCM", "xa phuoc dinh huyen thuan nam"]"#;
/// The batch policy: 5 at once, refilled over 60 s (`api::limits::Policy::Batch`).
const BATCH_BURST: u32 = 5;

#[tokio::test]
async fn a_burst_of_batches_from_one_client_gets_429_with_retry_after_and_ratelimit_headers() {
    let server = Server::start().unwrap();
    let url = server.url("/api/v1/convert/batch");
    for sent in 1..=BATCH_BURST {
        let (status, headers, body) = post_json(&url, BATCH).await;
        assert_eq!(status, 200, "batch {sent}: {}", String::from_utf8_lossy(&body));
        assert_eq!(headers["ratelimit-policy"], "\"batch\";q=5;w=60");
        let expected = format!("\"batch\";r={};t={}", BATCH_BURST - sent, 12 * sent);
        assert_eq!(headers["ratelimit"], expected.as_str(), "batch {sent}");
    }
    let (status, headers, body) = post_json(&format!("{url}?lang=en"), BATCH).await;
    assert_eq!(status, 429);
    let retry_after: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=12).contains(&retry_after), "Retry-After: {retry_after}");
    assert_eq!(headers["ratelimit"], format!("\"batch\";r=0;t={retry_after}").as_str());
    assert_eq!(headers["ratelimit-policy"], "\"batch\";q=5;w=60");
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(headers["content-type"], "application/json");
    let error = error_of(&body);
    assert_eq!(error.error.code, "too_many_requests");
    assert!(error.error.message.contains(&retry_after.to_string()), "{}", error.error.message);

    // Reads have a bucket of their own: the batch limit does not stop the same client reading.
    let (status, headers, _) = http_get(&server.url("/api/v1/health"), &[]).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(headers["ratelimit-policy"], "\"read\";q=600;w=60");
    // The app's pages and assets are not limited.
    let (status, headers, _) = http_get(&server.url("/xa/00097"), &[]).await.unwrap();
    assert_eq!(status, 200);
    assert!(headers.get("ratelimit").is_none());
}

/// Someone typing four addresses one after the other, a search per keystroke, sent back to back (far
/// faster than anyone types): never refused.
#[tokio::test]
async fn search_as_you_type_is_not_limited() {
    let server = Server::start().unwrap();
    let typed = [
        "12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh",
        "Xã Phước Dinh, Huyện Thuận Nam, Tỉnh Ninh Thuận",
        "phuong cong vi ba dinh ha noi",
        "thôn 3, xã Ea Tu, thành phố Buôn Ma Thuột, Đắk Lắk",
    ];
    let mut sent = 0;
    for address in typed {
        let chars: Vec<char> = address.chars().collect();
        for end in 2..=chars.len() {
            let prefix: String = chars[..end].iter().collect();
            let query: String = prefix.bytes().map(|b| format!("%{b:02X}")).collect();
            let (status, headers, _) =
                http_get(&server.url(&format!("/api/v1/search?q={query}&limit=8")), &[]).await.unwrap();
            sent += 1;
            assert_eq!(status, 200, "search {sent}");
            let remaining = headers["ratelimit"].to_str().unwrap().to_owned();
            assert!(remaining.starts_with("\"read\";r="), "{remaining}");
        }
    }
    assert!(sent > 150, "{sent} searches");
}

#[tokio::test]
async fn rate_limit_off_turns_the_per_client_limit_off() {
    let server = Server::start_with(&[("RATE_LIMIT", OsStr::new("off"))]).unwrap();
    for sent in 1..=BATCH_BURST * 2 {
        let (status, headers, _) = post_json(&server.url("/api/v1/convert/batch"), BATCH).await;
        assert_eq!(status, 200, "batch {sent}");
        assert!(headers.get("ratelimit").is_none());
    }
    let output = Command::new(tests::api_binary())
        .env("PORT", "0")
        .env("SPA_DIR", tests::workspace_root().join("frontend/dist"))
        .env("RATE_LIMIT", "sometimes")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("RATE_LIMIT"), "{stderr}");
}

/// 414 and 431 are raised before any route runs; they, an unknown route and `/api/` itself are the
/// JSON error body with CORS and a request id, in the reader's language.
#[tokio::test]
async fn errors_before_routing_are_json_with_cors() {
    let server = Server::start().unwrap();
    let long = format!("/api/v1/search?lang=en&q={}", "a".repeat(9 * 1024));
    let big_header = "v".repeat(17 * 1024);
    let many: Vec<(String, &str)> = (0..101).map(|i| (format!("x-extra-{i}"), "1")).collect();
    let many: Vec<(&str, &str)> = many.iter().map(|(name, value)| (name.as_str(), *value)).collect();
    let cases = [
        (long.as_str(), vec![], 414, "uri_too_long"),
        ("/api/v1/health?lang=en", vec![("x-big", big_header.as_str())], 431, "headers_too_large"),
        ("/api/v1/health?lang=en", many, 431, "headers_too_large"),
        ("/api/?lang=en", vec![], 404, "not_found"),
        ("/api/v1/nothing?lang=en", vec![], 404, "not_found"),
    ];
    for (path, headers, status, code) in cases {
        let mut headers = headers;
        headers.push(("origin", "https://bank.example"));
        let (actual, answer, body) = http_get(&server.url(path), &headers).await.unwrap();
        let shown = &path[..path.len().min(40)];
        assert_eq!(actual, status, "{shown}: {}", String::from_utf8_lossy(&body));
        assert_eq!(answer["content-type"], "application/json", "{shown}");
        assert_eq!(answer["access-control-allow-origin"], "*", "{shown}");
        assert_eq!(answer["x-request-id"].len(), 36, "{shown}");
        let error = error_of(&body);
        assert_eq!(error.error.code, code, "{shown}");
        assert!(error.error.message.is_ascii(), "in English: {}", error.error.message);
    }
}

/// serde's explanation of a body of the wrong shape keeps field names and positions, never our types.
#[tokio::test]
async fn rejected_bodies_name_no_internal_types() {
    let server = Server::start().unwrap();
    let url = server.url("/api/v1/convert?lang=en");
    for (body, says) in [
        (r#""12 Lê Lợi""#, "expected a JSON object"),
        ("{}", "missing field `address`"),
        (r#"{"address": 12}"#, "expected a string"),
    ] {
        let (status, headers, answer) = post_json(&url, body).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(headers["access-control-allow-origin"], "*");
        let message = error_of(&answer).error.message;
        assert!(message.contains(says), "{body}: {message}");
        assert!(!message.contains("struct") && !message.contains("ConvertRequest"), "{body}: {message}");
    }
}

#[tokio::test]
async fn a_clients_request_id_is_kept_only_when_it_is_a_short_token() {
    let server = Server::start().unwrap();
    let url = server.url("/api/v1/health");
    let (_, headers, _) = http_get(&url, &[("x-request-id", "client-chosen-42")]).await.unwrap();
    assert_eq!(headers["x-request-id"], "client-chosen-42");
    let too_long = "a".repeat(65);
    for bad in [too_long.as_str(), "two words", "a=b;c", "\"quoted\""] {
        let (_, headers, _) = http_get(&url, &[("x-request-id", bad)]).await.unwrap();
        let id = headers["x-request-id"].to_str().unwrap();
        assert_ne!(id, bad);
        assert_eq!((id.len(), id.matches('-').count()), (36, 4), "a new UUID for {bad:?}: {id}");
    }
}

/// The release binary at `RUST_LOG=info`, its stderr in a file; killed on drop.
struct LoggedServer {
    child: Child,
    base_url: String,
    log: PathBuf,
}

impl LoggedServer {
    fn start(name: &str) -> Self {
        let log = std::env::temp_dir().join(format!("xamoi-access-log-{}-{name}.txt", std::process::id()));
        let mut child = Command::new(tests::api_binary())
            .env("HOST", "127.0.0.1")
            .env("PORT", "0")
            .env("SPA_DIR", tests::workspace_root().join("frontend/dist"))
            .env("RUST_LOG", "info")
            // Plain text: the log's field names are not wrapped in colour codes.
            .env("NO_COLOR", "1")
            .env_remove("RATE_LIMIT")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base_url = line.trim().strip_prefix("listening on ").expect("the server started").to_owned();
        Self { child, base_url, log }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The access log's lines so far (each is written before its answer is sent).
    fn access_lines(&self) -> Vec<String> {
        read(&self.log).lines().filter(|line| line.contains(" access: ")).map(str::to_owned).collect()
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

impl Drop for LoggedServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

/// One line per request with its method, route template, status, duration and request id; never the
/// typed address, the query text or a path's parameters (personal data).
#[tokio::test]
async fn the_access_log_has_a_line_per_request_without_what_was_typed() {
    let server = LoggedServer::start("access");
    let address = "Số 77 Ngõ Riêngtư, Xã Phước Dinh, Huyện Thuận Nam";
    let (status, headers, _) =
        post_json(&server.url("/api/v1/convert"), &serde_json::json!({ "address": address }).to_string()).await;
    assert_eq!(status, 200);
    let convert_id = headers["x-request-id"].to_str().unwrap().to_owned();
    let (status, _, _) =
        http_get(&server.url("/api/v1/search?q=bimatquery%20phuoc"), &[("x-request-id", "typing-1")]).await.unwrap();
    assert_eq!(status, 200);
    let (status, _, _) = http_get(&server.url("/api/v1/communes/26740"), &[]).await.unwrap();
    assert_eq!(status, 200);
    let (status, _, _) = http_get(&server.url("/api/v1/communes/9x"), &[]).await.unwrap();
    assert_eq!(status, 400);
    let (status, _, _) = http_get(&server.url("/xa/26740?q=trangbimat"), &[]).await.unwrap();
    assert_eq!(status, 200);

    let lines = server.access_lines();
    assert_eq!(lines.len(), 5, "{lines:#?}");
    let expected = [
        ("POST", "/api/v1/convert", 200, convert_id.as_str()),
        ("GET", "/api/v1/search", 200, "typing-1"),
        ("GET", "/api/v1/communes/{code}", 200, ""),
        ("GET", "/api/v1/communes/{code}", 400, ""),
        ("GET", "(app page)", 200, ""),
    ];
    for (line, (method, route, status, id)) in lines.iter().zip(expected) {
        assert!(line.contains(" INFO "), "{line}");
        assert!(line.contains(&format!("method={method} route={route} status={status} ms=")), "{line}");
        let logged_id = line.rsplit_once(" id=").map(|(_, id)| id.trim()).unwrap_or_default();
        if id.is_empty() {
            assert_eq!(logged_id.len(), 36, "{line}");
        } else {
            assert_eq!(logged_id, id, "{line}");
        }
        let ms: f64 = line.split(" ms=").nth(1).and_then(|rest| rest.split(' ').next()).unwrap().parse().unwrap();
        assert!((0.0..10_000.0).contains(&ms), "{line}");
    }
    let log = read(&server.log);
    for typed in ["Riêngtư", "Ri%C3", "bimatquery", "trangbimat"] {
        assert!(!log.contains(typed), "{typed:?} is in the log:\n{log}");
    }
    for parameter in ["26740", "9x", "q=", "lang"] {
        assert!(!lines.iter().any(|line| line.contains(parameter)), "{parameter:?} is in {lines:#?}");
    }
}
