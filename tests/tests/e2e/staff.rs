//! The staff pages at `/quan-tri`: an invited editor signs in with the one-time password, chooses a new
//! one, finds their province's communes with what is missing, fills in a centre (checked as they type)
//! and sends it for review; refusals and an expired session.

use fantoccini::{Client, Locator};
use serde_json::json;
use tests::{Browser, Server, StaffClient};

use crate::{WAIT, wait_for_path};

/// Khánh Hòa: the province of the journeys.
pub const PROVINCE: &str = "56";

/// An admin made with the binary, and an editor and a reviewer of [`PROVINCE`] it invited, each with
/// the one-time password of the invitation (the editor's not yet used).
pub struct Staff {
    pub admin: StaffClient,
    pub editor_email: &'static str,
    pub editor_password: String,
    pub reviewer: StaffClient,
}

pub async fn staff(server: &Server) -> Staff {
    let password = server.add_admin("admin@example.org").unwrap();
    let admin = StaffClient::sign_in(server, "admin@example.org", &password).await.unwrap();
    let invitation = json!({ "email": "hoa@example.org", "role": "editor", "provinces": [PROVINCE] });
    let (status, answer) = admin.post("/api/v1/staff/accounts", invitation).await.unwrap();
    assert_eq!(status, 201, "{answer}");
    let editor_password = answer["one_time_password"].as_str().unwrap().to_owned();
    let reviewer = admin.invite(server, "lan@example.org", "reviewer", PROVINCE).await.unwrap();
    Staff { admin, editor_email: "hoa@example.org", editor_password, reviewer }
}

/// Types `text` into the field `#id`, replacing what it held, as a person does (select all, delete,
/// type), so that the page sees each input event.
pub async fn fill(client: &Client, id: &str, text: &str) {
    let input = client.find(Locator::Id(id)).await.unwrap();
    input.send_keys("\u{E009}a\u{E000}\u{E003}").await.unwrap();
    if !text.is_empty() {
        input.send_keys(text).await.unwrap();
    }
}

/// Picks `date` (YYYY-MM-DD) in the date field `#id`, as its calendar would: the typed form of a date
/// field depends on the browser's locale, which a test should not.
pub async fn pick_date(client: &Client, id: &str, date: &str) {
    let script = "const input = document.getElementById(arguments[0]); input.value = arguments[1];
                  input.dispatchEvent(new Event('input', { bubbles: true }));";
    client.execute(script, vec![json!(id), json!(date)]).await.unwrap();
}

/// Signs in through the sign-in page; with a one-time password, the page then asks for a new one.
pub async fn sign_in(client: &Client, server: &Server, email: &str, password: &str) {
    client.goto(&server.url("/quan-tri/dang-nhap")).await.unwrap();
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=sign-in-form]")).await.unwrap();
    fill(client, "email", email).await;
    fill(client, "password", password).await;
    client.find(Locator::Css("[data-testid=sign-in-form] button[type=submit]")).await.unwrap().click().await.unwrap();
}

/// The text of the first `css` element once it contains `needle` (or whatever it holds after [`WAIT`]).
pub async fn wait_for_text(client: &Client, css: &str, needle: &str) -> String {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let text = match client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains(needle) || std::time::Instant::now() > deadline {
            return text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn text_of(client: &Client, css: &str) -> String {
    client.wait().at_most(WAIT).for_element(Locator::Css(css)).await.unwrap().text().await.unwrap()
}

/// The journey of issue 14's first test, at a desk and then on a phone: sign in with the invitation's
/// password and choose a new one; "My province" counts the centres known; a commune's form refuses a
/// wrong phone number as it is typed, in place, then sends the centre for review; the change is then
/// the reviewer's to approve, and once published the citizen's page shows it.
#[tokio::test]
async fn an_editor_fills_a_centre_and_sends_it_for_review() {
    let server = Server::start().unwrap();
    let staff = staff(&server).await;
    let browser = Browser::start_desk().await.unwrap();
    let client = &browser.client;

    editor_signs_in(client, &server, &staff, "a new password for Hoa").await;

    // One province: straight to it, with the count at the top.
    let known = text_of(client, "[data-testid=centres-known]").await;
    let communes = tests::lookup().index().new_communes_of(&PROVINCE.parse().unwrap()).len();
    assert_eq!(known, format!("Đã biết 0 trên {communes} trung tâm"), "{known}");
    assert!(client.current_url().await.unwrap().path().ends_with(&format!("/quan-tri/tinh/{PROVINCE}")));
    browser.screenshot("staff-province-desk").await.unwrap();
    assert_eq!(browser.accessibility_violations().await.unwrap(), Vec::<String>::new(), "My province");

    // The first commune listed (all are unknown) opens its form.
    let first = client.find(Locator::Css("[data-testid=communes] tbody tr")).await.unwrap();
    let code = first.attr("data-code").await.unwrap().unwrap();
    first.find(Locator::Css("a")).await.unwrap().click().await.unwrap();
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=centre-form]")).await.unwrap();
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=location-map]")).await.unwrap();

    fill(client, "phone", "12345").await;
    let problem = text_of(client, "[data-field=phone] [data-testid=field-problem]").await;
    assert!(!problem.is_empty());
    let invalid = client.find(Locator::Id("phone")).await.unwrap().attr("aria-invalid").await.unwrap();
    assert_eq!(invalid.as_deref(), Some("true"));
    browser.screenshot("staff-centre-invalid-desk").await.unwrap();
    assert_eq!(browser.accessibility_violations().await.unwrap(), Vec::<String>::new(), "the centre's form");
    let submit = client.find(Locator::Css("[data-testid=submit-centre]")).await.unwrap();
    assert!(submit.attr("disabled").await.unwrap().is_some(), "a form with a problem is not sent");

    fill(client, "phone", "").await;
    fill(client, "address", "Test address 1").await;
    fill(client, "source", "test").await;
    pick_date(client, "verified_on", "2026-11-30").await;
    fill(client, "citation", "test citation").await;
    // A tap on the drawing, here at the commune's approximate centre, picks a location inside the province.
    client.find(Locator::Css("[data-testid=location-map] .centroid")).await.unwrap().click().await.unwrap();
    let picked = |id: &'static str| async move {
        let text = client.find(Locator::Id(id)).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
        text.parse::<f64>().unwrap_or_else(|_| panic!("the tap filled {id}: {text:?}"))
    };
    let commune = tests::lookup().index().new_commune(&code.parse().unwrap()).unwrap();
    let (lat, lon) = (picked("lat").await, picked("lon").await);
    // The marker is a few pixels wide, a few hundred metres on this drawing.
    assert!((lat - commune.lat.unwrap()).abs() < 0.02 && (lon - commune.lon.unwrap()).abs() < 0.02, "{lat},{lon}");
    browser.screenshot("staff-centre-filled-desk").await.unwrap();
    let problems: Vec<_> = client.find_all(Locator::Css("[data-testid=field-problem]")).await.unwrap();
    let mut texts = Vec::new();
    for problem in &problems {
        texts.push(problem.text().await.unwrap());
    }
    assert!(texts.is_empty(), "{texts:?}");
    client.find(Locator::Css("[data-testid=submit-centre]")).await.unwrap().click().await.unwrap();

    // The change page; the change is submitted, with the centre's address in it.
    wait_for_path(client, |path| path.starts_with("/quan-tri/thay-doi/")).await;
    let (status, changes) = staff.reviewer.get("/api/v1/staff/changes?state=submitted").await.unwrap();
    assert_eq!(status, 200);
    let change = &changes[0];
    assert_eq!(change["edit"]["centre"]["commune_code"], code.as_str(), "{changes}");
    assert_eq!(change["edit"]["centre"]["address"], "Test address 1");
    assert_eq!(change["edit"]["centre"]["verified_on"], "2026-11-30");
    assert!(change["edit"]["centre"]["lat"].is_number());

    // Reviewed and published through the API here (the review pages have their own journeys): the
    // citizen's page shows the verified centre.
    let id = change["id"].as_u64().unwrap();
    let (status, _) = staff.reviewer.post(&format!("/api/v1/staff/changes/{id}/approve"), json!({})).await.unwrap();
    assert_eq!(status, 200);
    let (status, release) = staff.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap();
    assert_eq!(status, 201, "{release}");
    client.goto(&server.url(&format!("/xa/{code}"))).await.unwrap();
    let centre = wait_for_text(client, "[data-testid=service-centre]", "Test address 1").await;
    browser.screenshot("staff-published-centre-citizen-desk").await.unwrap();
    assert!(centre.contains("Test address 1"), "{centre}");
    let _ = staff.admin;
    browser.close().await.unwrap();
}

/// Wrong password: a clear message, and no way in.
#[tokio::test]
async fn a_wrong_password_is_refused_plainly() {
    let server = Server::start().unwrap();
    server.add_admin("admin@example.org").unwrap();
    let browser = Browser::start().await.unwrap();
    let client = &browser.client;
    sign_in(client, &server, "admin@example.org", "not the password at all").await;
    let error = text_of(client, "[data-testid=call-error]").await;
    assert_eq!(error, "Sai thư điện tử hoặc mật khẩu.");
    browser.screenshot("staff-sign-in-wrong-phone").await.unwrap();
    assert_eq!(browser.accessibility_violations().await.unwrap(), Vec::<String>::new(), "sign-in");
    client.goto(&server.url("/quan-tri")).await.unwrap();
    wait_for_path(client, |path| path == "/quan-tri/dang-nhap").await;
    browser.close().await.unwrap();
}

/// Signs the editor in through the pages, choosing `new_password` for the invitation's one; waits for
/// their province's list.
async fn editor_signs_in(client: &Client, server: &Server, staff: &Staff, new_password: &str) {
    sign_in(client, server, staff.editor_email, &staff.editor_password).await;
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=new-password-form]")).await.unwrap();
    fill(client, "new-password", new_password).await;
    client.find(Locator::Css("[data-testid=new-password-form] button")).await.unwrap().click().await.unwrap();
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=centres-known]")).await.unwrap();
}

/// An editor of Khánh Hòa is refused another province's list and another province's commune: no form
/// is shown, and the server refuses the list too.
#[tokio::test]
async fn an_editor_is_refused_another_province() {
    let server = Server::start().unwrap();
    let staff = staff(&server).await;
    let browser = Browser::start().await.unwrap();
    let client = &browser.client;
    editor_signs_in(client, &server, &staff, "a new password for Hoa").await;
    browser.screenshot("staff-province-phone").await.unwrap();
    let first = client.find(Locator::Css("[data-testid=communes] tbody tr a")).await.unwrap();
    first.click().await.unwrap();
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=location-map]")).await.unwrap();
    browser.screenshot("staff-centre-phone").await.unwrap();

    client.goto(&server.url("/quan-tri/tinh/79")).await.unwrap();
    let refusal = text_of(client, "[data-testid=call-error]").await;
    assert!(!refusal.is_empty());
    assert!(client.find(Locator::Css("[data-testid=communes]")).await.is_err(), "no list of another province");
    browser.screenshot("staff-other-province-phone").await.unwrap();
    assert_eq!(browser.accessibility_violations().await.unwrap(), Vec::<String>::new(), "a refusal");

    // Thủ Dầu Một, a ward of Hồ Chí Minh City (79).
    client.goto(&server.url("/quan-tri/xa/25747")).await.unwrap();
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=refused]")).await.unwrap();
    assert!(client.find(Locator::Css("[data-testid=centre-form]")).await.is_err(), "no form");
    browser.close().await.unwrap();
}

/// A session that ends while the editor types (here: their password changed elsewhere, which ends every
/// other session) sends them to sign-in when they send; signed in again, they are back at the form with
/// what they typed.
#[tokio::test]
async fn an_expired_session_keeps_the_unsent_form() {
    let server = Server::start().unwrap();
    let staff = staff(&server).await;
    let browser = Browser::start_desk().await.unwrap();
    let client = &browser.client;
    editor_signs_in(client, &server, &staff, "a new password for Hoa").await;
    let first = client.find(Locator::Css("[data-testid=communes] tbody tr a")).await.unwrap();
    first.click().await.unwrap();
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=centre-form]")).await.unwrap();
    let form_path = client.current_url().await.unwrap().path().to_owned();
    fill(client, "address", "Test address 1").await;
    fill(client, "source", "test").await;
    pick_date(client, "verified_on", "2026-11-30").await;
    fill(client, "citation", "test citation").await;

    let elsewhere = StaffClient::sign_in(&server, staff.editor_email, "a new password for Hoa").await.unwrap();
    let change = json!({ "current_password": "a new password for Hoa", "new_password": "another password of Hoa" });
    let (status, answer) = elsewhere.post("/api/v1/staff/me/password", change).await.unwrap();
    assert_eq!(status, 204, "{answer}");

    client.find(Locator::Css("[data-testid=submit-centre]")).await.unwrap().click().await.unwrap();
    wait_for_path(client, |path| path == "/quan-tri/dang-nhap").await;
    let next = client.current_url().await.unwrap();
    assert!(next.query().is_some_and(|q| q.contains("tiep=")), "{next}");
    browser.screenshot("staff-session-expired-desk").await.unwrap();
    fill(client, "email", staff.editor_email).await;
    fill(client, "password", "another password of Hoa").await;
    client.find(Locator::Css("[data-testid=sign-in-form] button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_for_path(client, |path| path == form_path).await;
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=draft-restored]")).await.unwrap();
    let address = client.find(Locator::Id("address")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(address.as_deref(), Some("Test address 1"));
    browser.close().await.unwrap();
}
