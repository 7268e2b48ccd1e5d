//! The dataset the service answers from: embedded at build time, or loaded from a published file.

use shared::answers::DatasetInfo;
use std::sync::OnceLock;

use shared::engine::Engine;
use shared::model::Index;

/// The snapshot compiled from `data/` by `build.rs`.
pub static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/snapshot.bin"));

/// A decoded, indexed dataset, its version, and the snapshot bytes it came from (served to browsers).
#[derive(Debug)]
pub struct Data {
    pub version: String,
    pub index: Index,
    /// Built on first use, or by [`Data::warm_up`] in the background, so that a cold start answers
    /// health checks and reads without waiting for it.
    engine: OnceLock<Engine>,
    /// Shared, not copied, by every response that serves it.
    pub bytes: axum::body::Bytes,
}

impl Data {
    /// The embedded snapshot. It was checked when the binary was built.
    pub fn embedded() -> Self {
        let snapshot = shared::data::snapshot::decode(EMBEDDED).expect("the embedded snapshot decodes");
        Self::new(snapshot.version, snapshot.dataset, axum::body::Bytes::from_static(EMBEDDED))
    }

    /// A published snapshot: its content must match its version, and the dataset must pass every check.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, String> {
        let snapshot = shared::data::snapshot::decode(&bytes).map_err(|e| e.to_string())?;
        let problems = shared::data::check::check(&snapshot.dataset);
        if let Some(first) = problems.first() {
            return Err(format!("snapshot {} fails {} check(s), first: {first}", snapshot.version, problems.len()));
        }
        Ok(Self::new(snapshot.version, snapshot.dataset, axum::body::Bytes::from(bytes)))
    }

    fn new(version: String, dataset: shared::model::Dataset, bytes: axum::body::Bytes) -> Self {
        let index = Index::new(dataset);
        Self { version, index, engine: OnceLock::new(), bytes }
    }

    /// The lookup engine, built now if nobody has yet.
    pub fn engine(&self) -> &Engine {
        self.engine.get_or_init(|| Engine::new(&self.index))
    }

    /// Builds the engine on another thread, so that it is ready before the first conversion.
    pub fn warm_up(self: &std::sync::Arc<Self>) {
        let data = std::sync::Arc::clone(self);
        std::thread::spawn(move || {
            data.engine();
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_snapshot_loads_when_intact_and_is_refused_otherwise() {
        let loaded = Data::from_bytes(EMBEDDED.to_vec()).unwrap();
        assert_eq!(loaded.version, Data::embedded().version);

        let mut tampered = EMBEDDED.to_vec();
        let last = tampered.len() - 1;
        tampered[last] ^= 0x55;
        assert!(Data::from_bytes(tampered).unwrap_err().contains("does not match"));
        assert!(Data::from_bytes(b"not a snapshot".to_vec()).is_err());

        // Intact but broken data: a re-encoded dataset with a new commune removed fails the checks.
        let mut dataset = shared::data::snapshot::decode(EMBEDDED).unwrap().dataset;
        dataset.new_communes.pop();
        let error = Data::from_bytes(shared::data::snapshot::encode(&dataset)).unwrap_err();
        assert!(error.contains("3320 new communes, expected 3321"), "{error}");
    }
}
