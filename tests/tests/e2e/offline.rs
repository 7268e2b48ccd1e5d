//! Offline (issue 15, section 4): a first visit online keeps the app and, after its first answer, the
//! compact dataset and the offline engine (`frontend/sw.js`, `frontend-offline/`); with the network off
//! (the server stopped, and the DevTools protocol's offline emulation) the same answers come from the
//! phone: the whole development set converts exactly as the API converted it, and a repeat visit works.
//! Also the first answer's time on an emulated slow phone, measured and printed, not asserted.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use tests::{Browser, Server, dev_addresses, http_request};

use crate::WAIT;

/// Waits until the service worker controls the page and has kept the dataset and the engine.
async fn wait_until_ready_offline(client: &fantoccini::Client) {
    // The compact dataset is made on the server's first request for it, then fetched: more than a page load.
    let deadline = Instant::now() + 3 * WAIT;
    loop {
        let ready = client
            .execute_async(
                "const done = arguments[0];
                 (async () => {
                   if (!navigator.serviceWorker.controller) return false;
                   const data = await (await caches.open('xa-moi-data')).keys();
                   const assets = await (await caches.open('xa-moi-assets')).keys();
                   return data.length === 1 && assets.some(r => /\\/assets\\/offline_bg-[0-9a-f]{16}\\.wasm$/.test(r.url));
                 })().then(done, () => done(false));",
                vec![],
            )
            .await
            .unwrap();
        if ready == serde_json::Value::Bool(true) {
            return;
        }
        assert!(Instant::now() < deadline, "the service worker did not make the app ready offline");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Types `address` into the home page's search and asks for its conversion.
async fn convert(client: &fantoccini::Client, address: &str) -> String {
    let input = client.wait().at_most(WAIT).for_element(Locator::Css("input#address")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(address).await.unwrap();
    client.find(Locator::Css("form.search button[type=submit]")).await.unwrap().click().await.unwrap();
    let address = client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=new-address]")).await.unwrap();
    address.text().await.unwrap()
}

/// Cuts the phone off: the page offline in the DevTools protocol, and the server gone.
pub(crate) async fn go_offline(browser: &Browser, server: &mut Server) {
    server.stop();
    browser.cdp("Network.enable", serde_json::json!({})).await.unwrap();
    browser
        .cdp(
            "Network.emulateNetworkConditions",
            serde_json::json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn offline_the_phone_answers_as_the_api_did_over_the_whole_development_set() {
    // 1,500 conversions from one address in a few seconds: over the per-client limit, which is not tested here.
    let mut server = Server::start_with(&[("RATE_LIMIT", std::ffi::OsStr::new("off"))]).unwrap();
    let browser = Browser::start().await.unwrap();
    let client = &browser.client;
    client.goto(&server.url("/")).await.unwrap();
    // The first answer, online; after it the worker keeps what answering offline needs.
    let online = convert(client, "Số 5, Xã Đông Tiến, Huyện Yên Phong, Tỉnh Bắc Ninh").await;
    assert!(client.find(Locator::Css("#offline-note")).await.is_err(), "online, no offline note");
    wait_until_ready_offline(client).await;

    // The API's answers to every address of the development set, as the app asks (Vietnamese).
    let addresses: Vec<String> = dev_addresses().into_iter().map(|case| case.input).collect();
    let mut api = Vec::new();
    for address in &addresses {
        let body = serde_json::to_vec(&serde_json::json!({ "address": address })).unwrap();
        let (status, _, body) = http_request(
            http::Method::POST,
            &server.url("/api/v1/convert?lang=vi"),
            &[("content-type", "application/json")],
            body,
        )
        .await
        .unwrap();
        assert_eq!(status, 200, "{address}");
        api.push(String::from_utf8(body).unwrap());
    }

    // A search asked online just now is in the HTTP cache (max-age=60): offline it must still come from the
    // kept data (the worker asks the server, never that cache), else its answer would take the note away.
    let search = "const done = arguments[0];
         fetch('/api/v1/search?q=dong%20tien&limit=8').then((r) => done(r.headers.get('x-offline-data')), (e) => done(String(e)));";
    assert_eq!(client.execute_async(search, vec![]).await.unwrap(), serde_json::Value::Null, "online, from the server");
    go_offline(&browser, &mut server).await;
    assert_eq!(client.execute_async(search, vec![]).await.unwrap(), "2026-09-20", "offline, never from the HTTP cache");
    // The same questions from the page, answered by the worker's engine over the kept data.
    // In batches, each well within WebDriver's script timeout on a busy machine.
    let mut offline: Vec<(Option<String>, String)> = Vec::new();
    for batch in addresses.chunks(100) {
        let answers = client
            .execute_async(
                "const [addresses, done] = arguments;
                 (async () => {
                   const answers = [];
                   for (const address of addresses) {
                     const response = await fetch('/api/v1/convert?lang=vi', {
                       method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ address }),
                     });
                     answers.push([response.headers.get('x-offline-data'), await response.text()]);
                   }
                   return answers;
                 })().then(done, (error) => done(String(error)));",
                vec![serde_json::to_value(batch).unwrap()],
            )
            .await
            .unwrap();
        // The answers' text as sent, compared byte for byte (through a JS value, 1.0 would come back as 1).
        let answers: Vec<(Option<String>, String)> =
            serde_json::from_value(answers.clone()).unwrap_or_else(|_| panic!("offline answers: {answers}"));
        offline.extend(answers);
    }
    assert_eq!(offline.len(), addresses.len());
    let differing: Vec<&str> = addresses
        .iter()
        .zip(api.iter().zip(&offline))
        .filter(|(_, (api, (_, offline)))| api != &offline)
        .map(|(address, _)| address.as_str())
        .collect();
    assert_eq!(differing, Vec::<&str>::new(), "answered differently offline");
    assert!(offline.iter().all(|(data, _)| data.as_deref() == Some("2026-09-20")), "every answer says its data's date");
    println!("offline: {} of {} answers identical to the API's", addresses.len() - differing.len(), addresses.len());

    // A repeat visit with no network: the app opens from the phone, converts, and says it is offline.
    client.goto(&format!("{}/", server.base_url)).await.unwrap();
    let text = convert(client, "Số 5, Xã Đông Tiến, Huyện Yên Phong, Tỉnh Bắc Ninh").await;
    assert_eq!(text, online);
    // Its answers come from the data kept on the phone, dated, and the page says so from the first one
    // (the searches typed as the address was, asked online before, are not taken from the HTTP cache).
    let note = client.wait().at_most(WAIT).for_element(Locator::Css("#offline-note[role=status]")).await.unwrap();
    assert_eq!(
        note.text().await.unwrap(),
        "Đang ngoại tuyến: trả lời từ dữ liệu lưu trên máy, cập nhật theo ngày 20/9/2026"
    );
    let dated = client
        .execute_async(
            "const done = arguments[0];
             fetch('/api/v1/convert?lang=vi', { method: 'POST', headers: { 'content-type': 'application/json' },
               body: JSON.stringify({ address: 'Xã Đông Tiến, Huyện Yên Phong, Tỉnh Bắc Ninh' }) })
               .then((r) => done(r.headers.get('x-offline-data')), (e) => done(String(e)));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(dated, "2026-09-20");
    let note = client.wait().at_most(WAIT).for_element(Locator::Css("#offline-note[role=status]")).await.unwrap();
    assert_eq!(
        note.text().await.unwrap(),
        "Đang ngoại tuyến: trả lời từ dữ liệu lưu trên máy, cập nhật theo ngày 20/9/2026"
    );
    browser.screenshot("offline-answer").await.unwrap();
    assert_eq!(browser.accessibility_violations().await.unwrap(), Vec::<String>::new());
    browser.close().await.unwrap();
}

/// A cheap Android phone on slow 4G (1.6 Mbps down, 750 kbps up, 150 ms round trips, a CPU 4× slower):
/// the time from opening a permalink `/?q=` to its answer on screen, on a first visit and on a repeat
/// visit (the app kept by the browser and its worker). Printed for docs/benchmarks.md; a time is never
/// asserted, it would flake.
#[tokio::test]
async fn the_first_answer_on_a_slow_phone_is_measured() {
    let server = Server::start().unwrap();
    let browser = Browser::start().await.unwrap();
    let client = &browser.client;
    browser.cdp("Network.enable", serde_json::json!({})).await.unwrap();
    let slow_4g = serde_json::json!({
        "offline": false, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8,
    });
    browser.cdp("Network.emulateNetworkConditions", slow_4g).await.unwrap();
    browser.cdp("Emulation.setCPUThrottlingRate", serde_json::json!({ "rate": 4 })).await.unwrap();
    let address = "Số 5, Xã Đông Tiến, Huyện Yên Phong, Tỉnh Bắc Ninh";
    let encoded: String = address
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") })
        .collect();
    let permalink = server.url(&format!("/?q={encoded}"));
    let mut times = Vec::new();
    for visit in ["first", "repeat"] {
        if visit == "repeat" {
            client.goto("about:blank").await.unwrap();
        }
        let start = Instant::now();
        client.goto(&permalink).await.unwrap();
        let answer =
            client.wait().at_most(WAIT * 3).for_element(Locator::Css("[data-testid=new-address]")).await.unwrap();
        times.push(start.elapsed());
        assert!(answer.text().await.unwrap().contains("Phường Yên Phong"));
    }
    println!(
        "slow 4G, CPU 4x: first answer {} ms on a first visit, {} ms on a repeat visit",
        times[0].as_millis(),
        times[1].as_millis()
    );
    browser.close().await.unwrap();
}
