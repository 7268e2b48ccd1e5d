//! Build tasks, run as `cargo xtask <task>` (alias in `.cargo/config.toml`).
//!
//! - `serve`: build the browser app and the API, then serve both on http://127.0.0.1:3000.
//! - `dist`:  release build of the browser apps into `frontend/dist/` (hashed names) and of the API.
//! - `test`:  every test of the workspace, including the browser end-to-end tests.
//! - `lambda [x86_64|arm64]`: the API as a Lambda `bootstrap` in target/lambda/<arch>/.
//! - `bench-http`: the release API under wrk on loopback, its cold start and memory.
//! - `schemathesis`: schemathesis against the release API (built before), from its OpenAPI document.
//! - `data import`: rebuild `data/*.csv` from `data/sources/`; `data check`: check their invariants.

mod bench_http;
mod data;
mod lambda;
mod schemathesis;
mod spa;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(),
        Some("dist") => dist().map(drop),
        Some("test") => test(&args[1..]),
        Some("bench-http") if args.get(1).is_some_and(|a| a == "soak") => bench_http::soak(),
        Some("bench-http") => bench_http::run(),
        Some("schemathesis") => schemathesis::run(&args[1..]),
        Some("lambda") => lambda::build(args.get(1).map_or("x86_64", String::as_str)),
        Some("data") => match args.get(1).map(String::as_str) {
            Some("import") => data::import(&workspace_root()),
            Some("check") => data::check(&workspace_root()),
            Some("export") => match data::export::Args::parse(&args[2..]) {
                Ok(export) => data::export::run(&workspace_root(), &export),
                Err(error) => Err(error),
            },
            _ => {
                eprintln!("usage: cargo xtask data <import | check | export --release N [--out DIR]>");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!(
                "usage: cargo xtask <serve | dist | test [extra cargo test args] | data <import | check | export --release N> | bench-http | schemathesis>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve() -> Result<()> {
    dist()?;
    let root = workspace_root();
    let api = target_dir().join("release/api");
    println!("xtask: starting {} (Ctrl+C stops it)", api.display());
    let status = Command::new(&api)
        .env("SPA_DIR", root.join("frontend/dist"))
        .status()
        .with_context(|| format!("run {}", api.display()))?;
    if !status.success() {
        bail!("the API exited with {status}");
    }
    Ok(())
}

/// Issue 6's budget for a first load (HTML, JS, WASM, CSS, gzipped), in bytes.
const FIRST_LOAD_BUDGET: usize = 250_000;
/// Issue 15's budget for what answering offline downloads: the engine (JS and WASM) and the compact
/// dataset, brotli, in bytes.
const OFFLINE_PACKAGE_BUDGET: usize = 400_000;

/// What `dist` measured against the budgets.
struct Sizes {
    first_load: usize,
    offline_package: usize,
}

/// Builds the browser apps and the API; returns the citizen app's gzipped first-load size (the staff
/// pages' is reported, with no budget: staff work on a desk's connection, and citizens never load it).
fn dist() -> Result<Sizes> {
    let first_loads = spa::build(&workspace_root(), &target_dir())?;
    println!("xtask: first load of the staff pages {} B gzipped", first_loads.staff);
    println!(
        "xtask: fetched in the background once the citizen app has started (service worker, engine JS, manifest): {} B gzipped",
        first_loads.background
    );
    let mut engine = 0;
    for (module, gzipped, brotli) in &first_loads.modules {
        println!("xtask: module {module}, loaded when needed: {gzipped} B gzipped, {brotli} B brotli");
        if *module == "frontend-offline" {
            engine = *brotli;
        }
    }
    // The compact dataset a phone keeps (`/api/v1/snapshot/{version}/compact`), brotli as the server sends it.
    let dataset = shared::data::offline::compact(&data::read(&workspace_root())?);
    let data = spa::brotli(&shared::data::snapshot::encode(&dataset))?.len();
    let offline_package = engine + data;
    println!("xtask: offline package {offline_package} B brotli (engine {engine} B, data {data} B)");
    cargo(&["build", "--release", "-p", "api"])?;
    Ok(Sizes { first_load: first_loads.citizen, offline_package })
}

fn test(extra: &[String]) -> Result<()> {
    check_browser_tools()?;
    let sizes = dist()?;
    let runner = wasm_test_runner()?;
    let chromedriver = find_on_path("chromedriver").context("chromedriver")?;
    let mut totals = TestTotals::default();
    // Native: unit, integration and browser end-to-end tests of every crate.
    let axe = npm_tools(&workspace_root(), &target_dir())?
        .context("the accessibility checks need axe-core from npm: install Node.js and npm")?
        .join("axe-core/axe.min.js");
    let s3s_fs = s3s_fs()?;
    let native = run_tests(
        &["test", "--workspace"],
        extra,
        &[("AXE_CORE_JS", axe.as_os_str()), ("S3S_FS", s3s_fs.as_os_str())],
        &mut totals,
    )?;
    // wasm32 in headless Chromium: the shared code as the browser runs it.
    let wasm = run_tests(
        &["test", "-p", "shared", "--features", "canonical", "--target", "wasm32-unknown-unknown", "--test", "browser"],
        extra,
        &[
            ("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner.as_os_str()),
            ("CHROMEDRIVER", chromedriver.as_os_str()),
        ],
        &mut totals,
    )?;
    println!("tests: {} passed, {} failed, {} skipped", totals.passed, totals.failed, totals.ignored);
    if !native || !wasm {
        bail!("tests failed");
    }
    // Sizes, not times: the same build gives the same bytes, so these cannot flake.
    let Sizes { first_load, offline_package } = sizes;
    if first_load > FIRST_LOAD_BUDGET {
        bail!("the browser app's first load is {first_load} B gzipped, over the budget of {FIRST_LOAD_BUDGET} B");
    }
    println!("xtask: first load {first_load} B gzipped (budget {FIRST_LOAD_BUDGET} B)");
    if offline_package > OFFLINE_PACKAGE_BUDGET {
        bail!("the offline package is {offline_package} B brotli, over the budget of {OFFLINE_PACKAGE_BUDGET} B");
    }
    println!("xtask: offline package {offline_package} B brotli (budget {OFFLINE_PACKAGE_BUDGET} B)");
    if totals.passed == 0 {
        bail!("no test ran");
    }
    Ok(())
}

/// Runs `cargo <args> <extra>`, echoing its output and adding its "test result:" lines to `totals`.
/// Returns whether it succeeded.
fn run_tests(
    args: &[&str],
    extra: &[String],
    envs: &[(&str, &std::ffi::OsStr)],
    totals: &mut TestTotals,
) -> Result<bool> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut child = Command::new(&cargo)
        .args(args)
        .args(extra)
        .envs(envs.iter().copied())
        .current_dir(workspace_root())
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("run {cargo} {}", args.join(" ")))?;
    for line in BufReader::new(child.stdout.take().expect("piped stdout")).lines() {
        let line = line?;
        println!("{line}");
        totals.add(&line);
    }
    Ok(child.wait()?.success())
}

/// `wasm-bindgen-test-runner` of exactly the wasm-bindgen version in Cargo.lock: the one on PATH if it
/// matches, else installed once into `target/tools/` (about 4 minutes on 2 cores).
fn wasm_test_runner() -> Result<PathBuf> {
    let version = spa::locked_version(&workspace_root(), "wasm-bindgen")?;
    let matches = |program: &Path| {
        Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).split_whitespace().nth(1) == Some(version.as_str()))
    };
    if let Some(on_path) = find_on_path("wasm-bindgen-test-runner")
        && matches(&on_path)
    {
        return Ok(on_path);
    }
    let root = target_dir().join("tools");
    let installed = root.join("bin/wasm-bindgen-test-runner");
    if !matches(&installed) {
        println!("xtask: installing wasm-bindgen-test-runner {version} into {}", root.display());
        cargo(&["install", "wasm-bindgen-cli", "--version", &version, "--root", &root.to_string_lossy()])?;
    }
    Ok(installed)
}

/// The S3-compatible server the store tests run against, installed once into `target/tools/` (about
/// 2 minutes on 2 cores). Its version is pinned: its behaviour is what the tests were checked against.
fn s3s_fs() -> Result<PathBuf> {
    const VERSION: &str = "0.14.1";
    let root = target_dir().join("tools");
    let installed = root.join("bin/s3s-fs");
    let matches = Command::new(&installed)
        .arg("--version")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains(VERSION));
    if !matches {
        println!("xtask: installing s3s-fs {VERSION} into {}", root.display());
        let root = root.to_string_lossy();
        cargo(&["install", "s3s-fs", "--locked", "--version", VERSION, "--features", "binary", "--root", &root])?;
    }
    Ok(installed)
}

/// The npm packages of `xtask/npm/` (wasm-opt, axe-core), installed with `npm ci` into `target/tools/npm/`
/// when its lockfile changes. Returns their `node_modules/`, or `None` when npm is missing.
pub(crate) fn npm_tools(root: &Path, target: &Path) -> Result<Option<PathBuf>> {
    let tools = target.join("tools/npm");
    let modules = tools.join("node_modules");
    let lockfile = fs::read(root.join("xtask/npm/package-lock.json")).context("read xtask/npm/package-lock.json")?;
    // Written only after a successful install, so an interrupted one is retried.
    let installed = tools.join("installed-package-lock.json");
    if modules.is_dir() && fs::read(&installed).is_ok_and(|done| done == lockfile) {
        return Ok(Some(modules));
    }
    if !on_path("npm") {
        return Ok(None);
    }
    fs::create_dir_all(&tools)?;
    fs::copy(root.join("xtask/npm/package.json"), tools.join("package.json"))?;
    fs::write(tools.join("package-lock.json"), &lockfile)?;
    println!("xtask: installing the npm tools of xtask/npm/ into {}", tools.display());
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
        .current_dir(&tools)
        .status()
        .context("run npm ci")?;
    if !status.success() {
        bail!("npm ci in {} failed ({status})", tools.display());
    }
    fs::write(installed, &lockfile)?;
    Ok(Some(modules))
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|dir| dir.join(program)).find(|candidate| candidate.is_file())
    })
}

#[derive(Debug, Default, PartialEq, Eq)]
struct TestTotals {
    passed: u64,
    failed: u64,
    ignored: u64,
}

impl TestTotals {
    /// Adds a libtest summary such as `test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; ...`.
    fn add(&mut self, line: &str) {
        let Some(rest) = line.strip_prefix("test result: ") else {
            return;
        };
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(kind), Some(count)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(count) = count.parse::<u64>() else {
                continue;
            };
            match kind {
                "passed" => self.passed += count,
                "failed" => self.failed += count,
                "ignored" => self.ignored += count,
                _ => {}
            }
        }
    }
}

/// The browser tests drive Debian's Chromium through chromedriver; say how to get them if missing.
fn check_browser_tools() -> Result<()> {
    let chromium = ["chromium", "chromium-browser", "google-chrome"].iter().any(|name| on_path(name));
    let driver = on_path("chromedriver");
    if chromium && driver {
        return Ok(());
    }
    bail!(
        "the browser tests need Chromium and chromedriver ({} missing).\n\
         On Debian or Ubuntu install them with:\n\n    sudo apt-get install -y chromium chromium-driver\n",
        match (chromium, driver) {
            (false, false) => "both are",
            (false, true) => "chromium is",
            _ => "chromedriver is",
        }
    )
}

pub(crate) fn on_path(program: &str) -> bool {
    find_on_path(program).is_some()
}

pub(crate) fn cargo(args: &[&str]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(&cargo)
        .args(args)
        .current_dir(workspace_root())
        .status()
        .with_context(|| format!("run {cargo}"))?;
    if !status.success() {
        bail!("`cargo {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::TestTotals;

    #[test]
    fn test_totals_add_up_libtest_summaries() {
        let mut totals = TestTotals::default();
        totals.add("test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s");
        totals.add("test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 4.22s");
        totals.add("running 3 tests");
        assert_eq!(totals, TestTotals { passed: 5, failed: 1, ignored: 1 });
    }
}
