//! The batch route under load: concurrent large batches are bounded in number, time and memory.
//!
//! The server runs with `RATE_LIMIT=off`, so that what bounds the batches here is the route's own limit
//! (one batch per CPU, a 503 with `Retry-After` beyond it), not the per-client rate limit. Figures are
//! printed (run with `--nocapture` to see them); the assertions are generous bounds, not timings.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use tests::Server;

/// Rows in each batch: the most the route takes.
const ROWS: usize = 10_000;
/// Bound on the server's peak resident memory during the flood: 96 MiB and 16 MiB a slot (about 41 MiB
/// measured with 2 slots; 978 MiB before batches were bounded).
fn peak_bound_kib() -> u64 {
    (96 + 16 * slots() as u64) * 1024
}
/// How long each client keeps trying after a 503.
const FLOOD_TRIES: Duration = Duration::from_secs(12);
/// Bound on a health check's time during the flood.
const HEALTH_BOUND: Duration = Duration::from_secs(5);

fn start() -> Server {
    Server::start_with(&[("RATE_LIMIT", OsStr::new("off"))]).unwrap()
}

/// Batches converted at once: one per CPU, as the server counts them on this machine.
fn slots() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Concurrent clients in the flood, each with a 10,000-row batch: 48, or more on a machine with many slots.
fn clients() -> usize {
    48.max(4 * slots())
}

/// A field of `/proc/<pid>/status` in KiB (`VmRSS`, `VmHWM`).
fn memory_kib(server: &Server, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.pid())).unwrap();
    let line = status.lines().find(|line| line.starts_with(field)).unwrap_or_else(|| panic!("no {field}"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// How long each address of a test batch is.
#[derive(Clone, Copy)]
enum Rows {
    Typical,
    /// Near the 500-character limit: the slowest rows the route takes.
    NearTheLimit,
}

/// `ROWS` addresses, varied, every one of which converts.
fn addresses(rows: Rows) -> Vec<String> {
    let places = [
        "P. Bến Nghé, Q.1, TP.HCM",
        "Phường Cống Vị, Ba Đình, Hà Nội",
        "xa phuoc dinh huyen thuan nam ninh thuan",
        "Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội",
        "Thị trấn Tuy Phước, Huyện Tuy Phước, Tỉnh Bình Định",
    ];
    (0..ROWS)
        .map(|i| {
            let street = format!("Số {i} ngõ {} đường Lê Lợi ", i % 97);
            let street = match rows {
                Rows::Typical => street,
                Rows::NearTheLimit => street.repeat(12),
            };
            format!("{street}{}", places[i % places.len()])
        })
        .collect()
}

fn json_batch(rows: Rows) -> Bytes {
    Bytes::from(serde_json::to_vec(&addresses(rows)).unwrap())
}

fn csv_batch() -> Bytes {
    let rows = addresses(Rows::Typical).into_iter().enumerate().map(|(i, address)| format!("{i},\"{address}\"\r\n"));
    Bytes::from(std::iter::once("id,address\r\n".to_owned()).chain(rows).collect::<String>())
}

type Client = hyper_util::client::legacy::Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

fn client() -> Client {
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http()
}

struct Answer {
    status: u16,
    retry_after: Option<u64>,
    body: Vec<u8>,
}

async fn post(client: &Client, url: &str, content_type: &str, body: Bytes) -> anyhow::Result<Answer> {
    let request = http::Request::post(url).header("content-type", content_type).body(Full::new(body))?;
    let response = client.request(request).await?;
    let status = response.status().as_u16();
    let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().parse().unwrap());
    let body = response.into_body().collect().await?.to_bytes().to_vec();
    Ok(Answer { status, retry_after, body })
}

/// Rows in a batch's answer (JSON results, or CSV lines after the header).
fn rows_out(content_type: &str, body: &[u8]) -> usize {
    if content_type == "application/json" {
        let answer: serde_json::Value = serde_json::from_slice(body).unwrap();
        answer["results"].as_array().unwrap().len()
    } else {
        std::str::from_utf8(body).unwrap().lines().count() - 1
    }
}

#[derive(Debug, Default)]
struct Tally {
    done: usize,
    busy: usize,
}

/// [`clients`] (48) at once, each sending a 10,000-row batch (JSON or CSV) and trying again after a 503
/// until it is taken (for at most [`FLOOD_TRIES`]): the batches beyond the slots are refused at once with
/// `Retry-After`, the others complete with every row; the server stays under [`peak_bound_kib`], health
/// checks stay fast, and the resident memory comes back near its idle size.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_batch_flood_is_bounded_in_memory_and_refused_beyond_the_slots() {
    let server = start();
    let health_url = server.url("/api/v1/health");
    let batch_url = server.url("/api/v1/convert/batch");
    tests::http_get(&health_url, &[]).await.unwrap();
    let idle = memory_kib(&server, "VmRSS");

    let (json, csv) = (json_batch(Rows::Typical), csv_batch());
    let flooding = Arc::new(AtomicBool::new(true));
    let health = tokio::spawn({
        let (flooding, url) = (flooding.clone(), health_url.clone());
        async move {
            let mut times = Vec::new();
            while flooding.load(Ordering::Relaxed) {
                let started = Instant::now();
                let (status, _, _) = tests::http_get(&url, &[]).await.unwrap();
                assert_eq!(status, 200);
                times.push(started.elapsed());
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            times.sort();
            times
        }
    });
    let started = Instant::now();
    let flood: Vec<_> = (0..clients())
        .map(|i| {
            let url = batch_url.clone();
            let (content_type, body) = match i % 2 {
                0 => ("application/json", json.clone()),
                _ => ("text/csv", csv.clone()),
            };
            tokio::spawn(async move {
                let client = client();
                let mut tally = Tally::default();
                while started.elapsed() < FLOOD_TRIES {
                    let answer = post(&client, &url, content_type, body.clone()).await.unwrap();
                    match answer.status {
                        200 => {
                            assert_eq!(rows_out(content_type, &answer.body), ROWS, "{content_type}");
                            tally.done += 1;
                            break;
                        }
                        503 => {
                            let error: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
                            assert_eq!(error["error"]["code"], "unavailable");
                            let retry_after = answer.retry_after.expect("a 503 says when to try again");
                            assert!((1..=10).contains(&retry_after), "{retry_after}");
                            tally.busy += 1;
                            // Sooner than Retry-After, to keep the flood going in a short test.
                            tokio::time::sleep(Duration::from_secs(retry_after) / 4).await;
                        }
                        status => panic!("{content_type}: {status} {}", String::from_utf8_lossy(&answer.body)),
                    }
                }
                tally
            })
        })
        .collect();
    let mut total = Tally::default();
    let mut peak_sampled = 0;
    for client in flood {
        while !client.is_finished() {
            peak_sampled = peak_sampled.max(memory_kib(&server, "VmRSS"));
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let tally = client.await.unwrap();
        total.done += tally.done;
        total.busy += tally.busy;
    }
    let flood = started.elapsed();
    flooding.store(false, Ordering::Relaxed);
    let health = health.await.unwrap();
    let (median_health, slowest_health) = (health[health.len() / 2], health[health.len() - 1]);
    let peak = memory_kib(&server, "VmHWM");
    // Settled: what is resident now is what the flood left behind.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let after = memory_kib(&server, "VmRSS");
    eprintln!(
        "batch flood: {} clients × {ROWS} rows in {flood:.1?}: {} done, {} refused with 503; \
         RSS idle {idle} KiB, peak {peak} KiB (sampled {peak_sampled} KiB), after {after} KiB; \
         {} health checks, median {median_health:.1?}, slowest {slowest_health:.1?}",
        clients(),
        total.done,
        total.busy,
        health.len()
    );
    assert!(total.done >= slots(), "{total:?}");
    assert!(total.busy > 0, "{total:?}: no batch was refused");
    assert!(peak < peak_bound_kib(), "peak {peak} KiB");
    assert!(slowest_health < HEALTH_BOUND, "a health check took {slowest_health:?}");
    assert!(after < idle + 48 * 1024, "RSS idle {idle} KiB, after the flood {after} KiB");
}

/// Sends a JSON batch over a raw socket and reads the answer's status line.
fn start_batch(server: &Server, body: &[u8]) -> TcpStream {
    start_batch_of(server, "application/json", body)
}

/// Sends a batch of `content_type` over a raw socket and reads the answer's status line.
fn start_batch_of(server: &Server, content_type: &str, body: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(server.base_url.strip_prefix("http://").unwrap()).unwrap();
    let head = format!(
        "POST /api/v1/convert/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut status = [0; 12];
    stream.read_exact(&mut status).unwrap();
    assert_eq!(&status, b"HTTP/1.1 200", "{}", String::from_utf8_lossy(&status));
    stream
}

/// Posts a small batch until one is taken (a slot is free); how long that took.
async fn until_a_slot_is_free(server: &Server, bound: Duration) -> Duration {
    let (client, url, started) = (client(), server.url("/api/v1/convert/batch"), Instant::now());
    loop {
        let answer =
            post(&client, &url, "application/json", Bytes::from_static(b"[\"P. Ben Nghe, Q.1\"]")).await.unwrap();
        match answer.status {
            200 => return started.elapsed(),
            503 if started.elapsed() < bound => tokio::time::sleep(Duration::from_millis(20)).await,
            status => panic!("{status} after {:?}", started.elapsed()),
        }
    }
}

/// Clients that start slow batches on every slot and go away free the slots at once: their work stops.
#[tokio::test]
async fn clients_that_go_away_stop_their_batches() {
    let server = start();
    let body = json_batch(Rows::NearTheLimit);
    let whole = {
        let started = Instant::now();
        let answer =
            post(&client(), &server.url("/api/v1/convert/batch"), "application/json", body.clone()).await.unwrap();
        assert_eq!((answer.status, rows_out("application/json", &answer.body)), (200, ROWS));
        started.elapsed()
    };
    let streams: Vec<TcpStream> = (0..slots()).map(|_| start_batch(&server, &body)).collect();
    drop(streams);
    let freed = until_a_slot_is_free(&server, whole).await;
    eprintln!("a slow batch takes {whole:.1?}; its slot was free {freed:.1?} after its client went away");
    assert!(freed < (whole / 2).max(Duration::from_secs(1)), "freed after {freed:?}, a whole batch takes {whole:?}");
}

/// Clients that start slow batches on every slot and stop reading keep them for the stall limit (10 s)
/// only: then their answers are cut off and the slots are free again.
#[tokio::test]
async fn clients_that_stop_reading_lose_their_slots() {
    let server = start();
    let body = json_batch(Rows::NearTheLimit);
    let _streams: Vec<TcpStream> = (0..slots()).map(|_| start_batch(&server, &body)).collect();
    let answer = post(&client(), &server.url("/api/v1/convert/batch"), "application/json", Bytes::from_static(b"[]"))
        .await
        .unwrap();
    assert_eq!(answer.status, 503, "every slot is held by a client that does not read");
    // A client that waits for "100 Continue" before its upload gets the 503 without being asked for it.
    let mut waiting = TcpStream::connect(server.base_url.strip_prefix("http://").unwrap()).unwrap();
    waiting
        .write_all(
            b"POST /api/v1/convert/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\n\
              Content-Length: 5000000\r\nExpect: 100-continue\r\n\r\n",
        )
        .unwrap();
    waiting.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut status = [0; 12];
    waiting.read_exact(&mut status).unwrap();
    assert_eq!(&status, b"HTTP/1.1 503", "{}", String::from_utf8_lossy(&status));
    let freed = until_a_slot_is_free(&server, Duration::from_secs(30)).await;
    eprintln!("slots held by clients that stopped reading were free after {freed:.1?}");
    assert!(freed > Duration::from_secs(5), "{freed:?}");
}

/// The media type of an Excel workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// CRC-32 (IEEE), as a zip stores it.
fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &byte| {
        (0..8).fold(crc ^ u32::from(byte), |crc, _| if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 })
    })
}

/// A zip of `parts`, stored (not compressed): no zip crate needed to make an upload.
fn zip(parts: &[(&str, String)]) -> Vec<u8> {
    let (mut out, mut directory) = (Vec::new(), Vec::new());
    for (name, data) in parts {
        let (name, data) = (name.as_bytes(), data.as_bytes());
        let offset = u32::try_from(out.len()).unwrap();
        let size = u32::try_from(data.len()).unwrap().to_le_bytes();
        let name_len = u16::try_from(name.len()).unwrap().to_le_bytes();
        // Version 2.0, no flags, stored, 1980-01-01 00:00, CRC, sizes, name length, no extra field.
        let common =
            [&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0][..], &crc32(data).to_le_bytes(), &size, &size, &name_len, &[0, 0]]
                .concat();
        out.extend([&b"PK\x03\x04"[..], &common, name, data].concat());
        // Made by version 2.0, then the same fields, no comment, disk 0, no attributes, the offset.
        directory.extend([&b"PK\x01\x02\x14\x00"[..], &common, &[0; 10], &offset.to_le_bytes(), name].concat());
    }
    let (count, directory_offset) = (u16::try_from(parts.len()).unwrap().to_le_bytes(), out.len() as u32);
    let directory_size = u32::try_from(directory.len()).unwrap();
    out.extend(directory);
    let end = [
        &b"PK\x05\x06"[..],
        &[0; 4],
        &count,
        &count,
        &directory_size.to_le_bytes(),
        &directory_offset.to_le_bytes(),
        &[0, 0],
    ];
    out.extend(end.concat());
    out
}

/// The names of a zip's parts, from its central directory.
fn zip_names(zip: &[u8]) -> Vec<String> {
    let end = zip.len() - 22;
    assert_eq!(&zip[end..end + 4], b"PK\x05\x06", "a zip ends with its directory's end record");
    let field = |at: usize, len: usize| zip[at..at + len].iter().rev().fold(0usize, |n, &b| n << 8 | usize::from(b));
    let (count, mut at) = (field(end + 10, 2), field(end + 16, 4));
    (0..count)
        .map(|_| {
            assert_eq!(&zip[at..at + 4], b"PK\x01\x02");
            let (name, extra, comment) = (field(at + 28, 2), field(at + 30, 2), field(at + 32, 2));
            let text = String::from_utf8(zip[at + 46..at + 46 + name].to_vec()).unwrap();
            at += 46 + name + extra + comment;
            text
        })
        .collect()
}

/// A workbook whose one worksheet holds `rows` of text cells (inline strings), as Excel's format has it.
fn workbook(rows: &[Vec<String>]) -> Bytes {
    let escape = |text: &str| text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let column = |i: usize| char::from(b'A' + u8::try_from(i).unwrap());
    let sheet_data: String = rows
        .iter()
        .enumerate()
        .map(|(r, cells)| {
            let cells: String = cells
                .iter()
                .enumerate()
                .map(|(c, text)| {
                    format!(r#"<c r="{}{}" t="inlineStr"><is><t>{}</t></is></c>"#, column(c), r + 1, escape(text))
                })
                .collect();
            format!(r#"<row r="{}">{cells}</row>"#, r + 1)
        })
        .collect();
    xlsx(&sheet_data, None)
}

/// A workbook of one worksheet, its `<sheetData>` given, with a shared-strings part if `shared_strings`
/// (its `<sst>`'s content).
fn xlsx(sheet_data: &str, shared_strings: Option<&str>) -> Bytes {
    let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let package = "http://schemas.openxmlformats.org/package/2006";
    let types = "application/vnd.openxmlformats";
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
    let relationship = |id: &str, kind: &str, target: &str| {
        format!(r#"<Relationship Id="{id}" Type="{relationships}/{kind}" Target="{target}"/>"#)
    };
    let relationships_part =
        |inside: String| format!(r#"{xml}<Relationships xmlns="{package}/relationships">{inside}</Relationships>"#);
    let mut parts = vec![
        (
            "[Content_Types].xml",
            format!(
                "{xml}<Types xmlns=\"{package}/content-types\">\
                 <Default Extension=\"rels\" ContentType=\"{types}-package.relationships+xml\"/>\
                 <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
                 <Override PartName=\"/xl/workbook.xml\" \
                 ContentType=\"{types}-officedocument.spreadsheetml.sheet.main+xml\"/>\
                 <Override PartName=\"/xl/worksheets/sheet1.xml\" \
                 ContentType=\"{types}-officedocument.spreadsheetml.worksheet+xml\"/></Types>"
            ),
        ),
        ("_rels/.rels", relationships_part(relationship("rId1", "officeDocument", "xl/workbook.xml"))),
        (
            "xl/workbook.xml",
            format!(
                "{xml}<workbook xmlns=\"{main}\" xmlns:r=\"{relationships}\"><sheets>\
                 <sheet name=\"Địa chỉ\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            relationships_part(
                relationship("rId1", "worksheet", "worksheets/sheet1.xml")
                    + &relationship("rId2", "sharedStrings", "sharedStrings.xml"),
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(r#"{xml}<worksheet xmlns="{main}"><sheetData>{sheet_data}</sheetData></worksheet>"#),
        ),
    ];
    if let Some(strings) = shared_strings {
        parts.push(("xl/sharedStrings.xml", format!(r#"{xml}<sst xmlns="{main}">{strings}</sst>"#)));
    }
    Bytes::from(zip(&parts))
}

/// An Excel batch over HTTP: a workbook comes back as a workbook (whole, with the workbook's media type)
/// whose header has the answer's columns: sent back, it is read again, by the column it added. What is no
/// workbook, a column not in the header and too many rows are refused with the error body.
#[tokio::test]
async fn an_excel_batch_answers_a_workbook_with_the_answer_columns() {
    let server = start();
    let url = |query: &str| server.url(&format!("/api/v1/convert/batch?lang=en&{query}"));
    let client = client();
    // Addresses of the development set (shared/eval/dev-addresses.jsonl); a formula-like note.
    let rows = [
        ["STT", "Địa chỉ", "ghi chú"],
        ["1", "Phường Cầu Diễn, Quận Nam Từ Liêm, Thành phố Hà Nội", "=1+1"],
        ["2", "X.Hồ Thị Kỷ, H.Thới Bình, T.Cà Mau", "@SUM(A1)"],
    ]
    .map(|row| row.map(str::to_owned).to_vec());
    let upload = workbook(&rows);
    let answer = post(&client, &url("column=%C4%91%E1%BB%8Ba%20ch%E1%BB%89"), XLSX, upload.clone()).await.unwrap();
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    assert!(answer.body.starts_with(b"PK\x03\x04"));
    let names = zip_names(&answer.body);
    assert!(names.iter().any(|name| name == "xl/worksheets/sheet1.xml"), "{names:?}");
    eprintln!("an Excel batch of {} rows: {} bytes in, {} bytes out", rows.len() - 1, upload.len(), answer.body.len());

    let again = post(&client, &url("column=new_commune_code"), XLSX, Bytes::from(answer.body.clone())).await.unwrap();
    assert_eq!(again.status, 200, "{}", String::from_utf8_lossy(&again.body));
    let refused = post(&client, &url("column=nope"), XLSX, Bytes::from(answer.body)).await.unwrap();
    let error: serde_json::Value = serde_json::from_slice(&refused.body).unwrap();
    assert_eq!(
        (refused.status, error["error"]["message"].as_str()),
        (400, Some("The header row has no column named \"nope\"."))
    );
    // Without `column`: no header is `address`.
    let refused = post(&client, &url(""), XLSX, upload).await.unwrap();
    assert_eq!(refused.status, 400);

    let not_a_workbook = post(&client, &url(""), XLSX, csv_batch()).await.unwrap();
    let error: serde_json::Value = serde_json::from_slice(&not_a_workbook.body).unwrap();
    assert_eq!((not_a_workbook.status, error["error"]["code"].as_str()), (400, Some("bad_request")));
    assert_eq!(error["error"]["message"], "This file is not an Excel workbook (.xlsx); save it as .xlsx.");

    // The most rows a batch takes, each an address of the development set, and one more.
    let dev = tests::dev_addresses();
    let many: Vec<Vec<String>> = std::iter::once(vec!["id".to_owned(), "address".to_owned()])
        .chain(dev.iter().cycle().take(ROWS + 1).map(|case| vec![case.id.clone(), case.input.clone()]))
        .collect();
    let too_many = post(&client, &url(""), XLSX, workbook(&many)).await.unwrap();
    assert_eq!(too_many.status, 413, "{}", String::from_utf8_lossy(&too_many.body));
    let (upload, started) = (workbook(&many[..=ROWS]), Instant::now());
    let at_most = post(&client, &url(""), XLSX, upload.clone()).await.unwrap();
    assert_eq!(at_most.status, 200, "{}", String::from_utf8_lossy(&at_most.body));
    eprintln!(
        "an Excel batch of {ROWS} rows: {} bytes in, {} bytes out, in {:.1?}",
        upload.len(),
        at_most.body.len(),
        started.elapsed()
    );
}

/// Excel batches near the data limit (128 MB: a workbook's parts unzipped, and its cells as the writer
/// holds them) from uploads under 10 MB: many numbers, one long shared string in many cells (stored once,
/// held once a cell), many texts. The answer is made whole in memory, but the server's peak stays near
/// what the route counts.
#[tokio::test]
async fn excel_batches_near_the_data_limit_are_bounded_in_memory() {
    let header = r#"<row><c t="inlineStr"><is><t>address</t></is></c></row>"#;
    // 10,000 rows of 50 numbers: 500,000 cells, 103 MB as counted.
    let row = format!("<row>{}</row>", "<c><v>7</v></c>".repeat(50));
    let numbers = xlsx(&format!("{header}{}", row.repeat(ROWS)), None);
    // One string of 30,000 letters in 2,000 cells: 121 MB as counted (its text twice a cell).
    let cells = format!("{header}{}", r#"<row><c t="s"><v>0</v></c></row>"#.repeat(2_000));
    let long = xlsx(&cells, Some(&format!("<si><t>{}</t></si>", "a".repeat(30_000))));
    // 10,000 rows of 12 different texts: 120,000 cells, 79 MB as counted.
    let texts = (0..ROWS).map(|row| {
        let cells: String =
            (0..12).map(|col| format!(r#"<c t="inlineStr"><is><t>Ô {row} {col} của hàng</t></is></c>"#)).collect();
        format!("<row>{cells}</row>")
    });
    let texts = xlsx(&format!("{header}{}", texts.collect::<String>()), None);
    for (name, upload) in
        [("500,000 numbers", numbers), ("a long string in 2,000 cells", long), ("120,000 texts", texts)]
    {
        // A server each: its peak is this batch's.
        let server = start();
        tests::http_get(&server.url("/api/v1/health"), &[]).await.unwrap();
        let idle = memory_kib(&server, "VmRSS");
        let started = Instant::now();
        let answer = post(&client(), &server.url("/api/v1/convert/batch"), XLSX, upload.clone()).await.unwrap();
        assert_eq!(answer.status, 200, "{name}: {}", String::from_utf8_lossy(&answer.body));
        let peak = memory_kib(&server, "VmHWM");
        eprintln!(
            "an Excel batch of {name}: {} bytes in, {} bytes out, in {:.1?}; \
             RSS idle {idle} KiB, peak {peak} KiB (+{} KiB)",
            upload.len(),
            answer.body.len(),
            started.elapsed(),
            peak - idle,
        );
        // The route's data limit (128 MB, which these batches come near) and room for the upload.
        assert!(peak - idle < (128 + 16) * 1024, "{name}: {} KiB over idle", peak - idle);
    }
}

/// Clients that start slow Excel batches on every slot and go away free the slots soon: a workbook's
/// answer is sent only at its end, but its work stops between cells when the client is gone.
#[tokio::test]
async fn clients_that_go_away_stop_their_excel_batches() {
    let server = start();
    // Addresses of the development set, each repeated up to near the 500-character limit: slow rows (400
    // of them take about 3 s on 2 cores, as JSON too).
    let dev = tests::dev_addresses();
    let rows: Vec<Vec<String>> = std::iter::once(vec!["address".to_owned()])
        .chain(dev.iter().cycle().take(400).map(|case| {
            let times = 480 / (case.input.chars().count() + 2);
            vec![vec![case.input.as_str(); times].join(", ")]
        }))
        .collect();
    let body = workbook(&rows);
    let whole = {
        let started = Instant::now();
        let answer = post(&client(), &server.url("/api/v1/convert/batch"), XLSX, body.clone()).await.unwrap();
        assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
        started.elapsed()
    };
    let streams: Vec<TcpStream> = (0..slots()).map(|_| start_batch_of(&server, XLSX, &body)).collect();
    drop(streams);
    let freed = until_a_slot_is_free(&server, whole).await;
    eprintln!("a slow Excel batch takes {whole:.1?}; its slot was free {freed:.1?} after its client went away");
    assert!(freed < (whole / 2).max(Duration::from_secs(1)), "freed after {freed:?}, a whole batch takes {whole:?}");
}
