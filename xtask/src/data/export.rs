//! `cargo xtask data export --release N [--out DIR]`: the canonical CSV files of release N of the
//! staff store (`STORE_URL`, default `var/store/`), written to `data/` (or DIR), so that what staff
//! published lands in the repository as a readable diff (`git diff data/`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use api::staff::store::{Store, StoreUrl};

pub struct Args {
    pub release: u64,
    pub out: Option<PathBuf>,
}

impl Args {
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut release = None;
        let mut out = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--release" => {
                    let value = args.next().context("--release needs a number")?;
                    release = Some(value.parse().with_context(|| format!("--release {value:?} is not a number"))?);
                }
                "--out" => out = Some(PathBuf::from(args.next().context("--out needs a folder")?)),
                other => bail!("unknown argument {other:?}"),
            }
        }
        Ok(Self { release: release.context("usage: cargo xtask data export --release N [--out DIR]")?, out })
    }
}

pub fn run(root: &Path, args: &Args) -> Result<()> {
    let url = StoreUrl::from_env().map_err(|e| anyhow::anyhow!("STORE_URL: {e}"))?;
    let store = Store::open(&url).map_err(|e| anyhow::anyhow!("STORE_URL {url}: {e}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let (release, bytes) = runtime.block_on(async {
        let release = store
            .get_release(args.release)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .with_context(|| format!("no release {} in {url}", args.release))?;
        let bytes =
            store.get_snapshot(&release.snapshot_version).await.map_err(|e| anyhow::anyhow!("{e}"))?.with_context(
                || format!("release {} names snapshot {}, which is missing", release.number, release.snapshot_version),
            )?;
        anyhow::Ok((release, bytes))
    })?;
    let snapshot = shared::data::snapshot::decode(&bytes).map_err(|e| anyhow::anyhow!("snapshot: {e}"))?;
    let problems = shared::data::check::check(&snapshot.dataset);
    if !problems.is_empty() {
        bail!("release {} fails {} check(s), first: {}", release.number, problems.len(), problems[0]);
    }
    let out = args.out.clone().unwrap_or_else(|| root.join("data"));
    std::fs::create_dir_all(&out).with_context(|| format!("create {}", out.display()))?;
    for (name, text) in shared::data::canonical::write(&snapshot.dataset) {
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| format!("write {}", path.display()))?;
    }
    println!(
        "release {} (dataset {}, published {} by {}) written to {}",
        release.number,
        release.snapshot_version,
        release.created_at,
        release.by,
        out.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_need_a_release_number() {
        let args = |list: &[&str]| Args::parse(&list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        let parsed = args(&["--release", "3", "--out", "/tmp/x"]).unwrap();
        assert_eq!((parsed.release, parsed.out), (3, Some(PathBuf::from("/tmp/x"))));
        assert!(args(&[]).is_err());
        assert!(args(&["--release", "x"]).is_err());
        assert!(args(&["--release"]).is_err());
        assert!(args(&["--bogus"]).is_err());
    }
}
