//! Helpers for the workspace-level tests: start the real release-built server, fetch from it over
//! HTTP, and drive headless Chromium through chromedriver.
//!
//! `cargo xtask test` builds what these tests run (`cargo xtask dist`) before running them.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from)
}

/// Where screenshots of the browser journeys go.
pub fn screenshot_dir() -> PathBuf {
    let dir = target_dir().join("e2e");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The release-built API (`target/release/api`) serving `frontend/dist`, on a free port; killed on drop.
pub struct Server {
    child: Child,
    pub base_url: String,
    envs: Vec<(String, std::ffi::OsString)>,
    fd_limit: Option<u32>,
    /// Its own staff store (`STORE_URL`, unless the test names one), so that no test sees another's
    /// releases; removed on drop.
    pub store_dir: PathBuf,
}

impl Server {
    pub fn start() -> Result<Self> {
        Self::start_with(&[])
    }

    /// With extra environment variables, e.g. `SNAPSHOT_PATH`.
    pub fn start_with(envs: &[(&str, &std::ffi::OsStr)]) -> Result<Self> {
        let envs: Vec<_> = envs.iter().map(|(name, value)| ((*name).to_owned(), value.to_os_string())).collect();
        let store_dir = new_store_dir();
        let (child, base_url) = Self::spawn("0", &envs, None, &store_dir)?;
        Ok(Self { child, base_url, envs, fd_limit: None, store_dir })
    }

    /// With at most `open_files` file descriptors (`ulimit -n`), as on a host with a low limit.
    pub fn start_with_fd_limit(envs: &[(&str, &std::ffi::OsStr)], open_files: u32) -> Result<Self> {
        let envs: Vec<_> = envs.iter().map(|(name, value)| ((*name).to_owned(), value.to_os_string())).collect();
        let store_dir = new_store_dir();
        let (child, base_url) = Self::spawn("0", &envs, Some(open_files), &store_dir)?;
        Ok(Self { child, base_url, envs, fd_limit: Some(open_files), store_dir })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM, as a service manager does to stop the server.
    pub fn terminate(&self) -> Result<()> {
        let status = Command::new("kill").args(["-TERM", &self.pid().to_string()]).status()?;
        if !status.success() {
            bail!("kill -TERM {} failed: {status}", self.pid());
        }
        Ok(())
    }

    /// Waits at most `timeout` for the server to exit; `None` if it is still running.
    pub fn wait_for_exit(&mut self, timeout: Duration) -> Result<Option<std::process::ExitStatus>> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait()? {
                return Ok(Some(status));
            }
            if Instant::now() >= deadline {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the server, as when the API is unreachable.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts it again on the same port (after [`Server::stop`]).
    pub fn restart(&mut self) -> Result<()> {
        self.stop();
        let port = self.base_url.rsplit(':').next().unwrap_or_default().to_owned();
        let (child, base_url) = Self::spawn(&port, &self.envs, self.fd_limit, &self.store_dir)?;
        self.child = child;
        self.base_url = base_url;
        Ok(())
    }

    fn spawn(
        port: &str,
        envs: &[(String, std::ffi::OsString)],
        fd_limit: Option<u32>,
        store_dir: &Path,
    ) -> Result<(Child, String)> {
        let spa_dir = workspace_root().join("frontend/dist");
        let binary = api_binary();
        if !binary.is_file() || !spa_dir.join("index.html").is_file() {
            bail!(
                "{} or {} is missing: run the tests with `cargo xtask test`, which builds them first",
                binary.display(),
                spa_dir.join("index.html").display()
            );
        }
        let mut command = match fd_limit {
            // `exec` keeps the server's pid the child's.
            Some(open_files) => {
                let mut shell = Command::new("sh");
                shell.args(["-c", "ulimit -n \"$1\" && exec \"$0\""]).arg(&binary).arg(open_files.to_string());
                shell
            }
            None => Command::new(&binary),
        };
        let mut child = command
            .env("HOST", "127.0.0.1")
            .env("PORT", port)
            .env("SPA_DIR", spa_dir)
            .env("RUST_LOG", "warn")
            .env("STORE_URL", store_dir)
            .envs(envs.iter().map(|(name, value)| (name, value)))
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("start {}", binary.display()))?;
        // The server prints "listening on http://ADDR" once its socket is bound.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line)?;
        let Some(base_url) = line.trim().strip_prefix("listening on ") else {
            let _ = child.kill();
            let _ = child.wait();
            bail!("the server did not start (first line {line:?})");
        };
        Ok((child, base_url.to_owned()))
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.store_dir);
    }
}

/// A new, empty directory for a staff store.
pub fn new_store_dir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "xamoi-store-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// axe-core, installed by `cargo xtask test` from `xtask/npm/` (or named by `AXE_CORE_JS`).
fn axe_core_script() -> Result<String> {
    let path = std::env::var_os("AXE_CORE_JS")
        .map_or_else(|| target_dir().join("tools/npm/node_modules/axe-core/axe.min.js"), PathBuf::from);
    std::fs::read_to_string(&path)
        .with_context(|| format!("read {} (run the tests with `cargo xtask test`, which installs it)", path.display()))
}

/// `target/release/api`.
pub fn api_binary() -> PathBuf {
    target_dir().join("release/api")
}

/// A small HTTP/1 client for the tests (the same hyper stack fantoccini uses; no TLS needed on loopback).
pub async fn http_get(url: &str, headers: &[(&str, &str)]) -> Result<(u16, http::HeaderMap, Vec<u8>)> {
    http_request(http::Method::GET, url, headers, Vec::new()).await
}

/// Any method, with a body.
pub async fn http_request(
    method: http::Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Result<(u16, http::HeaderMap, Vec<u8>)> {
    use http_body_util::BodyExt;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Full<bytes::Bytes>>();
    let mut request = http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = client.request(request.body(http_body_util::Full::new(bytes::Bytes::from(body)))?).await?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await?.to_bytes().to_vec();
    Ok((status, headers, body))
}

/// The header every staff write must carry (the API's CSRF defence).
pub const CSRF_HEADER: (&str, &str) = ("x-requested-with", "xa-moi");

impl Server {
    /// Creates an admin in this server's store (its own, or the `STORE_URL` it was started with) with
    /// the binary's own command line, and returns the one-time password it prints.
    pub fn add_admin(&self, email: &str) -> Result<String> {
        let output = Command::new(api_binary())
            .args(["staff", "add-admin", email])
            .env("STORE_URL", &self.store_dir)
            .env("RUST_LOG", "warn")
            .envs(self.envs.iter().map(|(name, value)| (name, value)))
            .output()
            .context("run api staff add-admin")?;
        if !output.status.success() {
            bail!("api staff add-admin failed: {}", String::from_utf8_lossy(&output.stderr));
        }
        let stdout = String::from_utf8(output.stdout)?;
        // The password is the first line's last word, as the command prints it.
        stdout
            .lines()
            .next()
            .and_then(|line| line.split_whitespace().last())
            .map(str::to_owned)
            .with_context(|| format!("no password in {stdout:?}"))
    }
}

/// A signed-in staff member's browser: the session cookie, and the CSRF header on every request.
pub struct StaffClient {
    base_url: String,
    cookie: String,
}

impl StaffClient {
    /// Signs in; fails unless the API answers 200 with a session cookie.
    pub async fn sign_in(server: &Server, email: &str, password: &str) -> Result<Self> {
        let body = serde_json::json!({ "email": email, "password": password }).to_string().into_bytes();
        let (status, headers, answer) = http_request(
            http::Method::POST,
            &server.url("/api/v1/staff/sign-in"),
            &[("content-type", "application/json"), CSRF_HEADER],
            body,
        )
        .await?;
        if status != 200 {
            bail!("sign-in of {email}: {status} {}", String::from_utf8_lossy(&answer));
        }
        let cookie = headers
            .get_all(http::header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|value| value.starts_with("xm_session="))
            .and_then(|value| value.split(';').next())
            .context("no session cookie")?
            .to_owned();
        Ok(Self { base_url: server.base_url.clone(), cookie })
    }

    /// Invites `email` as `role` of `province` (as an admin) and signs in with the one-time password.
    pub async fn invite(&self, server: &Server, email: &str, role: &str, province: &str) -> Result<StaffClient> {
        let invitation = serde_json::json!({ "email": email, "role": role, "provinces": [province] });
        let (status, answer) = self.post("/api/v1/staff/accounts", invitation).await?;
        if status != 201 {
            bail!("invitation of {email}: {status} {answer}");
        }
        let password = answer["one_time_password"].as_str().context("no one-time password")?;
        StaffClient::sign_in(server, email, password).await
    }

    /// The same session against another instance (instances of one store share the session key).
    pub fn on(&self, server: &Server) -> Self {
        Self { base_url: server.base_url.clone(), cookie: self.cookie.clone() }
    }

    /// `method path` with a JSON body (or none), answering the status and the body as JSON (`null`
    /// when empty).
    pub async fn send(
        &self,
        method: http::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<(u16, serde_json::Value)> {
        let bytes = body.map(|body| body.to_string().into_bytes()).unwrap_or_default();
        let url = format!("{}{path}", self.base_url);
        let headers = [("content-type", "application/json"), CSRF_HEADER, ("cookie", self.cookie.as_str())];
        let (status, _, answer) = http_request(method, &url, &headers, bytes).await?;
        let json = if answer.is_empty() { serde_json::Value::Null } else { serde_json::from_slice(&answer)? };
        Ok((status, json))
    }

    pub async fn get(&self, path: &str) -> Result<(u16, serde_json::Value)> {
        self.send(http::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: serde_json::Value) -> Result<(u16, serde_json::Value)> {
        self.send(http::Method::POST, path, Some(body)).await
    }
}

/// chromedriver on a free port with headless Chromium at a phone's or a desk's size; both stop on drop.
pub struct Browser {
    pub client: fantoccini::Client,
    driver: Child,
    profile: PathBuf,
}

pub const PHONE_WIDTH: u32 = 390;
pub const PHONE_HEIGHT: u32 = 844;

/// A desk's screen, where staff work.
pub const DESK_WIDTH: u32 = 1366;
pub const DESK_HEIGHT: u32 = 768;

impl Browser {
    /// At a phone's size (390×844, touch), as citizens use the app.
    pub async fn start() -> Result<Self> {
        Self::start_sized(PHONE_WIDTH, PHONE_HEIGHT, true).await
    }

    /// At a desk's size (1366×768, a mouse), as staff use their pages.
    pub async fn start_desk() -> Result<Self> {
        Self::start_sized(DESK_WIDTH, DESK_HEIGHT, false).await
    }

    async fn start_sized(width: u32, height: u32, phone: bool) -> Result<Self> {
        let port = free_port()?;
        let driver = Command::new(find_program("CHROMEDRIVER", &["chromedriver"])?)
            // Its own process group, which Chromium's processes join: a test that fails before closing
            // its session must not leave a browser running (see `Drop`).
            .process_group(0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("start chromedriver (Debian: apt-get install chromium-driver)")?;
        let profile = std::env::temp_dir().join(format!("xamoi-chromium-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let chromium = find_program("CHROME", &["chromium", "chromium-browser", "google-chrome"])?;
        let capabilities = serde_json::json!({
            "browserName": "chrome",
            // The console, for [`Browser::console_log`].
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=vi-VN",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "mobileEmulation": {
                    "deviceMetrics": {
                        "width": width, "height": height, "pixelRatio": if phone { 2.0 } else { 1.0 }, "touch": phone
                    }
                }
            }
        });
        let capabilities = match capabilities {
            serde_json::Value::Object(map) => map,
            _ => unreachable!(),
        };
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match fantoccini::ClientBuilder::new(connector).capabilities(capabilities.clone()).connect(&url).await {
                Ok(client) => break client,
                Err(error) if Instant::now() > deadline => {
                    bail!("chromedriver/chromium did not start: {error}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Ok(Self { client, driver, profile })
    }

    /// Saves a PNG of the current page under `target/e2e/` and returns its path.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Runs axe-core's WCAG 2.1 A/AA rules on the current page; returns one line per violation.
    pub async fn accessibility_violations(&self) -> Result<Vec<String>> {
        let axe = axe_core_script()?;
        self.client.execute(&axe, vec![]).await.context("load axe-core")?;
        let found = self
            .client
            .execute_async(
                "const done = arguments[0];
                 axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
                   .then(r => done(r.violations.map(v =>
                     `${v.id} (${v.impact}): ${v.help}; ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)))
                   .catch(e => done([`axe failed: ${e}`]));",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(found)?)
    }

    /// The console messages since the last call, as `LEVEL message` (chromedriver's browser log). Chromium
    /// reports there what a Content-Security-Policy blocked, from the first byte of the page on, before any
    /// script of the page could listen for it.
    pub async fn console_log(&self) -> Result<Vec<String>> {
        let entries = self.client.issue_cmd(BrowserLog).await.context("read the browser's log")?;
        let entries: Vec<LogEntry> = serde_json::from_value(entries)?;
        Ok(entries.into_iter().map(|e| format!("{} {}", e.level, e.message)).collect())
    }

    /// Runs a Chrome DevTools Protocol command (chromedriver's `goog/cdp/execute`) and returns its result:
    /// what WebDriver cannot do, such as emulating print media or printing to PDF.
    pub async fn cdp(&self, command: &str, params: serde_json::Value) -> Result<serde_json::Value> {
        let body = serde_json::json!({ "cmd": command, "params": params }).to_string();
        self.client.issue_cmd(Cdp(body)).await.with_context(|| format!("CDP {command}"))
    }

    /// Ends the WebDriver session; the driver process stops on drop.
    pub async fn close(self) -> Result<()> {
        self.client.clone().close().await?;
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The whole group: chromedriver and the Chromium it started.
        if let Ok(group) = i32::try_from(self.driver.id()) {
            // SAFETY: kill(2) with a negative pid signals that process group; no memory is involved.
            unsafe { libc::kill(-group, libc::SIGKILL) };
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// chromedriver's `POST /session/{id}/se/log` for the browser's console (not in W3C WebDriver itself).
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// chromedriver's `POST /session/{id}/goog/cdp/execute` with its JSON body.
#[derive(Debug)]
struct Cdp(String);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.clone()))
    }
}

#[derive(serde::Deserialize)]
struct LogEntry {
    level: String,
    message: String,
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// `$VAR` if set, else the first of `names` on PATH.
fn find_program(var: &str, names: &[&str]) -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(var) {
        return Ok(PathBuf::from(path));
    }
    let paths = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&paths) {
        for name in names {
            if dir.join(name).is_file() {
                return Ok(dir.join(name));
            }
        }
    }
    bail!("none of {names:?} is installed (set {var}, or on Debian: apt-get install chromium chromium-driver)")
}

/// The dataset of `data/*.csv` with every answer built from it, as the API embeds it (read on first
/// use; its lookup engine is built on the first question that needs it).
pub fn lookup() -> &'static shared::answers::Lookup {
    static LOOKUP: std::sync::OnceLock<shared::answers::Lookup> = std::sync::OnceLock::new();
    LOOKUP.get_or_init(|| {
        let data = workspace_root().join("data");
        let dataset =
            shared::data::canonical::parse(|name| std::fs::read_to_string(data.join(name)).map_err(|e| e.to_string()))
                .expect("data/*.csv");
        let snapshot = shared::data::snapshot::decode(&shared::data::snapshot::encode(&dataset)).expect("a snapshot");
        shared::answers::Lookup::from_snapshot(snapshot)
    })
}

/// The commune boundaries of `data/sources/boundaries/wards.geojson`, matched to [`lookup`]'s dataset as
/// the API matches them.
pub fn commune_boundaries() -> &'static shared::data::commune_boundaries::CommuneBoundaries {
    static BOUNDARIES: std::sync::OnceLock<shared::data::commune_boundaries::CommuneBoundaries> =
        std::sync::OnceLock::new();
    BOUNDARIES.get_or_init(|| {
        let text = std::fs::read_to_string(workspace_root().join("data/sources/boundaries/wards.geojson"))
            .expect("data/sources/boundaries/wards.geojson");
        shared::data::commune_boundaries::CommuneBoundaries::parse(&text, &lookup().index().dataset.new_communes)
            .expect("wards.geojson")
    })
}

/// The index of [`lookup`] with an engine of its own, for scratch programs that drive the engine
/// directly; tests and benchmarks ask [`lookup`], which passes the engine its index.
#[doc(hidden)]
pub fn engine() -> (&'static shared::model::Index, &'static shared::engine::Engine) {
    static ENGINE: std::sync::OnceLock<shared::engine::Engine> = std::sync::OnceLock::new();
    let index = lookup().index();
    (index, ENGINE.get_or_init(|| shared::engine::Engine::new(index)))
}

/// One case of `../shared/eval/dev-addresses.jsonl`.
#[derive(Debug, serde::Deserialize)]
pub struct EvalCase {
    pub id: String,
    pub input: String,
    pub style: String,
    pub expected: Vec<String>,
}

/// The development set of old addresses with their expected new communes (shared/ beside the checkout).
pub fn dev_addresses() -> Vec<EvalCase> {
    let path = workspace_root().join("../shared/eval/dev-addresses.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().filter(|l| !l.trim().is_empty()).map(|line| serde_json::from_str(line).expect("a JSON case")).collect()
}
