//! Browser end-to-end journeys: the release-built server and the WASM apps in headless Chromium, the
//! citizen's at a phone's size, the staff's at a desk's and a phone's. Each journey saves screenshots
//! under `target/e2e/`.

mod batch;
mod citizen;
mod maps;
mod offline;
mod staff;
mod staff_forms;
mod staff_review;

use std::time::Duration;

use tests::Browser;

const WAIT: Duration = Duration::from_secs(20);

/// Scrolls `element` to the top of the phone's screen, for a screenshot of it.
async fn scroll_to(client: &fantoccini::Client, element: &fantoccini::elements::Element) {
    client
        .execute("arguments[0].scrollIntoView({ block: 'start' })", vec![serde_json::to_value(element).unwrap()])
        .await
        .unwrap();
}

/// What Chromium reported against a Content-Security-Policy or a Permissions-Policy, from the console.
async fn policy_complaints(browser: &Browser) -> Vec<String> {
    let log = browser.console_log().await.unwrap();
    log.into_iter()
        .filter(|line| {
            ["Content Security Policy", "Content-Security-Policy", "Permissions-Policy"]
                .iter()
                .any(|p| line.contains(p))
        })
        .collect()
}

/// Waits until the page's path satisfies `wanted` (the app navigates without reloading), for [`WAIT`].
async fn wait_for_path(client: &fantoccini::Client, wanted: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let url = client.current_url().await.unwrap();
        if wanted(url.path()) {
            return url.path().to_owned();
        }
        assert!(std::time::Instant::now() < deadline, "still at {url}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
