//! Staff sign-in, sessions and accounts through the real release-built server, with its own store in
//! a temp dir: the first admin made by `api staff add-admin`, an invited editor, CSRF, throttling,
//! disabled accounts, password changes, and bad input refused with nothing stored.

use std::ffi::OsStr;

use http::Method;
use serde_json::{Value, json};
use tests::{CSRF_HEADER, Server, api_binary, http_request};

const ADMIN: &str = "admin@example.org";
const EDITOR: &str = "editor@example.org";

/// `method path` with the session `cookie` (if any), the CSRF header (if `csrf`) and a JSON body (if
/// any): the status, the headers and the body as JSON (`null` when empty).
async fn call(
    server: &Server,
    method: Method,
    path: &str,
    cookie: Option<&str>,
    csrf: bool,
    body: Option<&str>,
) -> (u16, http::HeaderMap, Value) {
    let mut headers = vec![("content-type", "application/json")];
    if csrf {
        headers.push(CSRF_HEADER);
    }
    if let Some(cookie) = cookie {
        headers.push(("cookie", cookie));
    }
    let body = body.unwrap_or_default().as_bytes().to_vec();
    let (status, headers, answer) = http_request(method, &server.url(path), &headers, body).await.unwrap();
    let json = if answer.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&answer).unwrap_or_else(|e| panic!("{path}: {e}: {}", String::from_utf8_lossy(&answer)))
    };
    (status, headers, json)
}

/// The `Set-Cookie` value of the session cookie.
fn set_cookie(headers: &http::HeaderMap) -> String {
    headers
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("xm_session="))
        .unwrap_or_else(|| panic!("no session cookie in {headers:?}"))
        .to_owned()
}

/// Signs in: the status, the answer, and the cookie to send back (`xm_session=...`) when there is one.
async fn sign_in(server: &Server, email: &str, password: &str) -> (u16, Value, Option<String>) {
    let body = json!({ "email": email, "password": password }).to_string();
    let (status, headers, answer) = call(server, Method::POST, "/api/v1/staff/sign-in", None, true, Some(&body)).await;
    let cookie = (status == 200).then(|| set_cookie(&headers).split(';').next().unwrap().to_owned());
    (status, answer, cookie)
}

fn add_admin_cli(server: &Server, email: &str) -> std::process::Output {
    std::process::Command::new(api_binary())
        .args(["staff", "add-admin", email])
        .env("STORE_URL", &server.store_dir)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn code(answer: &Value) -> &str {
    answer["error"]["code"].as_str().unwrap_or_else(|| panic!("not an error body: {answer}"))
}

fn stored_accounts(server: &Server) -> Vec<String> {
    let dir = server.store_dir.join("accounts");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn no_rate_limit() -> Server {
    Server::start_with(&[("RATE_LIMIT", OsStr::new("off"))]).unwrap()
}

#[tokio::test]
async fn the_first_admin_signs_in_invites_an_editor_and_disables_them() {
    let server = no_rate_limit();

    // The command line: the password alone on the first line; errors on stderr with exit code 2.
    let output = add_admin_cli(&server, ADMIN);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let password = stdout.lines().next().unwrap().to_owned();
    assert!(password.len() >= 16 && !password.contains(' '), "{stdout}");
    assert!(stdout.contains("change it"), "{stdout}");
    for (email, says) in [(ADMIN, "exists"), ("not-an-email", "not an e-mail")] {
        let output = add_admin_cli(&server, email);
        assert_eq!(output.status.code(), Some(2), "{email}");
        assert!(String::from_utf8_lossy(&output.stderr).contains(says), "{email}: {output:?}");
    }
    let output = std::process::Command::new(api_binary()).args(["staff", "remove-admin"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));

    // No session: 401 JSON. Sign-in without the CSRF header: 403, and no cookie.
    let (status, _, answer) = call(&server, Method::GET, "/api/v1/staff/me", None, false, None).await;
    assert_eq!((status, code(&answer)), (401, "unauthorized"));
    let body = json!({ "email": ADMIN, "password": password }).to_string();
    let (status, headers, answer) =
        call(&server, Method::POST, "/api/v1/staff/sign-in", None, false, Some(&body)).await;
    assert_eq!((status, code(&answer)), (403, "forbidden"));
    assert!(headers.get(http::header::SET_COOKIE).is_none());

    // Sign-in: the cookie's attributes (no Secure on loopback), then `me`.
    let (status, headers, answer) = call(&server, Method::POST, "/api/v1/staff/sign-in", None, true, Some(&body)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["account"]["email"], ADMIN);
    assert_eq!(answer["account"]["role"], "admin");
    assert_eq!(answer["must_change_password"], true);
    let cookie_header = set_cookie(&headers);
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/staff", "Max-Age=28800"] {
        assert!(cookie_header.split("; ").any(|a| a == attribute), "{attribute}: {cookie_header}");
    }
    assert!(!cookie_header.contains("Secure"), "{cookie_header}");
    assert_eq!(headers["cache-control"], "no-store");
    let admin = cookie_header.split(';').next().unwrap().to_owned();
    let (status, _, answer) = call(&server, Method::GET, "/api/v1/staff/me", Some(&admin), false, None).await;
    assert_eq!(status, 200);
    assert_eq!(answer["account"]["email"], ADMIN);
    let (status, _, answer) =
        call(&server, Method::GET, "/api/v1/staff/me", Some("xm_session=a.b.c"), false, None).await;
    assert_eq!((status, code(&answer)), (401, "unauthorized"));

    // A write without the CSRF header: 403, nothing done.
    let invite = json!({ "email": EDITOR, "role": "editor", "provinces": ["56"] }).to_string();
    let (status, _, answer) =
        call(&server, Method::POST, "/api/v1/staff/accounts", Some(&admin), false, Some(&invite)).await;
    assert_eq!((status, code(&answer)), (403, "forbidden"));
    assert_eq!(stored_accounts(&server), [ADMIN]);

    // Bad input: a 4xx JSON error each, nothing stored.
    let huge = "a".repeat(20_000);
    let bad_inputs = [
        ("{not json", 400),
        (r#"{"email":"x@example.org","role":"editor"}"#, 422),
        (&*json!({ "email": format!("{huge}@example.org"), "role": "editor", "provinces": ["56"] }).to_string(), 422),
        (&*json!({ "email": "not an email", "role": "editor", "provinces": ["56"] }).to_string(), 422),
        (&*json!({ "email": "x@example.org", "role": "owner", "provinces": ["56"] }).to_string(), 422),
        (&*json!({ "email": "x@example.org", "role": "editor", "provinces": ["99"] }).to_string(), 422),
        (&*json!({ "email": "x@example.org", "role": "editor", "provinces": ["5"] }).to_string(), 422),
        (&*json!({ "email": "x@example.org", "role": "reviewer", "provinces": [] }).to_string(), 422),
        (&*json!({ "email": "x@example.org", "role": "editor", "provinces": ["56"], "admin": true }).to_string(), 422),
    ];
    for (body, expected) in bad_inputs {
        let (status, _, answer) =
            call(&server, Method::POST, "/api/v1/staff/accounts", Some(&admin), true, Some(body)).await;
        assert_eq!(status, expected, "{}: {answer}", &body[..body.len().min(80)]);
        assert!(answer["error"]["message"].is_string(), "{answer}");
    }
    let (status, _, _) = call(
        &server,
        Method::POST,
        "/api/v1/staff/sign-in",
        None,
        true,
        Some(&json!({ "email": ADMIN, "password": huge }).to_string()),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(stored_accounts(&server), [ADMIN], "nothing stored");

    // The invitation: 201 with a one-time password, once.
    let (status, headers, answer) =
        call(&server, Method::POST, "/api/v1/staff/accounts", Some(&admin), true, Some(&invite)).await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(answer["account"], json!({ "email": EDITOR, "role": "editor", "provinces": ["56"], "disabled": false }));
    let editor_password = answer["one_time_password"].as_str().unwrap().to_owned();
    assert!(editor_password.len() >= 16);
    let (status, _, answer) =
        call(&server, Method::POST, "/api/v1/staff/accounts", Some(&admin), true, Some(&invite)).await;
    assert_eq!((status, code(&answer)), (409, "conflict"));
    let (status, _, answer) = call(&server, Method::GET, "/api/v1/staff/accounts", Some(&admin), false, None).await;
    assert_eq!(status, 200);
    let listed: Vec<&str> =
        answer["accounts"].as_array().unwrap().iter().map(|a| a["email"].as_str().unwrap()).collect();
    assert_eq!(listed, [ADMIN, EDITOR]);
    assert!(!answer.to_string().contains("argon2"), "never the hash: {answer}");

    // The editor: signed in, but not an admin.
    let (status, answer, editor) = sign_in(&server, EDITOR, &editor_password).await;
    assert_eq!(status, 200, "{answer}");
    let editor = editor.unwrap();
    assert_eq!(answer["account"]["role"], "editor");
    let patch_admin = json!({ "disabled": true }).to_string();
    let (status, _, answer) = call(
        &server,
        Method::PATCH,
        &format!("/api/v1/staff/accounts/{ADMIN}"),
        Some(&editor),
        true,
        Some(&patch_admin),
    )
    .await;
    assert_eq!((status, code(&answer)), (403, "forbidden"));
    let (status, _, _) = call(&server, Method::GET, "/api/v1/staff/accounts", Some(&editor), false, None).await;
    assert_eq!(status, 403);
    let (status, _, _) =
        call(&server, Method::POST, "/api/v1/staff/accounts", Some(&editor), true, Some(&invite)).await;
    assert_eq!(status, 403);

    // The editor changes their password: the old session ends, a new one comes with the answer.
    let change = |current: &str, new: &str| json!({ "current_password": current, "new_password": new }).to_string();
    let (status, _, answer) = call(
        &server,
        Method::POST,
        "/api/v1/staff/me/password",
        Some(&editor),
        true,
        Some(&change(&editor_password, "short")),
    )
    .await;
    assert_eq!((status, code(&answer)), (422, "unprocessable"));
    let (status, _, _) = call(
        &server,
        Method::POST,
        "/api/v1/staff/me/password",
        Some(&editor),
        true,
        Some(&change("wrong password!", "a long new password")),
    )
    .await;
    assert_eq!(status, 403);
    let (status, headers, answer) = call(
        &server,
        Method::POST,
        "/api/v1/staff/me/password",
        Some(&editor),
        true,
        Some(&change(&editor_password, "a long new password")),
    )
    .await;
    assert_eq!(status, 204, "{answer}");
    let renewed = set_cookie(&headers).split(';').next().unwrap().to_owned();
    let (status, _, _) = call(&server, Method::GET, "/api/v1/staff/me", Some(&editor), false, None).await;
    assert_eq!(status, 401, "a session of the old password");
    let (status, _, answer) = call(&server, Method::GET, "/api/v1/staff/me", Some(&renewed), false, None).await;
    assert_eq!(status, 200);
    assert_eq!(answer["must_change_password"], false);
    assert_eq!(sign_in(&server, EDITOR, &editor_password).await.0, 401);
    let (status, _, editor) = sign_in(&server, EDITOR, "a long new password").await;
    assert_eq!(status, 200);
    let editor = editor.unwrap();

    // An admin may not disable themself; they disable the editor, whose session ends at once.
    let (status, _, answer) = call(
        &server,
        Method::PATCH,
        &format!("/api/v1/staff/accounts/{ADMIN}"),
        Some(&admin),
        true,
        Some(&patch_admin),
    )
    .await;
    assert_eq!((status, code(&answer)), (409, "conflict"));
    let (status, _, answer) = call(
        &server,
        Method::PATCH,
        "/api/v1/staff/accounts/nobody@example.org",
        Some(&admin),
        true,
        Some(&patch_admin),
    )
    .await;
    assert_eq!(status, 404, "{answer}");
    let (status, _, answer) = call(
        &server,
        Method::PATCH,
        &format!("/api/v1/staff/accounts/{EDITOR}"),
        Some(&admin),
        true,
        Some(r#"{"provinces":["99"]}"#),
    )
    .await;
    assert_eq!(status, 422, "{answer}");
    let (status, _, answer) = call(
        &server,
        Method::PATCH,
        &format!("/api/v1/staff/accounts/{EDITOR}"),
        Some(&admin),
        true,
        Some(&json!({ "disabled": true, "provinces": ["01", "56"] }).to_string()),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["account"],
        json!({ "email": EDITOR, "role": "editor", "provinces": ["01", "56"], "disabled": true })
    );
    let (status, _, answer) = call(&server, Method::GET, "/api/v1/staff/me", Some(&editor), false, None).await;
    assert_eq!((status, code(&answer)), (401, "unauthorized"));
    assert_eq!(sign_in(&server, EDITOR, "a long new password").await.0, 401);

    // Sign-out: 204 and the cookie removed (the CSRF header is needed there too).
    let (status, _, _) = call(&server, Method::POST, "/api/v1/staff/sign-out", Some(&admin), false, None).await;
    assert_eq!(status, 403);
    let (status, headers, _) = call(&server, Method::POST, "/api/v1/staff/sign-out", Some(&admin), true, None).await;
    assert_eq!(status, 204);
    let removed = set_cookie(&headers);
    assert!(removed.starts_with("xm_session=;") && removed.contains("Max-Age=0"), "{removed}");
}

#[tokio::test]
async fn repeated_failed_sign_ins_of_one_account_are_refused_for_a_while() {
    let server = no_rate_limit();
    let output = add_admin_cli(&server, ADMIN);
    let password = String::from_utf8(output.stdout).unwrap().lines().next().unwrap().to_owned();
    for attempt in 1..=5 {
        let (status, answer, _) = sign_in(&server, ADMIN, "not the password").await;
        assert_eq!((status, code(&answer)), (401, "unauthorized"), "attempt {attempt}");
    }
    // Now even the right password is refused, with a Retry-After.
    let body = json!({ "email": ADMIN, "password": password }).to_string();
    let (status, headers, answer) =
        call(&server, Method::POST, "/api/v1/staff/sign-in?lang=en", None, true, Some(&body)).await;
    assert_eq!((status, code(&answer)), (429, "too_many_requests"));
    let retry_after: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=30).contains(&retry_after), "{retry_after}");
    assert!(answer["error"]["message"].as_str().unwrap().contains("failed sign-ins"), "{answer}");
    // An unknown e-mail is answered like a wrong password (and another account is not blocked).
    let (status, answer, _) = sign_in(&server, "nobody@example.org", "whatever it is").await;
    assert_eq!((status, code(&answer)), (401, "unauthorized"));
}

#[tokio::test]
async fn sign_in_attempts_from_one_address_have_their_own_rate_limit() {
    let server = Server::start().unwrap();
    for attempt in 1..=10 {
        let (status, answer, _) = sign_in(&server, &format!("guess{attempt}@example.org"), "a guess").await;
        assert_eq!(status, 401, "attempt {attempt}: {answer}");
    }
    let body = json!({ "email": "guess@example.org", "password": "a guess" }).to_string();
    let (status, headers, answer) = call(&server, Method::POST, "/api/v1/staff/sign-in", None, true, Some(&body)).await;
    assert_eq!((status, code(&answer)), (429, "too_many_requests"));
    assert_eq!(headers["ratelimit-policy"], "\"sign-in\";q=10;w=900");
    // Reads are not limited by it.
    let (status, _, _) = call(&server, Method::GET, "/api/v1/health", None, false, None).await;
    assert_eq!(status, 200);
}

/// Every route under `/api/v1/staff/` but sign-in and sign-out: without a session a 401, with one but
/// without the CSRF header a write is a 403; either way a JSON error and nothing stored.
#[tokio::test]
async fn every_staff_route_needs_a_session_and_every_write_the_csrf_header() {
    let server = Server::start().unwrap();
    let password = String::from_utf8(add_admin_cli(&server, ADMIN).stdout).unwrap();
    let password = password.lines().next().unwrap().split_whitespace().last().unwrap().to_owned();
    let (_, _, cookie) = sign_in(&server, ADMIN, &password).await;
    let cookie = cookie.unwrap();
    let routes: [(Method, &str, &str); 18] = [
        (Method::GET, "/api/v1/staff/me", ""),
        (Method::POST, "/api/v1/staff/me/password", r#"{"current_password":"x","new_password":"y"}"#),
        (Method::GET, "/api/v1/staff/accounts", ""),
        (Method::POST, "/api/v1/staff/accounts", r#"{"email":"a@example.org","role":"editor","provinces":["01"]}"#),
        (Method::PATCH, "/api/v1/staff/accounts/a@example.org", r#"{"disabled":true}"#),
        (Method::GET, "/api/v1/staff/changes", ""),
        (Method::POST, "/api/v1/staff/changes", "{}"),
        (Method::GET, "/api/v1/staff/changes/1", ""),
        (Method::PUT, "/api/v1/staff/changes/1", "{}"),
        (Method::POST, "/api/v1/staff/changes/1/submit", ""),
        (Method::POST, "/api/v1/staff/changes/1/approve", ""),
        (Method::POST, "/api/v1/staff/changes/1/reject", r#"{"reason":"x"}"#),
        (Method::POST, "/api/v1/staff/changes/1/withdraw", ""),
        (Method::GET, "/api/v1/staff/releases", ""),
        (Method::POST, "/api/v1/staff/releases", ""),
        (Method::POST, "/api/v1/staff/releases/1/rollback", ""),
        (Method::POST, "/api/v1/staff/releases/rebase", "{}"),
        (Method::GET, "/api/v1/staff/reports", ""),
    ];
    let before = stored_accounts(&server);
    for (method, path, body) in &routes {
        let body = (!body.is_empty()).then_some(*body);
        let (status, _, answer) = call(&server, method.clone(), path, None, true, body).await;
        assert_eq!((status, code(&answer)), (401, "unauthorized"), "{method} {path} without a session: {answer}");
        let (status, _, answer) =
            call(&server, method.clone(), path, Some("xm_session=forged.token.here"), true, body).await;
        assert_eq!(status, 401, "{method} {path} with a forged session: {answer}");
        if *method != Method::GET {
            let (status, _, answer) = call(&server, method.clone(), path, Some(&cookie), false, body).await;
            assert_eq!((status, code(&answer)), (403, "forbidden"), "{method} {path} without CSRF: {answer}");
            // Signed in as an admin, with bodies no route takes: a 4xx JSON error each time.
            for bad in ["{not json", "[]", "\"x\"", "{\"edit\":{\"kind\":\"service_centre\"}}"] {
                let (status, _, answer) = call(&server, method.clone(), path, Some(&cookie), true, Some(bad)).await;
                assert!((400..500).contains(&status), "{method} {path} {bad}: {status} {answer}");
                code(&answer);
            }
        }
    }
    for (method, path) in [
        (Method::POST, "/api/v1/staff/reports/aaaaaaaaaaaa/link"),
        (Method::POST, "/api/v1/staff/reports/aaaaaaaaaaaa/close"),
    ] {
        let (status, _, _) = call(&server, method.clone(), path, None, true, Some("{}")).await;
        assert_eq!(status, 401, "{method} {path}");
    }
    assert_eq!(stored_accounts(&server), before, "nothing stored");
    assert!(
        !server.store_dir.join("changes").exists()
            || std::fs::read_dir(server.store_dir.join("changes")).unwrap().next().is_none()
    );
    assert!(
        !server.store_dir.join("releases").exists()
            || std::fs::read_dir(server.store_dir.join("releases")).unwrap().next().is_none()
    );
}
