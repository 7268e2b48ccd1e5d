//! The dataset the service answers from: embedded at build time, or loaded from a published file.

use sha2::{Digest, Sha256};
use shared::api::DatasetInfo;
use shared::index::Index;

/// The snapshot compiled from `data/` by `build.rs`.
pub static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/snapshot.bin"));

/// A decoded, indexed dataset and its version.
#[derive(Debug)]
pub struct Data {
    pub version: String,
    pub index: Index,
}

impl Data {
    /// The embedded snapshot. It was checked when the binary was built.
    pub fn embedded() -> Self {
        let snapshot = shared::snapshot::decode(EMBEDDED).expect("the embedded snapshot decodes");
        Self {
            version: snapshot.version,
            index: Index::new(snapshot.dataset),
        }
    }

    /// A published snapshot: its content must match its version, and the dataset must pass every check.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let (version, body) = shared::snapshot::split(bytes).map_err(|e| e.to_string())?;
        let digest = Sha256::digest(body);
        let actual: String = digest
            .iter()
            .take(8)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        if actual != version {
            return Err(format!(
                "snapshot says version {version} but its content hashes to {actual}"
            ));
        }
        let snapshot = shared::snapshot::decode(bytes).map_err(|e| e.to_string())?;
        let problems = shared::check::check(&snapshot.dataset);
        if let Some(first) = problems.first() {
            return Err(format!(
                "snapshot {version} fails {} check(s), first: {first}",
                problems.len()
            ));
        }
        Ok(Self {
            version: snapshot.version,
            index: Index::new(snapshot.dataset),
        })
    }

    pub fn info(&self) -> DatasetInfo {
        let d = &self.index.dataset;
        DatasetInfo {
            version: self.version.clone(),
            built_from: d.meta.built_from.clone(),
            provinces: d.new_provinces.len(),
            new_communes: d.new_communes.len(),
            old_communes: d.old_communes.len(),
        }
    }
}
