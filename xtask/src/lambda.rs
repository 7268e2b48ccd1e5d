//! `cargo xtask lambda [x86_64|arm64]`: the API built for AWS Lambda's `provided.al2023` runtime, as a
//! static (musl) binary named `bootstrap` in `target/lambda/<arch>/` and in `target/lambda/function/`, the
//! folder `deploy/template.yaml` deploys. Static linking needs no C toolchain for the target: the API has no C dependencies.

use std::process::Command;

use anyhow::{Context, Result, bail};

pub fn build(arch: &str) -> Result<()> {
    let target = match arch {
        "x86_64" => "x86_64-unknown-linux-musl",
        "arm64" => "aarch64-unknown-linux-musl",
        other => bail!("unknown architecture {other:?}: use x86_64 or arm64"),
    };
    let status = Command::new("rustup").args(["target", "add", target]).status().context("run rustup")?;
    if !status.success() {
        bail!("`rustup target add {target}` failed");
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let linker_variable = format!("CARGO_TARGET_{}_LINKER", target.to_uppercase().replace('-', "_"));
    let status = Command::new(&cargo)
        .args(["build", "--release", "-p", "api", "--target", target])
        .env(&linker_variable, "rust-lld")
        // Smaller binary, faster cold start; only for this build.
        .env("CARGO_PROFILE_RELEASE_STRIP", "symbols")
        .current_dir(crate::workspace_root())
        .status()
        .context("run cargo")?;
    if !status.success() {
        bail!("building the API for {target} failed");
    }
    let built = crate::target_dir().join(target).join("release/api");
    let out = crate::target_dir().join("lambda").join(arch);
    std::fs::create_dir_all(&out)?;
    std::fs::copy(&built, out.join("bootstrap")).with_context(|| format!("copy {}", built.display()))?;
    // The folder deploy/template.yaml deploys (SAM cannot take the architecture from a parameter there).
    let function = crate::target_dir().join("lambda/function");
    std::fs::create_dir_all(&function)?;
    std::fs::copy(&built, function.join("bootstrap"))?;
    let size = std::fs::metadata(out.join("bootstrap"))?.len();
    println!("xtask: {} ({:.1} MiB)", out.join("bootstrap").display(), size as f64 / (1024.0 * 1024.0));
    Ok(())
}
