//! The phone's journeys with a map (issue 15): "use my location" on the home page (the position given by
//! the DevTools protocol's `Emulation.setGeolocationOverride`), the commune's map, a refused permission, and
//! the parts of a split commune told apart by the reader's position. The maps module is loaded only then.

use fantoccini::Locator;
use tests::{Browser, Server, commune_boundaries, lookup};

use crate::{WAIT, wait_for_path};

/// Lets the page at `origin` use the position, and puts the phone at (lat, lon), 20 m precise.
async fn put_phone_at(browser: &Browser, origin: &str, (lat, lon): (f64, f64)) {
    browser
        .cdp("Browser.grantPermissions", serde_json::json!({ "permissions": ["geolocation"], "origin": origin }))
        .await
        .unwrap();
    browser
        .cdp(
            "Emulation.setGeolocationOverride",
            serde_json::json!({ "latitude": lat, "longitude": lon, "accuracy": 20 }),
        )
        .await
        .unwrap();
}

/// A point inside a commune's boundary (the library's, over the file the API serves), as (lat, lon).
fn inside(code: &str) -> (f64, f64) {
    let (lon, lat) = commune_boundaries().interior_point(code).unwrap();
    (lat, lon)
}

#[tokio::test]
async fn a_located_reader_lands_on_their_commune_and_its_map() {
    let server = Server::start().unwrap();
    let browser = Browser::start().await.unwrap();
    let client = &browser.client;
    put_phone_at(&browser, &server.base_url, inside("00004")).await;
    client.goto(&server.url("/")).await.unwrap();
    // The first load does not fetch the maps module.
    let loaded: Vec<String> = serde_json::from_value(
        client.execute("return performance.getEntriesByType('resource').map(e => e.name)", vec![]).await.unwrap(),
    )
    .unwrap();
    assert!(!loaded.iter().any(|url| url.contains("/maps")), "{loaded:?}");

    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=locate-me]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(client, |path| path == "/xa/00004").await;
    let map = client.wait().at_most(WAIT).for_element(Locator::Css("svg[data-testid=commune-map]")).await.unwrap();
    assert!(map.attr("aria-label").await.unwrap().unwrap_or_default().contains("Phường Ba Đình"));
    // You are here, the centre (or the middle, approximate), the neighbours as links to their pages.
    assert!(client.find(Locator::Css("svg[data-testid=commune-map] .here")).await.is_ok(), "you are here");
    let links = client.find_all(Locator::Css("svg[data-testid=commune-map] a")).await.unwrap();
    assert!(links.len() >= 3, "{} neighbour links", links.len());
    let url = client.current_url().await.unwrap();
    assert!(url.query().unwrap_or_default().starts_with("vi-tri="), "{url}");
    browser.screenshot("commune-map").await.unwrap();
    assert_eq!(browser.accessibility_violations().await.unwrap(), Vec::<String>::new());
    browser.close().await.unwrap();
}

#[tokio::test]
async fn a_refused_location_is_said_plainly() {
    let server = Server::start().unwrap();
    let browser = Browser::start().await.unwrap();
    let client = &browser.client;
    browser
        .cdp(
            "Browser.setPermission",
            serde_json::json!({ "permission": { "name": "geolocation" }, "setting": "denied", "origin": server.base_url }),
        )
        .await
        .unwrap();
    client.goto(&server.url("/")).await.unwrap();
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=locate-me]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let said = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//*[contains(@class,'located')]//*[contains(text(),'chưa được phép')]"))
        .await
        .expect("the refusal is said");
    assert!(said.is_displayed().await.unwrap());
    assert_eq!(client.current_url().await.unwrap().path(), "/");
    browser.screenshot("location-refused").await.unwrap();
    browser.close().await.unwrap();
}

#[tokio::test]
async fn the_part_of_a_split_commune_the_reader_is_in_is_named() {
    // The first old commune (in code order) split between two or more new ones.
    let index = lookup().index();
    let (old, successors) = index
        .dataset
        .old_communes
        .iter()
        .find_map(|c| {
            let answer = lookup().old_commune(&c.code)?;
            (answer.successors.len() >= 2).then_some((answer.code.to_string(), answer.successors))
        })
        .expect("the dataset has split communes");
    let (second, name) = (successors[1].code.to_string(), successors[1].name.clone());

    let server = Server::start().unwrap();
    let browser = Browser::start().await.unwrap();
    let client = &browser.client;
    put_phone_at(&browser, &server.base_url, inside(&second)).await;
    client.goto(&server.url(&format!("/cu/{old}"))).await.unwrap();
    let button = client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=use-location]")).await.unwrap();
    // Every part is drawn.
    let map = client.find(Locator::Css("svg[data-testid=commune-map]")).await.unwrap();
    let label = map.attr("aria-label").await.unwrap().unwrap_or_default();
    for part in &successors {
        assert!(label.contains(&part.name), "{label} lacks {}", part.name);
    }
    button.click().await.unwrap();
    let said = client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=located]")).await.unwrap();
    let deadline = std::time::Instant::now() + WAIT;
    while !said.text().await.unwrap().contains(&name) {
        assert!(std::time::Instant::now() < deadline, "{} does not name {name}", said.text().await.unwrap());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    browser.screenshot("split-choice").await.unwrap();
    assert_eq!(browser.accessibility_violations().await.unwrap(), Vec::<String>::new());
    browser.close().await.unwrap();
}
