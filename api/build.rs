//! Compiles the canonical dataset (`data/*.csv`) into the compact snapshot the binary embeds, after
//! checking every invariant: a dataset that fails `cargo xtask data check` cannot be built into the API.

use std::fs;
use std::path::Path;

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    for name in shared::data::canonical::FILES {
        println!("cargo:rerun-if-changed={}", data.join(name).display());
    }
    let dataset = shared::data::canonical::parse(|name| fs::read_to_string(data.join(name)).map_err(|e| e.to_string()))
        .unwrap_or_else(|e| panic!("cannot read the dataset in {}: {e}", data.display()));
    let problems = shared::data::check::check(&dataset);
    if !problems.is_empty() {
        let shown: Vec<&str> = problems.iter().take(20).map(String::as_str).collect();
        panic!("data/ breaks {} invariant(s); see `cargo xtask data check`:\n{}", problems.len(), shown.join("\n"));
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("snapshot.bin");
    fs::write(&out, shared::data::snapshot::encode(&dataset)).expect("write snapshot");
}
