//! The review side of the staff pages, at a desk and on a phone: a reviewer takes an editor's change
//! from the queue, reads its diff and approves it, links a citizen's report to it and publishes it (the
//! citizen's page then shows the centre, and the report's ticket "fixed in release 1"); a change sent
//! back shows its reason to its author; a second change of a busy record names the first; an admin rolls
//! back after confirming; only admins manage accounts. Every page is checked with axe.
//!
//! Accounts are made through the API (the one-time passwords of those who use the browser replaced, so
//! that it signs in straight); changes are made through the API with real communes of Khánh Hòa and test facts
//! only (opening hours, `source: test`).

use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use tests::{Browser, Server, StaffClient, http_get, http_request};

use crate::staff::{PROVINCE, fill, sign_in};
use crate::{WAIT, scroll_to, wait_for_path};

/// The password every account of these journeys chooses instead of its one-time password.
const PASSWORD: &str = "a test password for the journeys";

const CITATION: &str = "test citation";

const ADMIN: &str = "admin@example.org";
const EDITOR: &str = "hoa@example.org";
const REVIEWER: &str = "lan@example.org";

/// A staff member signed in through the API with the one-time password of their invitation.
struct Member {
    client: StaffClient,
    one_time: String,
}

impl Member {
    /// Replaces the one-time password with [`PASSWORD`], so that the browser signs in straight (the
    /// API session ends with the old password: act through it before).
    async fn settle(self) {
        let body = json!({ "current_password": self.one_time, "new_password": PASSWORD });
        let mut status = 0;
        // Again after a 408: argon2 on a machine busy compiling.
        for _ in 0..3 {
            let answer;
            (status, answer) = self.client.post("/api/v1/staff/me/password", body.clone()).await.unwrap();
            if status != 408 {
                assert_eq!(status, 204, "{answer}");
                break;
            }
        }
        assert_eq!(status, 204);
    }
}

/// Signs in through the API, again if the server answered 408. Every server allows 10 sign-ins from
/// one address at once (then one per 90 s): each journey counts its own.
async fn api_sign_in(server: &Server, email: &str, password: &str) -> anyhow::Result<StaffClient> {
    let mut attempts = 0;
    loop {
        match StaffClient::sign_in(server, email, password).await {
            Err(error) if error.to_string().contains(": 408 ") && attempts < 3 => attempts += 1,
            other => return other,
        }
    }
}

/// The admin made with the binary, signed in (one sign-in).
async fn admin(server: &Server) -> Member {
    let one_time = server.add_admin(ADMIN).unwrap();
    Member { client: api_sign_in(server, ADMIN, &one_time).await.unwrap(), one_time }
}

/// Invites `email` as `role` of [`PROVINCE`]; the one-time password.
async fn invite(admin: &StaffClient, email: &str, role: &str) -> String {
    let invitation = json!({ "email": email, "role": role, "provinces": [PROVINCE] });
    let (status, answer) = admin.post("/api/v1/staff/accounts", invitation).await.unwrap();
    assert_eq!(status, 201, "{answer}");
    answer["one_time_password"].as_str().unwrap().to_owned()
}

/// Invites `email` and signs in as them (one sign-in).
async fn member(server: &Server, admin: &StaffClient, email: &str, role: &str) -> Member {
    let one_time = invite(admin, email, role).await;
    Member { client: api_sign_in(server, email, &one_time).await.unwrap(), one_time }
}

/// The `n`th commune of [`PROVINCE`] in the dataset (a real code).
fn commune(n: usize) -> String {
    tests::lookup().index().new_communes_of(&PROVINCE.parse().unwrap())[n].code.to_string()
}

/// A centre with test facts only: its opening hours, and where they were read.
fn centre(code: &str, hours: &str) -> Value {
    json!({
        "kind": "service_centre",
        "centre": {
            "commune_code": code, "name": null, "address": null, "phone": null, "email": null,
            "opening_hours": hours, "lat": null, "lon": null, "source": "test", "verified_on": "2026-11-30"
        }
    })
}

/// A draft by `author`, its number.
async fn draft(author: &StaffClient, code: &str, hours: &str) -> u64 {
    let body = json!({ "edit": centre(code, hours), "citation": CITATION });
    let (status, answer) = author.post("/api/v1/staff/changes", body).await.unwrap();
    assert_eq!(status, 201, "{answer}");
    answer["change"]["id"].as_u64().unwrap()
}

async fn step(client: &StaffClient, id: u64, action: &str) {
    let (status, answer) = client.post(&format!("/api/v1/staff/changes/{id}/{action}"), json!({})).await.unwrap();
    assert_eq!(status, 200, "{action} {id}: {answer}");
}

/// A draft, sent for review.
async fn submitted(author: &StaffClient, code: &str, hours: &str) -> u64 {
    let id = draft(author, code, hours).await;
    step(author, id, "submit").await;
    id
}

/// Signs in through the page and waits for the signed-in header (again after an error such as a 408,
/// which a machine busy compiling can give argon2).
async fn enter(client: &Client, server: &Server, email: &str) {
    for _ in 0..3 {
        sign_in(client, server, email, PASSWORD).await;
        let either = Locator::Css("[data-testid=signed-in-as], [data-testid=sign-in-form] [data-testid=call-error]");
        let found = client.wait().at_most(WAIT).for_element(either).await.unwrap();
        if found.attr("data-testid").await.unwrap().as_deref() == Some("signed-in-as") {
            return;
        }
        eprintln!("sign-in of {email} refused: {}", found.text().await.unwrap_or_default());
    }
    panic!("{email} could not sign in");
}

async fn leave(client: &Client) {
    client.find(Locator::Css("[data-testid=sign-out]")).await.unwrap().click().await.unwrap();
    wait_for_path(client, |path| path == "/quan-tri/dang-nhap").await;
}

/// Opens `path` and waits for `css`.
async fn open(client: &Client, server: &Server, path: &str, css: &str) {
    client.goto(&server.url(path)).await.unwrap();
    client.wait().at_most(WAIT).for_element(Locator::Css(css)).await.unwrap();
}

/// Waits until the text of `css` satisfies `wanted`, and returns it.
async fn text_until(client: &Client, css: &str, wanted: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let text = match client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if wanted(&text) {
            return text;
        }
        assert!(std::time::Instant::now() < deadline, "{css}: still {text:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn click(client: &Client, css: &str) {
    client.wait().at_most(WAIT).for_element(Locator::Css(css)).await.unwrap().click().await.unwrap();
}

/// No axe violation on the page as it is now.
async fn accessible(browser: &Browser, page: &str) {
    let violations = browser.accessibility_violations().await.unwrap();
    assert!(violations.is_empty(), "{page}: {violations:#?}");
}

/// Each page at a phone's size, signed in as `email`: a screenshot and axe, after `css` appears.
async fn on_a_phone(server: &Server, email: &str, pages: &[(&str, &str, &str)]) {
    let browser = Browser::start().await.unwrap();
    let client = &browser.client;
    enter(client, server, email).await;
    for (path, css, name) in pages {
        open(client, server, path, css).await;
        let shown = client.find(Locator::Css(css)).await.unwrap();
        scroll_to(client, &shown).await;
        browser.screenshot(&format!("{name}-phone")).await.unwrap();
        accessible(&browser, &format!("{path} on a phone")).await;
    }
    browser.close().await.unwrap();
}

/// Sends a citizen's report about `page` (no sign-in) and returns its ticket.
async fn report(server: &Server, page: &str) -> String {
    let body = json!({ "page": page, "message": "test report: the opening hours are missing", "contact": null });
    let (status, _, answer) = http_request(
        http::Method::POST,
        &server.url("/api/v1/reports"),
        &[("content-type", "application/json")],
        body.to_string().into_bytes(),
    )
    .await
    .unwrap();
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&answer));
    let receipt: Value = serde_json::from_slice(&answer).unwrap();
    receipt["ticket"].as_str().unwrap().to_owned()
}

async fn get_json(server: &Server, path: &str) -> Value {
    let (status, _, body) = http_get(&server.url(path), &[]).await.unwrap();
    assert_eq!(status, 200, "{path}");
    serde_json::from_slice(&body).unwrap()
}

/// The journey of issue 14's review: from the queue to the citizen's page, with a report fixed on the way.
#[tokio::test]
async fn a_reviewer_approves_from_the_queue_links_a_report_and_publishes() {
    let server = Server::start().unwrap();
    // Sign-ins: 3 through the API, 2 in the browsers.
    let admin = admin(&server).await;
    let editor = member(&server, &admin.client, EDITOR, "editor").await;
    member(&server, &admin.client, REVIEWER, "reviewer").await.settle().await;
    let code = commune(0);
    let id = submitted(&editor.client, &code, "Mo-Fr 07:30-11:30,13:30-17:00").await;
    let ticket = report(&server, &format!("/xa/{code}")).await;

    let browser = Browser::start_desk().await.unwrap();
    let client = &browser.client;
    enter(client, &server, REVIEWER).await;

    // The queue: the editor's change, and the citizen's report above it.
    open(client, &server, "/quan-tri/thay-doi", &format!("[data-testid=changes] tr[data-id='{id}']")).await;
    let reports = text_until(client, "[data-testid=open-reports]", |t| t.contains("test report")).await;
    assert!(reports.contains(&format!("/xa/{code}")), "{reports}");
    let row = client.find(Locator::Css(&format!("tr[data-id='{id}']"))).await.unwrap().text().await.unwrap();
    assert!(row.contains(EDITOR) && row.contains("Chờ duyệt") && row.contains(&code), "{row}");
    browser.screenshot("staff-queue-desk").await.unwrap();
    accessible(&browser, "the review queue").await;

    // The change: its diff in words, then approved.
    click(client, &format!("tr[data-id='{id}'] a")).await;
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=diff]")).await.unwrap();
    let hours = client.find(Locator::Css("[data-testid=diff] tr[data-field=opening_hours]")).await.unwrap();
    let hours = hours.text().await.unwrap();
    assert!(hours.contains("Giờ làm việc") && hours.contains("Mo-Fr 07:30-11:30,13:30-17:00"), "{hours}");
    assert_eq!(text_until(client, "[data-testid=citation]", |t| !t.is_empty()).await, CITATION);
    assert!(client.find(Locator::Css("[data-testid=submit]")).await.is_err(), "a reviewer does not submit");
    browser.screenshot("staff-change-desk").await.unwrap();
    accessible(&browser, "a change").await;
    scroll_to(client, &client.find(Locator::Css("[data-testid=change-actions]")).await.unwrap()).await;
    browser.screenshot("staff-change-actions-desk").await.unwrap();
    click(client, "[data-testid=approve]").await;
    text_until(client, "[data-testid=change-state]", |t| t == "Đã duyệt, chờ phát hành").await;
    text_until(client, "[data-testid=history]", |t| t.contains("Duyệt")).await;

    // The report, linked to the change.
    open(client, &server, "/quan-tri/bao-cao", &format!("article[data-ticket='{ticket}']")).await;
    let article = format!("article[data-ticket='{ticket}']");
    let options = client.find(Locator::Css(&format!("{article} [data-testid=link-change]"))).await.unwrap();
    options.select_by_value(&id.to_string()).await.unwrap();
    click(client, &format!("{article} [data-testid=link-report]")).await;
    text_until(client, &format!("{article} [data-testid=report-state]"), |t| t == format!("Gắn với đề xuất #{id}"))
        .await;
    browser.screenshot("staff-reports-desk").await.unwrap();
    accessible(&browser, "the reports").await;

    // Published from the releases page.
    open(client, &server, "/quan-tri/phat-hanh", "[data-testid=waiting]").await;
    click(client, "[data-testid=publish]").await;
    text_until(client, "[data-testid=release-done]", |t| t == "Đã phát hành bản số 1.").await;
    let row = text_until(client, "[data-testid=releases] tr[data-number='1']", |t| t.contains(&format!("#{id}"))).await;
    assert!(row.contains(REVIEWER), "{row}");
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=none-waiting]")).await.unwrap();
    browser.screenshot("staff-releases-desk").await.unwrap();
    accessible(&browser, "the releases").await;
    // Nothing approved is left: the server says so.
    click(client, "[data-testid=publish]").await;
    let refusal = text_until(client, "[data-testid=call-error]", |t| !t.is_empty()).await;
    assert_eq!(refusal, "Chưa có thay đổi đã duyệt nào để phát hành.");

    // The citizen's page shows the verified centre within seconds (this instance serves it at once).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        client.goto(&server.url(&format!("/xa/{code}"))).await.unwrap();
        let centre =
            client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=service-centre]")).await.unwrap();
        let text = centre.text().await.unwrap();
        if text.contains("07:30-11:30") && client.find(Locator::Css("[data-testid=verified-by]")).await.is_ok() {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the citizen's page still shows {text}");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    browser.screenshot("staff-published-citizen-desk").await.unwrap();

    // The report's ticket: fixed in release 1, for the citizen.
    let status = get_json(&server, &format!("/api/v1/reports/{ticket}")).await;
    assert_eq!(
        (status["state"]["state"].as_str(), status["state"]["release"].as_u64()),
        (Some("fixed"), Some(1)),
        "{status}"
    );
    client.goto(&server.url(&format!("/bao-cao/{ticket}"))).await.unwrap();
    let state = text_until(client, "[data-testid=report-state]", |t| !t.is_empty()).await;
    assert_eq!(state, "Đã sửa trong bản phát hành 1");
    browser.screenshot("staff-report-fixed-citizen-desk").await.unwrap();
    browser.close().await.unwrap();

    let change = format!("/quan-tri/thay-doi/{id}");
    on_a_phone(
        &server,
        REVIEWER,
        &[
            ("/quan-tri/thay-doi?trang-thai=all", "[data-testid=changes]", "staff-changes"),
            (&change, "[data-testid=diff]", "staff-change"),
            ("/quan-tri/bao-cao", "article[data-ticket]", "staff-reports"),
            ("/quan-tri/phat-hanh", "[data-testid=releases]", "staff-releases"),
        ],
    )
    .await;
}

/// A change sent back with a reason: the reason is required, and its author sees it on their list and on
/// the change; a second change of the same record cannot be sent while the first is open, and the
/// refusal links to the first.
#[tokio::test]
async fn a_change_sent_back_shows_its_reason_to_its_author() {
    let server = Server::start().unwrap();
    // Sign-ins: 3 through the API, 4 in the browsers.
    let admin = admin(&server).await;
    let editor = member(&server, &admin.client, EDITOR, "editor").await;
    member(&server, &admin.client, REVIEWER, "reviewer").await.settle().await;
    let code = commune(1);
    let first = submitted(&editor.client, &code, "Mo-Fr 07:30-11:30").await;
    let second = draft(&editor.client, &code, "Mo-Fr 07:00-11:00").await;
    editor.settle().await;

    let browser = Browser::start_desk().await.unwrap();
    let client = &browser.client;
    enter(client, &server, EDITOR).await;
    open(client, &server, &format!("/quan-tri/thay-doi/{second}"), "[data-testid=submit]").await;
    click(client, "[data-testid=submit]").await;
    let refusal = text_until(client, "[data-testid=call-error]", |t| !t.is_empty()).await;
    assert!(refusal.contains(&format!("yêu cầu số {first}")), "{refusal}");
    let link = client.find(Locator::Css("[data-testid=other-change]")).await.unwrap();
    assert_eq!(link.attr("href").await.unwrap().as_deref(), Some(format!("/quan-tri/thay-doi/{first}").as_str()));
    browser.screenshot("staff-change-busy-desk").await.unwrap();
    accessible(&browser, "a refused submit").await;
    leave(client).await;

    // The reviewer sends the first back: not without a reason.
    enter(client, &server, REVIEWER).await;
    open(client, &server, &format!("/quan-tri/thay-doi/{first}"), "[data-testid=reject-form]").await;
    click(client, "[data-testid=reject]").await;
    text_until(client, "[data-field=reject-reason] [data-testid=field-problem]", |t| !t.is_empty()).await;
    let invalid = client.find(Locator::Id("reject-reason")).await.unwrap().attr("aria-invalid").await.unwrap();
    assert_eq!(invalid.as_deref(), Some("true"));
    let reason = "test: these are the hours of the old district office";
    fill(client, "reject-reason", reason).await;
    click(client, "[data-testid=reject]").await;
    text_until(client, "[data-testid=change-state]", |t| t == "Bị trả lại").await;
    text_until(client, "[data-testid=rejection-reason]", |t| t.contains(reason)).await;
    browser.screenshot("staff-change-rejected-desk").await.unwrap();
    leave(client).await;

    // Its author is told: at the top of their list, and on the change, with a way to edit it.
    enter(client, &server, EDITOR).await;
    open(client, &server, "/quan-tri/thay-doi", "[data-testid=sent-back]").await;
    let told = client.find(Locator::Css("[data-testid=sent-back]")).await.unwrap().text().await.unwrap();
    assert!(told.contains(reason) && told.contains(&format!("#{first}")), "{told}");
    let row = client.find(Locator::Css(&format!("[data-testid=changes] tr[data-id='{first}']"))).await.unwrap();
    assert_eq!(row.attr("data-state").await.unwrap().as_deref(), Some("rejected"));
    browser.screenshot("staff-sent-back-desk").await.unwrap();
    accessible(&browser, "the author's list").await;
    open(client, &server, &format!("/quan-tri/thay-doi/{first}"), "[data-testid=rejection]").await;
    let rejection = client.find(Locator::Css("[data-testid=rejection]")).await.unwrap();
    assert_eq!(rejection.attr("role").await.unwrap().as_deref(), Some("alert"));
    let told = rejection.text().await.unwrap();
    assert!(told.contains(reason) && told.contains(REVIEWER), "{told}");
    let edit = client.find(Locator::Css("[data-testid=edit]")).await.unwrap();
    assert_eq!(
        edit.attr("href").await.unwrap().as_deref(),
        Some(format!("/quan-tri/xa/{code}?thay-doi={first}").as_str())
    );
    browser.screenshot("staff-change-sent-back-desk").await.unwrap();
    accessible(&browser, "a change sent back").await;
    browser.close().await.unwrap();

    let change = format!("/quan-tri/thay-doi/{first}");
    on_a_phone(
        &server,
        EDITOR,
        &[
            ("/quan-tri/thay-doi", "[data-testid=sent-back]", "staff-sent-back"),
            (&change, "[data-testid=rejection]", "staff-change-sent-back"),
        ],
    )
    .await;
}

/// An admin rolls back to release 1 only after confirming: a new release serving release 1's data.
#[tokio::test]
async fn an_admin_rolls_back_after_confirming() {
    let server = Server::start().unwrap();
    // Sign-ins: 3 through the API, 2 in the browsers.
    let admin = admin(&server).await;
    let editor = member(&server, &admin.client, EDITOR, "editor").await;
    let reviewer = member(&server, &admin.client, REVIEWER, "reviewer").await;
    admin.settle().await;
    let (kept, undone) = (commune(2), commune(3));
    for code in [&kept, &undone] {
        let id = submitted(&editor.client, code, "Mo-Fr 07:30-11:30").await;
        step(&reviewer.client, id, "approve").await;
        let (status, release) = reviewer.client.post("/api/v1/staff/releases", json!({})).await.unwrap();
        assert_eq!(status, 201, "{release}");
    }
    let hours = |detail: &Value| detail["service_centre"]["opening_hours"].clone();
    assert_eq!(hours(&get_json(&server, &format!("/api/v1/communes/{undone}")).await), "Mo-Fr 07:30-11:30");

    let browser = Browser::start_desk().await.unwrap();
    let client = &browser.client;
    enter(client, &server, ADMIN).await;
    open(client, &server, "/quan-tri/phat-hanh", "[data-testid=releases] tr[data-number='2']").await;
    assert!(
        client.find(Locator::Css("tr[data-number='2'] [data-testid=rollback]")).await.is_err(),
        "no rollback to what is served"
    );
    click(client, "tr[data-number='1'] [data-testid=rollback]").await;
    let question = text_until(client, "[data-testid=rollback-question]", |t| !t.is_empty()).await;
    assert!(
        question.starts_with("Quay lại bản phát hành số 1? Việc này phát hành một bản mới dùng dữ liệu của bản số 1"),
        "{question}"
    );
    browser.screenshot("staff-rollback-confirm-desk").await.unwrap();
    accessible(&browser, "the rollback's confirmation").await;
    // Cancelled: nothing happens.
    click(client, "[data-testid=rollback-cancel]").await;
    assert!(client.find(Locator::Css("[data-testid=rollback-confirm]")).await.is_err());
    assert!(client.find(Locator::Css("tr[data-number='3']")).await.is_err());
    // Confirmed: release 3 serves release 1's data.
    click(client, "tr[data-number='1'] [data-testid=rollback]").await;
    click(client, "[data-testid=rollback-yes]").await;
    text_until(client, "[data-testid=release-done]", |t| t == "Đã phát hành bản số 3, dùng dữ liệu của bản số 1.")
        .await;
    text_until(client, "[data-testid=releases] tr[data-number='3']", |t| t.contains("Quay lại dữ liệu của bản số 1"))
        .await;
    browser.screenshot("staff-rolled-back-desk").await.unwrap();
    accessible(&browser, "the releases after a rollback").await;
    assert!(hours(&get_json(&server, &format!("/api/v1/communes/{undone}")).await).is_null());
    assert_eq!(hours(&get_json(&server, &format!("/api/v1/communes/{kept}")).await), "Mo-Fr 07:30-11:30");
    browser.close().await.unwrap();

    on_a_phone(&server, ADMIN, &[("/quan-tri/phat-hanh", "[data-testid=releases]", "staff-rolled-back")]).await;
}

/// An editor is refused the accounts page; an admin invites (the one-time password shown once, and it
/// works), changes a role and disables an account.
#[tokio::test]
async fn only_admins_manage_accounts() {
    let server = Server::start().unwrap();
    // Sign-ins: 3 through the API before, 2 after; 3 in the browsers.
    let admin = admin(&server).await;
    member(&server, &admin.client, EDITOR, "editor").await.settle().await;
    invite(&admin.client, REVIEWER, "reviewer").await;
    admin.settle().await;
    let browser = Browser::start_desk().await.unwrap();
    let client = &browser.client;

    enter(client, &server, EDITOR).await;
    open(client, &server, "/quan-tri/tai-khoan", "[data-testid=refused]").await;
    assert!(client.find(Locator::Css("[data-testid=accounts]")).await.is_err());
    assert!(client.find(Locator::Css("[data-testid=invite-form]")).await.is_err());
    browser.screenshot("staff-accounts-refused-desk").await.unwrap();
    accessible(&browser, "the accounts page, refused").await;
    leave(client).await;

    enter(client, &server, ADMIN).await;
    open(client, &server, "/quan-tri/tai-khoan", "[data-testid=accounts]").await;
    text_until(client, "[data-testid=accounts]", |t| t.contains(EDITOR) && t.contains(REVIEWER)).await;
    // Not without an address and a province.
    fill(client, "invite-email", "minh").await;
    click(client, "[data-testid=invite]").await;
    text_until(client, "[data-field=invite-email] [data-testid=field-problem]", |t| !t.is_empty()).await;
    text_until(client, "[data-testid=invite-provinces] .field-problem", |t| !t.is_empty()).await;
    fill(client, "invite-email", "minh@example.org").await;
    click(client, &format!("#invite-provinces-{PROVINCE}")).await;
    click(client, "[data-testid=invite]").await;
    let password = text_until(client, "[data-testid=one-time-password]", |t| t.len() >= 16).await;
    browser.screenshot("staff-accounts-invited-desk").await.unwrap();
    accessible(&browser, "the accounts page").await;
    api_sign_in(&server, "minh@example.org", &password).await.unwrap();

    // A new role for minh, then disabled.
    let row = "tr[data-email='minh@example.org']";
    click(client, &format!("{row} [data-testid=change-account]")).await;
    let role = client.wait().at_most(WAIT).for_element(Locator::Id("edit-role")).await.unwrap();
    role.select_by_value("reviewer").await.unwrap();
    click(client, "[data-testid=save-account]").await;
    text_until(client, "[data-testid=account-saved]", |t| t.contains("minh@example.org")).await;
    text_until(client, row, |t| t.contains("Người duyệt")).await;
    click(client, &format!("{row} [data-testid=toggle-account]")).await;
    text_until(client, &format!("{row} [data-testid=account-state]"), |t| t == "Đã khóa").await;
    let admin = api_sign_in(&server, ADMIN, PASSWORD).await.unwrap();
    let (status, accounts) = admin.get("/api/v1/staff/accounts").await.unwrap();
    assert_eq!(status, 200);
    let minh = accounts["accounts"].as_array().unwrap().iter().find(|a| a["email"] == "minh@example.org").unwrap();
    assert_eq!((minh["role"].as_str(), minh["disabled"].as_bool()), (Some("reviewer"), Some(true)), "{minh}");
    let refused = api_sign_in(&server, "minh@example.org", &password).await.err().map(|e| e.to_string());
    assert!(
        refused.as_deref().is_some_and(|e| e.contains(": 401 ")),
        "a disabled account signs in no more: {refused:?}"
    );
    // The admin's own account can be neither disabled nor changed here.
    assert!(
        client.find(Locator::Css(&format!("tr[data-email='{ADMIN}'] [data-testid=toggle-account]"))).await.is_err()
    );
    browser.screenshot("staff-accounts-desk").await.unwrap();
    browser.close().await.unwrap();

    on_a_phone(&server, ADMIN, &[("/quan-tri/tai-khoan", "[data-testid=accounts]", "staff-accounts")]).await;
}
