//! Many addresses at once (issue 15, section 5), `/chuyen-doi-hang-loat` at a phone's size: a CSV of
//! development-set addresses converted on the phone (the service worker's engine, with the network cut
//! off before "Chuyển đổi"), and a workbook converted through the batch API (no service worker); each
//! answer's file, downloaded as a user would, holds the API's own answer cells for every row.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::{Data, Reader};
use fantoccini::Locator;
use shared::answers::BatchResponse;
use shared::answers::batch::{ANSWER_COLUMNS, CONFIDENCE_COLUMN, answer_cells, neutralised};
use tests::{Browser, Server, dev_addresses, http_request};

use crate::WAIT;
use crate::offline::go_offline;

/// The API's answer cells for `addresses`, in Vietnamese (the page's language).
async fn api_cells(server: &Server, addresses: &[String]) -> Vec<Vec<String>> {
    let body = serde_json::to_vec(addresses).unwrap();
    let (status, _, body) = http_request(
        http::Method::POST,
        &server.url("/api/v1/convert/batch?lang=vi"),
        &[("content-type", "application/json")],
        body,
    )
    .await
    .unwrap();
    assert_eq!(status, 200);
    let answer: BatchResponse = serde_json::from_slice(&body).unwrap();
    answer.results.into_iter().map(|row| answer_cells(row.result.ok_or_else(|| row.error.unwrap()))).collect()
}

/// A directory of its own for this test's files and the browser's downloads.
fn files_dir(name: &str) -> PathBuf {
    let dir = tests::target_dir().join("e2e-files").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Downloads go to `dir`, as a click on a download link would save them.
async fn download_to(browser: &Browser, dir: &Path) {
    let allow = serde_json::json!({ "behavior": "allow", "downloadPath": dir.display().to_string() });
    browser.cdp("Browser.setDownloadBehavior", allow).await.unwrap();
}

/// The downloaded file `name` in `dir`, once the browser has written it whole.
async fn downloaded(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    let deadline = Instant::now() + WAIT;
    loop {
        let partial = std::fs::read_dir(dir)
            .unwrap()
            .any(|entry| entry.unwrap().path().extension() == Some("crdownload".as_ref()));
        if path.exists() && !partial {
            return std::fs::read(&path).unwrap();
        }
        assert!(Instant::now() < deadline, "{} was not downloaded", path.display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Picks `file` on the page, then waits until the page says where its addresses will be converted.
async fn pick(client: &fantoccini::Client, file: &Path) -> String {
    let input = client.wait().at_most(WAIT).for_element(Locator::Css("input#batch-file")).await.unwrap();
    input.send_keys(&file.display().to_string()).await.unwrap();
    let place = client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid=batch-where]")).await.unwrap();
    let deadline = Instant::now() + 3 * WAIT;
    loop {
        let text = place.text().await.unwrap();
        if !text.starts_with("Đang chuẩn bị") {
            return text;
        }
        assert!(Instant::now() < deadline, "the page did not find where to convert");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Converts, and waits for the page's summary.
async fn convert(client: &fantoccini::Client) -> String {
    client.find(Locator::Css("[data-testid=batch-convert]")).await.unwrap().click().await.unwrap();
    let done = client.wait().at_most(3 * WAIT).for_element(Locator::Css("[data-testid=batch-done]")).await.unwrap();
    crate::scroll_to(client, &done).await;
    done.text().await.unwrap()
}

#[tokio::test]
async fn a_csv_is_converted_on_the_phone_with_the_network_off_as_the_api_converts_it() {
    let mut server = Server::start().unwrap();
    let addresses: Vec<String> = dev_addresses().into_iter().take(300).map(|case| case.input).collect();
    let expected = api_cells(&server, &addresses).await;
    let dir = files_dir("batch-phone");
    // An upload as firms keep them: a row number, the address, a note (one that a spreadsheet would run);
    // separated by semicolons, as Excel writes CSV where the decimal mark is a comma.
    let mut upload = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    upload.write_record(["STT", "Địa chỉ cũ", "Ghi chú"]).unwrap();
    for (i, address) in addresses.iter().enumerate() {
        upload
            .write_record([(i + 1).to_string().as_str(), address.as_str(), if i == 0 { "=1+1" } else { "" }])
            .unwrap();
    }
    let file = dir.join("danh-sach.csv");
    std::fs::write(&file, upload.into_inner().unwrap()).unwrap();

    let browser = Browser::start().await.unwrap();
    let client = &browser.client;
    download_to(&browser, &dir).await;
    client.goto(&server.url("/chuyen-doi-hang-loat")).await.unwrap();
    // The worker controls the page once it has installed (a first visit).
    let deadline = Instant::now() + 3 * WAIT;
    while client.execute("return !!navigator.serviceWorker.controller", vec![]).await.unwrap() != true {
        if Instant::now() > deadline {
            let state = client
                .execute_async(
                    "const done = arguments[0]; navigator.serviceWorker.getRegistration().then(r => done(JSON.stringify({ r: !!r, active: r?.active?.state, installing: r?.installing?.state, waiting: r?.waiting?.state })), e => done(String(e)));",
                    vec![],
                )
                .await
                .unwrap();
            panic!("no service worker: {state} {:?}", browser.console_log().await.unwrap());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let place = pick(client, &file).await;
    assert!(place.starts_with("Chuyển đổi ngay trên máy này"), "{place}");
    assert!(place.contains("20/9/2026"), "{place}");
    let column = client.find(Locator::Css("select#batch-column")).await.unwrap();
    assert_eq!(column.prop("value").await.unwrap().as_deref(), Some("1"), "the address column is found by its name");
    let picked = client.find(Locator::Css("[data-testid=batch-picked]")).await.unwrap();
    assert!(picked.text().await.unwrap().contains("Tệp có 300 dòng."));
    browser.screenshot("batch-picked").await.unwrap();

    go_offline(&browser, &mut server).await;
    let summary = convert(client).await;
    let converted = expected.iter().filter(|cells| !cells[0].is_empty()).count();
    assert!(summary.starts_with(&format!("Xong: {converted} dòng có địa chỉ mới")), "{summary}");
    browser.screenshot("batch-done").await.unwrap();
    assert_eq!(browser.accessibility_violations().await.unwrap(), Vec::<String>::new());

    client.find(Locator::Css("[data-testid=batch-csv]")).await.unwrap().click().await.unwrap();
    let out = downloaded(&dir, "danh-sach-xa-moi.csv").await;
    let mut rows = csv::ReaderBuilder::new().has_headers(false).delimiter(b';').from_reader(&out[..]);
    let rows: Vec<Vec<String>> = rows.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    assert_eq!(rows[0][3..], ANSWER_COLUMNS);
    assert_eq!(rows[1][2], "'=1+1", "a formula-like cell is neutralised");
    assert_eq!(rows.len(), addresses.len() + 1);
    for ((row, address), cells) in rows[1..].iter().zip(&addresses).zip(&expected) {
        assert_eq!(&row[1], address);
        let cells: Vec<String> = cells.iter().map(|cell| neutralised(cell).into_owned()).collect();
        assert_eq!(row[3..], cells, "{address}");
    }
    client.find(Locator::Css("[data-testid=batch-xlsx]")).await.unwrap().click().await.unwrap();
    let out = downloaded(&dir, "danh-sach-xa-moi.xlsx").await;
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(out)).unwrap();
    let sheet = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&sheet).unwrap();
    assert_eq!(range.get_value((0, 3)), Some(&Data::String("new_address".into())));
    assert_eq!(range.get_value((1, 3)).map(Data::to_string), Some(expected[0][0].clone()));
    browser.close().await.unwrap();
}

#[tokio::test]
async fn a_workbook_is_converted_through_the_batch_api_when_the_phone_keeps_no_data() {
    let server = Server::start().unwrap();
    let addresses: Vec<String> = dev_addresses().into_iter().skip(300).take(120).map(|case| case.input).collect();
    let expected = api_cells(&server, &addresses).await;
    let dir = files_dir("batch-server");
    let mut upload = rust_xlsxwriter::Workbook::new();
    let sheet = upload.add_worksheet();
    sheet.set_name("Hồ sơ").unwrap();
    sheet.write_string(0, 0, "STT").unwrap();
    sheet.write_string(0, 1, "Địa chỉ").unwrap();
    for (row, address) in (1..).zip(&addresses) {
        sheet.write_number(row, 0, f64::from(row)).unwrap();
        sheet.write_string(row, 1, address).unwrap();
    }
    let file = dir.join("ho-so.xlsx");
    std::fs::write(&file, upload.save_to_buffer().unwrap()).unwrap();

    let browser = Browser::start().await.unwrap();
    let client = &browser.client;
    download_to(&browser, &dir).await;
    // A browser without service workers (as Firefox's private windows are): the phone keeps nothing, so
    // the server converts.
    let no_workers = "Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined });";
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": no_workers })).await.unwrap();
    client.goto(&server.url("/chuyen-doi-hang-loat")).await.unwrap();
    let place = pick(client, &file).await;
    assert!(place.starts_with("Máy này chưa lưu được dữ liệu"), "{place}");
    let summary = convert(client).await;
    assert!(summary.starts_with("Xong:"), "{summary}");
    browser.screenshot("batch-server").await.unwrap();

    client.find(Locator::Css("[data-testid=batch-xlsx]")).await.unwrap().click().await.unwrap();
    let out = downloaded(&dir, "ho-so-xa-moi.xlsx").await;
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(out)).unwrap();
    assert_eq!(workbook.sheet_names(), ["Hồ sơ"]);
    let range = workbook.worksheet_range("Hồ sơ").unwrap();
    for (name, col) in ANSWER_COLUMNS.iter().zip(2..) {
        assert_eq!(range.get_value((0, col)), Some(&Data::String((*name).into())));
    }
    for ((row, address), cells) in (1..).zip(&addresses).zip(&expected) {
        assert_eq!(range.get_value((row, 0)), Some(&Data::Float(f64::from(row))), "the row's own cells stay");
        assert_eq!(range.get_value((row, 1)).map(Data::to_string).as_deref(), Some(address.as_str()));
        for (i, cell) in cells.iter().enumerate() {
            let got = range.get_value((row, 2 + i as u32)).cloned().unwrap_or(Data::Empty);
            match got {
                Data::Float(confidence) if i == CONFIDENCE_COLUMN => assert_eq!(format!("{confidence:.3}"), *cell),
                got => assert_eq!(got.to_string(), *cell, "{address}, column {}", ANSWER_COLUMNS[i]),
            }
        }
    }
    browser.close().await.unwrap();
}
