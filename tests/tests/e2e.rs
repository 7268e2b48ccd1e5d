//! Browser end-to-end journeys: the release-built server and the WASM app in headless Chromium at a
//! phone's size. Each journey saves a screenshot under `target/e2e/`.

use std::time::Duration;

use fantoccini::Locator;
use shared::api::HealthResponse;
use tests::{Browser, Server, http_get};

const WAIT: Duration = Duration::from_secs(20);

#[tokio::test]
async fn home_page_shows_the_dataset_version_from_the_api() {
    let server = Server::start().unwrap();
    let (_, _, body) = http_get(&server.url("/api/v1/health"), &[]).await.unwrap();
    let health: HealthResponse = serde_json::from_slice(&body).unwrap();

    let browser = Browser::start().await.unwrap();
    browser.client.goto(&server.url("/")).await.unwrap();
    let version = browser
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=dataset-version]"))
        .await
        .expect("the home page shows the dataset version");
    assert_eq!(version.text().await.unwrap(), health.dataset.version);
    let text_of = |test_id: &'static str| {
        let client = browser.client.clone();
        async move { client.find(Locator::Css(&format!("[data-testid={test_id}]"))).await.unwrap().text().await.unwrap() }
    };
    // The API's figures, written the Vietnamese way.
    assert_eq!(text_of("dataset-provinces").await, health.dataset.provinces.to_string());
    assert_eq!(text_of("dataset-new-communes").await.replace('.', ""), health.dataset.new_communes.to_string());
    assert_eq!(text_of("dataset-old-communes").await.replace('.', ""), health.dataset.old_communes.to_string());
    let (year, rest) = health.dataset.built_from.split_once('-').unwrap();
    assert!(text_of("dataset-built-from").await.ends_with(&format!("/{year}")), "{rest}");

    let heading = browser.client.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, "Tìm xã, phường mới của bạn");
    let width = browser.client.execute("return window.innerWidth", vec![]).await.unwrap();
    assert_eq!(width, 390, "the page is laid out at a phone's width");

    browser.screenshot("home").await.unwrap();
    browser.close().await.unwrap();
}

#[tokio::test]
async fn unknown_page_shows_not_found_and_links_home() {
    let server = Server::start().unwrap();
    let browser = Browser::start().await.unwrap();
    browser.client.goto(&server.url("/khong-co-trang-nay")).await.unwrap();
    let heading = browser
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//h1[text()='Không tìm thấy trang']"))
        .await
        .expect("an unknown path shows the not-found page");
    assert!(heading.is_displayed().await.unwrap());
    browser.screenshot("not-found").await.unwrap();

    // The link back home is a client-side navigation: the home page and its API answer appear.
    browser.client.find(Locator::LinkText("Về trang chủ / Home")).await.unwrap().click().await.unwrap();
    browser.client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=dataset-version]")).await.unwrap();
    assert_eq!(browser.client.current_url().await.unwrap().path(), "/");
    browser.close().await.unwrap();
}
