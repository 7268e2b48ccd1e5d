//! `cargo xtask bench-http`: the release API under load on loopback (wrk, 64 connections, 2 threads),
//! its cold start (exec → first 200) and its resident memory. Prints a Markdown table for
//! docs/benchmarks.md. Needs `wrk` (Debian: apt-get install wrk).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

const DURATION: &str = "10s";
const CONNECTIONS: &str = "64";

pub fn run() -> Result<()> {
    let (binary, work) = prepare()?;

    let (mut server, address) = start(&binary)?;
    let base = format!("http://{address}");
    let convert_body = r#"{"address":"12 Lê Lợi, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh"}"#;
    let batch: Vec<String> = (0..100).map(|i| format!("Số {i} Lê Lợi, P. Bến Nghé, Q.1, TP.HCM")).collect();
    let batch_body = serde_json::to_string(&batch)?;
    // Search as you type with a different prefix each request: what a crowd of people typing sends.
    let addresses = dev_addresses()?;
    let prefixes = shared::engine::typing_prefixes(addresses.iter().map(String::as_str), PREFIXES);
    let varied_search = work.join("search_varied.lua");
    std::fs::write(&varied_search, lua_cycling_paths("/api/v1/search?q=", &prefixes))?;
    let cases = [
        ("GET /api/v1/health", "/api/v1/health", None, None),
        ("GET /api/v1/search?q=phuoc%20dinh (one query)", "/api/v1/search?q=phuoc%20dinh", None, None),
        ("GET /api/v1/search?q=… (2,000 different prefixes)", "/api/v1/search", None, Some(varied_search)),
        ("POST /api/v1/convert", "/api/v1/convert", Some(convert_body.to_owned()), None),
        (
            "POST /api/v1/convert/batch (100 addresses; as many connections as batch slots)",
            "/api/v1/convert/batch",
            Some(batch_body),
            None,
        ),
    ];
    println!("| request | requests/s | p50 | p99 |\n|---|---|---|---|");
    for (name, path, body, script) in cases {
        // The server converts one batch per CPU at a time and refuses more with a 503: as many
        // connections as it has slots measure its batch throughput.
        let connections = if path.ends_with("/batch") { batch_slots() } else { CONNECTIONS.to_owned() };
        let mut args = vec!["-t2".to_owned(), format!("-c{connections}"), format!("-d{DURATION}"), "--latency".into()];
        if let Some(script) = script {
            args.push("-s".into());
            args.push(script.display().to_string());
        }
        if let Some(body) = body {
            let script = work.join(format!("{}.lua", path.replace('/', "_")));
            let lua_body = body.replace('\\', "\\\\").replace('"', "\\\"");
            std::fs::write(
                &script,
                format!(
                    "wrk.method = \"POST\"\nwrk.body = \"{lua_body}\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                ),
            )?;
            args.push("-s".into());
            args.push(script.display().to_string());
        }
        args.push(format!("{base}{path}"));
        let output = Command::new("wrk").args(&args).output().context("run wrk")?;
        let text = String::from_utf8_lossy(&output.stdout);
        if text.contains("Non-2xx") {
            bail!("{name}: some answers were not 2xx:\n{text}");
        }
        println!(
            "| {name} | {} | {} | {} |",
            wrk_field(&text, "Requests/sec:"),
            wrk_field(&text, "50%"),
            wrk_field(&text, "99%")
        );
    }
    let rss = resident_kib(server.id())?;
    server.kill()?;
    server.wait()?;
    println!("\nresident memory after the load above: {:.1} MiB", rss as f64 / 1024.0);

    // Cold start: exec → first 200 from /api/v1/health, 20 times.
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let (mut child, address) = start(&binary)?;
        wait_for_health(&address)?;
        times.push(started.elapsed());
        child.kill()?;
        child.wait()?;
    }
    times.sort();
    println!(
        "cold start (exec → first 200 on /api/v1/health, 20 runs): median {:.1} ms, max {:.1} ms",
        times[10].as_secs_f64() * 1000.0,
        times[19].as_secs_f64() * 1000.0
    );
    Ok(())
}

/// The server's batch slots: one per CPU (api's `AppState::new`).
fn batch_slots() -> String {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).to_string()
}

/// Different search prefixes measured, as a crowd typing would send them.
const PREFIXES: usize = 2_000;

/// A wrk script that requests `base` + each query in turn (percent-encoded), one per request.
fn lua_cycling_paths(base: &str, queries: &[String]) -> String {
    let encode = |q: &str| -> String {
        q.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let list: Vec<String> = queries.iter().map(|q| format!("\"{base}{}\"", encode(q))).collect();
    format!(
        "local paths = {{{}}}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n",
        list.join(",")
    )
}

/// Starts the API on a free port; returns it and its address once it is listening.
pub(crate) fn start(binary: &Path) -> Result<(Child, String)> {
    let mut child = Command::new(binary)
        .env("PORT", "0")
        .env("RUST_LOG", "warn")
        // wrk sends everything from one address: the per-client limit would answer it 429s.
        .env("RATE_LIMIT", "off")
        .env("SPA_DIR", crate::workspace_root().join("frontend/dist"))
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("start {}", binary.display()))?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped")).read_line(&mut line)?;
    let address = line.trim().strip_prefix("listening on http://").context("the API did not start")?.to_owned();
    Ok((child, address))
}

pub(crate) fn wait_for_health(address: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Ok(mut stream) = TcpStream::connect(address) {
            write!(stream, "GET /api/v1/health HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")?;
            let mut status = String::new();
            BufReader::new(stream).read_line(&mut status)?;
            if status.starts_with("HTTP/1.1 200") {
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            bail!("no 200 from {address} within 5 s");
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

fn resident_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .context("VmRSS")
}

/// Connections of the soak: four times the benchmark's, as a crowd would open.
const SOAK_CONNECTIONS: &str = "256";
const SOAK_DURATION: &str = "60s";
/// Different addresses converted in the soak.
const SOAK_ADDRESSES: usize = 2_000;

/// `cargo xtask bench-http soak`: a minute of wrk at 256 connections on convert (2,000 different
/// addresses) and on search (2,000 different prefixes), with the per-client limit off. Fails on any
/// error or non-2xx answer; prints p99 and the resident memory before, after each run, and after
/// 10 s of rest.
pub fn soak() -> Result<()> {
    let (binary, work) = prepare()?;
    let addresses = dev_addresses()?;
    // The development set as written, then the same addresses without tone marks (as many type them),
    // until there are 2,000 different ones.
    let mut varied: Vec<String> = addresses.clone();
    varied.extend(addresses.iter().map(|a| shared::engine::normalize::fold(a)));
    varied.sort();
    varied.dedup();
    varied.truncate(SOAK_ADDRESSES);
    if varied.len() < SOAK_ADDRESSES {
        bail!("only {} different addresses", varied.len());
    }
    let convert_script = work.join("soak_convert.lua");
    std::fs::write(&convert_script, lua_cycling_convert(&varied)?)?;
    let prefixes = shared::engine::typing_prefixes(addresses.iter().map(String::as_str), PREFIXES);
    let search_script = work.join("soak_search.lua");
    std::fs::write(&search_script, lua_cycling_paths("/api/v1/search?q=", &prefixes))?;

    let (mut server, address) = start(&binary)?;
    wait_for_health(&address)?;
    let base = format!("http://{address}");
    let mib = |kib: u64| kib as f64 / 1024.0;
    let idle = resident_kib(server.id())?;
    println!("resident memory at rest, before: {:.1} MiB", mib(idle));
    println!("| run | requests | requests/s | p50 | p99 | errors | RSS after |\n|---|---|---|---|---|---|---|");
    for (name, path, script) in [
        ("POST /api/v1/convert (2,000 addresses)", "/api/v1/convert", &convert_script),
        ("GET /api/v1/search (2,000 prefixes)", "/api/v1/search", &search_script),
    ] {
        let args = [
            "-t2".to_owned(),
            format!("-c{SOAK_CONNECTIONS}"),
            format!("-d{SOAK_DURATION}"),
            "--latency".into(),
            "-s".into(),
            script.display().to_string(),
            format!("{base}{path}"),
        ];
        let output = Command::new("wrk").args(&args).output().context("run wrk")?;
        let text = String::from_utf8_lossy(&output.stdout);
        let errors = text.lines().filter(|l| l.contains("Socket errors") || l.contains("Non-2xx")).collect::<Vec<_>>();
        let rss = resident_kib(server.id())?;
        println!(
            "| {name} | {} | {} | {} | {} | {} | {:.1} MiB |",
            requests(&text),
            wrk_field(&text, "Requests/sec:"),
            wrk_field(&text, "50%"),
            wrk_field(&text, "99%"),
            if errors.is_empty() { "0".to_owned() } else { errors.join("; ").trim().to_owned() },
            mib(rss)
        );
        if !errors.is_empty() {
            bail!("{name}: errors under load:\n{text}");
        }
    }
    std::thread::sleep(Duration::from_secs(10));
    println!("\nresident memory after 10 s at rest: {:.1} MiB", mib(resident_kib(server.id())?));
    server.kill()?;
    server.wait()?;
    Ok(())
}

/// Checks that wrk is installed, builds the release API; returns it and the folder for wrk's scripts.
fn prepare() -> Result<(std::path::PathBuf, std::path::PathBuf)> {
    if !crate::on_path("wrk") {
        bail!("wrk is not installed (Debian: sudo apt-get install wrk)");
    }
    let work = crate::target_dir().join("bench-http");
    std::fs::create_dir_all(&work)?;
    // Another build of the API (e.g. of main, for a comparison in one session) instead of this one.
    if let Some(binary) = std::env::var_os("BENCH_API_BINARY") {
        return Ok((binary.into(), work));
    }
    crate::cargo(&["build", "--release", "-p", "api"])?;
    Ok((crate::target_dir().join("release/api"), work))
}

/// The figure after `label` in wrk's report ("Requests/sec:", "50%", "99%"), or "?".
fn wrk_field(wrk_output: &str, label: &str) -> String {
    wrk_output
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("?")
        .to_owned()
}

/// wrk's "N requests in …" count.
fn requests(wrk_output: &str) -> String {
    wrk_output
        .lines()
        .find(|l| l.contains(" requests in "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("?")
        .to_owned()
}

/// The development set's inputs.
fn dev_addresses() -> Result<Vec<String>> {
    let dev_set = crate::workspace_root().join("../shared/eval/dev-addresses.jsonl");
    let text = std::fs::read_to_string(&dev_set).with_context(|| format!("read {}", dev_set.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Ok(serde_json::from_str::<serde_json::Value>(l)?["input"].as_str().unwrap_or_default().to_owned()))
        .collect()
}

/// A wrk script that posts each address in turn to /api/v1/convert.
fn lua_cycling_convert(addresses: &[String]) -> Result<String> {
    let bodies = addresses
        .iter()
        .map(|address| {
            let body = serde_json::to_string(&serde_json::json!({ "address": address }))?;
            // A Lua long string takes the JSON as it is; no address contains its closing bracket.
            if body.contains("]==]") {
                bail!("an address contains \"]==]\": {address}");
            }
            Ok(format!("[==[{body}]==]"))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(format!(
        "local bodies = {{{}}}\nlocal i = 0\nlocal headers = {{[\"Content-Type\"] = \"application/json\"}}\nrequest = function()\n  i = i % #bodies + 1\n  return wrk.format(\"POST\", nil, headers, bodies[i])\nend\n",
        bodies.join(",\n")
    ))
}
