//! Identifies the data compiled into the API: a content hash of `data/sources/` (the version) and
//! the newest date any source describes (from `data/sources/SOURCES.csv`).

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn main() {
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sources");
    println!("cargo:rerun-if-changed={}", sources.display());

    let mut files = Vec::new();
    collect_files(&sources, &mut files);
    files.sort();
    assert!(
        !files.is_empty(),
        "no data sources found in {}",
        sources.display()
    );

    let mut hasher = Sha256::new();
    for file in &files {
        let relative = file
            .strip_prefix(&sources)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        hasher.update(relative.as_bytes());
        hasher.update([0]);
        hasher.update(fs::read(file).unwrap_or_else(|e| panic!("read {}: {e}", file.display())));
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let digest = hasher.finalize();
    let version: String = digest
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect();

    let manifest =
        fs::read_to_string(sources.join("SOURCES.csv")).expect("data/sources/SOURCES.csv");
    let built_from = manifest
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').nth(3))
        .filter(|date| is_iso_date(date))
        .max()
        .expect("SOURCES.csv: no describes_units_on date")
        .to_owned();

    println!("cargo:rustc-env=DATASET_VERSION={version}");
    println!("cargo:rustc-env=DATASET_BUILT_FROM={built_from}");
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
}
