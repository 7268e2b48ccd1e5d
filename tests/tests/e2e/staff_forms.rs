//! The staff forms beyond a single centre: a CSV file of centres uploaded, its bad row listed by line and
//! column, the file fixed, the changes previewed and sent as one change request; a later change of a unit
//! whose checks (the browser's, then the server's) speak at their fields; the portal and procedures page.
//! At a desk's size and a phone's, with axe on each page.

use fantoccini::{Client, Locator};
use serde_json::Value;
use tests::{Browser, Server};

use crate::staff::{PROVINCE, Staff, fill, sign_in, staff};
use crate::{WAIT, scroll_to, wait_for_path};

/// Signs the editor in with the invitation's password and chooses a new one; waits for their province.
async fn sign_in_editor(client: &Client, server: &Server, staff: &Staff) {
    sign_in(client, server, staff.editor_email, &staff.editor_password).await;
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=new-password-form]")).await.unwrap();
    fill(client, "new-password", "a new password for Hoa").await;
    client.find(Locator::Css("[data-testid=new-password-form] button")).await.unwrap().click().await.unwrap();
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=centres-known]")).await.unwrap();
}

async fn no_violations(browser: &Browser, page: &str) {
    let violations = browser.accessibility_violations().await.unwrap();
    assert!(violations.is_empty(), "{page}: {violations:#?}");
}

async fn text_of(client: &Client, css: &str) -> String {
    client.wait().at_most(WAIT).for_element(Locator::Css(css)).await.unwrap().text().await.unwrap()
}

/// The first `n` communes of [`PROVINCE`] (data/new_communes.csv).
fn communes(n: usize) -> Vec<String> {
    let index = tests::lookup().index();
    index.new_communes_of(&PROVINCE.parse().unwrap()).into_iter().take(n).map(|c| c.code.to_string()).collect()
}

/// A CSV file of centres in the format of data/service_centres.csv, with facts that are obviously test
/// values, written where the browser can read it; `phone` is the second row's phone.
fn csv_file(name: &str, communes: &[String], phone: &str) -> std::path::PathBuf {
    let mut text = String::from("commune_code,name,address,phone,email,opening_hours,lat,lon,source,verified_on\n");
    text.push_str(&format!(
        "{},,Test address 1,,centre@example.org,Mo-Fr 07:30-11:30,,,test,2026-11-30\n",
        communes[0]
    ));
    text.push_str(&format!("{},,Test address 1,{phone},,,,,test,2026-11-30\n", communes[1]));
    let dir = tests::target_dir().join("e2e-files");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

async fn upload(client: &Client, path: &std::path::Path) {
    let input = client.find(Locator::Id("csv-file")).await.unwrap();
    input.send_keys(&path.display().to_string()).await.unwrap();
}

/// The journey of issue 14's bulk test, at a desk: the file with a wrong phone is refused with the line
/// and the column; the fixed file is previewed commune by commune and sent as one change for review.
#[tokio::test]
async fn an_editor_uploads_a_csv_fixes_its_bad_row_previews_it_and_sends_one_change() {
    let server = Server::start().unwrap();
    let staff = staff(&server).await;
    let browser = Browser::start_desk().await.unwrap();
    let client = &browser.client;
    sign_in_editor(client, &server, &staff).await;

    // From the province's page.
    client
        .find(Locator::Css(&format!("a[href='/quan-tri/tai-len?tinh={PROVINCE}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=bulk-form]")).await.unwrap();
    no_violations(&browser, "the upload page").await;

    let codes = communes(2);
    upload(client, &csv_file("centres-bad.csv", &codes, "12345")).await;
    let problem = text_of(client, "[data-testid=csv-problems] li[data-line='3'][data-column='phone']").await;
    assert!(problem.starts_with("Dòng 3, cột phone:"), "{problem}");
    assert!(problem.contains("a Vietnamese number is 0 and 9–10 digits"), "{problem}");
    let problems = client.find_all(Locator::Css("[data-testid=csv-problems] li")).await.unwrap();
    assert_eq!(problems.len(), 1, "only the bad row's phone");
    assert!(client.find_all(Locator::Css("[data-testid=preview]")).await.unwrap().is_empty(), "no preview yet");
    let submit = client.find(Locator::Css("[data-testid=submit-bulk]")).await.unwrap();
    assert!(submit.attr("disabled").await.unwrap().is_some(), "nothing is sent while a row has a problem");
    browser.screenshot("staff-bulk-problems-desk").await.unwrap();
    no_violations(&browser, "the upload page with problems").await;

    upload(client, &csv_file("centres-fixed.csv", &codes, "")).await;
    let summary = text_of(client, "[data-testid=preview-summary]").await;
    assert!(summary.starts_with("2 trung tâm mới"), "{summary}");
    for code in &codes {
        let rows = client
            .find_all(Locator::Css(&format!("[data-testid=preview] tbody[data-code='{code}'] tr")))
            .await
            .unwrap();
        assert!(!rows.is_empty(), "{code} is in the preview");
    }
    fill(client, "citation", "Quyết định của UBND tỉnh (test)").await;
    let preview = client.find(Locator::Css("[data-testid=preview]")).await.unwrap();
    scroll_to(client, &preview).await;
    browser.screenshot("staff-bulk-preview-desk").await.unwrap();
    no_violations(&browser, "the upload page's preview").await;
    client.find(Locator::Css("[data-testid=submit-bulk]")).await.unwrap().click().await.unwrap();

    // One change, sent for review, with both communes.
    wait_for_path(client, |path| path.starts_with("/quan-tri/thay-doi/")).await;
    let (status, changes) = staff.reviewer.get("/api/v1/staff/changes?state=submitted").await.unwrap();
    assert_eq!(status, 200);
    let changes = changes.as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0]["edit"]["kind"], "service_centres");
    let sent: Vec<&str> = changes[0]["edit"]["centres"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["commune_code"].as_str().unwrap())
        .collect();
    assert_eq!(sent, codes.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(changes[0]["edit"]["centres"][0]["address"], "Test address 1");
    assert!(changes[0]["edit"]["centres"][1]["phone"].is_null(), "an empty cell is not known");

    // The other pages of this brief at a desk's size.
    for (path, ready, name) in [
        ("/quan-tri/don-vi".to_owned(), "[data-testid=later-form]", "staff-more-desk"),
        (format!("/quan-tri/tinh/{PROVINCE}/cong"), "[data-testid=fact-form]", "staff-portal-desk"),
    ] {
        client.goto(&server.url(&path)).await.unwrap();
        client.wait().at_most(WAIT).for_element(Locator::Css(ready)).await.unwrap();
        browser.screenshot(name).await.unwrap();
        no_violations(&browser, &path).await;
    }
    browser.close().await.unwrap();
}

/// On a phone: the later-change form says at the effective date that it must come after the
/// reorganisation (the browser's check), then at the English name that a new name needs one (the
/// server's), and sends once both are right; the portal page and a CSV's preview fit the phone.
#[tokio::test]
async fn a_later_change_shows_the_checks_messages_at_their_fields_on_a_phone() {
    let server = Server::start().unwrap();
    let staff = staff(&server).await;
    let browser = Browser::start().await.unwrap();
    let client = &browser.client;
    sign_in_editor(client, &server, &staff).await;

    client.goto(&server.url("/quan-tri/don-vi")).await.unwrap();
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=later-form]")).await.unwrap();
    no_violations(&browser, "the other changes page").await;
    browser.screenshot("staff-more-phone").await.unwrap();

    let commune = &communes(1)[0];
    let current = tests::lookup().index().new_commune(&commune.parse().unwrap()).unwrap().full_name.clone();
    fill(client, "code", commune).await;
    let unit = text_of(client, "[data-testid=later-unit] strong").await;
    assert_eq!(unit, current);
    // A date before the reorganisation: the browser's check, at the field.
    fill(client, "effective", "06/01/2025").await;
    let problem = text_of(client, "[data-field=effective] [data-testid=field-problem]").await;
    assert_eq!(problem, "not after the reorganisation of 2025-07-01");
    let invalid = client.find(Locator::Id("effective")).await.unwrap().attr("aria-invalid").await.unwrap();
    assert_eq!(invalid.as_deref(), Some("true"));
    let field = client.find(Locator::Css("[data-field=effective]")).await.unwrap();
    scroll_to(client, &field).await;
    browser.screenshot("staff-later-invalid-phone").await.unwrap();
    no_violations(&browser, "the later change with a problem").await;

    // A new name without its English name: the server's check, at the English name's field.
    // A date field that held a date takes a new one typed segment by segment unreliably once cleared
    // (chromedriver): set as a picker would.
    let effective = client.find(Locator::Id("effective")).await.unwrap();
    client
        .execute(
            "arguments[0].value = '2026-12-01'; arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
            vec![serde_json::to_value(&effective).unwrap()],
        )
        .await
        .unwrap();
    fill(client, "full_name", "Phường Tên Thử").await;
    fill(client, "legal_basis", "Nghị quyết số 1/2026/NQ-UBTVQH16 (test)").await;
    fill(client, "citation", "Nghị quyết số 1/2026/NQ-UBTVQH16 (test)").await;
    let mut left = Vec::new();
    for problem in client.find_all(Locator::Css("[data-testid=later-form] [data-testid=field-problem]")).await.unwrap()
    {
        left.push(problem.text().await.unwrap());
    }
    assert!(left.is_empty(), "the browser finds nothing more: {left:?}");
    client.find(Locator::Css("[data-testid=submit-later]")).await.unwrap().click().await.unwrap();
    let problem = text_of(client, "[data-field=full_name_en] [data-testid=field-problem]").await;
    assert!(problem.starts_with("required:"), "{problem}");
    let field = client.find(Locator::Css("[data-field=full_name_en]")).await.unwrap();
    scroll_to(client, &field).await;
    browser.screenshot("staff-later-server-problem-phone").await.unwrap();

    fill(client, "full_name_en", "Ten Thu Ward").await;
    client.find(Locator::Css("[data-testid=submit-later]")).await.unwrap().click().await.unwrap();
    wait_for_path(client, |path| path.starts_with("/quan-tri/thay-doi/")).await;
    let (_, changes) = staff.reviewer.get("/api/v1/staff/changes?state=submitted").await.unwrap();
    let change: &Value = &changes[0];
    assert_eq!(change["edit"]["kind"], "later_change", "{changes}");
    assert_eq!(change["edit"]["change"]["effective"], "2026-12-01");
    assert_eq!(change["edit"]["change"]["full_name_en"], "Ten Thu Ward");

    // The portal and procedures page, and a CSV's preview, on the phone.
    client.goto(&server.url(&format!("/quan-tri/tinh/{PROVINCE}/cong"))).await.unwrap();
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=fact-form]")).await.unwrap();
    fill(client, "fact-search", "khai sinh").await;
    let first =
        client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=fact-matches] button")).await.unwrap();
    first.click().await.unwrap();
    let picked = text_of(client, "[data-testid=fact-picked] strong").await;
    assert!(picked.contains('.'), "a procedure code: {picked}");
    let picked = client.find(Locator::Css("[data-testid=fact-picked]")).await.unwrap();
    scroll_to(client, &picked).await;
    browser.screenshot("staff-portal-phone").await.unwrap();
    no_violations(&browser, "the portal page").await;

    client.goto(&server.url(&format!("/quan-tri/tai-len?tinh={PROVINCE}"))).await.unwrap();
    client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=bulk-form]")).await.unwrap();
    upload(client, &csv_file("centres-phone.csv", &communes(2), "")).await;
    let preview = client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=preview]")).await.unwrap();
    scroll_to(client, &preview).await;
    browser.screenshot("staff-bulk-preview-phone").await.unwrap();
    no_violations(&browser, "the upload page's preview on a phone").await;
    browser.close().await.unwrap();
}
