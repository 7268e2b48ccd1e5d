//! `cargo xtask schemathesis [extra st run args]`: schemathesis (PyPI) against the release API, driven
//! by the OpenAPI document the API serves, with every check and a bounded number of examples per
//! operation (the checks' settings, with their reasons, are in `xtask/schemathesis.toml`). Builds nothing: run `cargo xtask dist` (or `cargo build --release -p api`) first. CI
//! installs the version pinned in `.ci/run`; a developer the same with
//! `python3 -m pip install schemathesis==<that version>`.

use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// Examples per operation and phase: about half a minute for the whole API on 2 cores.
const MAX_EXAMPLES: &str = "30";

pub fn run(extra: &[String]) -> Result<()> {
    let st = ["st", "schemathesis"]
        .into_iter()
        .find(|program| crate::on_path(program))
        .context("schemathesis is not installed: python3 -m pip install schemathesis (the version of .ci/run)")?;
    let binary = crate::target_dir().join("release/api");
    if !binary.is_file() {
        bail!("{} is missing: build it first (cargo xtask dist)", binary.display());
    }
    // Its example database and reports stay out of the source tree.
    let work = crate::target_dir().join("schemathesis");
    std::fs::create_dir_all(&work)?;

    // RATE_LIMIT=off: every request comes from one address, and the per-client limit would answer
    // most of them 429 (documented, so conforming, but then the handlers would go untested).
    let (mut server, address) = crate::bench_http::start(&binary)?;
    let result = crate::bench_http::wait_for_health(&address).and_then(|()| {
        let base = format!("http://{address}");
        let started = Instant::now();
        let config = crate::workspace_root().join("xtask/schemathesis.toml");
        let status = Command::new(st)
            .arg("--config-file")
            .arg(&config)
            .args(["run", &format!("{base}/api/v1/openapi.json"), "--url", &base])
            .args(["--checks", "all", "--max-examples", MAX_EXAMPLES, "--workers", "2", "--no-color"])
            // Well above the server's own 10 s timeout, which answers 408 (documented) first.
            .args(["--request-timeout", "30"])
            .args(["--report", "junit", "--report-dir", "report"])
            .args(extra)
            .current_dir(&work)
            .status()
            .with_context(|| format!("run {st}"))?;
        println!("xtask: schemathesis took {:.0} s", started.elapsed().as_secs_f64());
        if !status.success() {
            bail!("schemathesis found failures ({status}); its report is in {}", work.join("report").display());
        }
        Ok(())
    });
    server.kill()?;
    server.wait()?;
    result
}
