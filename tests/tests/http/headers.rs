//! Security and caching headers on HTML, assets and the API; unknown pages; start-up configuration.
//! Also that the page list (`shared::site`) is the one the app's router and the CloudFront function use,
//! and that the CDN's headers (`deploy/template.yaml`) are the server's.

use std::ffi::OsStr;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use shared::site::{PATTERNS, PERMISSIONS_POLICY, Page, SERVICE_WORKER_PATH, SERVICE_WORKER_POLICY};
use tests::{Server, http_get, http_request, workspace_root};

const NO_CONTENT_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

fn built_index() -> String {
    std::fs::read_to_string(workspace_root().join("frontend/dist/index.html")).unwrap()
}

fn header<'a>(headers: &'a http::HeaderMap, name: &str) -> &'a str {
    headers.get(name).unwrap_or_else(|| panic!("no {name} header in {headers:?}")).to_str().unwrap()
}

fn assert_common_headers(headers: &http::HeaderMap, what: &str) {
    assert_eq!(header(headers, "x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header(headers, "x-frame-options"), "DENY", "{what}");
    assert_eq!(header(headers, "referrer-policy"), "no-referrer", "{what}");
    assert!(header(headers, "content-security-policy").contains("frame-ancestors 'none'"), "{what}");
}

/// The HTML of a page: UTF-8 said, the app's policy with the hash of the inline boot script that is in
/// the very file served (and no 'unsafe-inline'), its permissions, not cached, the built file itself.
#[tokio::test]
async fn the_apps_html_carries_its_policy_and_charset() {
    let server = Server::start().unwrap();
    let index = built_index();
    let (status, headers, body) = http_get(&server.url("/xa/00097"), &[]).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(String::from_utf8(body).unwrap(), index);
    assert_eq!(header(&headers, "content-type"), "text/html; charset=utf-8");
    assert_eq!(header(&headers, "cache-control"), "no-cache");
    assert_common_headers(&headers, "index.html");
    let policy = header(&headers, "content-security-policy");
    assert_eq!(policy, shared::site::app_policy(&index));
    let [hash] = shared::site::inline_script_hashes(&index).try_into().unwrap();
    for directive in [
        format!("script-src 'self' 'wasm-unsafe-eval' '{hash}'"),
        "default-src 'self'".to_owned(),
        "connect-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
    ] {
        assert!(policy.split("; ").any(|d| d == directive), "{directive} not in {policy}");
    }
    assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"), "{policy}");
    assert_eq!(header(&headers, "permissions-policy"), PERMISSIONS_POLICY);
    assert!(PERMISSIONS_POLICY.starts_with("geolocation=(self), camera=(), microphone=()"));

    // Revalidation is cheap: the same file answers 304.
    let etag = header(&headers, "etag").to_owned();
    let (status, headers, body) = http_get(&server.url("/"), &[("if-none-match", &etag)]).await.unwrap();
    assert_eq!(status, 304);
    assert!(body.is_empty());
    assert_eq!(header(&headers, "etag"), etag);
}

/// The service worker at its fixed URL: the built file, as JavaScript, with its own policy (a worker follows
/// the policy sent with its script, not the page's), checked again on every visit (no-cache, and 304 while
/// unchanged).
#[tokio::test]
async fn the_service_worker_carries_its_own_policy_and_is_always_revalidated() {
    let server = Server::start().unwrap();
    let worker = std::fs::read(workspace_root().join("frontend/dist/sw.js")).unwrap();
    let (status, headers, body) = http_get(&server.url(SERVICE_WORKER_PATH), &[]).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(body, worker);
    assert_eq!(header(&headers, "content-type"), "text/javascript; charset=utf-8");
    assert_eq!(header(&headers, "cache-control"), "no-cache");
    assert_common_headers(&headers, "sw.js");
    let policy = header(&headers, "content-security-policy");
    assert_eq!(policy, SERVICE_WORKER_POLICY);
    for directive in ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "frame-ancestors 'none'"] {
        assert!(policy.split("; ").any(|d| d == directive), "{directive} not in {policy}");
    }
    assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"), "{policy}");
    assert!(headers.get("permissions-policy").is_none(), "not a document");

    let etag = header(&headers, "etag").to_owned();
    let (status, headers, body) =
        http_get(&server.url(SERVICE_WORKER_PATH), &[("if-none-match", &etag)]).await.unwrap();
    assert_eq!(status, 304);
    assert!(body.is_empty());
    assert_eq!(header(&headers, "etag"), etag);
    assert_eq!(header(&headers, "content-security-policy"), SERVICE_WORKER_POLICY);

    let (status, headers, body) =
        http_request(http::Method::HEAD, &server.url(SERVICE_WORKER_PATH), &[], Vec::new()).await.unwrap();
    assert_eq!(status, 200);
    assert!(body.is_empty());
    assert_eq!(header(&headers, "content-type"), "text/javascript; charset=utf-8");
    assert_eq!(header(&headers, "etag"), etag);
}

/// The size (width, height) in the header of a PNG file.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && &png[12..16] == b"IHDR", "not a PNG");
    let number = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

/// The web app manifest the page links to is served as `application/manifest+json` (browsers ignore it
/// under another type, and the app could not be installed), and each icon it names is a PNG of the size it
/// says, one of `frontend/icons/`: 192 and 512 for any use, and a maskable 512, as Android asks.
#[tokio::test]
async fn the_manifest_and_its_install_icons_are_served() {
    let server = Server::start().unwrap();
    let index = built_index();
    let manifest_path = index
        .split('"')
        .find(|part| part.starts_with("/assets/manifest-") && part.ends_with(".webmanifest"))
        .expect("index.html links no /assets/manifest-*.webmanifest");
    let (status, headers, body) = http_get(&server.url(manifest_path), &[]).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), "application/manifest+json");
    assert_eq!(header(&headers, "cache-control"), "public, max-age=31536000, immutable");
    assert_common_headers(&headers, manifest_path);
    let manifest: serde_json::Value = serde_json::from_slice(&body).unwrap();

    let sources: Vec<Vec<u8>> = ["icon-192.png", "icon-512.png", "icon-maskable-512.png"]
        .iter()
        .map(|name| std::fs::read(workspace_root().join("frontend/icons").join(name)).unwrap())
        .collect();
    let base = url::Url::parse(&server.url(manifest_path)).unwrap();
    let mut found = Vec::new();
    for icon in manifest["icons"].as_array().expect("the manifest has no icons") {
        let src = icon["src"].as_str().unwrap();
        // A manifest's URLs are relative to the manifest itself.
        let url = base.join(src).unwrap();
        let (status, headers, body) = http_get(url.as_str(), &[]).await.unwrap();
        assert_eq!(status, 200, "{url}");
        assert_eq!(header(&headers, "content-type"), "image/png", "{url}");
        assert!(icon.get("type").is_none_or(|kind| kind == "image/png"), "{icon}");
        let (width, height) = png_size(&body);
        assert_eq!(icon["sizes"].as_str(), Some(format!("{width}x{height}").as_str()), "{url}");
        assert!(sources.contains(&body), "{url} is none of frontend/icons/");
        let purpose = icon["purpose"].as_str().unwrap_or("any");
        found.extend(purpose.split_whitespace().map(|purpose| format!("{width} {purpose}")));
    }
    for wanted in ["192 any", "512 any", "512 maskable"] {
        assert!(found.iter().any(|f| f == wanted), "no {wanted} icon in {found:?}");
    }
}

/// Every path the app has a page for answers 200; any other (outside `/assets/` and `/api`) the app's
/// HTML with 404, whose router shows its not-found page; a missing asset is a plain 404.
#[tokio::test]
async fn unknown_pages_answer_404_with_the_app_and_missing_assets_a_plain_404() {
    let server = Server::start().unwrap();
    let index = built_index();
    let known = ["/", "/?q=phuoc%20dinh", "/chon", "/chon/", "/chon?tinh=01", "/cu/26740", "/xa/26740", "/tinh/79"];
    // Any well-formed ticket is a page: the server does not look reports up to choose the status.
    let more_known = [
        "/thu-tuc/1.001193",
        "/xa/2674%30",
        "/xa/26740/in",
        "/bao-cao",
        "/bao-cao?trang=/xa/26740",
        "/bao-cao/abcdefghij23",
        "/bao-cao/aaaaaaaaaaaa/",
    ];
    for path in known.iter().chain(&more_known) {
        let (status, headers, _) = http_get(&server.url(path), &[]).await.unwrap();
        assert_eq!(status, 200, "{path}");
        assert_eq!(header(&headers, "content-type"), "text/html; charset=utf-8", "{path}");
    }
    let unknown = ["/nope", "/index.html", "/CHON", "/chon/x", "/xa", "/xa/abc", "/xa/99999", "/xa/26740/x"];
    let more_unknown = [
        "/cu/00000",
        "/tinh/00",
        "/thu-tuc/9.999999",
        "/thu-tuc/1001193",
        "/favicon.ico",
        "/xa/99999/in",
        "/xa/26740/in/x",
        "/bao-cao/ABCDEFGHIJ23",
        "/bao-cao/x",
    ];
    for path in unknown.iter().chain(&more_unknown) {
        let (status, headers, body) = http_get(&server.url(path), &[]).await.unwrap();
        assert_eq!(status, 404, "{path}");
        assert_eq!(header(&headers, "content-type"), "text/html; charset=utf-8", "{path}");
        assert_eq!(header(&headers, "content-security-policy"), shared::site::app_policy(&index), "{path}");
        assert!(headers.get("etag").is_none(), "{path}");
        assert_eq!(String::from_utf8(body).unwrap(), index, "{path}");
    }
    for path in ["/assets/missing-0000000000000000.js", "/assets", "/assets/", "/assets/../index.html"] {
        let (status, headers, body) = http_get(&server.url(path), &[("accept-encoding", "br, gzip")]).await.unwrap();
        assert_eq!(status, 404, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("<html"), "{path}");
        assert_ne!(header(&headers, "cache-control"), "public, max-age=31536000, immutable", "{path}");
        assert_common_headers(&headers, path);
    }
}

/// Each asset says that it varies with Accept-Encoding (a cache must not give Brotli to a client that
/// did not ask for it), whichever encoding was served; none may be sniffed or run as a document.
#[tokio::test]
async fn assets_vary_with_accept_encoding() {
    let server = Server::start().unwrap();
    let index = built_index();
    let assets: Vec<&str> = index.split('"').filter(|part| part.starts_with("/assets/")).collect();
    assert!(assets.len() >= 4, "{assets:?}");
    for asset in assets {
        for (accepted, encoding) in [("br, gzip", Some("br")), ("gzip", Some("gzip")), ("identity", None)] {
            let (status, headers, _) = http_get(&server.url(asset), &[("accept-encoding", accepted)]).await.unwrap();
            let what = format!("{asset} ({accepted})");
            assert_eq!(status, 200, "{what}");
            assert_eq!(headers.get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{what}");
            let vary: Vec<_> =
                headers.get_all("vary").iter().map(|v| v.to_str().unwrap().to_ascii_lowercase()).collect();
            assert_eq!(vary, ["accept-encoding"], "{what}");
            assert_common_headers(&headers, &what);
            assert_eq!(header(&headers, "content-security-policy"), NO_CONTENT_POLICY, "{what}");
            assert!(headers.get("permissions-policy").is_none(), "{what}");
        }
    }
}

/// JSON answers and errors get the headers too, with a policy that allows nothing; the API's reference
/// page gets one that allows its inline styles and no script.
#[tokio::test]
async fn api_answers_carry_the_headers() {
    let server = Server::start().unwrap();
    for path in ["/api/v1/health", "/api/v1/communes/26740", "/api/v1/communes/abc", "/api/v1/nothing"] {
        let (_, headers, _) = http_get(&server.url(path), &[]).await.unwrap();
        assert!(header(&headers, "content-type").starts_with("application/json"), "{path}");
        assert_common_headers(&headers, path);
        assert_eq!(header(&headers, "content-security-policy"), NO_CONTENT_POLICY, "{path}");
    }
    let (status, headers, _) = http_get(&server.url("/api/docs"), &[]).await.unwrap();
    assert_eq!(status, 200);
    assert_common_headers(&headers, "/api/docs");
    let policy = header(&headers, "content-security-policy");
    assert!(policy.starts_with("default-src 'none'; style-src 'unsafe-inline';"), "{policy}");
    assert!(!policy.contains("script-src"), "{policy}");
}

/// Runs the release binary with `envs` until it exits (at most `timeout`; `None` if it was still
/// running, then killed).
fn run_to_exit(envs: &[(&str, &OsStr)], timeout: Duration) -> Option<Output> {
    let mut child = Command::new(tests::api_binary())
        .env("HOST", "127.0.0.1")
        .env("PORT", "0")
        .env("SPA_DIR", workspace_root().join("frontend/dist"))
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + timeout;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(child.wait_with_output().unwrap())
}

/// A server with no app to serve stops at once and says why, instead of answering every page with
/// nothing; a snapshot path that is not a regular file is refused without reading it (`/dev/zero`
/// would be read forever); `SNAPSHOT_PATH=` empty is the embedded dataset.
#[tokio::test]
async fn a_wrong_configuration_stops_the_server_with_a_clear_message() {
    let empty = std::env::temp_dir().join(format!("xamoi-no-app-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let missing = empty.join("missing");
    for dir in [empty.as_os_str(), missing.as_os_str()] {
        let output = run_to_exit(&[("SPA_DIR", dir)], Duration::from_secs(10)).expect("the server kept running");
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        let expected = format!("SPA_DIR {}: no built browser app there", dir.to_string_lossy());
        assert!(stderr.contains(&expected) && stderr.contains("index.html"), "{stderr}");
        assert!(output.stdout.is_empty(), "it listened: {}", String::from_utf8_lossy(&output.stdout));
    }
    std::fs::remove_dir_all(&empty).unwrap();

    for path in ["/dev/zero", "/tmp"] {
        let output = run_to_exit(&[("SNAPSHOT_PATH", OsStr::new(path))], Duration::from_secs(10))
            .unwrap_or_else(|| panic!("SNAPSHOT_PATH={path}: the server kept running"));
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(&format!("SNAPSHOT_PATH {path}: not a regular file")), "{stderr}");
    }

    let server = Server::start_with(&[("SNAPSHOT_PATH", OsStr::new(""))]).unwrap();
    let (status, _, _) = http_get(&server.url("/api/v1/health"), &[]).await.unwrap();
    assert_eq!(status, 200);
}

/// The app's router (`frontend/src/app.rs`) has exactly the pages the server knows (what each makes of
/// a path is checked in Chromium by `tests/tests/e2e.rs`).
#[test]
fn the_apps_router_has_the_pages_the_server_knows() {
    let app = std::fs::read_to_string(workspace_root().join("frontend/src/app.rs")).unwrap();
    let mut routes: Vec<&str> = app.split("path!(\"").skip(1).map(|rest| rest.split('"').next().unwrap()).collect();
    let mut patterns = PATTERNS.to_vec();
    routes.sort_unstable();
    patterns.sort_unstable();
    assert_eq!(routes, patterns);
}

fn template() -> String {
    std::fs::read_to_string(workspace_root().join("deploy/template.yaml")).unwrap()
}

/// The text of the YAML block scalar that follows `key: |` in the template, unindented.
fn block_after(template: &str, key: &str) -> String {
    let start = template.find(&format!("{key}: |\n")).unwrap_or_else(|| panic!("no {key} block")) + key.len() + 3;
    let lines: Vec<&str> =
        template[start..].lines().take_while(|l| l.is_empty() || l.starts_with("        ")).collect();
    lines.iter().map(|l| l.get(8..).unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// CloudFront answers what the server answers: its headers for the apps' files are the server's, with
/// the hashes of the built pages' inline scripts as the template's parameter.
#[test]
fn the_cdn_sends_the_servers_headers() {
    let template = template();
    let quoted_after = |key: &str| {
        let rest = &template[template.find(key).unwrap_or_else(|| panic!("no {key}")) + key.len()..];
        rest.split('"').nth(1).unwrap().to_owned()
    };
    // One policy at the CDN for both apps' pages: it allows the boot script of each, the hashes that
    // `cargo xtask dist` writes for the template's parameter (the local server allows each page its own).
    let staff_index = std::fs::read_to_string(workspace_root().join("frontend/dist/quan-tri/index.html")).unwrap();
    let both = format!("{}{staff_index}", built_index());
    let parameter = std::fs::read_to_string(workspace_root().join("frontend/dist/inline-script-hash.txt")).unwrap();
    assert_eq!(parameter.split(',').collect::<Vec<_>>(), shared::site::inline_script_hashes(&both));
    let cdn_policy = quoted_after("ContentSecurityPolicy: !Sub").replace("${Hashes}", &parameter.replace(',', "' '"));
    assert_eq!(cdn_policy, shared::site::app_policy(&both));
    assert_eq!(quoted_after("- Header: Permissions-Policy\n              Value:"), PERMISSIONS_POLICY);
    assert!(template.contains(&format!("ContentSecurityPolicy: \"{NO_CONTENT_POLICY}\"")));
    // Three response-headers policies: the app's files, the service worker, the API.
    assert_eq!(template.matches("ReferrerPolicy: no-referrer").count(), 3);
    assert_eq!(template.matches("FrameOption: DENY").count(), 3);
    let hsts = template.matches("AccessControlMaxAgeSec: ").map(|_| ()).count();
    assert_eq!(hsts, 3);
    // The service worker: its own behaviour, which no function rewrites to index.html, and its own headers.
    let start = template.find("  WorkerHeaders:\n").expect("no WorkerHeaders");
    // Up to the blank line before the next resource.
    let worker_headers = &template[start..template[start..].find("\n\n").map_or(template.len(), |end| start + end)];
    assert!(
        worker_headers.contains(&format!("ContentSecurityPolicy: \"{SERVICE_WORKER_POLICY}\"")),
        "{worker_headers}"
    );
    assert!(worker_headers.contains("- Header: Cache-Control\n              Value: no-cache\n"), "{worker_headers}");
    let behaviour = format!("- PathPattern: {SERVICE_WORKER_PATH}\n");
    let behaviour = &template[template.find(&behaviour).expect("no cache behaviour for the service worker")..];
    let behaviour: Vec<&str> =
        behaviour.lines().skip(1).take_while(|l| l.starts_with("            ") && !l.trim().starts_with('#')).collect();
    assert!(behaviour.contains(&"            TargetOriginId: app"), "{behaviour:?}");
    assert!(behaviour.contains(&"            ResponseHeadersPolicyId: !Ref WorkerHeaders"), "{behaviour:?}");
    assert!(!behaviour.iter().any(|l| l.contains("FunctionAssociations")), "{behaviour:?}");
    for age in template.split("AccessControlMaxAgeSec: ").skip(1) {
        let seconds: u64 = age.lines().next().unwrap().trim().parse().unwrap();
        assert!(seconds >= 365 * 24 * 3600, "HSTS for {seconds} s");
    }
}

/// The template's CloudFront function, run in Node.js on paths of every kind, gives each the status
/// the server gives (`Page::parse`; the dataset check aside, which the CDN cannot make), whether
/// CloudFront shows the response step the viewer's path or the rewritten one.
#[test]
fn the_cdn_function_knows_the_pages_the_server_knows() {
    let code = block_after(&template(), "FunctionCode");
    let mut paths: Vec<String> = [
        "/",
        "//",
        "/chon",
        "/chon/",
        "/chon//",
        "/CHON",
        "/ch%6Fn",
        "/chon/x",
        "/index.html",
        "/favicon.ico",
        "/xa",
        "/xa/",
        "/xa/abc",
        "/xa/2674",
        "/xa/267400",
        "/xa/26740//",
        "/xa/26740/x",
        "/xa//26740",
        "/xa/26740%2F",
        "/xa/%FF",
        "/xa/%E1%BA%A1",
        "/xa/2674%30",
        "/tinh/7",
        "/cu/1.001193",
        "/thu-tuc/1001193",
        "/thu-tuc/1%2E001193",
        "/xa/26740/in",
        "/xa/26740/in/",
        "/xa/26740/in//",
        "/xa/26740/IN",
        "/xa/26740/%69n",
        "/xa/26740%2Fin",
        "/cu/26740/in",
        "/xa/26740/in/x",
        "/bao-cao",
        "/bao-cao/",
        "/bao-cao/abcdefghij23",
        "/bao-cao/abcdefghij2%33",
        "/bao-cao/ABCDEFGHIJ23",
        "/bao-cao/%20abcdefghij23",
        "/bao-cao/abcdefghij01",
        "/bao-cao/abcdefghij23/in",
        "/constructor/12345",
        "/__proto__/12345",
        "/toString",
        "/quan-tri",
        "/quan-tri/",
        "/quan-tri/dang-nhap",
        "/quan-tri/xa/26740",
        "/quan-tri/anything/at/all",
        "/quan-trix",
        "/x/quan-tri",
    ]
    .map(String::from)
    .to_vec();
    for pattern in PATTERNS {
        for code in ["26740", "79", "1.001193", "abcdefghij23", "abc", ""] {
            let path = pattern.replace(":code", code).replace(":ticket", code);
            paths.extend([path.clone(), format!("{path}/"), format!("{path}x"), format!("/x{path}")]);
        }
    }
    let script = format!(
        "{code}\nconst paths = {};\nconst out = paths.map(function (uri) {{\n\
           const viewer = {{ uri: uri, headers: {{}} }};\n\
           const rewritten = handler({{ context: {{ eventType: 'viewer-request' }}, request: {{ uri: uri, headers: {{}} }} }});\n\
           return [viewer, rewritten].map(function (request) {{\n\
             const response = {{ statusCode: 200, headers: {{}} }};\n\
             return handler({{ context: {{ eventType: 'viewer-response' }}, request: request, response: response }}).statusCode;\n\
           }}).concat([rewritten.uri]);\n\
         }});\nconsole.log(JSON.stringify(out));\n",
        serde_json::to_string(&paths).unwrap()
    );
    let output = Command::new("node").arg("-e").arg(&script).output().expect("Node.js (node) is needed for this test");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let answers: Vec<(u16, u16, String)> = serde_json::from_slice(&output.stdout).unwrap();
    for (path, (seen_as_sent, seen_rewritten, uri)) in paths.iter().zip(answers) {
        let staff = shared::site::is_staff_path(path);
        let expected = if staff || Page::parse(path).is_some() { 200 } else { 404 };
        assert_eq!((seen_as_sent, seen_rewritten), (expected, expected), "{path}");
        assert_eq!(uri, if staff { "/quan-tri/index.html" } else { "/index.html" }, "{path}");
    }
    // Assets are the files themselves, whatever their status.
    let assets =
        "handler({ context: { eventType: 'viewer-request' }, request: { uri: '/assets/a-0.js', headers: {} } }).uri";
    let output = Command::new("node").arg("-p").arg(format!("{code}\n{assets}")).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "/assets/a-0.js");
}
