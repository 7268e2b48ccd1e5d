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
    let mut stream = TcpStream::connect(server.base_url.strip_prefix("http://").unwrap()).unwrap();
    let head = format!(
        "POST /api/v1/convert/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
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
